// images.test.mjs: the image datasets in the real page (build/web) in headless Chromium: fetched on
// demand, trained, and shown (Reconstruction tab as images, the latent space by class).
// Run after `./scripts/build wasm` and `./scripts/build native`:   node --test tests/page/images.test.mjs
// Facts checked: a Fashion-MNIST config loads through window.aeplay.loadConfig while the asset is
// fetched (data/fashion_mnist.bin.gz, every compressed byte counted by the progress reports) and
// then replaces the session; five epochs trained by a click on Train give the native CLI's history
// bit for bit (the same bytes, the same engine); the latent-space legend has the dataset's ten
// class names, the scatter shows every validation sample and the per-class counts add up to them;
// a click in the plane decodes one image; the traversal grid and the interpolation strip hold
// their outputs; 5,000 points while training keep the page above the harness's responsiveness
// floor (MIN_FPS; the rate is printed); on a slow network the progress is reported partway; a failed fetch and a corrupt asset each leave the session as it was with a message
// naming the cause; no console or page errors. Screenshots (build/test-artifacts/page-images-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ARTIFACTS, nativeTrain, MIN_FPS, MODES, ROOT, WEB, distinctColors, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

// examples/fashion_mnist_2d.json with fewer samples and epochs (the same model; enough epochs
// for the classes to start separating in the screenshots).
function smallFashionConfig() {
  const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/fashion_mnist_2d.json'), 'utf8'));
  cfg.data.samples = 2000;
  cfg.train.epochs = 5;
  return cfg;
}

async function shot(page, name) {
  await page.mouse.move(5, 795); // nothing hovered
  await page.waitForTimeout(400);
  const png = await page.screenshot({ path: path.join(ARTIFACTS, name) });
  assert.ok(distinctColors(png) > 200, `${name} is not blank`);
}

