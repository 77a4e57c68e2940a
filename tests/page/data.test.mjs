// data.test.mjs: the page's data sources in headless Chromium (worker-thread build).
// Run after `./scripts/build wasm`:   node --test tests/page/data.test.mjs
// Facts checked: the well-log example loads (128-sample logs, the anomaly classes, a validation
// split with injected anomalies) and trains in the page to the native CLI's numbers; a CSV chosen
// through the real file input becomes the draft (its word column the label column, model.input its
// feature count), Apply trains on it, and the page's history equals the native CLI's on the same
// file; a bad CSV dropped on the page shows the engine's message (file, line, column) and changes
// neither the session nor the draft; a file over 50 MB is refused unread; after a reload the CSV
// session's autosave is restored (the uploaded bytes are kept beside it in IndexedDB). Screenshots
// in build/test-artifacts/data-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, ROOT, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const CLI = path.join(ROOT, 'build/native/aeplay');

// The native CLI's history for a config (JSON text), run in `dir` (csv paths are relative to it).
function nativeHistory(configText, dir) {
  fs.writeFileSync(path.join(dir, 'c.json'), configText);
  execFileSync(CLI, ['train', 'c.json', '--quiet', '--out', 'r.json'], { cwd: dir });
  return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
}

async function trainToEnd(page) {
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done, null, { timeout: 60000, polling: 250 });
}

test('the well-log example loads and trains in the page to the native numbers', async () => {
  const page = await openPage(1280, 800);
  const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/well_logs_anomaly.json'), 'utf8'));
  cfg.train.epochs = 3;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(cfg)), '');
  let st = await status(page);
  assert.equal(st.data.name, 'well_logs');
  assert.equal(st.data.features, 128);
  assert.deepEqual(st.data.class_names, ['normal', 'spike', 'dropout', 'shift']);
  assert.equal(st.data.val_rows, 200, 'validation_split 0.2 of 1000 logs');
  assert.ok(st.data.train_rows < 800 && st.data.train_rows > 650, `normal logs of the first 800: ${st.data.train_rows}`);
  assert.ok(st.data.anomalies_val > 5 && st.data.anomalies_val < 40, `anomalies in validation: ${st.data.anomalies_val}`);
  await trainToEnd(page);
  st = await status(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-data-'));
  assert.deepEqual(st.history, nativeHistory(JSON.stringify(cfg), dir), 'page = native, bit for bit');
  fs.rmSync(dir, { recursive: true, force: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'data-well-logs-1280x800.png') });
  await page.close();
});

test('a CSV from the file input becomes the data; Apply trains on it to the native numbers; a reload restores it', async () => {
  const page = await openPage(1280, 800);
  let csv = 'depth,gamma_ray,density,"lithology"\n';
  for (let i = 0; i < 120; i++)
    csv += `${(1000 + i * 0.5).toFixed(1)},${(60 + 40 * Math.sin(i / 9)).toFixed(2)},${(2.3 + 0.1 * Math.cos(i / 4)).toFixed(3)},${i % 5 ? 'shale' : 'sand'}\n`;
  await page.setInputFiles('#csv-file', { name: 'my_well.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => window.aeplay.status().data.csv !== undefined, null, { timeout: 5000 });
  let st = await status(page);
  assert.equal(st.data.draft_name, 'csv');
  assert.deepEqual(st.data.csv, { name: 'my_well.csv', path: '/upload/my_well.csv', rows: 120, columns: 4, label_column: 3 });
  assert.equal(st.data.draft_input, 3, 'three numeric columns besides the label');
  assert.equal(st.config_error, '');
  assert.equal(st.data.name, 'uniform', 'nothing applied yet');
  await page.screenshot({ path: path.join(ARTIFACTS, 'data-csv-loaded-1280x800.png') });

  await slowClick(page, 'apply');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'csv', null, { timeout: 5000 });
  st = await status(page);
  assert.equal(st.data.features, 3);
  assert.equal(st.data.train_rows, 96, 'Keras keeps the first 80% of 120 rows');
  assert.deepEqual(st.data.class_names, ['sand', 'shale']);
  const applied = JSON.parse(await page.evaluate(() => window.aeplay.configJson()));
  assert.equal(applied.data.scaling, 'minmax', 'raw columns are min-max scaled unless chosen otherwise');
  applied.train.epochs = 4;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(applied)), '');
  await trainToEnd(page);
  st = await status(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-data-'));
  fs.writeFileSync(path.join(dir, 'my_well.csv'), csv);
  const native = nativeHistory(JSON.stringify({ ...applied, data: { ...applied.data, path: 'my_well.csv' } }), dir);
  assert.deepEqual(st.history, native, 'page = native on the same file, bit for bit');
  fs.rmSync(dir, { recursive: true, force: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'data-csv-trained-1280x800.png') });

  // The uploaded bytes are kept beside the autosave: after a reload the CSV session comes back.
  const trained = st.history;
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.waitForFunction(() => window.aeplayStore.pending() === 0, null, { timeout: 10000 }); // committed
  await page.reload();
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  await page.waitForFunction(() => window.aeplay.status().restore_available !== undefined || window.aeplay.status().data.message.includes('restore'),
    null, { timeout: 10000 });
  st = await status(page);
  assert.equal(st.restore_available?.epoch, 4, st.data.message);
  await slowClick(page, 'restore');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'csv', null, { timeout: 5000 });
  st = await status(page);
  assert.deepEqual(st.history, trained, 'the restored CSV session has its history');
  assert.equal(st.data.features, 3);
  await page.close();
});

test('a bad CSV dropped on the page shows the message and changes nothing; a huge one is refused unread', async () => {
  const page = await openPage(1280, 800);
  const before = await page.evaluate(() => window.aeplay.configJson());
  const drop = (name, text, padBytes = 0) => page.evaluate(([n, t, pad]) => {
    const dt = new DataTransfer();
    dt.items.add(new File(pad ? [new Uint8Array(pad)] : [t], n, { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text, padBytes]);
  await drop('broken.csv', 'a,b,c\n1,2,3\n4,,6\n');
  await page.waitForFunction(() => window.aeplay.status().data.message.includes('broken.csv'), null, { timeout: 5000 });
  let st = await status(page);
  assert.match(st.data.message, /^Could not use broken.csv: line 3, column 2 \("b"\): missing value; expected a number/);
  assert.match(st.data.message, /The current experiment and the draft are unchanged/);
  assert.equal(st.data.draft_name, 'uniform');
  assert.equal(st.data.draft_input, 100);
  assert.equal(st.data.csv, undefined);
  assert.equal(await page.evaluate(() => window.aeplay.configJson()), before);
  await page.screenshot({ path: path.join(ARTIFACTS, 'data-csv-bad-1280x800.png') });

  await drop('huge.csv', '', 51 * 1024 * 1024);
  await page.waitForFunction(() => window.aeplay.status().data.message.includes('huge.csv'), null, { timeout: 10000 });
  st = await status(page);
  assert.match(st.data.message, /Could not use huge.csv: 51.0 MB; the page reads CSV files up to 50 MB/);
  assert.equal(await page.evaluate(() => window.aeplay.configJson()), before);
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
