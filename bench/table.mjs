// table.mjs: the benchmark table of docs/performance.md from the outputs scripts/bench saved in build/bench/
// (wasm.txt: bench_wasm; dense.txt, chromium.txt and conv.txt: bench/peers; page.txt:
// bench/page.mjs). Writes a Markdown table of issue 5's targets (measured value, and "met" or the
// distance to the target) and the machine (CPU, cores, node, Chromium) between docs/performance.md's
// `<!-- bench:begin -->` and `<!-- bench:end -->` markers. Run by ./scripts/bench; not a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (name) => fs.readFileSync(path.join(root, 'build/bench', name), 'utf8');
const num = (text, re, what) => {
  const m = re.exec(text);
  if (!m) throw new Error(`bench table: no ${what} in the benchmark output`);
  return Number(m[1]);
};
const wasm = read('wasm.txt'), dense = read('dense.txt'), conv = read('conv.txt');
const chromium = read('chromium.txt');
const page = JSON.parse(read('page.txt').trim().split('\n').pop());

const peak = num(wasm, /peak, one core: ([\d.]+) GFLOP\/s/, 'f32x4 peak');
// The dense seed model's GEMM shapes: the share of the peak of each product.
const shares = [];
for (const shape of ['64/100/64', '64/64/32', '64/32/10'])
  for (const m of wasm.matchAll(new RegExp(`^\\w+ +${shape} .* (\\d+)%$`, 'gm'))) shares.push(Number(m[1]));
const convLine = /^seed004_conv_denoiser +([\d.]+) +([\d.]+) +([\d.]+) +(\d+)%$/m.exec(wasm);
if (!convLine || shares.length !== 9) throw new Error('bench table: bench_wasm output not recognized');
const ours = num(dense, /^ours .*? (\d+) samples\/s/m, 'dense samples/s');
const tfWasm = num(dense, /^TensorFlow\.js 4\.22 wasm.*?ours \/ peer = ([\d.]+)x/m, 'dense ratio to tfjs-wasm');
const tfCpu = num(dense, /^TensorFlow\.js 4\.22 cpu.*?ours \/ peer = ([\d.]+)x/m, 'dense ratio to tfjs-cpu');
const chOurs = num(chromium, /^ours .*? (\d+) samples\/s/m, 'Chromium dense samples/s');
const chWasm = num(chromium, /^TensorFlow\.js 4\.22 wasm.*?ours \/ peer = ([\d.]+)x/m, 'Chromium ratio to tfjs-wasm');
const chCpu = num(chromium, /^TensorFlow\.js 4\.22 cpu.*?ours \/ peer = ([\d.]+)x/m, 'Chromium ratio to tfjs-cpu');
const convOurs = num(conv, /^ours .*? ([\d.]+) samples\/s/m, 'conv samples/s');
const convCpu = /^TensorFlow\.js 4\.22 cpu +([\d.]+) samples\/s +ours \/ peer = ([\d.]+)x/m.exec(conv);
const convWasmNote = /^TensorFlow\.js 4\.22 wasm +(.*)$/m.exec(conv)?.[1].trim() ?? '';