test('Fashion-MNIST is fetched on demand, trains to the native numbers and is shown by class', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const before = await status(page);
  const cfg = smallFashionConfig();
  const answer = await page.evaluate((text) => window.aeplay.loadConfig(text), JSON.stringify(cfg));
  assert.equal(answer, '', 'accepted; applied when the asset arrives');
  let st = await status(page);
  assert.equal(st.dataset.name, 'fashion_mnist');
  assert.equal(st.params, before.params, 'the current session stays until the asset is in');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  st = await status(page);
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  const gz = fs.statSync(path.join(WEB, 'data/fashion_mnist.bin.gz')).size;
  assert.equal(st.dataset.total_bytes, gz, 'Content-Length of the compressed asset');
  assert.equal(st.dataset.loaded_bytes, gz, 'every compressed byte was counted');
  assert.equal(st.images.shape.join('x'), '28x28x1');
  assert.equal(st.batches_per_epoch, Math.ceil(1600 / 64), '2000 samples, validation_split 0.2, batch 64');

  // Train five epochs from the real button; the native CLI trains the same config.
  await slowClick(page, 'train');
  await page.waitForFunction(() => { const s = window.aeplay.status(); return s.epoch >= 5 && !s.training; }, null, { timeout: 240000 });
  st = await status(page);
  const native = nativeTrain(JSON.stringify(cfg)).history;
  assert.deepEqual(st.history, { loss: native.loss, val_loss: native.val_loss }, 'page = native, bit for bit');
  console.log(`# Fashion-MNIST (2000 images, 5 epochs) page = native: val_loss ${st.history.val_loss.join(', ')}`);

  // The latent space, coloured by class.
  await slowClick(page, 'tab_latent_space');
  await page.waitForFunction(() => window.aeplay.status().latent_space_images !== undefined, null, { timeout: 10000 });
  st = await status(page);
  const ls = st.latent_space_images;
  assert.equal(ls.color, 'label');
  assert.deepEqual(ls.legend, FASHION_NAMES);
  assert.equal(st.latent_space.points, 400, 'every validation sample is a point');
  assert.equal(ls.label_counts.reduce((a, b) => a + b, 0), 400);
  assert.ok(ls.label_counts.every((c) => c > 0), `every class present: ${ls.label_counts}`);
  const r = st.ui.latent_scatter;
  await slowClick(page, r, 0.62, 0.35);
  await page.waitForFunction(() => window.aeplay.status().latent_space_images.decoded_image_tiles === 1, null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.latent_space.decoded_length, 784);
  await shot(page, 'page-images-latent.png');
  // Hover a point (found by moving over the plot): the tooltip with its input and reconstruction.
  let hovered = -1;
  for (let i = 0; i < 40 && hovered < 0; ++i) {
    const a = i * 2.4, rad = 0.04 + 0.01 * i;
    await page.mouse.move(r[0] + r[2] * (0.5 + rad * Math.cos(a)), r[1] + r[3] * (0.5 + rad * Math.sin(a)));
    await page.waitForTimeout(80);
    hovered = (await status(page)).latent_space_images.hovered;
  }
  assert.ok(hovered >= 0 && hovered < 400, 'a point under the mouse');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-images-latent-hover.png') });

  await slowClick(page, 'ls_view_grid');
  await page.waitForFunction(() => window.aeplay.status().latent_space_images.view === 'grid', null, { timeout: 5000 });
  st = await status(page);
  const n = st.latent_space_images.traversal_n;
  assert.equal(st.latent_space_images.traversal_outputs, n * n);
  assert.equal(st.latent_space_images.traversal_tiles, n * n);
  await shot(page, 'page-images-traversal.png');

  // Shift-click two points: the ends of the interpolation.
  await page.keyboard.down('Shift');
  await slowClick(page, r, 0.3, 0.5);
  await slowClick(page, r, 0.7, 0.5);
  await page.keyboard.up('Shift');
  await slowClick(page, 'ls_view_interp');
  await page.waitForFunction(() => window.aeplay.status().latent_space_images.view === 'interpolation', null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.latent_space_images.interp_outputs, 10);
  assert.equal(st.latent_space_images.interp_tiles, 10);
  await shot(page, 'page-images-interpolation.png');

  // The inputs' own PCA plane beside the latent scatter, then the drawing pad: a stroke drawn
  // with the real mouse is encoded and marked in the plane.
  await slowClick(page, 'ls_view_pca');
  await page.waitForFunction(() => window.aeplay.status().latent_space_images.view === 'pca', null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.latent_space.input_pca.points, 400, 'every validation sample');
  await shot(page, 'page-images-input-pca.png');
  await slowClick(page, 'ls_view_draw');
  await page.waitForFunction(() => window.aeplay.status().latent_space_images.view === 'draw', null, { timeout: 5000 });
  const pad = (await status(page)).ui.pad;
  const at = (fx, fy) => [pad[0] + pad[2] * fx, pad[1] + pad[3] * fy];
  await page.mouse.move(...at(0.5, 0.2));
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) { // a "1": a vertical stroke down the middle
    await page.mouse.move(...at(0.5, 0.2 + 0.05 * i));
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  st = await status(page);
  assert.ok(st.latent_space.drawing.ink > 20, `ink ${st.latent_space.drawing.ink}`);
  assert.equal(st.latent_space.drawing.code.length, 2);
  assert.deepEqual(st.latent_space.drawing.xy, st.latent_space.drawing.code, 'a 2-D bottleneck: the diamond is at the code');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-images-drawing.png') });

  await slowClick(page, 'tab_reconstruction');
  await page.waitForFunction(() => window.aeplay.status().analysis_tab === 'Reconstruction', null, { timeout: 5000 });
  await page.waitForTimeout(300);
  st = await status(page);
  assert.equal(st.images.sample_tiles, 4);
  assert.equal(st.images.worst.length, 24);
  await shot(page, 'page-images-reconstruction.png');
  await page.close();
});

