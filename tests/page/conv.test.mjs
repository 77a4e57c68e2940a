// conv.test.mjs: a convolutional autoencoder in the real page (build/web) in headless Chromium.
// Facts checked: examples/mnist_conv_small.json (one epoch) loads through window.aeplay.loadConfig;
// the page reports its layers with Keras' shapes; a click on Train shows progress within the
// epoch (batch counts up before the epoch ends) and the epoch's loss equals the native CLI's for
// the same config bit for bit; a config with a shape error is refused with the engine's message
// and the current session stays; no console or page errors.
// Screenshots (build/test-artifacts): page-conv-experiment.png and page-conv-experiment-decoder.png
// (the Experiment panel's architecture, top and scrolled), page-conv-1280x800.png (the whole page
// with the shape error shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, nativeTrain, waitMidEpoch, ROOT, distinctColors, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/mnist_conv_small.json'), 'utf8'));
cfg.train.epochs = 1;
cfg.data.samples = 4000; // 100 batches: an epoch long enough to be seen in progress (the worker
// trains a 1,000-sample epoch between two frames of a loaded machine)
const CONFIG = JSON.stringify(cfg);

test('the small conv example trains an epoch in the page to the native CLI loss', async () => {
  const page = await openPage(1280, 800);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), CONFIG), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  let st = await status(page);
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  assert.deepEqual(st.layers.map((l) => l.shape), [
    '(None, 28, 28, 1)', '(None, 14, 14, 8)', '(None, 7, 7, 16)', '(None, 784)', '(None, 16)',
    '(None, 784)', '(None, 7, 7, 16)', '(None, 14, 14, 8)', '(None, 28, 28, 1)']);
  assert.equal(st.layers[1].name, 'encoder_1 (Conv2D)');
  assert.equal(st.layers[1].params, 3 * 3 * 1 * 8 + 8);
  assert.equal(st.images.shape.join('x'), '28x28x1');

  await slowClick(page, 'train');
  // Progress within the epoch: some batches done, the epoch not yet.
  const mid = await waitMidEpoch(page);
  assert.ok(mid.samples_seen > 0 && mid.samples_seen < 3200, `${mid.samples_seen} samples seen mid-epoch`);
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 180000, polling: 250 });
  st = await status(page);

  const native = nativeTrain(CONFIG).history;
  assert.deepEqual(st.history, { loss: native.loss, val_loss: native.val_loss }, 'page = native, bit for bit');
  console.log(`# mnist_conv_small, 1 epoch: page = native loss ${st.history.loss[0]}, val_loss ${st.history.val_loss[0]}`);

  // The Experiment panel (the left column: 27% of 1280 plus the margin): the encoder, then
  // scrolled down to the decoder.
  await page.mouse.move(640, 795);
  await page.waitForTimeout(400);
  const clip = { x: 0, y: 0, width: 362, height: 800 };
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-conv-experiment.png'), clip });
  assert.ok(distinctColors(shot) > 50);
  await page.mouse.move(180, 600);
  await page.mouse.wheel(0, 800);
  await page.waitForTimeout(500);
  await page.mouse.move(640, 795);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-conv-experiment-decoder.png'), clip });

  // A shape error: refused with the field path, the trained session stays.
  const bad = JSON.parse(CONFIG);
  bad.model.decoder.pop();
  const err = await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(bad));
  assert.match(err, /model\.decoder\[2\]: output \(None, 14, 14, 8\) does not match the input \(None, 28, 28, 1\)/);
  const after = await status(page);
  assert.deepEqual(after.history, st.history);
  assert.equal(after.params, st.params);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-conv-1280x800.png') });
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
