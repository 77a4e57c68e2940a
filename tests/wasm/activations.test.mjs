// The SIMD activations in WASM (engine/kernels.cpp: sigmoid, tanh and elu through fmath.h's
// two-lane exp in double) give the native build's bits: the seed 000 golden history (sigmoid
// output) equals tests/golden exactly, every epoch's loss and val_loss (api.test.mjs allows 1e-6),
// and small fixed-seed runs with tanh, elu and sigmoid in every layer, at a high learning rate (so
// the pre-activations spread wide), equal the native CLI's history bit for bit.
// Needs build/web (JS API) and build/native/aeplay.
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

test('seed 000 in WASM: the golden history exactly (every loss and val_loss, all 64 bits)', () => {
  const golden = read('tests/golden/seed000_history.json');
  const s = ae.createSession(read(golden.config));
  const h = s.fit();
  s.delete();
  for (const key of ['loss', 'val_loss']) {
    assert.equal(h[key].length, golden.history[key].length);
    h[key].forEach((v, i) => assert.ok(Object.is(v, golden.history[key][i]), `${key}[${i}]: wasm ${v} vs golden ${golden.history[key][i]}`));
  }
});

test('tanh, elu and sigmoid models in WASM equal the native CLI bit for bit', () => {
  for (const activation of ['tanh', 'elu', 'sigmoid']) {
    const layer = (units) => ({ type: 'dense', units, activation });
    const cfg = {
      seed: 7,
      data: { name: 'uniform', samples: 600, features: 20 },
      model: { input: 20, encoder: [layer(16), layer(5)], decoder: [layer(16), { type: 'dense', units: 20, activation: 'sigmoid' }] },
      train: { epochs: 6, batch_size: 32, shuffle: true, validation_split: 0.2, loss: 'mse', optimizer: { type: 'adam', learning_rate: 0.05 } },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-act-'));
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
    execFileSync(cli, ['train', path.join(dir, 'c.json'), '--quiet', '--out', path.join(dir, 'r.json')]);
    const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    fs.rmSync(dir, { recursive: true });
    const s = ae.createSession(cfg);
    const h = s.fit();
    s.delete();
    assert.equal(h.loss.length, 6);
    assert.deepEqual(h, native.history, `${activation}: WASM = native`);
  }
});
