// The denoising report through the JS API (session.denoise) under node: the same numbers as the
// native CLI (`aeplay denoise`), bit for bit; the sample rows agree with xTrain() and
// reconstruct(); bad specs and options throw an AeplayError naming the field.
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
const config = JSON.parse(fs.readFileSync(path.join(root, 'examples/denoise_well_logs.json'), 'utf8'));
config.train.epochs = 5;

test('session.denoise equals the native `aeplay denoise` report and sweep', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-denoise-'));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(config));
  execFileSync(path.join(root, 'build/native/aeplay'), ['denoise', path.join(dir, 'c.json'), '--quiet',
    '--factor', '0.4', '--noise-seed', '3', '--sweep', '5', '--out', path.join(dir, 'r.json')]);
  const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });

  const s = ae.createSession(config);
  assert.deepEqual(s.fit(), native.history);
  const r = s.denoise({ factor: 0.4, seed: 3 }, { sample: 2, sweep: 5 });
  for (const key of ['set', 'samples', 'features', 'mse_noisy', 'mse_denoised', 'noise_reduction_percent', 'errors_noisy', 'errors_denoised'])
    assert.deepEqual(r[key], native.denoising[key], key);
  assert.deepEqual(r.noise, native.denoising.noise);
  assert.deepEqual(r.sweep, native.sweep);
  r.sweep.levels.forEach((v, i) => assert.ok(Math.abs(v - 0.15 * i) < 1e-15, `level ${i}: ${v}`)); // 0 to 2 x 0.3
  assert.ok(r.mse_denoised < r.mse_noisy, `denoised ${r.mse_denoised} vs noisy ${r.mse_noisy}`);

  // The sample: clean is the validation row, denoised is the model's output on noisy.
  const d = r.features;
  assert.equal(r.set, 'validation');
  assert.deepEqual(r.sample.clean, s.xVal().slice(2 * d, 3 * d));
  assert.deepEqual(r.sample.denoised, s.reconstruct(r.sample.noisy));
  assert.equal(r.sample.mse_noisy, r.errors_noisy[2]);
  console.log(`# well logs, 5 epochs, gaussian 0.4: MSE noisy ${r.mse_noisy.toFixed(6)}, denoised ${r.mse_denoised.toFixed(6)}, reduction ${r.noise_reduction_percent.toFixed(1)}% (WASM = native)`);
  s.delete();
});

test('session.denoise defaults to the training noise and rejects bad options', () => {
  const s = ae.createSession(config);
  const r = s.denoise();
  assert.deepEqual(r.noise, { type: 'gaussian', factor: 0.3, clip: true, fraction: 0.25, seed: 42, stream: 0x7e57 });
  assert.equal(r.sample, undefined);
  assert.throws(() => s.denoise({ factor: -1 }), { name: 'AeplayError', message: /denoise\.factor: expected a number from 0 to 100/ });
  assert.throws(() => s.denoise({}, { sample: 200 }), { name: 'AeplayError', message: /denoise: sample: expected -1 \(none\) or 0 to 199, got 200/ });
  assert.throws(() => s.denoise({}, { sweep: 1 }), { name: 'AeplayError', message: /denoise: sweep: expected 0 \(none\) or an integer from 2 to 101/ });
  s.delete();
});
