// common.mjs: what the peer benchmarks share, in node (dense.mjs, conv.mjs) and in headless
// Chromium (chromium.html, driven by chromium.mjs): the timing loop (a timed warm-up, then the median
// rate of RUNS timed runs), the seed 000 dense model trained by us (the JS API) and by TensorFlow.js
// layers, and the clocks. Node measures CPU seconds of the process (the machine may be shared);
// a page has no CPU clock, so Chromium uses wall time (performance.now), ours and the peer alike.
// Imports nothing: the callers pass createAeplay and TensorFlow.js in (npm modules in node, the
// UMD bundles' global `tf` in the page). Not a test.

export const RUNS = 3;
// The seed 000 data as bench/peers trains it: 5000 x 100, 80% for training.
export const DENSE_N = 5000, DENSE_D = 100, DENSE_TRAIN = 4000;

export const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

// Seconds of CPU time of this node process.
export const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
export const wallSeconds = () => performance.now() / 1e3;

// Samples per second (of clock) of one call of run, which trains `samples` samples.
export async function rate(clock, samples, run) {
  const t0 = clock();
  await run();
  return samples / (clock() - t0);
}

// warmup() repeated for WARMUP_SECONDS of clock (V8 moves hot WASM to optimized code only after a
// while, later still in a page whose compiler threads share the cores), then the median of RUNS
// timed calls of run().
export const WARMUP_SECONDS = 1.5;
export async function medianRate(clock, samples, warmup, run) {
  for (const t0 = clock(); clock() - t0 < WARMUP_SECONDS;) await warmup();
  const runs = [];
  for (let r = 0; r < RUNS; ++r) runs.push(await rate(clock, samples, run));
  return median(runs);
}

// Ours: the seed 000 config (an object) trained epoch by epoch through the JS API; samples/s.
export async function denseOurs(createAeplay, config, epochs, clock) {
  const ae = await createAeplay();
  const cfg = structuredClone(config);
  cfg.train.epochs = 100000; // more than the warm-up and the runs take
  const s = ae.createSession(cfg);
  const sps = await medianRate(clock, DENSE_TRAIN * epochs, () => s.trainEpoch(), () => {
    for (let e = 0; e < epochs; ++e) s.trainEpoch();
  });
  s.delete();
  return sps;
}

// TensorFlow.js: the same model (100-64-32-10-32-64-100, relu, sigmoid out, Adam 0.001, MSE, batch
// 64, shuffled, 20% validation) on tf's current backend; tfl has sequential() and layers (the
// tfjs-layers module, or the page's global tf). Samples/s.
export async function denseTfjs(tf, tfl, epochs, clock) {
  const x = tf.randomUniform([DENSE_N, DENSE_D], 0, 1, 'float32', 42);
  const model = tfl.sequential();
  const units = [[64, 'relu'], [32, 'relu'], [10, 'relu'], [32, 'relu'], [64, 'relu'], [100, 'sigmoid']];
  units.forEach(([u, a], i) => model.add(tfl.layers.dense(i ? { units: u, activation: a } : { units: u, activation: a, inputShape: [DENSE_D] })));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const fit = (e) => model.fit(x, x, { epochs: e, batchSize: 64, shuffle: true, validationSplit: 0.2, verbose: 0 });
  const sps = await medianRate(clock, DENSE_TRAIN * epochs, () => fit(1), () => fit(epochs));
  model.dispose();
  x.dispose();
  return sps;
}
