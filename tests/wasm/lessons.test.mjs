// Lessons, the grader and share links through the JS API (build/web/aeplay.mjs): a lesson run in
// WASM exports a submission that the native grader (build/native/aeplay grade) re-runs to the
// same numbers, bit for bit; share links round-trip through the browser's compression.
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
const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

test('parseLesson gives the title, styled text runs and tasks; bad fields throw with the path', () => {
  const l = ae.parseLesson(read('lessons/01_dense.json'));
  assert.equal(l.id, '01_dense');
  assert.equal(l.tasks.length, 4);
  assert.deepEqual(l.locked, ['model', 'data', 'seed', 'validation_split', 'loss']);
  const heading = l.blocks[0];
  assert.equal(heading.kind, 'heading');
  assert.equal(heading.runs[0].text, 'The seed 000 autoencoder');
  assert.ok(l.blocks.some((b) => b.runs.some((r) => r.bold && r.text === '100 inputs')));
  assert.throws(() => ae.parseLesson(l), // its JSON form is not a lesson file
    (e) => e.name === 'AeplayError' && e.message.startsWith('lesson.blocks: unknown key'));
});

test('a lesson trained in WASM grades natively to the same numbers (full score), and a tampered one does not', () => {
  const lessonText = read('lessons/04_anomalies.json');
  const student = 'wasm-student';
  const config = ae.lessonConfig(lessonText, student);
  const s = ae.createSession(config);
  s.fit();
  const { metrics, checks } = s.checkLesson(lessonText);
  assert.deepEqual(checks.map((c) => c.passed), [true, true]);
  const submission = s.submission(lessonText, student);
  assert.deepEqual(submission.metrics, metrics);
  s.delete();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-grade-'));
  const subPath = path.join(dir, 'submission.json'), outPath = path.join(dir, 'results.json');
  const cli = path.join(root, 'build/native/aeplay');
  fs.writeFileSync(subPath, JSON.stringify(submission));
  execFileSync(cli, ['grade', path.join(root, 'lessons/04_anomalies.json'), subPath, '--out', outPath], { stdio: 'pipe' });
  const results = JSON.parse(fs.readFileSync(outPath, 'utf8'));
  assert.equal(results.score, 2);
  for (const t of results.tests.slice(1)) assert.match(t.output, /matches the grader's run/);
  console.log(`# 04_anomalies: WASM metrics ${JSON.stringify(metrics)} graded natively ${results.score}/2 in ${results.execution_time.toFixed(2)} s`);

  submission.metrics.auc = submission.metrics.auc + 1e-12;
  fs.writeFileSync(subPath, JSON.stringify(submission));
  execFileSync(cli, ['grade', path.join(root, 'lessons/04_anomalies.json'), subPath, '--out', outPath], { stdio: 'pipe' });
  const tampered = JSON.parse(fs.readFileSync(outPath, 'utf8'));
  assert.equal(tampered.score, 1);
  assert.match(tampered.tests[1].output, /they must agree/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('share links round-trip through CompressionStream and the C++ decoder', async () => {
  const config = JSON.parse(read('examples/well_logs_anomaly.json'));
  const url = await ae.encodeShareUrl(config, 'http://127.0.0.1:8000/');
  assert.match(url, /^http:\/\/127\.0\.0\.1:8000\/#config=[A-Za-z0-9_-]+$/);
  assert.deepEqual(ae.decodeShareUrl(url), JSON.parse(ae.canonicalConfig(config)));
  assert.ok(url.length < 1000, `${url.length} characters`);
  assert.throws(() => ae.decodeShareUrl(url.slice(0, -10)), /share link: the compressed config is damaged/);
});
