// The WASM engine under node, through the public JS API (build/web/aeplay.mjs):
// parity with the native golden run, the API's contract (errors, copies, shapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
const ae = await createAeplay();
const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

test('WASM reproduces the native golden history of seed 000 (1e-6 relative)', () => {
  const golden = JSON.parse(read('tests/golden/seed000_history.json'));
  const s = ae.createSession(read(golden.config));
  assert.equal(s.summary().params, golden.params);
  const t0 = performance.now();
  const h = s.fit();
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(h.loss.length, golden.history.loss.length);
  assert.equal(h.val_loss.length, golden.history.val_loss.length);
  let worst = 0;
  for (const key of ['loss', 'val_loss']) {
    golden.history[key].forEach((g, i) => {
      const rel = Math.abs(h[key][i] - g) / Math.abs(g);
      worst = Math.max(worst, rel);
      assert.ok(rel <= 1e-6, `${key}[${i}]: wasm ${h[key][i]} vs native ${g}`);
    });
  }
  console.log(`# seed000 50 epochs in WASM: ${seconds.toFixed(2)} s, worst relative difference to native ${worst}`);
  s.delete();
});

test('summary matches the seed walkthrough', () => {
  const s = ae.createSession(read('examples/seed000_dense.json'));
  const sum = s.summary();
  assert.equal(sum.params, 17838);
  assert.deepEqual(sum.rows.map((r) => r.params), [0, 6464, 2080, 330, 352, 2112, 6500]);
  assert.equal(sum.latent, 10);
  assert.match(sum.text, /Compression ratio: 100:10 = 10:1/);
  assert.match(ae.summary(read('examples/seed001_linear.json')), /Total params: 57/);
  s.delete();
});

test('bad configs throw Errors with the engine message', () => {
  assert.throws(() => ae.createSession('{"seed": -1}'), { name: 'AeplayError', message: /^seed: expected an integer from 0 to 2147483647, got -1$/ });
  assert.throws(() => ae.createSession('{"seed": 1,'), /config: parse error at line 1/);
  assert.throws(() => ae.createSession({ model: { input: 4 } }), /model.encoder: missing/);
  assert.throws(() => ae.createSession(42), /config: expected a JSON string or an object/);
  assert.equal(ae.checkConfig(read('examples/seed001_linear.json')), '');
  const withLr = { ...JSON.parse(read('examples/seed001_linear.json')), train: { optimizer: { type: 'adam', lr: 0.1 } } };
  assert.match(ae.checkConfig(withLr), /^train.optimizer.lr: unknown key \(did you mean "learning_rate"\? Keras renamed it\)/);
});

test('encode, decode and reconstruct share weights and return copies', () => {
  const s = ae.createSession(read('examples/seed000_dense.json'));
  s.trainBatches(5);
  const x = s.xVal().slice(0, 3 * 100);
  const z = s.encode(x);
  assert.ok(z instanceof Float32Array);
  assert.equal(z.length, 3 * 10);
  const xr = s.reconstruct(x);
  assert.deepEqual(s.decode(z), xr);
  const before = Float32Array.from(xr);
  // More training (and a big allocation that may grow the heap) must not touch the copies.
  s.trainEpoch();
  const big = ae.createSession({ ...JSON.parse(read('examples/seed000_dense.json')), data: { name: 'uniform', samples: 60000, features: 100 } });
  assert.deepEqual(xr, before);
  assert.notDeepEqual(s.reconstruct(x), before);
  assert.throws(() => s.encode(new Float32Array(7)), /encode: got 7 values, expected a positive multiple of 100/);
  assert.throws(() => s.decode(new Float32Array(15)), /decode: got 15 values, expected a positive multiple of 10/);
  big.delete();
  s.delete();
  assert.throws(() => s.trainEpoch(), /session: already deleted/);
});

test('training is sliceable: batch by batch equals epoch by epoch', () => {
  const cfg = { ...JSON.parse(read('examples/seed000_dense.json')), data: { name: 'uniform', samples: 500, features: 100 } };
  cfg.train = { ...cfg.train, epochs: 2 };
  const a = ae.createSession(cfg);
  const b = ae.createSession(cfg);
  a.fit();
  while (!b.progress().done) b.trainBatches(3);
  assert.deepEqual(a.history(), b.history());
  assert.deepEqual(a.params(), b.params());
  a.delete();
  b.delete();
});

