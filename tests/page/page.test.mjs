// page.test.mjs: drives the real page (build/web) in headless Chromium (SwiftShader WebGL2).
// Run after `./scripts/build wasm`:   node --test tests/page/
// Both builds of the page are driven: aeplay-mt.js (served cross-origin isolated: training on a
// worker thread) and aeplay.js (served without COOP/COEP, as inside an ordinary embedding page:
// training time-sliced in the frame loop).
// Facts checked: the page starts with the seed-000 experiment (17,838 params); a mouse click on
// the real ImGui Train button starts training; epochs finish with falling loss and a val_loss
// per epoch while the page keeps its frame rate; a bad config is refused with the engine's
// message and leaves the session alone; the screenshots are not blank; no console or page errors
// (which includes Content-Security-Policy violations); and the numbers the page trains are the
// native golden run's (tests/golden/seed000_history.json) to 1e-6. Screenshots go to
// build/test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, MIN_FPS, MODES, ROOT, distinctColors, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const DEFAULT_PARAMS = 17838; // seed 000: 100-64-32-10-32-64-100, Keras' count
const GOLDEN = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/golden/seed000_history.json'), 'utf8'));

function expectGolden(history, epochs) {
  for (const key of ['loss', 'val_loss'])
    for (let i = 0; i < epochs; ++i) {
      const got = history[key][i], want = GOLDEN.history[key][i];
      assert.ok(Math.abs(got - want) <= 1e-6 * Math.abs(want), `${key}[${i}]: page ${got} vs native ${want}`);
    }
}

for (const mode of MODES) test(`the page (${mode.name}) loads, trains from a click on the real Train button, and stays responsive`, async () => {
  const page = await openPage(1280, 800, mode);
  let st = await status(page);
  assert.equal(st.threads, mode.threads, `cross-origin isolated: ${mode.isolate}`);
  assert.equal(st.params, DEFAULT_PARAMS, 'seed 000 parameter count');
  assert.equal(st.training, false);
  assert.equal(st.epoch, 0);
  assert.equal(st.epochs, 50);
  assert.equal(st.batches_per_epoch, Math.ceil(4000 / 64), '5000 samples, validation_split 0.2, batch 64');
  for (const name of ['train', 'pause', 'step', 'reset']) {
    const r = st.ui[name];
    assert.ok(r.length === 4 && r[2] > 10 && r[3] > 10 && r[0] >= 0 && r[1] >= 0 && r[0] + r[2] <= 1280 && r[1] + r[3] <= 800,
      `ui.${name} is a visible rectangle: ${r}`);
  }

  // Before training (seed 000 trains its 50 epochs in a few seconds now: a screenshot taken
  // after the frame-rate measurement may already show the finished run).
  const shotA = await page.screenshot();
  const [x, y, w, h] = st.ui.train;
  await page.mouse.click(x + w / 2, y + h / 2);
  await page.waitForFunction(() => window.aeplay.status().samples_seen > 0, null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.training, true, 'the click on Train started training');

  // Frame rate while training, measured in the page over ~2 s of requestAnimationFrame.
  const fps = await page.evaluate(() => new Promise((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      ++frames;
      const dt = performance.now() - t0;
      if (dt >= 2000) resolve(frames * 1000 / dt); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  st = await status(page);
  console.log(`${mode.name}: fps while training: ${fps.toFixed(1)} (page's own count ${st.fps.toFixed(1)}), ` +
              `${Math.round(st.samples_per_second)} samples/s, ${st.train_ms_per_frame.toFixed(1)} ms training per frame`);
  assert.ok(st.training || st.done, 'training went on (or finished) while frames were drawn');
  assert.ok(fps >= MIN_FPS, `fps while training ${fps.toFixed(1)} < ${MIN_FPS}`);

  await page.waitForFunction(() => window.aeplay.status().epoch >= 3, null, { timeout: 45000, polling: 250 });
  const shotB = await page.screenshot({ path: path.join(ARTIFACTS, mode.shot) });
  st = await status(page);
  const { loss, val_loss: valLoss } = st.history;
  assert.ok(loss.length >= 3, `epochs finished: ${loss.length}`);
  assert.equal(valLoss.length, loss.length, 'one val_loss per finished epoch');
  assert.ok(loss.every(Number.isFinite) && valLoss.every(Number.isFinite));
  assert.ok(loss[loss.length - 1] < loss[0], `loss falls: ${loss[0]} -> ${loss[loss.length - 1]}`);
  expectGolden(st.history, 3); // the browser's numbers are the native engine's
  assert.ok(st.samples_per_second > 0);

  // Not blank: a real UI has many colours (text antialiasing, plots, the heatmap); and it moves.
  assert.ok(shotB.length > 60 * 1024, `screenshot is ${shotB.length} bytes`);
  const colors = distinctColors(shotB);
  assert.ok(colors > 200, `distinct colours in the screenshot: ${colors}`);
  assert.ok(!shotA.equals(shotB), 'training changed the page');

  // Pause through the real button, then a bad config: refused, with the field in the message.
  const [px, py, pw, ph] = st.ui.pause;
  await page.mouse.click(px + pw / 2, py + ph / 2);
  await page.waitForFunction(() => window.aeplay.status().training === false, null, { timeout: 5000 });
  const before = await status(page);
  const message = await page.evaluate(() => window.aeplay.loadConfig('{"seed": -1}'));
  assert.match(message, /seed:/);
  await page.waitForTimeout(200);
  const afterBad = await status(page);
  assert.equal(afterBad.params, before.params);
  assert.equal(afterBad.epoch, before.epoch);
  assert.equal(afterBad.samples_seen, before.samples_seen);
  assert.deepEqual(afterBad.history, before.history);
  assert.equal(afterBad.last_load_error, message);

  // A good config replaces the session (seed 001: 5-3-5 linear).
  const good = fs.readFileSync(path.join(ROOT, 'examples/seed001_linear.json'), 'utf8');
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), good), '');
  const afterGood = await status(page);
  assert.equal(afterGood.epoch, 0);
  assert.notEqual(afterGood.params, DEFAULT_PARAMS);
  await page.close();
});