test('5,000 points in the latent space while training: the page stays responsive', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const cfg = smallFashionConfig();
  cfg.data.samples = 25000; // 5,000 for validation: every one a point
  cfg.train.epochs = 50;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(cfg)), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  let st = await status(page);
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  await slowClick(page, 'tab_latent_space');
  await page.waitForFunction(() => window.aeplay.status().latent_space?.points === 5000, null, { timeout: 30000 });
  st = await status(page);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().samples_seen > 0, null, { timeout: 10000 });
  await page.mouse.move(5, 795);
  const fps = await page.evaluate(() => new Promise((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      ++frames;
      const dt = performance.now() - t0;
      if (dt >= 4000) resolve(frames * 1000 / dt); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  st = await status(page);
  assert.equal(st.training, true);
  assert.equal(st.latent_space.points, 5000);
  assert.equal(st.latent_space_images.label_counts.reduce((a, b) => a + b, 0), 5000);
  console.log(`# 5,000 points while training: ${fps.toFixed(1)} fps (page ${st.fps.toFixed(1)}), ${Math.round(st.samples_per_second)} samples/s`);
  assert.ok(fps >= MIN_FPS, `${fps.toFixed(1)} fps`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-images-5000-points.png') });
  await slowClick(page, 'pause');
  await page.close();
});

test('the download shows its progress in the page', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  // A slow network (400 kB/s): MNIST's 1.6 MB take about 4 s.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 400000, uploadThroughput: -1 });
  const mnist = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/mnist_dense.json'), 'utf8'));
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(mnist)), '');
  await page.waitForFunction(() => { const d = window.aeplay.status().dataset; return d.loaded_bytes > 0 && d.state === 'loading'; }, null,
    { timeout: 20000 });
  const st = await status(page);
  const gz = fs.statSync(path.join(WEB, 'data/mnist.bin.gz')).size;
  assert.equal(st.dataset.total_bytes, gz);
  assert.ok(st.dataset.loaded_bytes < gz, `partway: ${st.dataset.loaded_bytes} of ${gz}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-images-loading.png') });
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 60000 });
  const done = await status(page);
  assert.equal(done.dataset.state, 'ready', done.dataset.error);
  assert.equal(done.params, 784 * 128 + 128 + 128 * 32 + 32 + 32 * 128 + 128 + 128 * 784 + 784, 'examples/mnist_dense.json applied');
  await page.close();
});

test('a reload restores an MNIST session: the asset is fetched again first', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const mnist = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/mnist_dense.json'), 'utf8'));
  mnist.data.samples = 600;
  mnist.train.epochs = 2;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(mnist)), '');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'mnist', null, { timeout: 60000 });
  let st = await status(page);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 60000 });
  const trained = (await status(page)).history;
  assert.equal(trained.loss.length, 2);
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.waitForFunction(() => window.aeplayStore.pending() === 0, null, { timeout: 10000 }); // committed
  await page.reload(); // a fresh module: /data is empty until the asset is fetched again
  await page.waitForFunction(() => window.aeplay?.status().restore_available !== undefined, null, { timeout: 60000 });
  st = await status(page);
  assert.equal(st.dataset.name, 'mnist');
  assert.equal(st.dataset.state, 'ready', st.dataset.error);
  assert.equal(st.restore_available.epoch, 2);
  await slowClick(page, 'restore');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'mnist', null, { timeout: 5000 });
  st = await status(page);
  assert.deepEqual(st.history, trained, 'the restored session has its history');
  assert.equal(st.images.shape.join('x'), '28x28x1');
  await page.close();
});

test('a failed fetch and a corrupt asset keep the current session and say why', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const before = await status(page);
  const mnist = { seed: 1, data: { name: 'mnist', samples: 500 },
    model: { input: 784, encoder: [{ type: 'dense', units: 8 }], decoder: [{ type: 'dense', units: 784, activation: 'sigmoid' }] } };
  const count = problems.length;
  await page.route('**/data/mnist.bin.gz', (route) => route.fulfill({ status: 404, body: 'missing' }));
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(mnist)), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 20000 });
  let st = await status(page);
  assert.equal(st.dataset.state, 'error');
  assert.match(st.last_load_error, /could not load MNIST: data\/mnist\.bin\.gz: HTTP 404/);
  assert.equal(st.params, before.params, 'the session is unchanged');

  // A well-formed gzip of bytes that are not an asset: the engine's loader refuses them.
  await page.unroute('**/data/mnist.bin.gz');
  await page.route('**/data/mnist.bin.gz', (route) => route.fulfill({ status: 200, body: zlib.gzipSync(Buffer.from('not an asset at all')) }));
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(mnist)), '');
  await page.waitForFunction(() => window.aeplay.status().dataset.state !== 'loading', null, { timeout: 20000 });
  st = await status(page);
  assert.equal(st.dataset.state, 'error');
  assert.match(st.last_load_error, /mnist\.bin: not an aeplay dataset asset/);
  assert.equal(st.params, before.params, 'the session is unchanged');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-images-load-error.png') });
  // The 404 above is logged by Chromium as a failed resource load: expected here, not a problem.
  for (let i = problems.length - 1; i >= count; --i)
    if (/Failed to load resource.*404/.test(problems[i])) problems.splice(i, 1);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