test('evaluate gives the seeds\' numbers, the same as native', () => {
  const cfg = { ...JSON.parse(read('examples/seed000_denoising.json')), data: { name: 'uniform', samples: 1000, features: 100 } };
  cfg.train = { ...cfg.train, epochs: 3 };
  const s = ae.createSession(cfg);
  s.fit();
  const e = s.evaluate({ k: 3, errors: true });
  assert.equal(e.set, 'validation');
  assert.equal(e.samples, 200);
  assert.equal(e.errors.length, 200);
  const mean = e.errors.reduce((a, b) => a + b, 0) / e.errors.length;
  assert.ok(Math.abs(mean - e.per_sample_error.mean) < 1e-12);
  assert.equal(e.anomaly.flagged, e.errors.filter((v) => v > e.anomaly.threshold).length);
  assert.equal(e.pca.k, 10);
  // Uniform iid data has no structure to denoise (seed 000's own data): the numbers must still be
  // consistent. N(0, 0.3) noise clipped to [0, 1] on U(0, 1) values has an MSE of about 0.06.
  assert.ok(e.denoising.mse_noisy > 0.04 && e.denoising.mse_noisy < 0.08, `noisy MSE ${e.denoising.mse_noisy}`);
  assert.equal(e.denoising.mse_denoised, e.reconstruction.mse);
  assert.ok(Math.abs(e.denoising.noise_reduction_percent - (1 - e.denoising.mse_denoised / e.denoising.mse_noisy) * 100) < 1e-9);
  assert.ok(Math.abs(e.reconstruction.mse - s.history().val_loss.at(-1)) < 1e-7);
  s.delete();
});

test('a saved model loads back and serves in original units, files from native too', () => {
  const cfg = { ...JSON.parse(read('examples/seed001_linear.json')), data: { name: 'sequences', samples: 100, noise: 1.5, scaling: 'minmax' } };
  cfg.train = { ...cfg.train, epochs: 30, optimizer: { type: 'adam', learning_rate: 0.01 } };
  const s = ae.createSession(cfg);
  s.fit();
  const bytes = s.saveModel();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 100);
  const m = ae.loadModel(bytes, 'seed001.aemodel');
  const info = m.info();
  assert.equal(info.params, 57);
  assert.equal(info.scaling, 'minmax');
  assert.deepEqual(info.history.loss, s.history().loss);
  const x = new Float32Array([10, 90, 10, 90, 10, 10, 1000, 10, 1000, 10]);
  const xr = m.reconstruct(x);
  assert.equal(xr.length, 10);
  assert.ok(Math.abs(xr[0] - 10) < 5 && Math.abs(xr[1] - 90) < 5, `reconstruction in original units: ${xr.slice(0, 5)}`);
  const z = m.encode(x);
  assert.deepEqual(m.decode(z), xr);
  const scores = m.score(x);
  const threshold = info.train_error.mean + 3 * info.train_error.std;
  assert.ok(scores[0] < threshold && scores[1] > threshold, `scores ${scores}, threshold ${threshold}`);
  const corrupted = Uint8Array.from(bytes);
  corrupted[corrupted.length - 20] ^= 1;
  assert.throws(() => ae.loadModel(corrupted, 'm.aemodel'), /^AeplayError: m.aemodel: checksum mismatch: the file is corrupted$/);
  assert.throws(() => ae.loadModel(new Uint8Array(3), 'm.aemodel'), /too short to be an aeplay model file/);
  assert.throws(() => m.score(new Float32Array(4)), /score: got 4 values, expected a positive multiple of 5/);
  m.delete();
  s.delete();
});

