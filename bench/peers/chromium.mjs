// chromium.mjs: the seed 000 dense benchmark of dense.mjs in headless Chromium (playwright-core,
// as bench/page.mjs drives it): ours (the JS API, build/web/aeplay.mjs) beside TensorFlow.js 4.22
// wasm (SIMD, one thread) and cpu, in one page (chromium.html, common.mjs's loop and models),
// served from the repository's root on 127.0.0.1 without cross-origin isolation (so TensorFlow.js
// runs single-threaded, as we do). Samples per second of wall time (a page has no CPU clock; both
// contenders alike). Prints the lines dense.mjs prints, under a "Chromium" heading (bench/table.mjs
// reads them). Run: ./scripts/bench_peers   (EPOCHS=5 by default)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static_server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EPOCHS = Number(process.env.EPOCHS || 5);
const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-sync', '--disable-quic'];

const server = await startServer({ root, port: 0, isolate: false });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/peers/chromium.html?epochs=${EPOCHS}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 15 * 60 * 1000, polling: 1000 });
  const r = await page.evaluate(() => window.benchResult);
  if (r.error || errors.length) throw new Error(`chromium.html: ${r.error || errors.join('; ')}`);
  console.log(`seed 000 dense model, Chromium ${browser.version()} (samples per second of wall time)`);
  console.log(`ours (aeplay WASM, JS API, 1 thread)     ${r.ours.toFixed(0).padStart(8)} samples/s`);
  for (const backend of ['wasm', 'cpu']) {
    const label = `TensorFlow.js 4.22 ${backend}${backend === 'wasm' ? ` (SIMD ${r.simd})` : ''}`;
    console.log(`${label.padEnd(40)} ${r[backend].toFixed(0).padStart(8)} samples/s   ours / peer = ${(r.ours / r[backend]).toFixed(2)}x`);
  }
} finally {
  await browser.close();
  server.close();
}
