// usage.ts: a program over the JS API that tsc --noEmit --strict must accept with
// build/web/aeplay.d.mts (tests/wasm/dts.test.mjs); it is type-checked, never run. The lines
// marked as expected errors are misuses the declaration must reject.
import createAeplay, { AeplayError, Model, Session } from '../../../build/web/aeplay.mjs';
import type { Config, Evaluation, History, LayerConfig, OnnxPart, Progress } from '../../../build/web/aeplay.mjs';

const conv: LayerConfig[] = [
  { type: 'conv2d', filters: 8, kernel_size: 3, strides: [2, 2], padding: 'same', activation: 'relu' },
  { type: 'max_pooling2d', pool_size: 2, padding: 'valid' },
  { type: 'cropping2d', cropping: [[0, 1], [1, 0]] },
  { type: 'flatten' },
];
const config: Config = {
  seed: 1,
  data: { name: 'mnist', samples: 300 },
  model: { input: [28, 28, 1], encoder: [...conv, { type: 'dense', units: 16 }],
    decoder: [{ type: 'dense', units: 784, activation: 'sigmoid' }, { type: 'reshape', target_shape: [28, 28, 1] }] },
  train: { epochs: 1, optimizer: { type: 'adam', learning_rate: 1e-3 }, noise: { type: 'gaussian', factor: 0.3 } },
};

async function main(): Promise<number> {
  const ae = await createAeplay();
  const s: Session = ae.createSession(config);
  const ran: number = s.trainBatches(2);
  const p: Progress = s.progress();
  const h: History = s.fit();
  const e: Evaluation = s.evaluate({ k: 3, errors: true });
  const z: Float32Array = s.encode(new Float32Array(784));
  const m: Model = ae.loadModel(s.saveModel(), 'm.aeplay');
  const parts: OnnxPart[] = ['encoder', 'decoder', 'full'];
  const onnx: Uint8Array[] = parts.map((part) => m.exportOnnx(part));
  const curves = s.anomalyCurves({ k: 2 });
  const auc: number = curves ? curves.auc : 0;
  let why = '';
  try {
    ae.createSession('{}');
    s.setEpochs(0);
  } catch (err) {
    if (err instanceof AeplayError || err instanceof ae.AeplayError) {
      const name: 'AeplayError' = err.name;
      why = `${name}: ${err.message}`;
    }
  }
  const file: string = ae.addFile('iris.csv', new Uint8Array(0));
  const valid: string = ae.checkConfig(config);
  // @ts-expect-error: setEpochs takes a number
  s.setEpochs('3');
  // @ts-expect-error: 'swish' is not an activation
  const bad: LayerConfig = { type: 'dense', units: 4, activation: 'swish' };
  // @ts-expect-error: padding is 'valid' or 'same'
  const pad: LayerConfig = { type: 'conv2d', padding: 'causal' };
  // @ts-expect-error: the part is 'encoder', 'decoder' or 'full'
  s.exportOnnx('middle');
  // @ts-expect-error: sessions come from ae.createSession
  new Session();
  m.delete();
  s.delete();
  return ran + p.epoch + h.loss.length + e.reconstruction.mse + z.length + onnx.length + auc +
    (e.denoising ? e.denoising.noise_reduction_percent : 0) + String(bad).length + String(pad).length + why.length + file.length + valid.length;
}

main().then((v) => console.log(v));
