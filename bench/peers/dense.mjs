// dense.mjs: training throughput of the seed 000 dense autoencoder (100-64-32-10-32-64-100, Adam,
// MSE, batch 64, 4000 training samples), ours (the WASM engine through the JS API, build/web) beside
// TensorFlow.js 4.22 (wasm backend with SIMD, single thread under node; and its cpu backend),
// measured in the same run under node. Each: a 1.5 s warm-up, then the median samples/s of 3
// timed runs of EPOCHS epochs, per second of the process' CPU time (the machine may be shared with
// other work; every contender here runs on one thread). The loop and the models are common.mjs's,
// shared with the Chromium run (chromium.mjs). Run: ./scripts/bench_peers   (EPOCHS=5 by default)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, denseOurs, denseTfjs } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const EPOCHS = Number(process.env.EPOCHS || 5);

async function ours() {
  const { createAeplay } = await import(path.join(root, 'build/web/aeplay.mjs'));
  const cfg = JSON.parse(fs.readFileSync(path.join(root, 'examples/seed000_dense.json'), 'utf8'));
  return denseOurs(createAeplay, cfg, EPOCHS, cpuSeconds);
}

async function tfjs(backend) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (backend === 'wasm') wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  await tf.setBackend(backend);
  await tf.ready();
  const sps = await denseTfjs(tf, tfl, EPOCHS, cpuSeconds);
  return { sps, simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined };
}

const a = await ours();
console.log(`ours (aeplay WASM, JS API, 1 thread)     ${a.toFixed(0).padStart(8)} samples/s (per CPU second)`);
for (const backend of ['wasm', 'cpu']) {
  const p = await tfjs(backend);
  const label = `TensorFlow.js 4.22 ${backend}${backend === 'wasm' ? ` (SIMD ${p.simd})` : ''}`;
  console.log(`${label.padEnd(40)} ${p.sps.toFixed(0).padStart(8)} samples/s   ours / peer = ${(a / p.sps).toFixed(2)}x`);
}
