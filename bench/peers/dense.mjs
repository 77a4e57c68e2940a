// dense.mjs: training throughput of the seed 000 dense autoencoder (100-64-32-10-32-64-100, Adam,
// MSE, batch 64, 4000 training samples), ours (the WASM engine through the JS API, build/web) beside
// TensorFlow.js 4.22 (wasm backend with SIMD, single thread under node; and its cpu backend),
// measured in the same run. Each: one warm-up epoch, then the median samples/s of 3 timed runs
// of EPOCHS epochs, per second of the process' CPU time (the machine may be shared with other
// work; every contender here runs on one thread). Run: ./scripts/bench_peers   (EPOCHS=5 by default)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const EPOCHS = Number(process.env.EPOCHS || 5);
const N = 5000, D = 100, TRAIN = 4000;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
// Samples per CPU second of this process while f runs.
async function rate(f) {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (TRAIN * EPOCHS) / ((c.user + c.system) / 1e6);
}

async function ours() {
  const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
  const ae = await createAeplay();
  const cfg = JSON.parse((await import('node:fs')).readFileSync(path.join(root, 'examples/seed000_dense.json'), 'utf8'));
  cfg.train.epochs = 1 + 3 * EPOCHS;
  const s = ae.createSession(cfg);
  s.trainEpoch(); // warm-up
  const runs = [];
  for (let r = 0; r < 3; ++r) {
    runs.push(await rate(() => {
      for (let e = 0; e < EPOCHS; ++e) s.trainEpoch();
    }));
  }
  s.delete();
  return median(runs);
}

async function tfjs(backend) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (backend === 'wasm') wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.randomUniform([N, D], 0, 1, 'float32', 42);
  const model = tfl.sequential();
  const units = [[64, 'relu'], [32, 'relu'], [10, 'relu'], [32, 'relu'], [64, 'relu'], [100, 'sigmoid']];
  units.forEach(([u, a], i) => model.add(tfl.layers.dense(i ? { units: u, activation: a } : { units: u, activation: a, inputShape: [D] })));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const fit = (epochs) => model.fit(x, x, { epochs, batchSize: 64, shuffle: true, validationSplit: 0.2, verbose: 0 });
  await fit(1); // warm-up
  const runs = [];
  for (let r = 0; r < 3; ++r) {
    runs.push(await rate(() => fit(EPOCHS)));
  }
  return { sps: median(runs), simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined };
}

const a = await ours();
console.log(`ours (aeplay WASM, JS API, 1 thread)     ${a.toFixed(0).padStart(8)} samples/s (per CPU second)`);
for (const backend of ['wasm', 'cpu']) {
  const p = await tfjs(backend);
  const label = `TensorFlow.js 4.22 ${backend}${backend === 'wasm' ? ` (SIMD ${p.simd})` : ''}`;
  console.log(`${label.padEnd(40)} ${p.sps.toFixed(0).padStart(8)} samples/s   ours / peer = ${(a / p.sps).toFixed(2)}x`);
}
