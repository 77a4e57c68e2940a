// The JS API's one error rule (issue 15), through build/web/aeplay.mjs: every call returns its
// value or throws an AeplayError whose message names the argument (or field, or file and line)
// and what is accepted; bad arguments are never silently ignored, a refused call leaves the state
// as it was, and the value paths still give the same values. Also the core's one result shape
// ({ ok, value } / { ok, error }) that the glue unwraps.
// Not here: the engine's own messages for bad configs, files and assets (the bad-input corpus in
// api.test.mjs), the numbers of training (api.test.mjs, the seeds' tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createAeplay, AeplayError } = await import(path.join(root, 'build/web/aeplay.mjs'));
const ae = await createAeplay();
const read = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

// The call throws an AeplayError whose whole message is `message`.
function throwsExactly(fn, message) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof AeplayError, `${e?.name}: ${e?.message}`);
    assert.equal(e.name, 'AeplayError');
    assert.equal(e.message, message);
    return true;
  });
}

const small = () => {
  const cfg = read('examples/seed000_dense.json');
  cfg.data = { name: 'uniform', samples: 200, features: 100 };
  cfg.train = { ...cfg.train, epochs: 2 };
  return cfg;
};

test('setLearningRate refuses what the config would refuse, and keeps the old rate', () => {
  const s = ae.createSession(small());
  const lr = () => JSON.parse(s.config()).train.optimizer.learning_rate;
  const before = lr();
  const accepted = 'setLearningRate: lr: expected a number above 0 and at most 100, got ';
  throwsExactly(() => s.setLearningRate(-1), `${accepted}-1`);
  throwsExactly(() => s.setLearningRate(0), `${accepted}0`);
  throwsExactly(() => s.setLearningRate(NaN), `${accepted}NaN`);
  throwsExactly(() => s.setLearningRate(101), `${accepted}101`);
  throwsExactly(() => s.setLearningRate('0.1'), `${accepted}the string "0.1"`);
  throwsExactly(() => s.setLearningRate(), `${accepted}undefined`);
  assert.equal(lr(), before);
  s.setLearningRate(0.0125); // the value path: the config reports the new rate
  assert.equal(lr(), 0.0125);
  s.delete();
});

test('setEpochs takes an integer from 1 to kMaxEpochs, and keeps the old count otherwise', () => {
  const s = ae.createSession(small());
  const accepted = 'setEpochs: epochs: expected an integer from 1 to 100000, got ';
  throwsExactly(() => s.setEpochs(0), `${accepted}0`);
  throwsExactly(() => s.setEpochs(-3), `${accepted}-3`);
  throwsExactly(() => s.setEpochs(100001), `${accepted}100001`);
  throwsExactly(() => s.setEpochs(2.5), `${accepted}2.5`);
  throwsExactly(() => s.setEpochs(NaN), `${accepted}NaN`);
  throwsExactly(() => s.setEpochs('3'), `${accepted}the string "3"`);
  throwsExactly(() => s.setEpochs(null), `${accepted}null`);
  assert.equal(s.progress().epochs, 2);
  s.fit();
  assert.equal(s.progress().done, true);
  s.setEpochs(3); // a finished session goes on
  assert.equal(s.progress().epochs, 3);
  assert.equal(s.progress().done, false);
  assert.equal(s.fit().loss.length, 3);
  s.setEpochs(100000); // the limit itself is accepted
  assert.equal(s.progress().epochs, 100000);
  s.delete();
});

