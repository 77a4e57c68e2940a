// vae.test.mjs: a variational autoencoder in the real page (build/web) in headless Chromium.
// Facts checked: examples/vae_mnist_2d.json (6 epochs on its 4,000 digits) loads through
// window.aeplay.loadConfig; the summary shows Keras' z_mean / z_log_var / sampling rows; trained
// in the page its history (loss, kl, reconstruction, val_*) equals the native CLI's bit for bit;
// the Latent space tab's prior view shows 16 decoded samples, "New samples" draws others (seed
// + 1), the per-dim KL is the CLI evaluation's; the manifold view decodes a 10 x 10 grid; no
// console or page errors.
// Screenshots (build/test-artifacts): page-vae-training.png (the loss, reconstruction and KL
// curves), page-vae-prior.png (samples and KL bars), page-vae-manifold.png (the manifold grid).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, distinctColors, nativeTrain, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/vae_mnist_2d.json'), 'utf8'));
cfg.train.epochs = 6; // the example's 4,000 digits: enough for recognisable digits in the grid
const CONFIG = JSON.stringify(cfg);

test('the 2-D VAE trains in the page to the native bits and shows its prior and manifold', async () => {
  const page = await openPage(1280, 800);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), CONFIG), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  let st = await status(page);
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  assert.deepEqual(st.layers.map((l) => l.name).slice(2, 5), ['z_mean (Dense)', 'z_log_var (Dense)', 'sampling (Sampling)']);
  assert.equal(st.layers[3].params, 256 * 2 + 2);
  assert.equal(st.layers[4].params, 0);

  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 240000, polling: 250 });
  st = await status(page);
  const native = nativeTrain(CONFIG);
  assert.deepEqual(st.history, native.history, 'page = native, bit for bit');
  console.log(`# vae_mnist_2d, 6 epochs on 4,000 digits: page = native loss ${st.history.loss.join(', ')}, kl ${st.history.kl.join(', ')}`);
  await page.mouse.move(640, 795);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-vae-training.png') });

  // Latent space tab, prior view: 16 samples, the per-dim KL of the CLI's evaluation.
  await slowClick(page, 'tab_latent_space');
  await page.waitForFunction(() => window.aeplay.status().ui.ls_view_prior?.[2] > 0, null, { timeout: 30000 });
  st = await status(page);
  await slowClick(page, 'ls_view_prior');
  await page.waitForFunction(() => window.aeplay.status().vae?.prior_tiles === 16, null, { timeout: 30000 });
  st = await status(page);
  assert.equal(st.latent_space_images.view, 'prior');
  assert.equal(st.vae.beta, 1);
  assert.deepEqual(st.vae.per_dim_kl, native.evaluation.latent_kl.per_dim);
  assert.deepEqual(st.vae.collapsed, native.evaluation.latent_kl.collapsed);
  assert.equal(st.vae.prior_seed, 1);
  await page.mouse.move(640, 795);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-vae-prior.png') });
  await slowClick(page, 'new_samples');
  await page.waitForFunction(() => window.aeplay.status().vae.prior_seed === 2, null, { timeout: 10000 });

  // The manifold view: a 10 x 10 grid of decoded digits (the default).
  await slowClick(page, 'ls_view_manifold'); // choosing the prior hid the legend: the buttons moved
  await page.waitForFunction(() => window.aeplay.status().latent_space_images?.view === 'manifold', null, { timeout: 10000 });
  st = await status(page);
  assert.equal(st.vae.manifold_outputs, 100);
  assert.equal(st.vae.manifold_tiles, 100);
  await page.mouse.move(640, 795);
  await page.waitForTimeout(400);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-vae-manifold.png') });
  assert.ok(distinctColors(shot) > 50);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