test('a model file written by the native CLI serves the same numbers in WASM', async () => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const cli = path.join(root, 'build/native/aeplay');
  assert.ok(fs.existsSync(cli), 'build/native/aeplay missing: ./scripts/build native');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-'));
  const cfg = path.join(dir, 'c.json'), model = path.join(dir, 'm.aemodel'), input = path.join(dir, 'x.csv');
  fs.writeFileSync(cfg, JSON.stringify({ data: { name: 'sequences', scaling: 'standard' },
    model: { input: 5, encoder: [{ type: 'dense', units: 3, activation: 'tanh' }, { type: 'dense', units: 2 }], decoder: [{ type: 'dense', units: 5 }] },
    train: { epochs: 40, optimizer: { type: 'adam', learning_rate: 0.01 } } }));
  execFileSync(cli, ['train', cfg, '--quiet', '--save', model]);
  fs.writeFileSync(input, '1,99,2,98,3\n50,50,50,50,50\n');
  const nativeCsv = execFileSync(cli, ['reconstruct', '--model', model, '--input', input]).toString();
  const native = nativeCsv.trim().split('\n').flatMap((l) => l.split(',').map(Number));
  const m = ae.loadModel(new Uint8Array(fs.readFileSync(model)), 'm.aemodel');
  const wasm = m.reconstruct(new Float32Array([1, 99, 2, 98, 3, 50, 50, 50, 50, 50]));
  // %.9g round-trips a float exactly: the two engines agree bit for bit.
  assert.deepEqual(Array.from(wasm), native.map((v) => Math.fround(v)));
  m.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('checkpoint and resume continue a run exactly', () => {
  const cfg = { ...JSON.parse(read('examples/seed000_dense.json')), data: { name: 'uniform', samples: 600, features: 100 } };
  cfg.train = { ...cfg.train, epochs: 4 };
  const whole = ae.createSession(cfg);
  whole.fit();
  const part = ae.createSession(cfg);
  part.trainBatches(11); // mid-epoch
  const bytes = part.checkpoint();
  part.delete();
  const resumed = ae.resumeSession(bytes, 'autosave');
  assert.ok(resumed.progress().samples_seen > 0 && resumed.progress().epoch === 1, 'resumed mid-epoch 2');
  resumed.fit();
  assert.deepEqual(resumed.history(), whole.history());
  assert.deepEqual(resumed.params(), whole.params());
  const broken = Uint8Array.from(bytes.subarray(0, bytes.length - 3));
  assert.throws(() => ae.resumeSession(broken, 'autosave'), /^AeplayError: autosave: checksum mismatch/);
  whole.delete();
  resumed.delete();
});

test('real MNIST digits train in WASM to the same numbers as natively', async () => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const asset = path.join(root, 'build/data/mnist.bin');
  assert.ok(fs.existsSync(asset), 'build/data/mnist.bin missing: ./scripts/build');
  assert.throws(() => ae.addDatasetAsset('mnist', new Uint8Array(10)), /mnist.bin: not an aeplay dataset asset/);
  ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(asset)));
  const cfg = { seed: 3, data: { name: 'mnist', samples: 1000 },
    model: { input: 784, encoder: [{ type: 'dense', units: 32, activation: 'relu' }], decoder: [{ type: 'dense', units: 784, activation: 'sigmoid' }] },
    train: { epochs: 2, batch_size: 64, validation_split: 0.2, loss: 'binary_crossentropy' } };
  const s = ae.createSession(cfg);
  const h = s.fit();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-'));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
  execFileSync(path.join(root, 'build/native/aeplay'), ['train', path.join(dir, 'c.json'), '--quiet', '--out', path.join(dir, 'r.json')]);
  const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
  assert.deepEqual(h, native); // bit for bit, on real data
  assert.ok(h.val_loss[1] < h.val_loss[0]);
  console.log(`# mnist (1000 digits, 2 epochs) in WASM = native: val_loss ${h.val_loss.join(', ')}`);
  s.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the bad-input corpus gives the same messages through the JS API', () => {
  const { cases } = JSON.parse(read('tests/corpus/bad_inputs.json'));
  assert.ok(cases.length >= 50);
  const denoiser = ae.createSession(read('examples/seed001_linear.json')); // for 'denoise' specs
  for (const k of cases) {
    const bytes = k.input_base64 !== undefined ? new Uint8Array(Buffer.from(k.input_base64, 'base64')) : null;
    let message = '';
    try {
      if (k.format === 'config') message = ae.checkConfig(k.input);
      else if (k.format === 'csv') message = ae.checkCsv(k.input, 'data.csv');
      else if (k.format === 'model') ae.loadModel(bytes, 'model.aemodel');
      else if (k.format === 'checkpoint') ae.resumeSession(bytes, 'autosave');
      else if (k.format === 'dataset') ae.addDatasetAsset('mnist', bytes);
      else if (k.format === 'denoise') denoiser.denoise(k.input);
      else if (k.format === 'export_part') denoiser.exportOnnx(k.input);
      else if (k.format === 'lesson') ae.parseLesson(k.input);
      else if (k.format === 'url_state') ae.decodeShareUrl('#' + k.input);
      else if (k.format === 'csv_dataset') {
        const file = ae.addFile('data.csv', new TextEncoder().encode(k.input));
        ae.createSession({ data: { name: 'csv', path: file }, model: { input: 1, encoder: [{ type: 'dense', units: 1 }], decoder: [{ type: 'dense', units: 1 }] } });
      }
      else if (k.format === 'idx_dataset') {
        const data = { name: 'idx', images: ae.addFile('images.idx', bytes) };
        if (k.labels_base64 !== undefined) data.labels = ae.addFile('labels.idx', new Uint8Array(Buffer.from(k.labels_base64, 'base64')));
        ae.createSession({ data, model: { input: 4, encoder: [{ type: 'dense', units: 2 }], decoder: [{ type: 'dense', units: 4 }] } });
      }
      else assert.fail(`unknown format ${k.format}`);
    } catch (e) {
      assert.equal(e.name, 'AeplayError', `${k.format}: ${k.what}: ${e.message}`);
      message = e.message;
    }
    assert.ok(message.includes(k.expected), `${k.format}: ${k.what}\n  expected: ${k.expected}\n  got: ${message}`);
  }
  denoiser.delete();
});

