// fashion_conv.test.mjs: seed 004's convolutional denoiser (332,801 parameters) trained on
// Fashion-MNIST in the real page (build/web, worker thread) in headless Chromium.
// Facts checked: examples/seed004_fashion_denoiser.json loads (its asset is fetched); a click on
// Train shows progress within the first epoch (batch counts up) while the page keeps drawing
// (fps above the responsiveness floor); the run's loss falls and equals the native CLI's for the
// same config bit for bit; the Denoising tab then reports the noisy and denoised MSE of the
// validation images. Printed: seconds per epoch and samples/s in the page, fps while training.
// The run is cut to 640 images and 2 epochs to keep the suite short; scripts/bench_page style
// measurements of the full example belong in bench/.
// Screenshot (build/test-artifacts): page-fashion-denoise.png (noisy / denoised / clean grid).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, nativeTrain, waitMidEpoch, MIN_FPS, ROOT, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/seed004_fashion_denoiser.json'), 'utf8'));
cfg.data.samples = 640;
cfg.train.epochs = 2;
const CONFIG = JSON.stringify(cfg);

test('seed 004 trains on Fashion-MNIST in the page, responsive, to the native CLI numbers', async () => {
  const page = await openPage(1280, 800);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), CONFIG), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  let st = await status(page);
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  assert.equal(st.params, 332801, 'seed 004 by Keras rules');
  assert.equal(st.data.class_names[0], 'T-shirt/top');

  await slowClick(page, 'train');
  const t0 = Date.now();
  const mid = await waitMidEpoch(page);
  assert.ok(mid.samples_seen > 0, 'progress within the first epoch');
  const fps = [];
  const epochAt = [];
  for (;;) {
    st = await status(page);
    if (st.training) fps.push(st.fps);
    while (epochAt.length < st.epoch) epochAt.push((Date.now() - t0) / 1000);
    if (st.done) break;
    assert.ok(Date.now() - t0 < 240000, 'two epochs within 4 minutes');
    await page.waitForTimeout(500);
  }
  fps.sort((a, b) => a - b);
  const medianFps = fps[Math.floor(fps.length / 2)];
  assert.ok(medianFps >= MIN_FPS, `the page kept drawing while training: median ${medianFps} fps`);
  const perEpoch = epochAt.map((t, i) => t - (i ? epochAt[i - 1] : 0));
  const trainRows = st.data.train_rows;
  console.log(`# seed 004 on Fashion-MNIST in the page (worker): ${trainRows} training images per epoch, ` +
    `epochs took ${perEpoch.map((t) => t.toFixed(1)).join(', ')} s (${(trainRows / perEpoch[perEpoch.length - 1]).toFixed(0)} ` +
    `images/s with validation), median ${medianFps.toFixed(1)} fps while training`);

  const native = nativeTrain(CONFIG).history;
  assert.deepEqual(st.history, { loss: native.loss, val_loss: native.val_loss }, 'page = native, bit for bit');
  assert.ok(st.history.val_loss[1] < st.history.val_loss[0], `val_loss falls: ${st.history.val_loss}`);

  await slowClick(page, 'tab_denoise');
  await page.waitForFunction(() => window.aeplay.status().denoise?.samples > 0, null, { timeout: 30000 });
  const dn = (await status(page)).denoise;
  assert.equal(dn.type, 'gaussian');
  assert.equal(dn.level, 0.2);
  assert.ok(dn.mse_noisy > 0 && dn.mse_denoised > 0, JSON.stringify(dn));
  console.log(`# Denoising tab: noise 0.2, MSE noisy ${dn.mse_noisy.toFixed(5)}, denoised ${dn.mse_denoised.toFixed(5)} ` +
    `(${dn.noise_reduction_percent.toFixed(1)}% reduction after 2 short epochs)`);
  await page.mouse.move(640, 795);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-fashion-denoise.png') });
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