test('trainBatches, evaluate and anomalyCurves name the bad argument and the range', () => {
  const s = ae.createSession(small());
  throwsExactly(() => s.trainBatches(-1), 'trainBatches: n: expected an integer from 0 to 2147483647, got -1');
  throwsExactly(() => s.trainBatches(1.5), 'trainBatches: n: expected an integer from 0 to 2147483647, got 1.5');
  assert.equal(s.progress().samples_seen, 0, 'refused calls trained nothing');
  assert.equal(s.trainBatches(2), 2); // the value path
  assert.equal(s.trainBatches(0), 0);
  throwsExactly(() => s.evaluate({ k: -1 }), 'evaluate: k: expected a number from 0 to 100, got -1');
  throwsExactly(() => s.evaluate({ errors: 'yes' }), 'evaluate: errors: expected true or false, got the string "yes"');
  throwsExactly(() => s.anomalyCurves({ k: NaN }), 'anomalyCurves: k: expected a number from 0 to 100, got NaN');
  assert.equal(s.anomalyCurves(), null); // uniform data have no ground truth: a value, not an error
  throwsExactly(() => s.sensitivity({ delta: -1 }), 'sensitivity: delta: expected a number from 0.000001 to 100, got -1');
  throwsExactly(() => s.probe({ maxSamples: 3 }), 'probe: maxSamples: expected an integer from 5 to 1000000, got 3');
  throwsExactly(() => s.denoise({}, { sample: -2 }), 'denoise: sample: expected -1 (none) or 0 to 39, got -2');
  throwsExactly(() => s.denoise({}, { sweep: 2.5 }), 'denoise: sweep: expected 0 (none) or an integer from 2 to 101, got 2.5');
  s.delete();
});

test('arrays of the wrong size or type, and the VAE-only calls on a plain model', () => {
  const s = ae.createSession(small());
  throwsExactly(() => s.encode(new Float32Array(150)), "encode: got 150 values, expected a positive multiple of 100 (the model's input size)");
  throwsExactly(() => s.reconstruct([]), "reconstruct: got 0 values, expected a positive multiple of 100 (the model's input size)");
  throwsExactly(() => s.decode('abc'), 'decode: expected a Float32Array or an array of numbers');
  throwsExactly(() => s.samplePrior(2, 1), 'samplePrior: not a variational model (set model.variational in the config)');
  throwsExactly(() => s.manifoldGrid(3, 0, 1), 'manifoldGrid: not a variational model (set model.variational in the config)');
  throwsExactly(() => s.exportOnnx('middle'), 'exportOnnx: ONNX part: "middle" is not a part; accepted: encoder, decoder, full');
  const m = ae.loadModel(s.saveModel(), 'm.aeplay');
  throwsExactly(() => m.decode(new Float32Array(7)), 'decode: got 7 values, expected a positive multiple of 10');
  assert.equal(m.decode(new Float32Array(20)).length, 200); // the value path
  m.delete();
  throwsExactly(() => m.info(), 'model: already deleted');
  throwsExactly(() => ae.loadModel('bytes', 'm.aeplay'), "m.aeplay: expected the model file's bytes as a Uint8Array, got string");
  throwsExactly(() => ae.resumeSession([1, 2], 'autosave'), "autosave: expected the checkpoint's bytes as a Uint8Array, got object");
  throwsExactly(() => s.checkLesson(7), 'lesson: expected a JSON string or an object, got number');
  s.delete();
  throwsExactly(() => s.setEpochs(3), 'session: already deleted');
});

test('addFile holds the bytes under /upload/<name>; messages name the file as the user named it', () => {
  const key = ae.addFile('iris.csv', new TextEncoder().encode('a,b\n1,2\n3\n4,5\n'));
  assert.equal(key, '/upload/iris.csv');
  const cfg = { data: { name: 'csv', path: key }, model: { input: 2, encoder: [{ type: 'dense', units: 1 }], decoder: [{ type: 'dense', units: 2 }] } };
  assert.throws(() => ae.createSession(cfg), { name: 'AeplayError', message: /^iris\.csv: line 3: 1 columns, but the rows above have 2/ });
  // A second file of the same name replaces the first; the session then reads the new bytes.
  assert.equal(ae.addFile('iris.csv', new TextEncoder().encode('a,b\n1,2\n3,4\n5,6\n')), key);
  const s = ae.createSession(cfg);
  assert.deepEqual(Array.from(s.xTrain()).concat(Array.from(s.xVal())).sort(), [1, 2, 3, 4, 5, 6]);
  s.delete();
  // A key nothing was added under is a file that is not there, named by the config's field.
  assert.throws(() => ae.createSession({ ...cfg, data: { name: 'csv', path: '/upload/none.csv' } }),
    { name: 'AeplayError', message: /^data\.path: cannot open "\/upload\/none\.csv"/ });
  throwsExactly(() => ae.addFile('a/b.csv', new Uint8Array(1)), 'addFile: name: "a/b.csv" is not a plain file name (1 to 200 characters, no \'/\')');
  throwsExactly(() => ae.addFile('', new Uint8Array(1)), 'addFile: name: "" is not a plain file name (1 to 200 characters, no \'/\')');
  throwsExactly(() => ae.addFile('x.csv', 'a,b'), "addFile: bytes: expected the file's bytes as a Uint8Array, got string");
  throwsExactly(() => ae.addDatasetAsset('cifar', new Uint8Array(1)), 'addDatasetAsset: name: unknown dataset "cifar"; accepted: mnist, fashion_mnist');
});

