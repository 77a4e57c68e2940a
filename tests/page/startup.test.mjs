// startup.test.mjs: how the page starts (issue 5: the first frame soon after navigation), in both
// builds. Facts, not timings: the build's wasm is fetched once, by web/loader.js, which compiles
// it while the JS glue loads (the module instantiates that compile; nothing fetches it again), and
// the startup marks (web/main.cpp, window.aeplayStartup) come in the order the page runs them.
// The times are printed for reading; ./scripts/bench_page measures them (medians).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setupPage, openPage, problems, MODES, nextFrames } from './harness.mjs';

setupPage();

const ORDER = ['wasm_compiled', 'main', 'gl', 'session', 'frame_called', 'fonts_rasterized', 'fonts', 'first_frame_start',
  'first_frame_panels'];

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
}

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
