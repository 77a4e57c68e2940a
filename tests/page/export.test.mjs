// export.test.mjs: the Training panel's Model menu in headless Chromium (worker-thread build).
// Run after `./scripts/build wasm` and `./scripts/build native`:  node --test tests/page/export.test.mjs
// Facts checked: "Download model" saves the page's model file (Playwright's download event), and
// the JS API reads the same history from it; after Reset, opening that file through the real file
// picker (#model-file) brings back its config, history and weights (downloading again gives the
// same bytes); a corrupt file dropped on the page shows the loader's message and changes nothing;
// "Export ONNX: full" runs in ONNX Runtime (onnxruntime-node) and reconstructs the page's chosen
// validation sample with the MSE the page shows (1e-6) and the whole validation split like the
// engine (1e-5); the history and per-sample error CSVs hold the page's numbers; a right-click on
// the loss chart saves it as a PNG of the chart's size. A convolutional model's three ONNX entries
// (full, encoder, decoder) download files that ONNX Runtime runs like the engine (1e-5), and the
// full one reproduces the page's sample MSE.
// Screenshots: build/test-artifacts/export-*.png (the Model menu open, the plot menu, the PNG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { ARTIFACTS, ROOT, distinctColors, nextFrames, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const { createAeplay } = await import(path.join(ROOT, 'build/web/aeplay.mjs'));
const ae = await createAeplay();

const CONFIG = {
  seed: 11,
  data: { name: 'uniform', samples: 400, features: 16 },
  model: { input: 16, encoder: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 4, activation: 'tanh' }],
    decoder: [{ type: 'dense', units: 8, activation: 'elu' }, { type: 'dense', units: 16, activation: 'sigmoid' }] },
  train: { epochs: 3, batch_size: 32, validation_split: 0.25 },
};

// A small convolutional model on 8 x 8 images (conv2d, max_pooling2d, up_sampling2d).
const CONV = {
  seed: 12,
  data: { name: 'uniform', samples: 200, features: 64 },
  model: { input: [8, 8, 1],
    encoder: [{ type: 'conv2d', filters: 4, kernel_size: 3, padding: 'same', activation: 'relu' },
      { type: 'max_pooling2d', pool_size: 2 }],
    decoder: [{ type: 'up_sampling2d', size: 2 },
      { type: 'conv2d', filters: 1, kernel_size: 3, padding: 'same', activation: 'sigmoid' }] },
  train: { epochs: 2, batch_size: 32, validation_split: 0.25 },
};

async function trainedPage(config = CONFIG) {
  const page = await openPage(1280, 800);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(config)), '');
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done, null, { timeout: 60000, polling: 250 });
  await page.waitForTimeout(300); // the views follow the last batch on the next frames
  return page;
}

// Opens the Model menu and chooses `entry`; returns the downloaded file's name and bytes.
async function download(page, entry) {
  await slowClick(page, 'model_menu');
  await page.waitForFunction(() => window.aeplay.status().model_menu_open, null, { timeout: 5000 });
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
    slowClick(page, entry)]);
  return { name: file.suggestedFilename(), bytes: new Uint8Array(fs.readFileSync(await file.path())) };
}

test('a downloaded model reopens through the file picker with its weights and history', async () => {
  const page = await trainedPage();
  const trained = await status(page);
  assert.equal(trained.history.loss.length, 3);
  const saved = await download(page, 'model_download');
  assert.equal(saved.name, 'model.aeplay');
  const m = ae.loadModel(saved.bytes, saved.name);
  assert.deepEqual(m.info().history, trained.history);
  m.delete();

  await slowClick(page, 'reset');
  await page.waitForFunction(() => window.aeplay.status().samples_seen === 0, null, { timeout: 5000 });
  await page.setInputFiles('#model-file', { name: 'mine.aeplay', mimeType: 'application/octet-stream', buffer: Buffer.from(saved.bytes) });
  await page.waitForFunction(() => window.aeplay.status().config_source === 'mine.aeplay', null, { timeout: 10000 });
  // The file is opened between frames; the panels' numbers (the reconstruction) follow in the next.
  await nextFrames(page);
  const reopened = await status(page);
  assert.deepEqual(reopened.history, trained.history);
  assert.equal(reopened.samples_seen, trained.samples_seen);
  assert.equal(reopened.done, true);
  assert.equal(reopened.reconstruction.mse, trained.reconstruction.mse); // same weights, same output
  assert.match(reopened.data.message, /^Opened the model mine.aeplay \(3 epochs trained\)/);
  assert.deepEqual((await download(page, 'model_download')).bytes, saved.bytes);
  await page.close();
});

