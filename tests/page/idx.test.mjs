// idx.test.mjs: IDX files (MNIST's format) into the page, in headless Chromium (worker-thread build).
// Run after `./scripts/build wasm`:   node --test tests/page/idx.test.mjs
// The files are made here: 60 images of 28 x 28 bytes (a bright square whose place is the class)
// and their 60 labels (classes 0-2), the images gzipped by node's zlib.
// Facts checked: images and labels chosen together through the real file input (#idx-file) become
// the draft (model.input 784, 3 classes), Apply trains on them, and the page's history equals the
// native CLI's on the same files; the "Open IDX..." button opens that input; after a reload the
// IDX session's autosave is restored (both files kept beside it); two files dropped on the page in
// either order are told apart by their dimensions; a non-IDX file, a truncated one, a labels file
// alone, labels that do not match the images' count and a file over 50 MB each show a message
// that names the file and change neither the session nor the draft. Screenshots in
// build/test-artifacts/idx-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ARTIFACTS, ROOT, nextFrames, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();
const CLI = path.join(ROOT, 'build/native/aeplay');

// An IDX file of unsigned bytes: 0 0 8 ndims, big-endian dims, the values.
function idxFile(dims, values) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 8;
  header[3] = dims.length;
  dims.forEach((d, k) => header.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([header, Buffer.from(values)]);
}

// n images of side x side and their labels: class i % 3, a bright square on the diagonal.
function idxSet(n, side = 28) {
  const px = [], labels = [];
  const cell = Math.floor(side / 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++)
        px.push(Math.floor(x / cell) === c && Math.floor(y / cell) === c ? 200 + (i % 50) : (x * 7 + y * 3 + i) % 40);
    labels.push(c);
  }
  return { images: idxFile([n, side, side], px), labels: idxFile([n], labels) };
}

const file = (name, buffer) => ({ name, mimeType: 'application/octet-stream', buffer });

// Drops files on the page as a person drags them in: {name, bytes} with bytes a Buffer, or a
// number (that many zeros).
function drop(page, files) {
  return page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) {
      const bytes = f.zeros !== undefined ? new Uint8Array(f.zeros) : Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map((f) => (typeof f.bytes === 'number' ? { name: f.name, zeros: f.bytes } : { name: f.name, base64: f.bytes.toString('base64') })));
}

async function trainToEnd(page) {
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().done, null, { timeout: 90000, polling: 250 });
}

