// Convolutional configs through the JS API of the WASM engine under node (build/web/aeplay.mjs):
// checkConfig names a shape error's field, summary() gives Keras' shapes and seed 004's 332,801
// parameters, the session's rows, and fixed-seed runs on slices of MNIST equal the native CLI's
// losses bit for bit: the small conv autoencoder (conv2d, flatten, dense, reshape,
// conv2d_transpose) for two epochs and seed 003's model (max_pooling2d, up_sampling2d) for one.
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

function nativeHistory(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-conv-'));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
  execFileSync(path.join(root, 'build/native/aeplay'),
    ['train', path.join(dir, 'c.json'), '--quiet', '--out', path.join(dir, 'r.json'), '--data-dir', path.join(root, 'build/data')]);
  const h = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
  fs.rmSync(dir, { recursive: true, force: true });
  return h;
}

test('checkConfig and summary: Keras shapes, counts and shape errors', () => {
  const text = ae.summary(read('examples/seed004_conv_denoiser.json')); // Keras' table
  assert.match(text, /Total params: 332,801\n/);
  assert.match(text, /encoder_1 \(Conv2D\) +\(None, 28, 28, 32\) +320 +3 x 3 x 1 x 32 \+ 32 = 320/);
  assert.match(text, /encoder_6 \(MaxPooling2D\) +\(None, 4, 4, 128\) +0/);
  assert.match(text, /decoder_5 \(Cropping2D\) +\(None, 28, 28, 1\) +0/);
  const bad = read('examples/seed004_conv_denoiser.json');
  bad.model.decoder.pop(); // no cropping: 32 x 32
  assert.match(ae.checkConfig(bad),
    /^model\.decoder\[3\]: output \(None, 32, 32, 1\) does not match the input \(None, 28, 28, 1\); add \{"type": "cropping2d", "cropping": \[\[0, 4\], \[0, 4\]\]\}/);
  assert.throws(() => ae.summary(bad), /does not match the input/);
});

test('a fixed-seed conv run on MNIST equals the native CLI bit for bit', () => {
  ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(path.join(root, 'build/data/mnist.bin'))));
  const session = ae.createSession(read('examples/mnist_conv_small.json'));
  const rows = session.summary().rows; // the session's rows as JSON
  assert.deepEqual(rows.map((r) => r.shape), ['(None, 28, 28, 1)', '(None, 14, 14, 8)', '(None, 7, 7, 16)',
    '(None, 784)', '(None, 16)', '(None, 784)', '(None, 7, 7, 16)', '(None, 14, 14, 8)', '(None, 28, 28, 1)']);
  assert.equal(rows[8].params, 3 * 3 * 1 * 8 + 1); // conv2d_transpose kernel (3, 3, filters 1, cin 8)
  session.delete();
  const small = read('examples/mnist_conv_small.json');
  small.data.samples = 300;
  small.train.epochs = 2;
  const pooled = read('examples/seed003_conv_denoiser.json');
  pooled.data.samples = 60;
  pooled.train.epochs = 1;
  for (const cfg of [small, pooled]) {
    const s = ae.createSession(cfg);
    const h = s.fit();
    s.delete();
    assert.deepEqual(h, nativeHistory(cfg), 'WASM = native');
    console.log(`# ${cfg.model.encoder.length}+${cfg.model.decoder.length} layers, ${cfg.data.samples} digits: WASM = native loss ${h.loss.join(', ')}`);
  }
});