test('config calls throw the engine\'s own message (no second parse in JS)', () => {
  const bad = { ...small(), seed: -1 };
  const message = 'seed: expected an integer from 0 to 2147483647, got -1';
  assert.equal(ae.checkConfig(bad), message); // a validator: the message is its value
  throwsExactly(() => ae.canonicalConfig(bad), message);
  throwsExactly(() => ae.summary(bad), message);
  throwsExactly(() => ae.createSession(bad), message);
  throwsExactly(() => ae.canonicalConfig(42), 'config: expected a JSON string or an object, got number');
  throwsExactly(() => ae.anomalyCurves([0.1, 0.9], [0, 1], NaN), 'anomalyCurves: threshold: expected a number (not NaN), got NaN');
  throwsExactly(() => ae.anomalyCurves([0.1, 0.9], [0, 1], '0.5'), 'anomalyCurves: threshold: expected a number (not NaN), got the string "0.5"');
  throwsExactly(() => ae.anomalyCurves('0.1', [0], 0), 'anomalyCurves: scores: expected an array of numbers, got the string "0.1"');
  throwsExactly(() => ae.evaluateLesson({}, {}), 'evaluateLesson: session: expected a Session from createSession');
  // Value paths: the canonical config fills defaults and round-trips; curves of a perfect score.
  const canonical = JSON.parse(ae.canonicalConfig(small()));
  assert.equal(canonical.train.epochs, 2);
  assert.equal(ae.canonicalConfig(canonical), ae.canonicalConfig(small()));
  const curves = ae.anomalyCurves([0.1, 0.2, 0.8, 0.9], [0, false, 1, true], 0.5);
  assert.equal(curves.auc, 1);
  assert.deepEqual([curves.at.tp, curves.at.fp, curves.at.tn, curves.at.fn], [2, 0, 2, 0]);
});

test('the core answers every fallible call in one shape: { ok, value } or { ok, error }', async () => {
  const { default: createCore } = await import(path.join(root, 'build/web/aeplay_core.mjs'));
  const core = await createCore();
  assert.deepEqual({ ...core.addFile('../x', new Uint8Array(1)) },
    { ok: false, error: 'addFile: name: "../x" is not a plain file name (1 to 200 characters, no \'/\')' });
  assert.deepEqual({ ...core.addFile('x.csv', new Uint8Array(1)) }, { ok: true, value: '/upload/x.csv' });
  assert.deepEqual({ ...core.canonicalConfig('{"seed": -1}') }, { ok: false, error: 'seed: expected an integer from 0 to 2147483647, got -1' });
  const s = new core.Session();
  assert.deepEqual({ ...s.setEpochs(3) }, { ok: false, error: 'session: not initialized' });
  const init = s.init(JSON.stringify(small()));
  assert.equal(init.ok, true);
  assert.deepEqual({ ...s.setEpochs(0) }, { ok: false, error: 'setEpochs: epochs: expected an integer from 1 to 100000, got 0' });
  assert.deepEqual({ ...s.setEpochs(4) }, { ok: true, value: undefined });
  assert.equal(JSON.parse(s.statusJson().value).epochs, 4);
  s.delete();
});