test('a corrupt model file dropped on the page shows the message and changes nothing', async () => {
  const page = await trainedPage();
  const before = await status(page);
  const config = await page.evaluate(() => window.aeplay.configJson());
  const saved = await download(page, 'model_download');
  const corrupt = Array.from(saved.bytes);
  corrupt[corrupt.length >> 1] ^= 0x55;
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'broken.aeplay'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, corrupt);
  await page.waitForFunction(() => window.aeplay.status().last_load_error !== '', null, { timeout: 5000 });
  const after = await status(page);
  assert.equal(after.last_load_error, 'broken.aeplay: checksum mismatch: the file is corrupted');
  assert.match(after.data.message, /^Could not open the model: broken.aeplay: checksum mismatch/);
  assert.match(after.data.message, /The current experiment is unchanged/);
  assert.deepEqual(after.history, before.history);
  assert.equal(after.samples_seen, before.samples_seen);
  assert.equal(await page.evaluate(() => window.aeplay.configJson()), config);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-bad-model-1280x800.png') });
  await page.close();
});

test('the page\'s ONNX export runs in ONNX Runtime like the page; the CSVs hold the page\'s numbers', async () => {
  const page = await trainedPage();
  const st = await status(page);
  const full = await download(page, 'model_onnx_full');
  assert.equal(full.name, 'model_full.onnx');
  // The validation split as the page has it (same config and seed; unscaled data: raw = model units).
  const s = ae.createSession(CONFIG);
  const xVal = s.xVal(), d = CONFIG.data.features, n = xVal.length / d;
  const session = await ort.InferenceSession.create(full.bytes);
  const out = (await session.run({ input: new ort.Tensor('float32', xVal, [n, d]) })).output.data;
  const i = st.reconstruction.sample;
  let mse = 0;
  for (let j = 0; j < d; j++) mse += (out[i * d + j] - xVal[i * d + j]) ** 2;
  mse /= d;
  assert.ok(Math.abs(mse - st.reconstruction.mse) <= 1e-6 * Math.max(1, st.reconstruction.mse),
    `sample ${i}: onnxruntime MSE ${mse}, the page's ${st.reconstruction.mse}`);
  const m = ae.loadModel((await download(page, 'model_download')).bytes);
  const engine = m.reconstruct(xVal);
  let worst = 0;
  for (let k = 0; k < engine.length; k++) worst = Math.max(worst, Math.abs(out[k] - engine[k]));
  assert.ok(worst <= 1e-5, `onnxruntime vs engine: ${worst}`);
  console.log(`# page ONNX export: ${n} validation samples, worst difference to the engine ${worst.toExponential(2)}`);
  m.delete();
  s.delete();

  const history = await download(page, 'model_history_csv');
  assert.equal(history.name, 'history.csv');
  const rows = new TextDecoder().decode(history.bytes).trim().split('\n');
  assert.equal(rows[0], 'epoch,loss,val_loss');
  assert.deepEqual(rows.slice(1).map((r) => Number(r.split(',')[1])), st.history.loss);
  assert.deepEqual(rows.slice(1).map((r) => Number(r.split(',')[2])), st.history.val_loss);
  const errors = await download(page, 'model_errors_csv');
  const lines = new TextDecoder().decode(errors.bytes).trim().split('\n');
  assert.equal(lines[0], 'sample,error,anomaly');
  assert.equal(lines.length - 1, 100, 'the validation split: 25% of 400');
  const a = (await status(page)).analysis;
  const errs = lines.slice(1).map((r) => Number(r.split(',')[1]));
  assert.ok(Math.abs(errs.reduce((p, v) => p + v, 0) / errs.length - a.error_mean) <= 1e-12);
  assert.equal(lines.slice(1).filter((r) => r.endsWith(',1')).length, a.flagged);

  // The menu, open, as a student sees it.
  await slowClick(page, 'model_menu');
  await page.waitForFunction(() => window.aeplay.status().model_menu_open, null, { timeout: 5000 });
  const r = (await status(page)).ui.model_onnx_full;
  await page.mouse.move(r[0] + 20, r[1] + r[3] / 2);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-model-menu-1280x800.png') });
  await page.close();
});

