// IDX files through the JS API (build/web/aeplay.mjs under node): Debian's Fashion-MNIST test
// set (t10k, gzip IDX) handed over with ae.addFile trains in WASM to the native CLI's numbers,
// bit for bit (a seeded subset of 1,000 images, a small conv model, 2 epochs).
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
const FASHION = '/usr/share/datasets/fashion-mnist';

const config = (images, labels) => ({
  seed: 7,
  data: { name: 'idx', images, labels, samples: 1000 },
  model: {
    input: [28, 28, 1],
    encoder: [{ type: 'conv2d', filters: 4, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'flatten' }, { type: 'dense', units: 8 }],
    decoder: [{ type: 'dense', units: 784, activation: 'sigmoid' }, { type: 'reshape', target_shape: [28, 28, 1] }],
  },
  train: { epochs: 2, batch_size: 50, validation_split: 0.2, loss: 'binary_crossentropy' },
});

test('Fashion-MNIST IDX files train in WASM to the native numbers', { skip: !fs.existsSync(FASHION) && 'dataset-fashion-mnist missing' }, () => {
  const images = path.join(FASHION, 't10k-images-idx3-ubyte.gz'), labels = path.join(FASHION, 't10k-labels-idx1-ubyte.gz');
  const cfg = config(ae.addFile('t10k-images-idx3-ubyte.gz', new Uint8Array(fs.readFileSync(images))),
    ae.addFile('t10k-labels-idx1-ubyte.gz', new Uint8Array(fs.readFileSync(labels))));
  const s = ae.createSession(cfg);
  const h = s.fit();
  s.delete();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-idx-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(config(images, labels)));
    execFileSync(path.join(root, 'build/native/aeplay'), ['train', path.join(dir, 'c.json'), '--quiet', '--out', path.join(dir, 'r.json')]);
    const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
    assert.deepEqual(h, native); // bit for bit
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(h.loss.length, 2);
  assert.ok(h.val_loss[1] < h.val_loss[0]);
  console.log(`# Fashion-MNIST t10k IDX (1000 images, 2 epochs) in WASM = native: val_loss ${h.val_loss.join(', ')}`);
});
