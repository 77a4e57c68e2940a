// denoise.test.mjs: the Denoising tab of the real page (build/web) in headless Chromium.
// Facts checked: after examples/denoise_well_logs.json is loaded (window.aeplay.loadConfig) and
// trained from a click on Train, a click on the "Denoise" tab opens it; the page's MSEs and noise
// reduction at its level equal the JS API's session.denoise at the same level (the same WASM
// engine under node); a click on the level slider moves the level and the numbers follow; the
// screenshot is not blank; no console or page errors. Screenshot: build/test-artifacts/page-denoise.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, distinctColors, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const CONFIG = fs.readFileSync(path.join(ROOT, 'examples/denoise_well_logs.json'), 'utf8');
const { createAeplay } = await import(path.join(ROOT, 'build/web/aeplay.mjs'));
const ae = await createAeplay();

// The JS API's report for the page's current level (trained once, like the page).
const reference = ae.createSession(CONFIG);
reference.fit();
function expectApiNumbers(dn) {
  const r = reference.denoise({ type: dn.type, factor: dn.level, clip: dn.clip });
  assert.equal(dn.samples, r.samples);
  for (const key of ['mse_noisy', 'mse_denoised', 'noise_reduction_percent'])
    assert.equal(dn[key], r[key], `${key} at level ${dn.level}: page ${dn[key]} vs API ${r[key]}`);
  assert.equal(dn.sample_mse_noisy, r.errors_noisy[dn.sample]);
  assert.equal(dn.sample_mse_denoised, r.errors_denoised[dn.sample]);
}

test('the Denoise tab shows the JS API numbers at its level and follows the slider', async () => {
  const page = await openPage(1280, 800);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), CONFIG), '');
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 60000, polling: 250 });
  await slowClick(page, 'tab_denoise');
  await page.waitForFunction(() => window.aeplay.status().denoise !== undefined, null, { timeout: 5000 });
  let st = await status(page);
  assert.equal(st.analysis_tab, 'Denoising');
  assert.equal(st.denoise.type, 'gaussian');
  assert.equal(st.denoise.level, 0.3, "default level: the config's factor");
  expectApiNumbers(st.denoise);
  assert.ok(st.denoise.mse_denoised < st.denoise.mse_noisy);
  const { levels, mse_noisy, mse_denoised } = reference.denoise({}, { sweep: 9 }).sweep;
  assert.deepEqual(st.denoise.sweep, { levels, mse_noisy, mse_denoised });
  const before = st.denoise;

  // A click at three quarters of the slider: a higher level, more noise, the numbers follow.
  await slowClick(page, st.ui.denoise_level, 0.75, 0.5);
  await page.waitForFunction((l) => window.aeplay.status().denoise.level !== l, before.level, { timeout: 5000 });
  st = await status(page);
  assert.ok(st.denoise.level > 0.35 && st.denoise.level < 0.55, `level after the click: ${st.denoise.level}`);
  assert.ok(st.denoise.mse_noisy > before.mse_noisy);
  expectApiNumbers(st.denoise);

  await page.mouse.move(5, 795); // away: no tooltip over the charts
  await page.waitForTimeout(400);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-denoise.png') });
  assert.ok(distinctColors(shot) > 200);
  console.log(`denoise tab: level ${st.denoise.level.toFixed(3)}, MSE noisy ${st.denoise.mse_noisy.toFixed(5)}, ` +
    `denoised ${st.denoise.mse_denoised.toFixed(5)}, reduction ${st.denoise.noise_reduction_percent.toFixed(1)}%`);
  await page.close();
});

test('no console errors and no page errors', () => {
  reference.delete();
  assert.deepEqual(problems, []);
});
