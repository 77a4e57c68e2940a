// The Analysis API of the WASM engine under node (build/web/aeplay.mjs): anomaly curves against a
// hand-computed case, and the PCA comparison, principal angles, linear probe and sensitivity equal
// to the native CLI's (`aeplay train --analysis`) for the same config and seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
const ae = await createAeplay();
const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

// Runs the native CLI on cfg and returns its "analysis" block.
function nativeAnalysis(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-analysis-'));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
  execFileSync(path.join(root, 'build/native/aeplay'),
    ['train', path.join(dir, 'c.json'), '--quiet', '--analysis', '--out', path.join(dir, 'r.json'), '--data-dir', path.join(root, 'build/data')]);
  return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).analysis;
}

test('anomalyCurves: sklearn\'s documented example and the operating point', () => {
  const a = ae.anomalyCurves([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.35);
  assert.deepEqual(a.roc.fpr, [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(a.roc.tpr, [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(a.roc.thresholds, [null, 0.8, 0.4, 0.35, 0.1]); // +inf is null in JSON
  assert.equal(a.auc, 0.75);
  assert.deepEqual(a.pr.recall, [1, 1, 0.5, 0.5, 0]);
  assert.ok(Math.abs(a.ap - (0.5 + 0.5 * 2 / 3)) < 1e-12);
  assert.deepEqual([a.at.tp, a.at.fp, a.at.tn, a.at.fn], [1, 1, 1, 1]);
  assert.equal(a.at.f1, 0.5);
  assert.throws(() => ae.anomalyCurves([1, 2], [0], 1), /anomalyCurves: 2 scores but 1 labels/);
  assert.throws(() => ae.anomalyCurves([1, 2], [0, 1], NaN), /anomalyCurves: threshold: expected a number/);
});

test('seed 001 (linear, scaled): PCA over k and the principal angles equal native\'s', () => {
  const cfg = JSON.parse(read('examples/seed001_linear.json'));
  cfg.data.scaling = 'standard';
  cfg.train.epochs = 100;
  cfg.train.optimizer.learning_rate = 0.01;
  const s = ae.createSession(cfg);
  s.fit();
  const c = s.pcaComparison();
  const n = nativeAnalysis(cfg).pca;
  assert.equal(c.pca_mse.length, 5);
  c.pca_mse.forEach((v, i) => assert.ok(Math.abs(v - n.pca_mse[i]) <= 1e-12 * Math.max(1, Math.abs(v)), `pca_mse[${i}] ${v} vs ${n.pca_mse[i]}`));
  assert.equal(c.autoencoder.k, 2);
  assert.equal(c.autoencoder.mse, n.autoencoder.mse);
  assert.equal(c.principal_angles_deg.length, 2);
  c.principal_angles_deg.forEach((v, i) => assert.ok(Math.abs(v - n.principal_angles_deg[i]) <= 1e-9, `angle ${i}: ${v} vs ${n.principal_angles_deg[i]}`));
  assert.ok(c.principal_angles_deg[0] < 5, `first angle ${c.principal_angles_deg[0]} degrees`);
  // A non-linear decoder has no subspace: the reason instead of angles.
  const deep = ae.createSession({ ...JSON.parse(read('examples/seed000_dense.json')), data: { name: 'uniform', samples: 200, features: 100 } });
  assert.match(deep.pcaComparison().principal_angles_why, /one dense layer with a linear activation/);
  assert.match(deep.probe().why, /the probe needs class labels/);
  deep.delete();
  s.delete();
});

test('MNIST: the linear probe and sensitivity equal native\'s', () => {
  ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(path.join(root, 'build/data/mnist.bin'))));
  const cfg = { ...JSON.parse(read('examples/mnist_dense.json')), data: { name: 'mnist', samples: 1000 } };
  cfg.train = { ...cfg.train, epochs: 1 };
  const s = ae.createSession(cfg);
  s.fit();
  const t0 = performance.now();
  const p = s.probe();
  const seconds = (performance.now() - t0) / 1000;
  const sens = s.sensitivity();
  const n = nativeAnalysis(cfg);
  assert.equal(p.samples, 200);
  assert.equal(p.classes, 10);
  for (const key of ['raw', 'pca', 'autoencoder']) {
    assert.deepEqual(p[key].folds, n.probe[key].folds, key);
    assert.equal(p[key].mean, n.probe[key].mean, key);
  }
  assert.equal(p.chance, n.probe.chance);
  assert.ok(p.raw.mean > 0.5, `raw pixels ${p.raw.mean}`); // far above chance (~0.1)
  assert.equal(sens.samples, 32);
  assert.equal(sens.increase.length, 784);
  assert.deepEqual(sens.increase, n.sensitivity.increase);
  console.log(`# probe in WASM (200 samples, 3 x 5 folds): ${seconds.toFixed(2)} s; raw ${p.raw.mean.toFixed(3)}, PCA ${p.pca.mean.toFixed(3)}, AE ${p.autoencoder.mean.toFixed(3)}, chance ${p.chance.toFixed(3)}`);
  assert.throws(() => s.probe({ folds: 1 }), /probe: folds: expected an integer from 2 to 20, got 1/);
  assert.throws(() => s.sensitivity({ delta: -1 }), /sensitivity: delta: expected a number/);
  s.delete();
});
