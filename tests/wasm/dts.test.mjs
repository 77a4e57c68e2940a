// The TypeScript declaration (wasm/aeplay.d.ts, installed as build/web/aeplay.d.ts and .d.mts)
// against the real module build/web/aeplay.mjs: the names the module exports are exactly the
// declared values (classes, functions, default), each class's methods are exactly the declared
// ones, and the object createAeplay() resolves to has exactly the members of the Aeplay
// interface; tsc --noEmit --strict (npm typescript) accepts tests/wasm/types/usage.ts, a program
// over the API, and rejects its marked misuses.
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
  assert.equal(codes.length, 4, out);
  assert.match(out, /"swish"/);
  assert.match(out, /"causal"/);
  assert.match(out, /"middle"/);
  assert.match(out, /private/);
});
