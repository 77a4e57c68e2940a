// page.mjs: the page's numbers in headless Chromium (SwiftShader WebGL, as tests/page/harness.mjs
// drives it), served from build/web on 127.0.0.1:
//   - time from navigation to the end of the first frame (window.aeplayFirstFrameMs, set by
//     web/main.cpp), median of 5 loads in fresh browser contexts (no cached compiled module);
//   - frames per second while the seed 000 model trains (400 epochs, so it does not finish) on
//     the worker thread (cross-origin isolated, aeplay-mt.js) and time-sliced (aeplay.js);
//   - the same browser's frame rate for a peer page (bench/canvas_peer: a WebGL2 canvas of the
//     same size that only clears, one worker spinning): the most any WebGL page gets here;
//   - the WASM memory's size after that run (window.aeplay.heapBytes());
//   - aeplay.wasm's size, raw and gzipped (level 9);
//   - where the first frame's time goes (medians): the scripts' and the wasm's download
//     (resource timing), main() starting, the GL context, the default session, the first frame
//     (window.aeplayStartup, web/main.cpp);
//   - the share of frames that drew anything while training, and the share of the canvas those
//     redrew (window.aeplay.renderStats(): the renderer redraws only what changed);
//   - where a frame's time goes while training (status().frame_ms, web/app.h FramePart) and the
//     worker's training time per frame.
// AEPLAY_WEB_DIR=<dir> measures another build of the page (default build/web).
// Prints one line per number, then one JSON line (scripts/bench reads it). Not a test.
// Run: ./scripts/bench_page
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static_server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = process.env.AEPLAY_WEB_DIR ? path.resolve(process.env.AEPLAY_WEB_DIR) : path.join(root, 'build/web');
const args = ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const wasm = fs.readFileSync(path.join(web, 'aeplay.wasm'));
const result = { wasm_bytes: wasm.length, wasm_gzip_bytes: zlib.gzipSync(wasm, { level: 9 }).length };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
result.chromium = browser.version();

// The peer (bench/canvas_peer): a canvas that only clears, one worker spinning. What this browser
// and machine allow any WebGL page while a core trains; the compositor's share of a frame.
{
  const server = await startServer({ root: path.join(root, 'bench/canvas_peer'), port: 0, isolate: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  result.fps_peer_clear_only = await page.evaluate(() => window.peerFps(3000));
  await context.close();
  server.close();
}
for (const [name, isolate] of [['worker', true], ['time_sliced', false]]) {
  const server = await startServer({ root: web, port: 0, isolate });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const first = [], steps = {};
  for (let i = 0; i < 5; ++i) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.aeplayFirstFrameMs > 0, null, { timeout: 20000 });
    first.push(await page.evaluate(() => window.aeplayFirstFrameMs));
    const marks = await page.evaluate(() => {
      const m = { dom_content_loaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd };
      for (const r of performance.getEntriesByType('resource')) {
        const file = r.name.split('/').pop();
        if (/^aeplay.*\.(js|wasm)$/.test(file)) m[`${file} loaded`] = r.responseEnd;
      }
      return { ...m, ...(window.aeplayStartup || {}), first_frame: window.aeplayFirstFrameMs };
    });
    for (const [k, v] of Object.entries(marks)) if (v > 0) (steps[k] ||= []).push(v);
    await context.close();
  }
  result[`first_frame_ms_${name}`] = median(first);
  result[`first_frame_steps_${name}`] = Object.fromEntries(Object.entries(steps)
    .map(([k, v]) => [k, Math.round(median(v))]).sort((a, b) => a[1] - b[1]));

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  const cfg = JSON.parse(fs.readFileSync(path.join(root, 'examples/seed000_dense.json'), 'utf8'));
  cfg.train.epochs = 400;
  const error = await page.evaluate((text) => window.aeplay.loadConfig(text), JSON.stringify(cfg));
  if (error) throw new Error(`loadConfig: ${error}`);
  const st = await page.evaluate(() => window.aeplay.status());
  const [x, y, w, h] = st.ui.train;
  await page.mouse.click(x + w / 2, y + h / 2);
  await page.waitForFunction(() => window.aeplay.status().samples_seen > 0, null, { timeout: 10000 });
  await page.waitForTimeout(1000); // past the start
  const r0 = await page.evaluate(() => window.aeplay.renderStats());
  result[`fps_${name}`] = await page.evaluate(() => new Promise((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      ++frames;
      const dt = performance.now() - t0;
      if (dt >= 3000) resolve((frames * 1000) / dt); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  const after = await page.evaluate(() => window.aeplay.status());
  const r1 = await page.evaluate(() => window.aeplay.renderStats());
  result[`frames_drawn_share_${name}`] = (r1.frames_drawn - r0.frames_drawn) / Math.max(1, r1.frames - r0.frames);
  result[`tiles_redrawn_share_${name}`] = (r1.tiles_redrawn - r0.tiles_redrawn) / Math.max(1, r1.tiles - r0.tiles);
  result[`samples_per_second_${name}`] = after.samples_per_second;
  result[`train_ms_per_frame_${name}`] = after.train_ms_per_frame;
  if (after.frame_ms) result[`frame_ms_${name}`] = Object.fromEntries(Object.entries(after.frame_ms).map(([k, v]) => [k, +v.toFixed(2)]));
  result[`heap_bytes_${name}`] = await page.evaluate(() => window.aeplay.heapBytes());
  if (!after.training) result[`note_${name}`] = 'training had stopped before the frame count ended';
  await context.close();
  server.close();
}
await browser.close();

const mb = (b) => `${(b / 1048576).toFixed(2)} MiB`;
console.log(`aeplay.wasm                     ${mb(result.wasm_bytes)}, gzipped ${mb(result.wasm_gzip_bytes)}`);
console.log(`peer: a clear-only WebGL2 canvas, one worker busy: ${result.fps_peer_clear_only.toFixed(1)} frames/s`);
for (const name of ['worker', 'time_sliced']) {
  console.log(`${name.padEnd(12)} first frame      ${result[`first_frame_ms_${name}`].toFixed(0)} ms after navigation (median of 5)`);
  console.log(`${name.padEnd(12)} first frame at   ${Object.entries(result[`first_frame_steps_${name}`]).map(([k, v]) => `${k} ${v}`).join(', ')} ms`);
  console.log(`${name.padEnd(12)} while training   ${result[`fps_${name}`].toFixed(1)} frames/s, ` +
              `${Math.round(result[`samples_per_second_${name}`])} samples/s, WASM memory ${mb(result[`heap_bytes_${name}`])}, ` +
              `${result[`train_ms_per_frame_${name}`].toFixed(1)} ms training per frame (${name === 'worker' ? 'worker thread' : 'UI thread'})`);
  console.log(`${name.padEnd(12)} redrawn          ${(result[`frames_drawn_share_${name}`] * 100).toFixed(0)}% of the frames, ` +
              `${(result[`tiles_redrawn_share_${name}`] * 100).toFixed(0)}% of the canvas on a frame drawn`);
  if (result[`frame_ms_${name}`])
    console.log(`${name.padEnd(12)} frame parts (ms) ${Object.entries(result[`frame_ms_${name}`]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
console.log(JSON.stringify(result));