test('IDX images and labels from the file input become the data; Apply trains on them to the native numbers; a reload restores them', async () => {
  const page = await openPage(1280, 800);
  const { images, labels } = idxSet(60);
  const imagesGz = zlib.gzipSync(images);
  await page.setInputFiles('#idx-file', [file('tiny-images-idx3-ubyte.gz', imagesGz), file('tiny-labels-idx1-ubyte', labels)]);
  await page.waitForFunction(() => window.aeplay.status().data.idx !== undefined, null, { timeout: 10000 });
  await nextFrames(page); // the dataset section drawn for idx
  let st = await status(page);
  assert.equal(st.data.draft_name, 'idx');
  assert.deepEqual(st.data.idx, {
    images: 'tiny-images-idx3-ubyte.gz', labels: 'tiny-labels-idx1-ubyte',
    images_path: '/upload/tiny-images-idx3-ubyte.gz', labels_path: '/upload/tiny-labels-idx1-ubyte',
    samples: 60, features: 784, height: 28, width: 28, channels: 1, classes: 3,
  });
  assert.equal(st.data.draft_input, 784, 'the model takes the images\' pixels');
  assert.equal(st.config_error, '');
  assert.match(st.data.message, /^Read tiny-images-idx3-ubyte.gz: 60 images of 28 x 28 \(784 values\); labels from tiny-labels-idx1-ubyte \(3 classes\)/);
  assert.equal(st.data.name, 'uniform', 'nothing applied yet');
  assert.ok(st.ui.open_idx[2] > 0 && st.ui.open_csv[2] > 0, 'both pickers are drawn');
  await page.screenshot({ path: path.join(ARTIFACTS, 'idx-loaded-1280x800.png') });

  await slowClick(page, 'apply');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'idx', null, { timeout: 10000 });
  st = await status(page);
  assert.equal(st.data.features, 784);
  assert.equal(st.data.train_rows, 48, 'Keras keeps the first 80% of 60 images');
  assert.deepEqual(st.data.class_names, ['0', '1', '2']);
  const applied = JSON.parse(await page.evaluate(() => window.aeplay.configJson()));
  assert.equal(applied.data.images, '/upload/tiny-images-idx3-ubyte.gz');
  assert.equal(applied.model.input, 784);
  applied.train.epochs = 3;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(applied)), '');
  await trainToEnd(page);
  st = await status(page);
  assert.equal(st.history.loss.length, 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-idx-'));
  fs.writeFileSync(path.join(dir, 'i.gz'), imagesGz);
  fs.writeFileSync(path.join(dir, 'l'), labels);
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ...applied, data: { ...applied.data, images: 'i.gz', labels: 'l' } }));
  execFileSync(CLI, ['train', 'c.json', '--quiet', '--out', 'r.json'], { cwd: dir });
  const native = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).history;
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(st.history, native, 'page = native on the same files, bit for bit');
  await page.screenshot({ path: path.join(ARTIFACTS, 'idx-trained-1280x800.png') });

  // Both files are kept beside the autosave: after a reload the IDX session comes back.
  const trained = st.history;
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.waitForFunction(() => window.aeplayStore.pending() === 0, null, { timeout: 10000 });
  await page.reload();
  await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
  await page.waitForFunction(() => window.aeplay.status().restore_available !== undefined || window.aeplay.status().data.message.includes('restore'),
    null, { timeout: 10000 });
  st = await status(page);
  assert.equal(st.restore_available?.epoch, 3, st.data.message);
  await slowClick(page, 'restore');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'idx', null, { timeout: 10000 });
  st = await status(page);
  assert.deepEqual(st.history, trained, 'the restored IDX session has its history');
  assert.deepEqual(st.data.class_names, ['0', '1', '2'], 'its labels came back too');

  // The "Open IDX..." button (drawn: the restored draft is idx) opens the same input: images
  // alone (8 x 8) replace the draft's data.
  const small = idxSet(30, 8);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), slowClick(page, 'open_idx')]);
  assert.ok(chooser.isMultiple(), 'images and labels are picked together');
  await chooser.setFiles([file('small-images-idx3-ubyte', small.images)]);
  await page.waitForFunction(() => window.aeplay.status().data.idx?.images === 'small-images-idx3-ubyte', null, { timeout: 10000 });
  st = await status(page);
  assert.equal(st.data.draft_input, 64);
  assert.equal(st.data.idx.labels, '');
  assert.equal(st.data.idx.samples, 30);
  assert.equal(st.config_error, '');
  await page.close();
});

