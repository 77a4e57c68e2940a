// ONNX and NPZ exports through the JS API (build/web/aeplay.mjs), run for real: ONNX Runtime
// (npm onnxruntime-node, CPU) runs the encoder, decoder and full exports of trained models and
// must give the engine's encode / decode / reconstruct within 1e-5 (relative beyond 1), in raw
// units (the scaler is inside the graph), for dense models and for convolutional ones: seeds 003
// and 004 and the small MNIST conv model trained for a few batches on a few hundred digits, and a
// model with odd sizes that has every layer type (valid / same windows padded only at the bottom
// and right, a conv2d_transpose kernel smaller than its stride, cropping, dropout, minmax
// scaling); the native CLI's `aeplay export` writes the same bytes
// as the WASM build; an unknown part is a thrown AeplayError naming the accepted parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
const ae = await createAeplay();

const dense = (units, activation) => ({ type: 'dense', units, activation });
const configs = {
  // every activation, standard scaling
  all: { seed: 5, data: { name: 'uniform', samples: 200, features: 12, scaling: 'standard' },
    model: { input: 12, encoder: [dense(8, 'elu'), dense(3, 'leaky_relu')], decoder: [dense(8, 'tanh'), dense(12, 'sigmoid')] },
    train: { epochs: 3, batch_size: 32 } },
  // relu and linear, minmax scaling
  minmax: { seed: 6, data: { name: 'uniform', samples: 200, features: 10, scaling: 'minmax' },
    model: { input: 10, encoder: [dense(4, 'relu')], decoder: [dense(10, 'linear')] },
    train: { epochs: 3, batch_size: 32 } },
  // the seed 000 model, unscaled
  seed000: JSON.parse(fs.readFileSync(path.join(root, 'examples/seed000_dense.json'), 'utf8')),
};
configs.seed000.train = { ...configs.seed000.train, epochs: 2 };

// Convolutional models: trained for `batches` mini-batches (weights away from their init).
const example = (name, samples) => {
  const c = JSON.parse(fs.readFileSync(path.join(root, `examples/${name}.json`), 'utf8'));
  c.data.samples = samples;
  return c;
};
const convConfigs = {
  seed003: { config: example('seed003_conv_denoiser', 300), batches: 4 },
  seed004: { config: example('seed004_conv_denoiser', 200), batches: 2 },
  mnist_conv_small: { config: example('mnist_conv_small', 300), batches: 8 },
  // the same model as tests/native/test_export.cpp's graph test (its pads are checked there)
  odd: { batches: 12, config: { seed: 8, data: { name: 'uniform', samples: 256, features: 126, scaling: 'minmax' },
    model: { input: [9, 7, 2],
      encoder: [{ type: 'conv2d', filters: 3, kernel_size: 3, strides: 2, activation: 'relu' },
        { type: 'max_pooling2d', pool_size: 2, padding: 'same' }, { type: 'dropout', rate: 0.1 },
        { type: 'flatten' }, dense(5, 'tanh')],
      decoder: [dense(12, 'elu'), { type: 'reshape', target_shape: [2, 2, 3] },
        { type: 'up_sampling2d', size: [2, 3] },
        { type: 'conv2d_transpose', filters: 4, kernel_size: [1, 2], strides: [2, 3] },
        { type: 'conv2d', filters: 3, kernel_size: [2, 3], strides: [1, 2], padding: 'same', activation: 'leaky_relu' },
        { type: 'conv2d_transpose', filters: 2, kernel_size: 3, strides: 2, activation: 'sigmoid' },
        { type: 'cropping2d', cropping: [[4, 4], [6, 6]] }] },
    train: { epochs: 1, batch_size: 16 } } },
};
ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(path.join(root, 'build/data/mnist.bin'))));

// Raw inputs: deterministic, around and beyond the data's range.
function inputs(n, d) {
  const x = new Float32Array(n * d);
  let u = 12345;
  for (let i = 0; i < x.length; i++) {
    u = (Math.imul(u, 1103515245) + 12345) >>> 0;
    x[i] = 1.4 * (u / 2 ** 32) - 0.2;
  }
  return x;
}

async function runOnnx(bytes, x, width) {
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, ['input']);
  assert.deepEqual(session.outputNames, ['output']);
  const out = await session.run({ input: new ort.Tensor('float32', x, [x.length / width, width]) });
  return out.output;
}

