// The TypeScript declaration (wasm/aeplay.d.ts, installed as build/web/aeplay.d.ts and .d.mts)
// against the real module build/web/aeplay.mjs: the names the module exports are exactly the
// declared values (classes, functions, default), each class's methods are exactly the declared
// ones, and the object createAeplay() resolves to has exactly the members of the Aeplay
// interface; tsc --noEmit --strict (npm typescript) accepts tests/wasm/types/usage.ts, a program
// over the API, and rejects its marked misuses; the calls documented `@throws {AeplayError}` are
// exactly the ones that throw on a bad argument (each is made to throw here, with its message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'build/web');
const mod = await import(path.join(web, 'aeplay.mjs'));

// The declaration's exported values, classes' members and interfaces' members, from its AST.
function declared(file) {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const values = new Set(), classes = {}, interfaces = {};
  const exported = (n) => n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const members = (n) => n.members.filter((m) => m.name && !ts.isConstructorDeclaration(m)).map((m) => m.name.getText(src));
  for (const n of src.statements) {
    if (ts.isExportAssignment(n)) values.add('default');
    if (!exported(n)) continue;
    if (ts.isClassDeclaration(n)) {
      values.add(n.name.text);
      classes[n.name.text] = members(n);
    } else if (ts.isFunctionDeclaration(n)) {
      values.add(n.name.text);
    } else if (ts.isInterfaceDeclaration(n)) {
      interfaces[n.name.text] = members(n);
    } else if (ts.isVariableStatement(n)) {
      for (const d of n.declarationList.declarations) values.add(d.name.getText(src));
    }
  }
  return { values, classes, interfaces };
}

test('the installed declarations are the source one, under both names', () => {
  const source = fs.readFileSync(path.join(root, 'wasm/aeplay.d.ts'), 'utf8');
  assert.equal(fs.readFileSync(path.join(web, 'aeplay.d.ts'), 'utf8'), source);
  assert.equal(fs.readFileSync(path.join(web, 'aeplay.d.mts'), 'utf8'), source);
});

test('every name aeplay.mjs exports is declared, and every declared value exists', async () => {
  const d = declared(path.join(root, 'wasm/aeplay.d.ts'));
  assert.deepEqual([...d.values].sort(), Object.keys(mod).sort());
  assert.equal(mod.default, mod.createAeplay);
  for (const [name, methods] of Object.entries(d.classes)) {
    const real = Object.getOwnPropertyNames(mod[name].prototype).filter((k) => k !== 'constructor');
    // AeplayError declares the `name` field it sets in its constructor (an own property).
    const want = name === 'AeplayError' ? methods.filter((k) => k !== 'name') : methods;
    assert.deepEqual(want.sort(), real.sort(), `${name}'s methods`);
  }
  assert.deepEqual(Object.keys(d.classes).sort(), ['AeplayError', 'Model', 'Session']);
  assert.equal(new mod.AeplayError('x').name, 'AeplayError');
  const ae = await mod.createAeplay();
  assert.deepEqual(d.interfaces.Aeplay.sort(), Object.keys(ae).sort(), 'the Aeplay interface');
  assert.equal(ae.AeplayError, mod.AeplayError);
});

test('tsc --strict accepts a program over the API and rejects its misuses', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const usage = path.join(root, 'tests/wasm/types/usage.ts');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'node16', '--moduleResolution', 'node16',
    '--lib', 'es2022,dom'];
  execFileSync(process.execPath, [tsc, ...args, usage], { encoding: 'utf8' }); // throws with tsc's messages
  // Without the @ts-expect-error marks the misuses are errors, each where expected.
  const bare = path.join(path.dirname(usage), 'usage_unmarked.ts');
  fs.writeFileSync(bare, fs.readFileSync(usage, 'utf8').replace(/^\s*\/\/ @ts-expect-error.*$/gm, ''));
  let out = '';
  try {
    execFileSync(process.execPath, [tsc, ...args, bare], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout;
  } finally {
    fs.rmSync(bare);
  }
  const codes = [...out.matchAll(/error (TS\d+)/g)].map((m) => m[1]);
  assert.equal(codes.length, 5, out);
  assert.match(out, /"swish"/);
  assert.match(out, /"causal"/);
  assert.match(out, /"middle"/);
  assert.match(out, /private/);
  assert.match(out, /'string' is not assignable to parameter of type 'number'/);
});

