// harness.mjs: what every page test file shares: static servers for both builds (worker thread
// with cross-origin isolation, time-sliced without), one headless Chromium (SwiftShader WebGL),
// console/page errors collected from every page, slow clicks for ImGui, a PNG colour counter.
// Usage: import { setupPage, openPage, ... } from './harness.mjs'; call setupPage() at top level.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static_server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB = path.join(ROOT, 'build/web');
export const ARTIFACTS = path.join(ROOT, 'build/test-artifacts');
export const CHROMIUM_ARGS = ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
// Responsiveness floor, not a speed target: a page blocked by training draws 0-2 fps. On this
// 2-core machine WebGL runs on the CPU (SwiftShader) and shares it with training: the page draws
// 20-30 fps while training (printed below); with a GPU it keeps 60.
export const MIN_FPS = 5;
export const MODES = [
  { name: 'worker thread', isolate: true, threads: true, shot: 'page-1280x800.png' },
  { name: 'time-sliced', isolate: false, threads: false, shot: 'page-1280x800-time-sliced.png' },
];

let browser;
const servers = [];
export const problems = []; // console errors and page errors, from every page

export function setupPage() {
  before(async () => {
    assert.ok(fs.existsSync(path.join(WEB, 'aeplay.wasm')), 'build/web/aeplay.wasm missing: run ./scripts/build wasm');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const mode of MODES) {
      const server = await startServer({ root: WEB, port: 0, isolate: mode.isolate });
      servers.push(server);
      mode.base = `http://127.0.0.1:${server.address().port}/`;
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    for (const server of servers) server.close();
  });
}

// `initScript`: a function run in the page before its own scripts (page.addInitScript).
export async function openPage(width, height, mode = MODES[0], { initScript } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (initScript) await page.addInitScript(initScript);
  await page.goto(mode.base);
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  return page;
}

// A click as a person makes it: press and release in different frames (ImGui tabs need that).
// `r`: the rectangle [x, y, w, h], or the name of a control in status().ui, whose rectangle is
// read after two more frames (a click often moves the controls below it, a frame later).
// (dx, dy): where in the rectangle, as fractions.
// Each step waits for two animation frames as well, so that the page's frame loop has seen it
// however slowly it draws (a loaded machine draws 3-5 fps; the press and release must not fall
// into one frame).
export async function slowClick(page, r, dx = 0.5, dy = 0.5) {
  if (typeof r === 'string') {
    await nextFrames(page);
    const name = r;
    r = (await status(page)).ui[name];
    if (!r) throw new Error(`slowClick: no control "${name}" in status().ui`);
  }
  await page.mouse.move(r[0] + r[2] * dx, r[1] + r[3] * dy);
  await page.waitForTimeout(120);
  await nextFrames(page);
  await page.mouse.down();
  await page.waitForTimeout(120);
  await nextFrames(page);
  await page.mouse.up();
}

// Resolves after `n` animation frames of the page.
export function nextFrames(page, n = 2) {
  return page.evaluate((n) => new Promise((done) => {
    const step = (k) => (k > 0 ? requestAnimationFrame(() => step(k - 1)) : done());
    step(n);
  }), n);
}

export const status = (page) => page.evaluate(() => window.aeplay.status());

// Waits until the page is inside its first epoch (some batches done, not all): progress within
// the epoch is visible. Returns that status.
export async function waitMidEpoch(page, timeout = 60000) {
  return (await page.waitForFunction(() => {
    const s = window.aeplay.status();
    return s.epoch === 0 && s.batch > 0 && s.batch < s.batches_per_epoch ? s : null;
  }, null, { timeout, polling: 50 })).jsonValue();
}

// What the native CLI gives for a config (JSON text): `aeplay train --out`'s result (history,
// evaluation, ...), the numbers the page must equal.
export function nativeTrain(configText) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-native-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.json'), configText);
    execFileSync(path.join(ROOT, 'build/native/aeplay'), ['train', path.join(dir, 'c.json'), '--quiet',
      '--out', path.join(dir, 'r.json'), '--data-dir', path.join(ROOT, 'build/data')]);
    return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Decodes an 8-bit RGB(A) PNG (what Chromium writes) and counts distinct colours on a grid.
export function distinctColors(png) {
  const chunks = [];
  let width = 0, height = 0, channels = 4;
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at), type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'expected 8-bit PNG');
      channels = { 2: 3, 6: 4 }[data[9]];
    } else if (type === 'IDAT') chunks.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(chunks));
  const stride = width * channels, img = Buffer.alloc(height * stride);
  for (let y = 0; y < height; ++y) { // undo the per-row filters
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; ++x) {
      const a = x >= channels ? img[y * stride + x - channels] : 0, b = y ? img[(y - 1) * stride + x] : 0;
      const c = x >= channels && y ? img[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      img[y * stride + x] = (src[x] + pred) & 255;
    }
  }
  const colors = new Set();
  for (let y = 0; y < height; y += 3)
    for (let x = 0; x < width; x += 3) {
      const i = y * stride + x * channels;
      colors.add((img[i] << 16) | (img[i + 1] << 8) | img[i + 2]);
    }
  return colors.size;
}

