// The browser's memory limit through the JS API (build/web/aeplay.mjs under node): the WASM heap
// grows to 2 GiB at most, so createSession refuses a config whose estimate is more than the heap
// can still give, before allocating, with a message naming the estimate, what is left and the
// fields to shrink; the sessions already made keep working, and freeing them makes room again.
// The same config passes the native 1 GB check (checkConfig), so the refusal is the heap's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
const ae = await createAeplay();

// 200,000 x 300 uniform values: an estimate of 480 MB (the set and its split at the peak of
// creation), within the native limit of 1 GB; a made session keeps the split (240 MB), so about
// seven fit in a 2 GiB heap before what is left is less than the next one's estimate.
const big = {
  seed: 1,
  data: { name: 'uniform', samples: 200000, features: 300 },
  model: { input: 300, encoder: [{ type: 'dense', units: 8 }], decoder: [{ type: 'dense', units: 300 }] },
};

test('a config the heap cannot hold is refused before allocating; the sessions made stay', () => {
  assert.equal(ae.checkConfig(big), '', 'within the native limit');
  const held = [];
  let refusal = null;
  for (let i = 0; i < 12 && !refusal; ++i) {
    try {
      held.push(ae.createSession({ ...big, seed: i + 1 }));
    } catch (e) {
      refusal = e;
    }
  }
  assert.ok(refusal, 'twelve sessions of 240 MB cannot fit in 2 GiB');
  assert.ok(held.length >= 5 && held.length <= 8, `${held.length} sessions fitted`);
  assert.equal(refusal.name, 'AeplayError');
  assert.match(refusal.message, /^this experiment would need about \d+ MB \(data \d+ MB, model \d+ kB, activations \d+ kB\) of memory, but only (\d+ MB|\d\.\d GB) of the page's 2\.1 GB limit is left; use fewer data\.samples, fewer units in the layers or a smaller train\.batch_size$/);
  // The sessions already made still train.
  for (const s of held) {
    assert.equal(s.trainBatches(10), 10);
    assert.equal(s.progress().batch, 10);
  }
  for (const s of held) s.delete();
  // Freed: the same config fits again.
  const again = ae.createSession(big);
  assert.equal(again.summary().params, 300 * 8 + 8 + 8 * 300 + 300);
  again.delete();
  console.log(`# heap limit: ${held.length} sessions of ${big.data.samples} x ${big.data.features} fitted; the next refused: ${refusal.message}`);
});