const MiB = 1048576;
const atLeast = (value, target, unit = '') => (value >= target ? 'met' : `${(target - value).toFixed(1)}${unit} short (${(value / target * 100).toFixed(0)}% of the target)`);
const atMost = (value, target, unit = '', digits = 2) => (value <= target ? 'met' : `${(value - target).toFixed(digits)}${unit} over (${(value / target).toFixed(2)}x the target)`);
const gemmMin = Math.min(...shares), gemmMax = Math.max(...shares);
const convShare = Number(convLine[4]);
const rows = [
  ['Dense seed 000 model, node: ours / TensorFlow.js-wasm', '>= 20x', `${tfWasm.toFixed(1)}x (${ours.toLocaleString('en-US')} samples/s; ${tfCpu.toFixed(1)}x its cpu backend)`, atLeast(tfWasm, 20, 'x')],
  ['Dense seed 000 model, Chromium: ours / TensorFlow.js-wasm', '>= 20x', `${chWasm.toFixed(1)}x (${chOurs.toLocaleString('en-US')} samples/s of wall time; ${chCpu.toFixed(1)}x its cpu backend)`, atLeast(chWasm, 20, 'x')],
  ['GEMM on the dense model\'s 9 products (WASM, node): share of the f32x4 peak', '>= 70%', `${gemmMin}-${gemmMax}% (peak ${peak.toFixed(1)} GFLOP/s)`, gemmMin >= 70 ? 'met' : `${shares.filter((s) => s < 70).length} of 9 below (lowest ${gemmMin}%, the 10-wide layer)`],
  ['Conv seed 004 model training (WASM, node, batch 128): share of the peak', '>= 50%', `${convShare}% (${Number(convLine[2]).toFixed(0)} samples/s, ${Number(convLine[3]).toFixed(1)} GFLOP/s; JS API ${convOurs.toFixed(0)} samples/s)`, atLeast(convShare, 50, ' points')],
  ['Conv seed 004 model: ours / TensorFlow.js-cpu (wasm backend: cannot train it)', '-', convCpu ? `${Number(convCpu[2]).toFixed(1)}x (${Number(convCpu[1]).toFixed(1)} samples/s)` : 'not measured', convWasmNote ? 'wasm: ' + convWasmNote.replace(/\|/g, '/') : '-'],
  ['Page frames/s while training seed 000 (worker thread)', '>= 55', `${page.fps_worker.toFixed(1)} (time-sliced ${page.fps_time_sliced.toFixed(1)}; SwiftShader WebGL on the CPU, where a canvas that only clears, beside a busy worker, gets ${page.fps_peer_clear_only ? page.fps_peer_clear_only.toFixed(1) : 'not measured'}: ours is ${page.fps_peer_clear_only ? (page.fps_worker / page.fps_peer_clear_only * 100).toFixed(0) + '% of that' : '-'}${page.frames_drawn_share_worker !== undefined ? `; ${(page.frames_drawn_share_worker * 100).toFixed(0)}% of our frames drew anything, ${(page.tiles_redrawn_share_worker * 100).toFixed(0)}% of the canvas each` : ''})`, atLeast(page.fps_worker, 55, ' fps')],
  ['First frame after navigation (localhost)', '<= 1000 ms', `${page.first_frame_ms_worker.toFixed(0)} ms (time-sliced build ${page.first_frame_ms_time_sliced.toFixed(0)} ms)`, atMost(page.first_frame_ms_worker, 1000, ' ms', 0)],
  ['aeplay.wasm gzipped', '<= 1 MiB', `${(page.wasm_gzip_bytes / MiB).toFixed(2)} MiB (raw ${(page.wasm_bytes / MiB).toFixed(2)} MiB)`, atMost(page.wasm_gzip_bytes / MiB, 1, ' MiB')],
  ['WASM memory after the seed 000 run in the page', '<= 32 MiB', `${(page.heap_bytes_worker / MiB).toFixed(0)} MiB (time-sliced ${(page.heap_bytes_time_sliced / MiB).toFixed(0)} MiB)`, atMost(page.heap_bytes_worker / MiB, 32, ' MiB')],
];

const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0].model;
const table = [
  `Measured by \`./scripts/bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ` +
    `node ${process.versions.node}, Chromium ${page.chromium}. Throughputs are per CPU second of one thread ` +
    '(the machine may be shared); the page runs WebGL on SwiftShader (no GPU).',
  '',
  '| target (issue 5) | wanted | measured | status |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');

const doc = path.join(root, 'docs/performance.md');
const text = fs.readFileSync(doc, 'utf8');
const begin = '<!-- bench:begin -->', end = '<!-- bench:end -->';
const a = text.indexOf(begin), b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('docs/performance.md has no <!-- bench:begin --> ... <!-- bench:end --> markers');
fs.writeFileSync(doc, text.slice(0, a + begin.length) + '\n' + table + '\n' + text.slice(b));
console.log(table);
