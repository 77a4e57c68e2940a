// startup.test.mjs: how the page starts (issue 5: the first frame soon after navigation), in both
// builds. Facts, not timings: the build's wasm is fetched once, by web/loader.js, which compiles
// it while the JS glue loads (the module instantiates that compile; nothing fetches it again), and
// the startup marks (web/main.cpp, window.aeplayStartup) come in the order the page runs them.
// The first frame draws before the work that can wait (App::frame, web/app.h "Startup"): the
// reconstruction tab's PCA and the weight heatmap say "Preparing..." on it, and the next frames
// fill them in; the page is held after its first frame to look at it (screenshot in
// build/test-artifacts/first-frame*.png).
// The times are printed for reading; bench/page.mjs measures them (medians).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setupPage, openPage, problems, MODES, nextFrames, ARTIFACTS } from './harness.mjs';

setupPage();

const ORDER = ['wasm_compiled', 'main', 'gl', 'session', 'frame_called', 'fonts_rasterized', 'fonts', 'first_frame_start',
  'first_frame_panels'];

// Runs in the page before its scripts: once the first frame has ended, animation frames are held
// (window.startupRelease() lets them run), so that the first frame stays on the canvas.
function holdAfterFirstFrame() {
  const raf = window.requestAnimationFrame.bind(window);
  let hold = true, held = [];
  window.requestAnimationFrame = (cb) => raf((t) => {
    if (hold && window.aeplayFirstFrameMs > 0) held.push(cb); else cb(t);
  });
  window.startupHeld = () => held.length;
  window.startupRelease = () => { hold = false; const h = held; held = []; h.forEach((cb) => raf(cb)); };
}

for (const mode of MODES) {
  test(`the page (${mode.name}) fetches its wasm once, compiled by the loader, and starts in order`, async () => {
    const page = await openPage(1280, 800, mode);
    await page.waitForFunction(() => window.aeplayFirstFrameMs > 0, null, { timeout: 20000 });
    await nextFrames(page);
    const seen = await page.evaluate(() => ({
      wasm: performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()).filter((f) => f.endsWith('.wasm')),
      marks: window.aeplayStartup,
      first: window.aeplayFirstFrameMs,
      module: typeof window.aeplayWasmModule?.then,
      isolated: self.crossOriginIsolated,
    }));
    assert.equal(seen.isolated, mode.threads);
    assert.deepEqual(seen.wasm, [mode.threads ? 'aeplay-mt.wasm' : 'aeplay.wasm'], 'one fetch of the build\'s wasm');
    assert.equal(seen.module, 'function', 'loader.js compiles the wasm (window.aeplayWasmModule)');
    let last = 0;
    for (const name of ORDER) {
      assert.ok(seen.marks[name] > 0, `mark ${name} missing`);
      assert.ok(seen.marks[name] >= last, `mark ${name} (${seen.marks[name]}) before the one ahead of it (${last})`);
      last = seen.marks[name];
    }
    assert.ok(seen.first >= last, 'the first frame ends after its panels');
    console.log(`${mode.name}: ${ORDER.map((n) => `${n} ${Math.round(seen.marks[n])}`).join(', ')}, first frame ${Math.round(seen.first)} ms`);
    await page.close();
  });

  test(`the first frame (${mode.name}) shows the autoencoder, says what is preparing, and the next frames fill it in`, async () => {
    const page = await openPage(1280, 800, mode, { initScript: holdAfterFirstFrame });
    // Polled on a timer: playwright's default polling waits for animation frames, held here.
    await page.waitForFunction(() => window.aeplayFirstFrameMs > 0 && window.startupHeld() > 0, null,
      { timeout: 20000, polling: 20 });
    const first = await page.evaluate(() => window.aeplay.status());
    assert.equal(first.startup.frames, 1, 'held after the first frame');
    assert.deepEqual(first.startup.first_frame_preparing, ['pca', 'weights']);
    assert.deepEqual(first.startup.preparing, ['pca', 'weights']);
    assert.equal(first.startup.prepared_frame, -1);
    assert.ok(first.reconstruction.mse > 0, 'the autoencoder\'s reconstruction is on the first frame');
    assert.equal(first.reconstruction.pca, true);
    assert.equal(first.reconstruction.pca_mse, 0, 'PCA is not fitted on the first frame');
    await page.screenshot({ path: path.join(ARTIFACTS, `first-frame${mode.threads ? '' : '-time-sliced'}.png`) });

    await page.evaluate(() => window.startupRelease());
    await page.waitForFunction(() => window.aeplay.status().startup.prepared_frame > 0, null, { timeout: 20000, polling: 20 });
    const later = await page.evaluate(() => window.aeplay.status());
    assert.equal(later.startup.prepared_frame, 2, 'the second frame prepares everything the first left');
    assert.deepEqual(later.startup.preparing, []);
    assert.deepEqual(later.startup.first_frame_preparing, ['pca', 'weights']);
    assert.equal(later.reconstruction.mse, first.reconstruction.mse, 'the same sample, the same model');
    assert.ok(later.reconstruction.pca_mse > 0 && Number.isFinite(later.reconstruction.pca_mse), 'PCA\'s number arrived');
    await page.close();
  });
}

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
