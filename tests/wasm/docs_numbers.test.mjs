// The numbers quoted in README.md and docs/*.md are the engine's: `scripts/docs_numbers --check`
// re-runs the quick example runs with build/native/aeplay (seconds) and fails, naming each stale
// span, when a quoted number differs from what the engine now gives. Also checks that the spans
// are there (the README quotes seed 000's losses) and that the checker catches a stale span.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'scripts/docs_numbers');

test('every number quoted from a quick run is what the engine gives now', () => {
  const r = spawnSync(script, ['--check'], { cwd: root, encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, `scripts/docs_numbers --check:\n${r.stdout}${r.stderr}`);
  const summary = /(\d+) spans in \d+ files, (\d+) checked/.exec(r.stdout);
  assert.ok(summary, r.stdout);
  assert.ok(Number(summary[2]) >= 10, `only ${summary[2]} spans checked:\n${r.stdout}`);
});

test("the README quotes seed 000's final losses as generated spans", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.match(readme, /<!-- num:seed000\/metrics\.loss -->0\.\d{6}<!-- \/num -->/);
  assert.match(readme, /<!-- num:seed000\/metrics\.val_loss -->0\.\d{6}<!-- \/num -->/);
});

// A copy of the repository's docs with one span made stale, checked by a copy of the script: it
// must fail and name the file, the line and both values; the rewrite mode must then fix it.
test('a stale span is named by --check and rewritten without it', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docs_numbers_test-'));
  try {
    fs.mkdirSync(path.join(tmp, 'scripts'));
    fs.mkdirSync(path.join(tmp, 'docs'));
    fs.mkdirSync(path.join(tmp, 'build/native'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'examples'));
    fs.copyFileSync(script, path.join(tmp, 'scripts/docs_numbers'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(tmp, 'package.json'));
    fs.copyFileSync(path.join(root, 'examples/seed000_dense.json'), path.join(tmp, 'examples/seed000_dense.json'));
    fs.symlinkSync(path.join(root, 'build/native/aeplay'), path.join(tmp, 'build/native/aeplay'));
    const span = (v) => `Seed 000: <!-- num:seed000_summary/params -->${v}<!-- /num --> parameters.\n`;
    fs.writeFileSync(path.join(tmp, 'README.md'), '# x\n\n' + span('17,000'));
    const r = spawnSync(path.join(tmp, 'scripts/docs_numbers'), ['--check'], { cwd: tmp, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /README\.md:3: num:seed000_summary\/params: stale: the docs say 17,000, the run gives 17,838/);
    execFileSync(path.join(tmp, 'scripts/docs_numbers'), [], { cwd: tmp, encoding: 'utf8', stdio: 'pipe' });
    assert.equal(fs.readFileSync(path.join(tmp, 'README.md'), 'utf8'), '# x\n\n' + span('17,838'));
    fs.writeFileSync(path.join(tmp, 'README.md'), '<!-- num:nosuchrun/x -->1<!-- /num -->\n');
    const u = spawnSync(path.join(tmp, 'scripts/docs_numbers'), ['--check'], { cwd: tmp, encoding: 'utf8' });
    assert.equal(u.status, 1);
    assert.match(u.stdout, /README\.md:1: num:nosuchrun\/x: unknown run "nosuchrun"/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// The README's layout tree names what is there: every directory or file in its first column
// exists (nested names under their parent, by indentation), and every repository path the README
// quotes in backticks exists (build outputs aside).
test("the README's layout tree and the paths it quotes exist", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const tree = /## Layout\n\n```text\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(tree, 'README.md has a ```text layout tree under "## Layout"');
  const missing = [];
  const parents = [];
  let names = 0;
  for (const line of tree[1].split('\n')) {
    const m = /^( *)(\S.*?)(?: {2,}|$)/.exec(line);
    if (!m || m[1].length >= 20) continue; // a description's continuation line
    const depth = m[1].length / 2;
    parents.length = depth;
    const entries = m[2].split(/,\s*/);
    for (const e of entries) {
      const p = path.join(...parents, e);
      names++;
      if (!fs.existsSync(path.join(root, p))) missing.push(p);
    }
    if (entries.length === 1 && entries[0].endsWith('/')) parents[depth] = entries[0];
  }
  const quoted = [...readme.matchAll(/`((?:engine|course|web|wasm|cli|shaders|lessons|examples|tests|bench|docs|scripts|cmake)\/[^`\s]*)`/g)]
    .map((m) => m[1].replace(/[.,]$/, ''));
  for (const p of quoted) if (!fs.existsSync(path.join(root, p))) missing.push(p);
  assert.ok(names >= 30, `only ${names} names in the tree`);
  assert.deepEqual(missing, [], `README.md names paths that do not exist: ${missing.join(', ')}`);
});
