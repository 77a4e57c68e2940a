// The JavaScript examples of docs/api.md run: every ```js run block is written beside
// build/web/aeplay.mjs as its own module and run with node (it must exit 0), and every line
// ending in a comment `// -> VALUE` (VALUE a JSON value) checks that the line's expression (or
// the constant it declares) equals VALUE. Blocks fenced as plain ```js are fragments and are not
// run; the test also checks that the guide has runnable blocks and that the checked lines ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'build/web');
const doc = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');

// [{ line, code }] of the ```js run blocks, line = the fence's line number in the guide.
function runnableBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```js run') continue;
    const start = i + 1;
    while (++i < lines.length && lines[i].trim() !== '```');
    blocks.push({ line: start, code: lines.slice(start, i) });
  }
  return blocks;
}

// The block's code with each `// -> VALUE` line turned into a check; returns [code, checks].
function instrument(block) {
  let checks = 0;
  const out = block.code.map((text, k) => {
    const m = text.match(/^(\s*)(?:(const|let)\s+(\w+)\s*=\s*)?(.+?);?\s*\/\/ -> (.+)$/);
    if (!m) return text;
    const [, indent, decl, name, expr, expected] = m;
    let want;
    try {
      want = JSON.parse(expected);
    } catch {
      throw new Error(`docs/api.md:${block.line + k + 1}: "// -> ${expected}" is not a JSON value`);
    }
    checks++;
    const where = `docs/api.md:${block.line + k + 1}`;
    const check = (v) => `__check(${v}, ${JSON.stringify(want)}, ${JSON.stringify(where)});`;
    return decl ? `${indent}${decl} ${name} = ${expr}; ${check(name)}` : `${indent}${check(`(${expr})`)}`;
  });
  const prelude = `import { deepStrictEqual as __equal } from 'node:assert';
const __check = (got, want, where) => {
  __equal(got, want, where + ': got ' + JSON.stringify(got) + ', the guide says ' + JSON.stringify(want));
  console.log('checked ' + where);
};
`;
  return [prelude + out.join('\n') + '\n', checks];
}

const blocks = runnableBlocks(doc);

test('the guide has runnable examples', () => {
  assert.ok(blocks.length >= 5, `${blocks.length} runnable blocks`);
  assert.ok(blocks.some((b) => b.code.some((l) => l.includes('exportOnnx'))));
});

for (const block of blocks) {
  test(`docs/api.md:${block.line}: the example runs and prints what the guide says`, () => {
    const [code, checks] = instrument(block);
    const file = path.join(web, `docs_example_${block.line}.mjs`);
    fs.writeFileSync(file, code);
    let out = '';
    try {
      out = execFileSync(process.execPath, [file], { cwd: web, encoding: 'utf8', timeout: 120000, stdio: 'pipe' });
    } catch (e) {
      // Without the engine's one-line inlined source (and its caret line) that node quotes.
      const lines = `${e.stdout}${e.stderr}`.split('\n').filter((l) => l.trim() && l.length < 1000);
      assert.fail(`the example failed (exit ${e.status}):\n${lines.join('\n')}`);
    } finally {
      fs.rmSync(file);
    }
    assert.equal(out.split('\n').filter((l) => l.startsWith('checked ')).length, checks, out);
  });
}