// Per documented @throws: a call with a bad argument and the start of the message it must throw.
// The keys are Class.member (Aeplay is the object createAeplay() resolves to).
const badCalls = {
  'Session.trainBatches': [(t) => t.s.trainBatches(-1), 'trainBatches: n: expected an integer from 0 to'],
  'Session.setLearningRate': [(t) => t.s.setLearningRate(NaN), 'setLearningRate: lr: expected a number above 0'],
  'Session.setEpochs': [(t) => t.s.setEpochs(0), 'setEpochs: epochs: expected an integer from 1 to 100000'],
  'Session.checkLesson': [(t) => t.s.checkLesson('{}'), ''],
  'Session.submission': [(t) => t.s.submission('{}'), ''],
  'Session.evaluate': [(t) => t.s.evaluate({ k: -1 }), 'evaluate: k: expected a number from 0 to 100'],
  'Session.denoise': [(t) => t.s.denoise({}, { sweep: 1 }), 'denoise: sweep: expected 0 (none) or an integer from 2 to 101'],
  'Session.anomalyCurves': [(t) => t.s.anomalyCurves({ k: 'x' }), 'anomalyCurves: k: expected a number from 0 to 100'],
  'Session.probe': [(t) => t.s.probe({ folds: 1 }), 'probe: folds: expected an integer from 2 to 20'],
  'Session.sensitivity': [(t) => t.s.sensitivity({ maxSamples: -1 }), 'sensitivity: maxSamples: expected an integer from 0 to 1000000'],
  'Session.encode': [(t) => t.s.encode(new Float32Array(3)), 'encode: got 3 values, expected a positive multiple of 4'],
  'Session.decode': [(t) => t.s.decode(new Float32Array(3)), 'decode: got 3 values, expected a positive multiple of 2'],
  'Session.reconstruct': [(t) => t.s.reconstruct([1]), 'reconstruct: got 1 values, expected a positive multiple of 4'],
  'Session.perDimKL': [(t) => t.s.perDimKL(), 'perDimKL: not a variational model'],
  'Session.samplePrior': [(t) => t.s.samplePrior(2), 'samplePrior: not a variational model'],
  'Session.manifoldGrid': [(t) => t.s.manifoldGrid(2), 'manifoldGrid: not a variational model'],
  'Session.exportOnnx': [(t) => t.s.exportOnnx('all'), 'exportOnnx: ONNX part: "all" is not a part'],
  'Model.encode': [(t) => t.m.encode([1]), 'encode: got 1 values, expected a positive multiple of 4'],
  'Model.decode': [(t) => t.m.decode([1, 2, 3]), 'decode: got 3 values, expected a positive multiple of 2'],
  'Model.reconstruct': [(t) => t.m.reconstruct([1]), 'reconstruct: got 1 values, expected a positive multiple of 4'],
  'Model.score': [(t) => t.m.score([1]), 'score: got 1 values, expected a positive multiple of 4'],
  'Model.exportOnnx': [(t) => t.m.exportOnnx('all'), 'exportOnnx: ONNX part: "all" is not a part'],
  'Aeplay.createSession': [(t) => t.ae.createSession({ seed: -1 }), 'seed: expected an integer from 0 to 2147483647, got -1'],
  'Aeplay.resumeSession': [(t) => t.ae.resumeSession(new Uint8Array(4), 'autosave'), 'autosave: '],
  'Aeplay.loadModel': [(t) => t.ae.loadModel(new Uint8Array(3), 'm.aemodel'), 'm.aemodel: '],
  'Aeplay.addDatasetAsset': [(t) => t.ae.addDatasetAsset('svhn', new Uint8Array(1)), 'addDatasetAsset: name: unknown dataset "svhn"'],
  'Aeplay.addFile': [(t) => t.ae.addFile('..', new Uint8Array(1)), 'addFile: name: ".." is not a plain file name'],
  'Aeplay.anomalyCurves': [(t) => t.ae.anomalyCurves([1], [0, 1], 0), 'anomalyCurves: 1 scores but 2 labels'],
  'Aeplay.parseLesson': [(t) => t.ae.parseLesson('{'), ''],
  'Aeplay.lessonConfig': [(t) => t.ae.lessonConfig('{'), ''],
  'Aeplay.evaluateLesson': [(t) => t.ae.evaluateLesson('{', t.s), ''],
  'Aeplay.encodeShareUrl': [(t) => t.ae.encodeShareUrl({ seed: -1 }), 'seed: expected an integer'],
  'Aeplay.decodeShareUrl': [(t) => t.ae.decodeShareUrl('#config=!!'), ''],
  'Aeplay.canonicalConfig': [(t) => t.ae.canonicalConfig({ seed: -1 }), 'seed: expected an integer'],
  'Aeplay.summary': [(t) => t.ae.summary({ seed: -1 }), 'seed: expected an integer'],
};

test('the calls documented @throws {AeplayError} are those that throw it, and they do', async () => {
  const file = path.join(root, 'wasm/aeplay.d.ts');
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const documented = [];
  for (const n of src.statements) {
    if (!(ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n))) continue;
    for (const m of n.members) {
      const tags = ts.getJSDocTags(m).filter((t) => t.tagName.text === 'throws');
      if (tags.length === 0) continue;
      assert.ok(tags.every((t) => /^\{AeplayError\} (when|\(the promise rejects\) when) /.test(t.getText(src).replace(/^@throws /, ''))),
        `${n.name.text}.${m.name.getText(src)}: @throws {AeplayError} when ...`);
      documented.push(`${n.name.text}.${m.name.getText(src)}`);
    }
  }
  assert.deepEqual(documented.sort(), Object.keys(badCalls).sort());
  const ae = await mod.createAeplay();
  const s = ae.createSession({ data: { name: 'uniform', samples: 50, features: 4 },
    model: { input: 4, encoder: [{ type: 'dense', units: 2 }], decoder: [{ type: 'dense', units: 4 }] } });
  const m = ae.loadModel(s.saveModel());
  const t = { ae, s, m };
  for (const [name, [call, start]] of Object.entries(badCalls)) {
    let thrown = null;
    try {
      await call(t);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof mod.AeplayError, `${name}: ${thrown}`);
    assert.ok(thrown.message.length > 0 && thrown.message.startsWith(start), `${name}: ${thrown.message}`);
  }
  m.delete();
  s.delete();
});
