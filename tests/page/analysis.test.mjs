// analysis.test.mjs: the Errors, PCA and Features tabs of the real page (build/web) in headless
// Chromium, against the native CLI (`aeplay train --analysis`) for the same config and seed.
// Run after `./scripts/build wasm` and `./scripts/build native`:  node --test tests/page/analysis.test.mjs
// Facts checked: seed 001's linear AE (scaled, 100 epochs) has its principal angles recorded from
// epoch 0 to 100, the smaller one falling, the last equal to native's, and PCA's MSE over k equal
// to native's; the Errors tab's threshold rule and threshold are native's, and it says that ground
// truth is missing; the Features tab says the probe needs labels and its sensitivity equals
// native's. Screenshots of each tab go to build/test-artifacts/analysis-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, MODES, ROOT, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const read = (rel) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));

function nativeRun(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-page-analysis-'));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
  execFileSync(path.join(ROOT, 'build/native/aeplay'), ['train', path.join(dir, 'c.json'), '--quiet', '--analysis', '--out', path.join(dir, 'r.json')]);
  return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
}

async function loadAndTrain(page, cfg) {
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(cfg)), '');
  await page.waitForFunction(() => window.aeplay.status().epoch === 0, null, { timeout: 5000 });
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 60000, polling: 100 });
}

async function openTab(page, key, name, shot) {
  await slowClick(page, key);
  await page.waitForFunction((n) => window.aeplay.status().analysis_tab === n, name, { timeout: 5000 });
  await page.mouse.move(640, 10); // off the tab, so its tooltip does not cover the view
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, shot) });
  return status(page);
}

test('seed 001: the PCA tab records falling principal angles, equal to native\'s, and the Errors tab native\'s threshold', async () => {
  const cfg = read('examples/seed001_linear.json');
  cfg.data.scaling = 'standard';
  cfg.train.epochs = 100;
  cfg.train.optimizer.learning_rate = 0.01;
  const page = await openPage(1280, 800, MODES[0]);
  await loadAndTrain(page, cfg);
  const native = nativeRun(cfg);
  let st = await openTab(page, 'tab_pca', 'PCA vs autoencoder', 'analysis-pca-seed001.png');
  const pa = st.principal_angles;
  assert.equal(pa.epochs[0], 0);
  assert.equal(pa.epochs.at(-1), 100);
  assert.equal(pa.degrees.length, 2);
  assert.ok(pa.degrees[0].at(-1) < pa.degrees[0][0] / 4, `smaller angle ${pa.degrees[0][0]} -> ${pa.degrees[0].at(-1)} degrees`);
  native.analysis.pca.principal_angles_deg.forEach((v, i) =>
    assert.ok(Math.abs(pa.degrees[i].at(-1) - v) <= 1e-9, `angle ${i}: page ${pa.degrees[i].at(-1)} vs native ${v}`));
  native.analysis.pca.pca_mse.forEach((v, i) =>
    assert.ok(Math.abs(st.analysis.pca_mse_over_k[i] - v) <= 1e-12 * Math.max(1, v), `PCA MSE k=${i + 1}: page ${st.analysis.pca_mse_over_k[i]} vs native ${v}`));
  assert.equal(st.analysis.ae_mse, native.analysis.pca.autoencoder.mse);

  st = await openTab(page, 'tab_errors', 'Errors & anomalies', 'analysis-errors-seed001.png');
  assert.equal(st.analysis.threshold_mode, 'mean + k std');
  assert.ok(Math.abs(st.analysis.threshold - native.evaluation.anomaly.threshold) <= 1e-12 * native.evaluation.anomaly.threshold);
  assert.equal(st.analysis.flagged, native.evaluation.anomaly.flagged);
  assert.equal(st.analysis.ground_truth, false); // no dataset has anomaly labels yet
  await page.close();
});

test('seed 000: the Features tab asks for labels, and its sensitivity is native\'s', async () => {
  const cfg = read('examples/seed000_dense.json');
  cfg.data.samples = 1000;
  cfg.train.epochs = 2;
  const page = await openPage(1280, 800, MODES[0]);
  await loadAndTrain(page, cfg);
  const native = nativeRun(cfg);
  let st = await openTab(page, 'tab_features', 'Features', 'analysis-features-before.png');
  assert.equal(st.probe, undefined);
  await slowClick(page, 'run_sensitivity');
  await page.waitForFunction(() => window.aeplay.status().sensitivity !== undefined, null, { timeout: 20000 });
  await page.mouse.move(640, 10);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-features-seed000.png') });
  st = await status(page);
  assert.equal(st.sensitivity.epoch, 2);
  assert.equal(st.sensitivity.samples, native.analysis.sensitivity.samples);
  assert.deepEqual(st.sensitivity.increase, native.analysis.sensitivity.increase);
  assert.equal(st.sensitivity.base_mse, native.analysis.sensitivity.base_mse);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