test('the page (worker thread) trains all 50 epochs of seed 000 to the native golden numbers', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const [x, y, w, h] = (await status(page)).ui.train;
  const t0 = Date.now();
  await page.mouse.click(x + w / 2, y + h / 2);
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 120000, polling: 500 });
  const seconds = (Date.now() - t0) / 1000;
  const st = await status(page);
  assert.equal(st.history.loss.length, 50);
  expectGolden(st.history, 50);
  // The accessible layer: the end of training announced in the aria-live region, and the canvas
  // described in text (both as the App wrote them).
  await page.waitForFunction(() => /Finished: epoch 50 of 50/.test(document.getElementById('a11y-live').textContent), null, { timeout: 5000 });
  assert.equal(await page.getAttribute('#a11y-live', 'aria-live'), 'polite');
  assert.equal(await page.getAttribute('#canvas', 'aria-describedby'), 'a11y-desc');
  await page.waitForFunction(() => /Finished: epoch 50 of 50, batch 63 of 63\. Training loss 0\.07705/.test(document.getElementById('a11y-desc').textContent), null, { timeout: 5000 });
  console.log(`seed 000, 50 epochs in the page (worker thread): ${seconds.toFixed(1)} s; final loss ${st.history.loss[49]}, val_loss ${st.history.val_loss[49]}`);

  // The analysis tabs show the native engine's evaluation of the same run (aeplay train --out).
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-')), 'r.json');
  execFileSync(path.join(ROOT, 'build/native/aeplay'), ['train', path.join(ROOT, GOLDEN.config), '--quiet', '--out', out]);
  const native = JSON.parse(fs.readFileSync(out, 'utf8')).evaluation;
  for (const [tab, name] of [['tab_errors', 'Errors & anomalies'], ['tab_pca', 'PCA vs autoencoder'], ['tab_latent', 'Latent codes']]) {
    await slowClick(page, tab);
    await page.waitForFunction((n) => window.aeplay.status().analysis_tab === n, name, { timeout: 5000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, `page-analysis-${tab.slice(4)}.png`) });
  }
  const a = (await status(page)).analysis;
  const near = (x, y) => Math.abs(x - y) <= 1e-6 * Math.abs(y);
  assert.equal(a.samples, native.samples);
  for (const k of ['mse', 'rmse', 'mae'])
    assert.ok(near(a[k], native.reconstruction[k]), `${k} page ${a[k]} vs native ${native.reconstruction[k]}`);
  assert.ok(near(a.threshold, native.anomaly.threshold), `threshold page ${a.threshold} vs native ${native.anomaly.threshold}`);
  assert.equal(a.flagged, native.anomaly.flagged);
  assert.ok(near(a.pca_mse, native.pca.mse), `PCA MSE page ${a.pca_mse} vs native ${native.pca.mse}`);
  assert.equal(a.latent_dims, 10);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-1280x800-finished.png') });
  await page.close();
});