test('bad IDX input shows a message naming the file and changes nothing; two dropped files are told apart', async () => {
  const page = await openPage(1280, 800);
  const before = await page.evaluate(() => window.aeplay.configJson());
  const { images, labels } = idxSet(60);
  const nine = idxSet(9).labels;
  const unchanged = async (what) => {
    const st = await status(page);
    assert.match(st.data.message, /The current experiment and the draft are unchanged/, what);
    assert.equal(st.data.draft_name, 'uniform', what);
    assert.equal(st.data.draft_input, 100, what);
    assert.equal(st.data.idx, undefined, what);
    assert.equal(await page.evaluate(() => window.aeplay.configJson()), before, what);
    return st.data.message;
  };
  const messageNames = (name) => page.waitForFunction((n) => window.aeplay.status().data.message.includes(n), name, { timeout: 10000 });

  await page.setInputFiles('#idx-file', [file('notes.txt', Buffer.from('hello, world\n'))]);
  await messageNames('notes.txt');
  assert.match(await unchanged('not IDX'), /^Could not use notes.txt: byte 0: magic 0x68656C6C is not an IDX file's/);

  await drop(page, [{ name: 'cut-images-idx3-ubyte', bytes: images.subarray(0, 1000) }]);
  await messageNames('cut-images-idx3-ubyte');
  assert.match(await unchanged('truncated'),
    /^Could not use cut-images-idx3-ubyte: truncated: the file ends at byte 1000; the dimensions need 47040 bytes of values from byte 16/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'idx-bad-1280x800.png') });

  await drop(page, [{ name: 'lone-labels-idx1-ubyte', bytes: labels }]);
  await messageNames('lone-labels-idx1-ubyte');
  assert.match(await unchanged('labels alone'), /^Could not use lone-labels-idx1-ubyte: labels only \(1 dimension, 60 of them\); open or drop the images file/);

  await drop(page, [{ name: 'i-images-idx3-ubyte', bytes: images }, { name: 'nine-labels-idx1-ubyte', bytes: nine }]);
  await messageNames('nine-labels-idx1-ubyte');
  assert.match(await unchanged('counts differ'), /^Could not use nine-labels-idx1-ubyte: 9 labels, but i-images-idx3-ubyte has 60 images/);

  await drop(page, [{ name: 'huge-images-idx3-ubyte', bytes: 51 * 1024 * 1024 }]);
  await messageNames('huge-images-idx3-ubyte');
  assert.match(await unchanged('too large'), /^Could not use huge-images-idx3-ubyte: 51.0 MB; the page reads IDX files up to 50 MB/);

  // Labels first, images second, no telling names: the dimensions decide.
  await drop(page, [{ name: 'b.bin', bytes: labels }, { name: 'a.bin', bytes: images }]);
  await page.waitForFunction(() => window.aeplay.status().data.idx !== undefined, null, { timeout: 10000 });
  const st = await status(page);
  assert.equal(st.data.idx.images, 'a.bin');
  assert.equal(st.data.idx.labels, 'b.bin');
  assert.equal(st.data.draft_input, 784);
  assert.equal(st.config_error, '');
  await slowClick(page, 'apply');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'idx', null, { timeout: 10000 });
  assert.equal((await status(page)).data.train_rows, 48);
  await page.close();
});

// Debian's dataset-fashion-mnist, when installed: the real files as a student would drop them.
const FASHION = '/usr/share/datasets/fashion-mnist/';
test('Fashion-MNIST\'s t10k files dropped on the page train', { skip: !fs.existsSync(FASHION + 't10k-images-idx3-ubyte.gz') && 'dataset-fashion-mnist is not installed' }, async () => {
  const page = await openPage(1280, 800);
  await drop(page, ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((name) => ({ name, bytes: fs.readFileSync(FASHION + name) })));
  await page.waitForFunction(() => window.aeplay.status().data.idx !== undefined, null, { timeout: 30000 });
  let st = await status(page);
  assert.equal(st.data.idx.samples, 10000);
  assert.equal(st.data.idx.classes, 10);
  assert.equal(st.data.draft_input, 784);
  await slowClick(page, 'apply');
  await page.waitForFunction(() => window.aeplay.status().data.name === 'idx', null, { timeout: 30000 });
  st = await status(page);
  assert.equal(st.data.train_rows, 8000);
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 1, null, { timeout: 90000, polling: 250 });
  st = await status(page);
  // A constant 0.5 output's MSE on the training images (the first 8000), from the file itself.
  const px = zlib.gunzipSync(fs.readFileSync(FASHION + 't10k-images-idx3-ubyte.gz')).subarray(16, 16 + 8000 * 784);
  let constant = 0;
  for (const v of px) constant += (v / 255 - 0.5) ** 2;
  constant /= px.length;
  assert.ok(st.history.loss[0] < 0.6 * constant, `the first epoch's loss ${st.history.loss[0]}; a constant 0.5: ${constant}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'idx-fashion-1280x800.png') });
  await page.close();
});

test('no console errors and no page errors', () => {
  assert.deepEqual(problems, []);
});
