// lessons.test.mjs: lessons and share links in the real page (build/web) in headless Chromium.
// Facts checked: ?lesson=lessons/01_dense.json opens the lesson (title and tasks in the page's
// status), a task that needs a trained epoch is not done before Train and is done after it while
// training goes on; lesson 02 trained to the end exports a submission (a real download) that the
// native grader (build/native/aeplay grade) re-runs to the same numbers; "Share link" puts the
// config in the URL fragment and the page reloaded from that URL has the same config; a damaged
// fragment and a cross-origin lesson URL show their messages and keep the default session; a
// lesson whose title is HTML shows it as text (no element is created). No console or page errors.
// Screenshots: build/test-artifacts/page-lesson-1280x800.png, page-lesson-02-done.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, MODES, ROOT, WEB, distinctColors, nextFrames, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const mode = MODES[0];

// The page at `suffix` (a query and/or a fragment) after a real reload, ready.
async function openAt(suffix) {
  const page = await openPage(1280, 800, mode);
  const defaultConfig = await page.evaluate(() => window.aeplay.configJson());
  await page.goto('about:blank');
  await page.goto(mode.base + suffix);
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  return { page, defaultConfig };
}

test('?lesson= opens lesson 01; its tasks tick while it trains', async () => {
  const { page } = await openAt('?lesson=lessons/01_dense.json');
  await page.waitForFunction(() => window.aeplay.status().lesson !== undefined, null, { timeout: 10000 });
  await nextFrames(page); // the lesson opens between frames; its checks run in the next frame
  let st = await status(page);
  assert.equal(st.lesson.title, '1. A dense autoencoder and its parameters');
  assert.deepEqual(st.lesson.tasks.map((t) => t.id), ['params', 'trained', 'low_error', 'no_overfit']);
  assert.equal(st.lesson.tasks[0].passed, true); // 17,838 parameters: known before training
  assert.equal(st.lesson.tasks[0].value, 17838);
  assert.equal(st.lesson.tasks[3].passed, false); // needs a finished epoch
  assert.equal(st.params, 17838);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().lesson.tasks[3].passed === true, null, { timeout: 60000 });
  st = await status(page);
  assert.ok(st.epoch >= 1);
  assert.equal(st.lesson.tasks[1].passed, st.epoch >= 50);
  await page.waitForTimeout(300);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'page-lesson-1280x800.png') });
  assert.ok(distinctColors(shot) > 200);
  console.log(`lesson 01 at epoch ${st.epoch}: ${st.lesson.tasks.map((t) => `${t.id} ${t.passed ? 'done' : 'todo'}`).join(', ')}`);
  await page.close();
});

test('lesson 02 trained to the end exports a submission that the native grader scores in full', async () => {
  const { page } = await openAt('?lesson=lessons/02_linear_pca.json');
  await page.waitForFunction(() => window.aeplay.status().lesson !== undefined, null, { timeout: 10000 });
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done === true, null, { timeout: 120000 });
  await page.waitForFunction(() => window.aeplay.status().lesson.tasks[0].passed === true, null, { timeout: 10000 });
  const st = await status(page);
  const downloading = page.waitForEvent('download');
  await slowClick(page, 'export_submission');
  const download = await downloading;
  assert.equal(download.suggestedFilename(), '02_linear_pca_submission.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-page-grade-'));
  const sub = path.join(dir, 'submission.json'), out = path.join(dir, 'results.json');
  await download.saveAs(sub);
  const submission = JSON.parse(fs.readFileSync(sub, 'utf8'));
  assert.equal(submission.metrics.near_pca, st.lesson.tasks[0].value); // what the student saw
  execFileSync(path.join(ROOT, 'build/native/aeplay'), ['grade', path.join(ROOT, 'lessons/02_linear_pca.json'), sub, '--out', out], { stdio: 'pipe' });
  const results = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(results.score, 2, JSON.stringify(results, null, 1));
  assert.match(results.tests[1].output, /matches the grader's run/);
  console.log(`lesson 02: page near_pca ${submission.metrics.near_pca}, graded natively ${results.score}/2 in ${results.execution_time.toFixed(2)} s`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-lesson-02-done.png') });
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('Share link round trip: the page reloaded from the link has the same config', async () => {
  const page = await openPage(1280, 800, mode);
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), fs.readFileSync(path.join(ROOT, 'examples/well_logs_anomaly.json'), 'utf8')), '');
  const config = await page.evaluate(() => window.aeplay.configJson());
  await slowClick(page, 'share');
  await page.waitForFunction(() => window.aeplay.status().share.url !== '', null, { timeout: 10000 });
  const url = (await status(page)).share.url;
  assert.match(url, /#config=[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => location.href), url);
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.aeplay.configJson()), config);
  console.log(`share link: ${url.length} characters for a ${config.length}-byte config`);
  await page.close();
});

test('a damaged fragment and cross-origin lesson URLs show messages and keep the session', async () => {
  for (const [suffix, message] of [
    ['#config=not*base64', 'share link: character 4 is not base64url'],
    ['#config=AAAA', 'share link: the compressed config is damaged'],
    ['?lesson=https://example.com/lesson.json', 'the lesson URL must be a relative path on this site'],
    ['?lesson=//example.com/lesson.json', 'the lesson URL must be a relative path on this site'],
  ]) {
    const { page, defaultConfig } = await openAt(suffix);
    await page.waitForFunction(() => window.aeplay.status().last_load_error !== '', null, { timeout: 10000 });
    const st = await status(page);
    assert.ok(st.last_load_error.includes(message), `${suffix}: ${st.last_load_error}`);
    assert.equal(st.lesson, undefined);
    assert.equal(await page.evaluate(() => window.aeplay.configJson()), defaultConfig, suffix);
    await page.close();
  }
});

test('a lesson title that is HTML is shown as text', async () => {
  const lesson = JSON.parse(fs.readFileSync(path.join(ROOT, 'lessons/03_denoising.json'), 'utf8'));
  lesson.title = '<img src=x onerror="document.title=1"><b>bold</b>';
  lesson.text = '<script>document.title = 2</script> **fine**';
  const file = path.join(WEB, 'lessons/zz_html_title.json');
  fs.writeFileSync(file, JSON.stringify(lesson));
  try {
    const { page } = await openAt('?lesson=lessons/zz_html_title.json');
    await page.waitForFunction(() => window.aeplay.status().lesson !== undefined, null, { timeout: 10000 });
    assert.equal((await status(page)).lesson.title, lesson.title);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, b, script:not([src])').length), 0);
    assert.equal(await page.title(), 'AE Playground');
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-lesson-html-title.png') });
    await page.close();
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
