// The variational autoencoder through the JS API of the WASM engine under node
// (build/web/aeplay.mjs): fixed-seed runs of examples/vae_mnist_2d.json and of the Keras example's
// conv VAE on slices of MNIST give the native CLI's history (loss, kl, reconstruction, val_*) bit
// for bit; samplePrior equals `aeplay sample` of the same trained model; the manifold grid decodes
// the normal's quantiles; perDimKL is the evaluation's; a plain autoencoder refuses the VAE calls.
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
const read = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
const cli = path.join(root, 'build/native/aeplay');
ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(path.join(root, 'build/data/mnist.bin'))));

// Trains cfg with the native CLI: its result JSON and the path of its saved model (in dir).
function nativeRun(cfg, dir) {
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
  execFileSync(cli, ['train', path.join(dir, 'c.json'), '--quiet', '--out', path.join(dir, 'r.json'),
    '--save', path.join(dir, 'm.aemodel'), '--data-dir', path.join(root, 'build/data')]);
  return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
}
const csvRows = (text) => text.trim().split('\n').map((l) => l.split(',').map(Number));

test('fixed-seed VAE runs equal the native CLI bit for bit (dense and conv)', () => {
  const dense = read('examples/vae_mnist_2d.json');
  dense.data.samples = 300;
  dense.train.epochs = 3;
  const conv = read('examples/vae_conv_mnist.json');
  conv.data.samples = 120;
  conv.train.epochs = 1;
  conv.train.batch_size = 32;
  for (const cfg of [dense, conv]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-vae-'));
    const native = nativeRun(cfg, dir);
    const s = ae.createSession(cfg);
    const h = s.fit();
    assert.deepEqual(Object.keys(h), ['loss', 'val_loss', 'kl', 'reconstruction', 'val_kl', 'val_reconstruction']);
    assert.deepEqual(h, native.history, 'WASM = native');
    assert.ok(h.kl.every((v) => v > 0));
    for (let e = 0; e < h.loss.length; ++e) // loss = reconstruction + beta * kl
      assert.ok(Math.abs(h.loss[e] - (h.reconstruction[e] + h.kl[e])) < 1e-9 * h.loss[e]);
    // The evaluation's per-dim KL is perDimKL's, and the prior samples are `aeplay sample`'s.
    const kl = s.perDimKL();
    assert.deepEqual(kl.per_dim, native.evaluation.latent_kl.per_dim);
    assert.deepEqual(kl.collapsed, kl.per_dim.map((v) => v < 0.01));
    const samples = s.samplePrior(5, 9);
    const out = path.join(dir, 's.csv');
    execFileSync(cli, ['sample', '--model', path.join(dir, 'm.aemodel'), '--count', '5', '--seed', '9', '--out', out]);
    assert.deepEqual(Array.from(samples), csvRows(fs.readFileSync(out, 'utf8')).flat().map(Math.fround));
    s.delete();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`# ${cfg.model.encoder.length}+${cfg.model.decoder.length} layers, ${cfg.data.samples} digits: WASM = native, kl ${h.kl.join(', ')}, per-dim KL ${kl.per_dim.map((v) => v.toFixed(3)).join(', ')}`);
  }
});

test('manifoldGrid decodes the normal quantiles; samplePrior depends on its seed only', () => {
  const cfg = read('examples/vae_mnist_2d.json');
  cfg.data.samples = 100;
  cfg.train.epochs = 1;
  const s = ae.createSession(cfg);
  s.fit();
  const d = 784;
  const grid = s.manifoldGrid(3, 0, 1);
  assert.equal(grid.length, 9 * d);
  const q = 1.6448536269514722; // the standard normal's 95% quantile; p = 0.05, 0.5, 0.95
  const v = [-q, 0, q];
  for (let i = 0; i < 3; ++i)
    for (let j = 0; j < 3; ++j) {
      const want = s.decode(new Float32Array([v[j], v[2 - i]]));
      const got = grid.subarray((i * 3 + j) * d, (i * 3 + j + 1) * d);
      for (let k = 0; k < d; ++k) assert.ok(Math.abs(got[k] - want[k]) < 1e-6, `cell ${i},${j}`);
    }
  assert.deepEqual(s.samplePrior(3, 4), s.samplePrior(3, 4));
  assert.notDeepEqual(s.samplePrior(3, 4), s.samplePrior(3, 5));
  assert.throws(() => s.manifoldGrid(3, 1, 1), /manifoldGrid: dimA and dimB: expected two different latent dimensions from 0 to 1/);
  assert.throws(() => s.samplePrior(0), /samplePrior: count/);
  const refused = (message) => (e) => e instanceof ae.AeplayError && e.message === message;
  assert.throws(() => s.samplePrior(0), refused('samplePrior: count: expected an integer from 1 to 10000, got 0'));
  assert.throws(() => s.samplePrior(2, -1), refused('samplePrior: seed: expected an integer from 0 to 2147483647, got -1'));
  assert.throws(() => s.manifoldGrid(0), refused('manifoldGrid: n: expected an integer from 1 to 100, got 0'));
  assert.throws(() => s.manifoldGrid(3, 0, 2), refused('manifoldGrid: dimA and dimB: expected two different latent dimensions from 0 to 1, got 0 and 2'));
  assert.throws(() => s.manifoldGrid(3, 0.5, 1), refused('manifoldGrid: dimA and dimB: expected two different latent dimensions from 0 to 1, got 0.5 and 1'));
  s.delete();
  const plain = ae.createSession(read('examples/seed000_dense.json'));
  assert.throws(() => plain.perDimKL(), /perDimKL: not a variational model/);
  assert.throws(() => plain.samplePrior(2, 1), /samplePrior: not a variational model/);
  assert.equal(plain.history().kl, undefined);
  plain.delete();
});
