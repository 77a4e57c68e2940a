// conv.mjs: training throughput of the seed 004 convolutional autoencoder (conv2d 32-64-128 with
// max pooling, conv2d_transpose 128-64-32-1, cropping; 332,801 parameters; Adam, binary
// cross-entropy, batch 128), ours (the WASM engine through the JS API, build/web, on MNIST) beside
// TensorFlow.js 4.22's cpu backend (on random images: the data does not change its speed), in the
// same run. TensorFlow.js' wasm backend has no Conv2DBackpropFilter kernel: its attempt is caught
// and printed. Each: a warm-up, then samples/s per second of the process' CPU time (every
// contender runs on one thread; common.mjs's timing loop): ours the median of 3 runs of BATCHES
// batches, TensorFlow.js one batch (its cpu backend takes minutes per batch of 128 here). With
// the measured f32x4 peak of build/wasm/aeplay_bench_wasm.cjs (PEAK=GFLOP/s, or measured here
// when that file exists) it prints our share of the peak at 115.5 MFLOP per sample
// (bench/conv_step.h counts them).
// Run: ./scripts/bench_peers   (BATCHES=4 timed batches per run of ours by default)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, medianRate, rate } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const BATCHES = Number(process.env.BATCHES || 4), BATCH = 128;
const MFLOP_PER_SAMPLE = 115.5; // forward + both backward products of the conv layers
const config = JSON.parse(fs.readFileSync(path.join(root, 'examples/seed004_conv_denoiser.json'), 'utf8'));

async function ours() {
  const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
  const ae = await createAeplay();
  ae.addDatasetAsset('mnist', new Uint8Array(fs.readFileSync(path.join(root, 'build/data/mnist.bin'))));
  const cfg = structuredClone(config);
  cfg.train.batch_size = BATCH;
  cfg.data.samples = Math.ceil(((6 + 3 * BATCHES) * BATCH) / 0.8) + BATCH; // warm-up and runs in epoch 1
  const s = ae.createSession(cfg);
  const sps = await medianRate(cpuSeconds, BATCHES * BATCH, () => s.trainBatches(2), () => s.trainBatches(BATCHES));
  s.delete();
  return sps;
}

// The same model in TensorFlow.js layers.
async function tfjs(backend) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (backend === 'wasm') wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  await tf.setBackend(backend);
  await tf.ready();
  const model = tfl.sequential();
  const same = { kernelSize: 3, padding: 'same' };
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, activation: 'relu', ...same }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tfl.layers.conv2d({ filters: 64, activation: 'relu', ...same }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tfl.layers.conv2d({ filters: 128, activation: 'relu', ...same }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tfl.layers.conv2dTranspose({ filters: 128, strides: 2, activation: 'relu', ...same }));
  model.add(tfl.layers.conv2dTranspose({ filters: 64, strides: 2, activation: 'relu', ...same }));
  model.add(tfl.layers.conv2dTranspose({ filters: 32, strides: 1, activation: 'relu', ...same }));
  model.add(tfl.layers.conv2dTranspose({ filters: 1, strides: 2, activation: 'sigmoid', ...same }));
  model.add(tfl.layers.cropping2D({ cropping: [[2, 2], [2, 2]] }));
  if (model.countParams() !== 332801) throw new Error(`${model.countParams()} parameters, not 332,801`);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 42);
  await model.trainOnBatch(x, x); // warm-up
  return rate(cpuSeconds, BATCH, () => model.trainOnBatch(x, x)); // one batch: minutes on the cpu backend
}

function peak() {
  if (process.env.PEAK) return Number(process.env.PEAK);
  const bench = path.join(root, 'build/wasm/aeplay_bench_wasm.cjs');
  if (!fs.existsSync(bench)) return 0;
  const out = execFileSync('node', [bench, '--peak'], { encoding: 'utf8' });
  return Number(/peak, one core: ([\d.]+) GFLOP\/s/.exec(out)[1]);
}

const p = peak();
const a = await ours();
const share = p ? `   ${((100 * a * MFLOP_PER_SAMPLE) / 1e3 / p).toFixed(0)}% of the f32x4 peak (${p.toFixed(1)} GFLOP/s)` : '';
console.log(`seed 004 conv model, batch ${BATCH}`);
console.log(`ours (aeplay WASM, JS API, 1 thread)     ${a.toFixed(1).padStart(8)} samples/s (per CPU second)${share}`);
for (const backend of ['wasm', 'cpu']) {
  const label = `TensorFlow.js 4.22 ${backend}`.padEnd(40);
  try {
    const t = await tfjs(backend);
    console.log(`${label} ${t.toFixed(1).padStart(8)} samples/s   ours / peer = ${(a / t).toFixed(1)}x`);
  } catch (e) {
    console.log(`${label}   cannot train it: ${String(e.message || e).split('\n')[0]}`);
  }
}