// Returns the worst difference relative beyond 1 (the asserted one) and the worst absolute one.
function assertClose(got, want, what) {
  assert.equal(got.length, want.length, what);
  let worst = 0, worstAbs = 0;
  for (let i = 0; i < want.length; i++) {
    const abs = Math.abs(got[i] - want[i]);
    const err = abs / Math.max(1, Math.abs(want[i]));
    worst = Math.max(worst, err);
    worstAbs = Math.max(worstAbs, abs);
    assert.ok(err <= 1e-5, `${what}[${i}]: onnxruntime ${got[i]} vs engine ${want[i]}`);
  }
  return [worst, worstAbs];
}

// ONNX Runtime on the session's three exports against the loaded model's encode / decode /
// reconstruct of n samples; returns the worst differences over the parts.
async function compareParts(name, s, n) {
  const m = ae.loadModel(s.saveModel(), name);
  const { input: d, latent: k } = m.info();
  const x = inputs(n, d);
  const z = m.encode(x);
  const cases = [['encoder', x, d, z], ['decoder', z, k, m.decode(z)], ['full', x, d, m.reconstruct(x)]];
  let worst = 0, worstAbs = 0;
  for (const [part, input, width, want] of cases) {
    const bytes = s.exportOnnx(part);
    assert.deepEqual(m.exportOnnx(part), bytes, `${part}: session and model exports differ`);
    const out = await runOnnx(bytes, input, width);
    assert.deepEqual(out.dims, [n, want.length / n]);
    const [rel, abs] = assertClose(out.data, want, `${name} ${part}`);
    worst = Math.max(worst, rel);
    worstAbs = Math.max(worstAbs, abs);
  }
  m.delete();
  return [worst, worstAbs];
}

for (const [name, config] of Object.entries(configs)) {
  test(`ONNX Runtime runs the ${name} model's encoder, decoder and full export like the engine`, async () => {
    const s = ae.createSession(config);
    s.fit();
    const [worst, worstAbs] = await compareParts(name, s, 37); // 37: not a multiple of any chunk
    console.log(`# ${name}: worst difference onnxruntime vs engine: relative ${worst.toExponential(2)}, absolute ${worstAbs.toExponential(2)}`);
    assert.deepEqual(s.exportOnnx(), s.exportOnnx('full'));
    s.delete();
  });
}

for (const [name, { config, batches }] of Object.entries(convConfigs)) {
  test(`ONNX Runtime runs the convolutional ${name} model's encoder, decoder and full export like the engine`, async () => {
    const s = ae.createSession(config);
    assert.equal(s.trainBatches(batches), batches);
    const [worst, worstAbs] = await compareParts(name, s, 5);
    console.log(`# ${name}: worst difference onnxruntime vs engine: relative ${worst.toExponential(2)}, absolute ${worstAbs.toExponential(2)}`);
    s.delete();
  });
}

test('the native CLI exports the same ONNX and NPZ bytes as the JS API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-export-'));
  const cli = path.join(root, 'build/native/aeplay');
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(configs.all));
  execFileSync(cli, ['train', 'c.json', '--quiet', '--save', 'm.aeplay'], { cwd: dir });
  execFileSync(cli, ['export', '--model', 'm.aeplay', '--onnx', 'e.onnx', '--part', 'encoder', '--npz', 'm.npz'], { cwd: dir });
  const m = ae.loadModel(new Uint8Array(fs.readFileSync(path.join(dir, 'm.aeplay'))));
  assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'e.onnx'))), m.exportOnnx('encoder'));
  assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'm.npz'))), m.exportNpz());
  m.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an NPZ export is a zip of .npy members named like Keras variables', () => {
  const s = ae.createSession(configs.minmax);
  s.fit();
  const npz = s.exportNpz();
  const names = [];
  const view = new DataView(npz.buffer, npz.byteOffset, npz.byteLength);
  for (let at = 0; view.getUint32(at, true) === 0x04034b50;) { // local file headers
    const size = view.getUint32(at + 18, true), len = view.getUint16(at + 26, true);
    names.push(new TextDecoder().decode(npz.subarray(at + 30, at + 30 + len)));
    at += 30 + len + size;
  }
  assert.deepEqual(names, ['encoder_1/kernel.npy', 'encoder_1/bias.npy', 'decoder_1/kernel.npy', 'decoder_1/bias.npy',
    'scaler/offset.npy', 'scaler/scale.npy', 'config.npy']);
  s.delete();
});

test('an unknown ONNX part is an error naming the accepted parts', () => {
  const s = ae.createSession(configs.minmax);
  assert.throws(() => s.exportOnnx('middle'), {
    name: 'AeplayError',
    message: 'exportOnnx: ONNX part: "middle" is not a part; accepted: encoder, decoder, full',
  });
  const m = ae.loadModel(s.saveModel());
  assert.throws(() => m.exportOnnx('Encoder'), { name: 'AeplayError', message: /accepted: encoder, decoder, full/ });
  m.delete();
  s.delete();
});