test('a convolutional model\'s ONNX entries download files that ONNX Runtime runs like the engine', async () => {
  const page = await trainedPage(CONV);
  const st = await status(page);
  const m = ae.loadModel((await download(page, 'model_download')).bytes);
  const s = ae.createSession(CONV);
  const xVal = s.xVal(), d = 64, n = xVal.length / d; // unscaled: raw = model units
  const z = m.encode(xVal), k = z.length / n;
  const parts = [['model_onnx_full', 'model_full.onnx', xVal, d, m.reconstruct(xVal)],
    ['model_onnx_encoder', 'model_encoder.onnx', xVal, d, z], ['model_onnx_decoder', 'model_decoder.onnx', z, k, m.decode(z)]];
  let worst = 0;
  for (const [entry, name, input, width, want] of parts) {
    const file = await download(page, entry);
    assert.equal(file.name, name);
    assert.doesNotMatch((await status(page)).data.message, /Could not export/);
    const session = await ort.InferenceSession.create(file.bytes);
    const out = (await session.run({ input: new ort.Tensor('float32', input, [n, width]) })).output;
    assert.deepEqual(out.dims, [n, want.length / n]);
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out.data[i] - want[i]));
    if (name === 'model_full.onnx') {
      const i = st.reconstruction.sample;
      let mse = 0;
      for (let j = 0; j < d; j++) mse += (out.data[i * d + j] - xVal[i * d + j]) ** 2;
      mse /= d;
      assert.ok(Math.abs(mse - st.reconstruction.mse) <= 1e-6 * Math.max(1, st.reconstruction.mse),
        `sample ${i}: onnxruntime MSE ${mse}, the page's ${st.reconstruction.mse}`);
    }
  }
  assert.ok(worst <= 1e-5, `onnxruntime vs engine: ${worst}`);
  console.log(`# page ONNX export of a conv model: ${n} validation samples, worst difference to the engine ${worst.toExponential(2)}`);
  m.delete();
  s.delete();
  await page.close();
});

test('a right-click on a chart saves it as a PNG of its rectangle', async () => {
  const page = await trainedPage();
  const t = (await status(page)).ui.train;
  const at = [t[0] + 200, t[1] + 170]; // inside the loss chart, below the buttons and numbers
  await page.mouse.move(at[0], at[1]);
  await page.waitForTimeout(120);
  await page.mouse.down({ button: 'right' });
  await page.waitForTimeout(120);
  await page.mouse.up({ button: 'right' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-plot-menu-1280x800.png') });
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
    slowClick(page, [at[0] + 10, at[1] + 4, 60, 16])]); // the menu's one entry, under the mouse
  assert.equal(file.suggestedFilename(), 'loss.png');
  const png = fs.readFileSync(await file.path());
  const { rect } = (await status(page)).last_plot_png;
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [rect[2], rect[3]], 'the chart\'s size');
  assert.ok(rect[2] > 300 && rect[3] > 100, `the loss chart: ${rect}`);
  assert.ok(distinctColors(png) > 20, 'lines, labels and the background');
  fs.writeFileSync(path.join(ARTIFACTS, 'export-plot-loss.png'), png);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
