// memory.test.mjs: the page and its 2 GiB WASM heap, in headless Chromium (build/web).
//   1. A config the heap cannot hold is refused before anything is allocated (worker-thread
//      build: the estimate includes the page's view, a second copy of the model), with the
//      message naming the estimate, what is left and the fields to shrink; the page goes on.
//   2. A real out-of-memory abort (both builds): window.aeplay.debugTakeMemory(Infinity)
//      mallocs everything the heap can still give, the module's next allocation fails and
//      emscripten aborts, on the page's thread or on the training worker (which may die holding
//      a lock the page's thread then must not wait for). The page says it ran out of memory and
//      offers a reload; the reload offers the last autosave, and the restored run has the same
//      history and trains on.
// Screenshots: build/test-artifacts/page-oom.png, page-heap-refused.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, MODES, ROOT, openPage, problems, setupPage, slowClick, status } from './harness.mjs';

setupPage();

// 480 MB of data (200,000 x 300 floats, held twice): within the native 1 GB limit.
const BIG = JSON.stringify({
  seed: 3,
  data: { name: 'uniform', samples: 200000, features: 300 },
  model: { input: 300, encoder: [{ type: 'dense', units: 8 }], decoder: [{ type: 'dense', units: 300 }] },
});

test('a config the browser heap cannot hold is refused with the estimate and the limit', async () => {
  const page = await openPage(1280, 800, MODES[0]);
  const before = await status(page);
  const taken = await page.evaluate(() => window.aeplay.debugTakeMemory(1.75e9));
  assert.equal(taken, 1.75e9);
  const message = await page.evaluate((t) => window.aeplay.loadConfig(t), BIG);
  assert.match(message, /^this experiment would need about \d+ MB \(data \d+ MB, model \d+ kB, activations \d+ kB\) including the page's view of the model \(\d+ kB\) of memory, but only \d+ MB of the page's 2\.1 GB limit is left; use fewer data\.samples, fewer units in the layers or a smaller train\.batch_size$/);
  const after = await status(page);
  assert.equal(after.params, before.params, 'the session stays');
  assert.equal(after.last_load_error, message);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-heap-refused.png') });
  // Still alive: it trains.
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 1, null, { timeout: 60000, polling: 100 });
  console.log(`heap limit in the page: refused "${message}"`);
  await page.close();
});

for (const mode of MODES) test(`a real out-of-memory abort shows the message, and the reload restores the run (${mode.name})`, async () => {
  const page = await openPage(1280, 800, mode);
  // Long enough to still be training at the abort and after the restore: the 50 epochs of the
  // default seed model can end before the abort, and the autosave then holds the finished run.
  const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/seed000_dense.json'), 'utf8'));
  cfg.train.epochs = 2000;
  assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(cfg)), '');
  await slowClick(page, 'train');
  await page.waitForFunction(() => window.aeplay.status().epoch >= 3, null, { timeout: 60000, polling: 100 });
  await page.waitForTimeout(2500); // an autosave (at most every 2 s, at epoch ends)
  const before = await status(page);
  // Outside the evaluate: the abort happens in the page's next allocation, not in this call.
  await page.evaluate(() => setTimeout(() => window.aeplay.debugTakeMemory(Infinity)));
  await page.waitForSelector('#error-reload', { state: 'visible', timeout: 20000 });
  assert.match(await page.textContent('#error-text'), /^AE Playground stopped: out of memory: the page used all of the 2 GB the browser gives it/);
  assert.ok(await page.evaluate(() => window.aeplay.heapBytes()) >= 2147483648 - 16 * 1048576, 'the heap is at its maximum');
  await page.waitForFunction(() => /will be offered/.test(document.getElementById('error-autosave').textContent), null, { timeout: 5000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-oom.png') });
  await page.click('#error-reload');
  await page.waitForFunction(() => window.aeplay?.status().restore_available !== undefined, null, { timeout: 20000 });
  const offer = (await status(page)).restore_available;
  // The autosave runs at most every 2 s: it may be a few (fast) epochs behind the abort.
  assert.ok(offer.epoch >= 1, `offered epoch ${offer.epoch}, ${before.epoch} before the abort`);
  await slowClick(page, 'restore');
  await page.waitForFunction((e) => window.aeplay.status().epoch === e, offer.epoch, { timeout: 5000 });
  const restored = await status(page);
  assert.equal(restored.history.loss.length, offer.epoch, 'the history came back');
  const common = Math.min(offer.epoch, before.epoch);
  assert.deepEqual(restored.history.loss.slice(0, common), before.history.loss.slice(0, common), 'the same losses, bit for bit');
  await slowClick(page, 'train'); // read after the restore offer's banner went: the buttons moved up
  await page.waitForFunction((e) => window.aeplay.status().epoch >= e + 2, offer.epoch, { timeout: 60000, polling: 100 });
  const on = await status(page);
  assert.equal(on.history.loss.length, on.epoch, 'the history continues');
  assert.deepEqual(on.history.loss.slice(0, offer.epoch), restored.history.loss);
  console.log(`out-of-memory abort (${mode.name}): epoch ${before.epoch} before, restored epoch ${offer.epoch}, trained on to ${on.epoch}`);
  await page.close();
});

test('no console errors and no page errors (but the expected abort)', () => {
  // The abort's own report: emscripten's "Aborted(...)" (printErr and the RuntimeError).
  // The worker thread's abort also comes back as its ErrorEvent, rethrown by emscripten.
  const unexpected = problems.filter((p) => !/Aborted\(/.test(p) && p !== 'pageerror: ErrorEvent');
  assert.deepEqual(unexpected, []);
});