test('well logs and an uploaded CSV train in WASM to the same numbers as natively', async () => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-'));
  const cli = path.join(root, 'build/native/aeplay');
  const model = (n) => ({ input: n, encoder: [{ type: 'dense', units: 4, activation: 'tanh' }], decoder: [{ type: 'dense', units: n }] });
  let csv = 'depth,gr,rho,kind\n';
  for (let i = 0; i < 60; i++) csv += `${i * 0.5},"${(40 + 30 * Math.sin(i / 5)).toFixed(3)}",${(2.2 + (i % 7) * 0.05).toFixed(2)},${i % 9 ? 'shale' : 'sand'}\n`;
  fs.writeFileSync(path.join(dir, 'logs.csv'), csv);
  const runs = [
    { seed: 5, data: { name: 'well_logs', samples: 300, features: 32, noise: 2, anomalies: 0.2, normal_classes: [0] },
      model: model(32), train: { epochs: 3, validation_split: 0.25 } },
    { seed: 5, data: { name: 'csv', path: 'logs.csv', label_column: 'kind', scaling: 'standard' },
      model: model(3), train: { epochs: 3, batch_size: 8, validation_split: 0.2 } },
  ];
  for (const cfg of runs) {
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
    execFileSync(cli, ['train', 'c.json', '--quiet', '--out', 'r.json'], { cwd: dir });
    const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
    const inPage = cfg.data.name === 'csv'
      ? { ...cfg, data: { ...cfg.data, path: ae.addFile('logs.csv', new Uint8Array(fs.readFileSync(path.join(dir, 'logs.csv')))) } }
      : cfg;
    assert.equal(inPage.data.path ?? '/upload/logs.csv', '/upload/logs.csv');
    const s = ae.createSession(inPage);
    assert.deepEqual(s.fit(), native, cfg.data.name); // bit for bit
    s.delete();
  }
  assert.throws(() => ae.addFile('../x.csv', new Uint8Array(1)), /^AeplayError: addFile: name: "..\/x.csv" is not a plain file name \(1 to 200 characters/);
  fs.rmSync(dir, { recursive: true, force: true });
});