test('a reload mid-training offers the autosave, and the restored run ends on the golden numbers', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  // Seed 000 at 400 epochs: its first 50 are the golden run's (nothing depends on the epoch
  // count), and the pause lands long before the end however fast the worker is (50 epochs take
  // about 3 s; a pause that arrived after the end failed CI once).
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, GOLDEN.config), 'utf8'));
  config.train.epochs = 400;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(config)), '');
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 4, null, { timeout: 60000, polling: 100 });
  await slowClick(page, 'pause');
  await page.waitForFunction(() => window.aeplay.status().training === false, null, { timeout: 5000 });
  const paused = await status(page);
  assert.ok(!paused.done, 'paused before the end');
  await page.waitForTimeout(2500); // the autosave runs at most every 2 s
  await page.reload();
  await page.waitForFunction(() => window.aeplay?.status().restore_available !== undefined, null, { timeout: 20000 });
  const offer = (await status(page)).restore_available;
  assert.ok(offer.epoch >= 1 && offer.epoch <= paused.epoch, `offered epoch ${offer.epoch}, paused at ${paused.epoch}`);
  assert.equal((await status(page)).epoch, 0, 'the fresh session stays until the user answers');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-restore-offer.png') });
  await slowClick(page, 'restore');
  await page.waitForFunction((e) => window.aeplay.status().epoch === e, offer.epoch, { timeout: 5000 });
  const restored = await status(page);
  assert.equal(restored.history.loss.length, offer.epoch, 'the history came back');
  expectGolden(restored.history, Math.min(offer.epoch, 50)); // the golden run has 50 epochs
  await slowClick(page, 'train'); // read after the restore offer's banner went: the buttons moved up
  await page.waitForFunction(() => window.aeplay.status().epoch >= 50, null, { timeout: 120000, polling: 500 });
  const done = await status(page);
  expectGolden(done.history, 50); // stopped, reloaded, restored: the same numbers as one run
  console.log(`reload demonstrated: paused at epoch ${paused.epoch}, restored epoch ${offer.epoch} batch ${offer.batch}, trained on through epoch 50 on the golden numbers`);
  await page.close();
});

test('a crash of the module shows the message and a reload that offers the last autosave', async () => {
  const page = await openPage(1280, 800, MODES[1]);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 2, null, { timeout: 60000, polling: 100 });
  await page.waitForTimeout(2500); // an autosave (at most every 2 s, at epoch ends)
  // An uncaught trap in the frame loop reaches the page as a window error, as this one does.
  await page.evaluate(() => setTimeout(() => { throw new Error('RuntimeError: memory access out of bounds (simulated)'); }));
  await page.waitForSelector('#error-reload', { state: 'visible', timeout: 5000 });
  assert.match(await page.textContent('#error-text'), /AE Playground stopped: .*memory access out of bounds/);
  await page.waitForFunction(() => /will be offered/.test(document.getElementById('error-autosave').textContent), null, { timeout: 5000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-crash.png') });
  await page.click('#error-reload');
  await page.waitForFunction(() => window.aeplay?.status().restore_available !== undefined, null, { timeout: 20000 });
  assert.ok((await status(page)).restore_available.epoch >= 1, 'the autosave is offered after the reload');
  assert.ok(await page.isHidden('#error'));
  await page.close();
  for (let i = problems.length - 1; i >= 0; --i) if (problems[i].includes('(simulated)')) problems.splice(i, 1);
});

test('the Latent space tab shows every evaluation sample and decodes a clicked point (worker thread)', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 3, null, { timeout: 60000, polling: 100 });
  await slowClick(page, 'pause');
  await page.waitForFunction(() => window.aeplay.status().training === false, null, { timeout: 5000 });
  await slowClick(page, 'tab_latent_space');
  await page.waitForFunction(() => window.aeplay.status().analysis_tab === 'Latent space', null, { timeout: 5000 });
  let st = await status(page);
  assert.equal(st.latent_space.points, st.analysis.samples, 'one point per evaluation sample');
  assert.equal(st.latent_space.points, 1000, 'seed 000: the validation split, 1000 samples');
  assert.equal(st.latent_space.projection, 'pca', '10-wide codes: PCA 1/2 by default');
  assert.equal(st.latent_space.decoded_point, null);
  const r = st.ui.latent_scatter;
  assert.ok(r[2] > 100 && r[3] > 80 && r[0] + r[2] <= 1280 && r[1] + r[3] <= 800, `scatter rect ${r}`);
  await slowClick(page, r, 0.7, 0.3);
  await page.waitForFunction(() => window.aeplay.status().latent_space.decoded_point !== null, null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.latent_space.decoded_length, 100, 'the decoder returns all 100 features');
  assert.equal(st.latent_space.decoded_point.length, 2);
  await page.mouse.move(5, 795); // away: nothing covers the axes in the screenshot
  await page.waitForTimeout(400);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-latent-space.png') });
  assert.ok(distinctColors(shot) > 200);
  // Hover near the middle of the cloud: the tooltip (sample, error, input vs reconstruction).
  await page.mouse.move(r[0] + r[2] * 0.45, r[1] + r[3] * 0.55);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-latent-space-hover.png') });
  console.log(`latent space: ${st.latent_space.points} points, decoded at [${st.latent_space.decoded_point.map((v) => v.toFixed(3))}]`);
  await page.close();
});

test('the page lays out at 1920x1080', async () => {
  const page = await openPage(1920, 1080);
  const st = await status(page);
  const [x, y, w, h] = st.ui.train;
  assert.ok(x + w <= 1920 && y + h <= 1080);
  await page.waitForTimeout(500);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-1920x1080.png') });
  assert.ok(distinctColors(shot) > 200);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
