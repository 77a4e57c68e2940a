// aeplay.mjs: the JavaScript API of AE Playground (an ES module; node 18+ and browsers).
//
//   import { createAeplay } from './aeplay.mjs';
//   const ae = await createAeplay();
//   const s = ae.createSession(configJsonOrObject);   // throws AeplayError('model.input: ...') on bad config
//   s.trainEpoch();  s.trainBatches(10);  s.history(); // { loss: [...], val_loss: [...] }
//   const z = s.encode(x);  const xr = s.reconstruct(x); // Float32Array in, Float32Array (a copy) out
//   s.summary().params;  s.delete();
//
// Wraps the Embind module (aeplay_core.mjs): JSON state is parsed, and every array returned is a
// copy owned by JS (valid after the WASM heap grows).
//
// Errors, one rule: every call returns its value or throws an AeplayError whose message is the
// engine's (it names the field, the line or the argument, and what is accepted); nothing is
// silently ignored. Each fallible core call answers { ok: true, value } or { ok: false, error }
// (wasm/bindings.cpp), and unwrap() below is the one place that turns a failure into a throw; the
// checks the glue itself makes (a config or lesson that is neither text nor an object, bytes that
// are not a Uint8Array, arrays that are not arrays) throw through the same raise().
// checkConfig and checkCsv are validators: a bad config or CSV is their answer (the message), not
// a failure.
// Types: aeplay.d.ts (and aeplay.d.mts, the name TypeScript looks for beside this file).
import createAeplayCore from './aeplay_core.mjs';

export class AeplayError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AeplayError';
  }
}

function raise(message) {
  throw new AeplayError(message);
}

// A core result's value, or the thrown AeplayError carrying the engine's message.
function unwrap(result) {
  if (!result.ok) raise(result.error);
  return result.value;
}

function toJsonText(config) {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object') return JSON.stringify(config);
  raise(`config: expected a JSON string or an object, got ${typeof config}`);
}

function toFloat32(x, what) {
  if (x instanceof Float32Array) return x;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return Float32Array.from(x);
  raise(`${what}: expected a Float32Array or an array of numbers`);
}

// `what` says whose bytes: "addFile: bytes: expected the file's bytes".
function toBytes(bytes, what) {
  if (!(bytes instanceof Uint8Array)) raise(`${what} as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  return bytes;
}

function toLessonText(lesson) {
  if (typeof lesson === 'string') return lesson;
  if (lesson && typeof lesson === 'object') return JSON.stringify(lesson);
  raise(`lesson: expected a JSON string or an object, got ${typeof lesson}`);
}
function base64url(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Session {
  #s;
  constructor(core, config, checkpoint = null, name = 'checkpoint') {
    this.#s = new core.Session();
    try {
      unwrap(checkpoint ? this.#s.resume(checkpoint, name) : this.#s.init(toJsonText(config)));
    } catch (e) {
      this.#s.delete();
      this.#s = null;
      throw e;
    }
  }
  // The core call's value (or the thrown AeplayError); a deleted session throws.
  #call(name, ...args) {
    if (!this.#s) raise('session: already deleted');
    return unwrap(this.#s[name](...args));
  }
  #json(name, ...args) { return JSON.parse(this.#call(name, ...args)); }
  /** Runs up to n mini-batches (across epoch ends); returns how many ran. */
  trainBatches(n = 1) { return this.#call('trainBatches', n); }
  /** Finishes the current epoch; returns the batches run. */
  trainEpoch() { return this.#call('trainEpoch'); }
  /** Trains until the configured epochs are done (or training stops on NaN). */
  fit() {
    while (!this.progress().done) this.trainEpoch();
    return this.history();
  }
  /** From the next batch on; lr in (0, 100], as train.optimizer.learning_rate. */
  setLearningRate(lr) { this.#call('setLearningRate', lr); }
  /** The epochs to train, an integer from 1 to 100000 (kMaxEpochs); a finished session can go on. */
  setEpochs(epochs) { this.#call('setEpochs', epochs); }
  /** { epoch, epochs, batch, batches_per_epoch, samples_seen, epoch_loss, done, error, history } */
  progress() { return this.#json('statusJson'); }
  /** A lesson's metrics (task id -> value) and checks on this session: { metrics, checks }. */
  checkLesson(lesson) { return this.#json('lessonChecksJson', toLessonText(lesson)); }
  /** What the page exports for the grader: { format, lesson, student, seed, config, metrics }. */
  submission(lesson, studentId = '') {
    return this.#json('submissionJson', toLessonText(lesson), String(studentId));
  }
  /**
   * { loss: number[], val_loss: number[] }, one value per finished epoch; a variational model adds
   * kl, reconstruction (training, sampled z) and val_kl, val_reconstruction (validation at z_mean).
   */
  history() { return this.progress().history; }
  /** { text, rows: [{name, shape, params, formula}], params, input, latent } */
  summary() { return this.#json('summaryJson'); }
  /** The config with every default filled in (JSON text). */
  config() { return this.#call('configJson'); }
  /**
   * The seeds' evaluation on the validation split (else the training split): reconstruction
   * { mse, rmse, mae }, per_sample_error { mean, std, min, max }, anomaly { k, threshold, flagged },
   * pca { k, mse, explained_variance_ratio, autoencoder_mse, better }, denoising (with train.noise),
   * and with { errors: true } the per-sample errors.
   */
  evaluate({ k = 3, errors = false } = {}) { return this.#json('evaluationJson', k, errors); }
  /**
   * Denoising at a test-time noise level, on the evaluation set (validation, else training).
   * spec: { type: 'gaussian' | 'masking', factor, clip, fraction, seed } (JSON text or object);
   * missing keys: the session's train.noise, else gaussian 0.3 clipped; seed: the config's. The
   * test noise has its own random stream, so it is never the training noise.
   * Returns { set, samples, features, noise, mse_noisy, mse_denoised, noise_reduction_percent,
   * errors_noisy, errors_denoised } plus, with { sample: i }, sample: { index, noisy, denoised,
   * clean (Float32Arrays), mse_noisy, mse_denoised } and, with { sweep: n }, sweep: { levels,
   * mse_noisy, mse_denoised } at n levels from 0 to twice the training level.
   */
  denoise(spec = {}, { sample = -1, sweep = 0 } = {}) {
    const r = this.#json('denoiseJson', toJsonText(spec), sample, sweep);
    if (r.sample) for (const k of ['noisy', 'denoised', 'clean']) r.sample[k] = Float32Array.from(r.sample[k]);
    return r;
  }
  /**
   * Anomaly detection against the data's ground truth at the threshold mean + k std:
   * { roc: { fpr, tpr, thresholds }, pr: { precision, recall, thresholds }, auc, ap,
   *   at: { threshold, tp, fp, tn, fn, precision, recall, f1, fpr, tpr } }, or null without ground
   * truth. Curves follow sklearn's roc_curve / precision_recall_curve.
   */
  anomalyCurves({ k = 3 } = {}) { return this.#json('anomalyCurvesJson', k); }
  /**
   * PCA (fitted on the training split) beside the autoencoder on the evaluation split:
   * { explained_variance_ratio, pca_mse (k = 1..min(d, 64)), autoencoder: { k, mse },
   *   principal_angles_deg (linear decoders), principal_angles_why (otherwise) }.
   */
  pcaComparison() { return this.#json('pcaComparisonJson'); }
  /**
   * The softmax probe with stratified k-fold CV on raw inputs, PCA codes and AE codes of the first
   * maxSamples evaluation samples: { samples, pca_k, classes, chance, raw|pca|autoencoder:
   * { mean, std, folds, features } }, or { why } without labels.
   */
  probe({ folds = 5, epochs = 100, maxSamples = 500 } = {}) {
    return this.#json('probeJson', folds, epochs, maxSamples);
  }
  /**
   * Per feature: the increase of the mean reconstruction MSE when it moves by +-delta std, on the
   * first maxSamples evaluation samples (0: 256 up to 100 features, else 32):
   * { delta, samples, base_mse, increase }.
   */
  sensitivity({ delta = 1, maxSamples = 0 } = {}) { return this.#json('sensitivityJson', delta, maxSamples); }
  encode(x) { return this.#call('encode', toFloat32(x, 'encode')); }
  decode(z) { return this.#call('decode', toFloat32(z, 'decode')); }
  reconstruct(x) { return this.#call('reconstruct', toFloat32(x, 'reconstruct')); }
  /**
   * A variational model's KL per latent dimension (nats, mean over the evaluation split):
   * { per_dim: number[], collapsed: boolean[] (KL below collapsed_below = 0.01), collapsed_below }.
   */
  perDimKL() { return this.#json('perDimKlJson'); }
  /** count decodes of z ~ N(0, I) drawn from seed (Float32Array, count x input, scaled units). */
  samplePrior(count = 16, seed = 1) { return this.#call('samplePrior', count, seed); }
  /**
   * The n x n manifold grid (Float32Array, n * n x input, row-major from the top left): column j
   * sets z[dimA], row i sets z[dimB] (top = largest) to the standard normal's quantiles at
   * linspace(0.05, 0.95, n); the other dims are 0.
   */
  manifoldGrid(n = 15, dimA = 0, dimB = 1) { return this.#call('manifoldGrid', n, dimA, dimB); }
  /** Training / validation samples as the model sees them (scaled), row-major. */
  xTrain() { return this.#call('xTrain'); }
  xVal() { return this.#call('xVal'); }
  /** All weights, flat: per layer the kernel (in x out, row-major) then the bias. */
  params() { return this.#call('params'); }
  /** The whole training state (Uint8Array); ae.resumeSession(bytes) continues it exactly. */
  checkpoint() { return this.#call('checkpoint'); }
  /** The trained model as a model file (Uint8Array): weights, scaler, config, history. */
  saveModel() { return this.#call('saveModel'); }
  /**
   * The current model as ONNX (Uint8Array): part 'full' (default), 'encoder' or 'decoder'; input
   * "input", output "output", batch dimension "N", raw units in and out (the scaler is inside).
   */
  exportOnnx(part = 'full') { return this.#call('exportOnnx', String(part)); }
  /** The weights as a NumPy .npz archive (Uint8Array): "encoder_1/kernel", ..., "config". */
  exportNpz() { return this.#call('exportNpz'); }
  delete() {
    if (this.#s) this.#s.delete();
    this.#s = null;
  }
}

/** A saved model (seed 002's serving calls), in the data's original units; the scaler is inside. */
export class Model {
  #m;
  constructor(core, bytes, name) {
    toBytes(bytes, `${name}: expected the model file's bytes`);
    this.#m = new core.Model();
    try {
      unwrap(this.#m.load(bytes, name));
    } catch (e) {
      this.#m.delete();
      this.#m = null;
      throw e;
    }
  }
  #call(name, ...args) {
    if (!this.#m) raise('model: already deleted');
    return unwrap(this.#m[name](...args));
  }
  /** { config, params, input, latent, scaling, history, train_error: { mean, std } } */
  info() { return JSON.parse(this.#call('infoJson')); }
  encode(x) { return this.#call('encode', toFloat32(x, 'encode')); }
  decode(z) { return this.#call('decode', toFloat32(z, 'decode')); }
  reconstruct(x) { return this.#call('reconstruct', toFloat32(x, 'reconstruct')); }
  /** Per-sample anomaly scores (MSE in the scaled space the model was trained in). */
  score(x) { return this.#call('score', toFloat32(x, 'score')); }
  /** As Session.exportOnnx / exportNpz, for the loaded model. */
  exportOnnx(part = 'full') { return this.#call('exportOnnx', String(part)); }
  exportNpz() { return this.#call('exportNpz'); }
  delete() {
    if (this.#m) this.#m.delete();
    this.#m = null;
  }
}

export async function createAeplay(moduleOverrides = {}) {
  const core = await createAeplayCore(moduleOverrides);
  return {
    createSession: (config) => new Session(core, config),
    /** Continues a session from Session.checkpoint() bytes (same numbers as never stopping). */
    resumeSession(bytes, name = 'checkpoint') {
      return new Session(core, null, toBytes(bytes, `${name}: expected the checkpoint's bytes`), String(name));
    },
    /** Loads a model file's bytes (from Session.saveModel() or `aeplay train --save`). */
    loadModel: (bytes, name = 'model') => new Model(core, bytes, String(name)),
    /**
     * Makes a prepared image dataset available ('mnist' or 'fashion_mnist': the bytes of
     * build/data/<name>.bin, or of the page's data/<name>.bin.gz after decompression).
     */
    addDatasetAsset(name, bytes) {
      unwrap(core.addDatasetAsset(String(name), toBytes(bytes, "addDatasetAsset: bytes: expected the asset's bytes")));
    },
    /** Holds a file's bytes (a CSV or IDX upload) for sessions to read; returns its key,
     *  '/upload/<name>', for a config's data.path ({"name": "csv", "path": ...}) or an IDX
     *  file's data.images / data.labels ({"name": "idx", "images": ...}). Messages about the file
     *  name it as <name>. */
    addFile(name, bytes) {
      return unwrap(core.addFile(String(name), toBytes(bytes, "addFile: bytes: expected the file's bytes")));
    },
    /** '' when the CSV text reads as the CLI reads it, else the message naming line and column. */
    checkCsv: (text, name = 'data.csv') => core.checkCsv(String(text), String(name)),
    /** ROC / PR curves, AUC, AP and the operating point (flagged = score > threshold) of scores vs 0/1 labels. */
    anomalyCurves(scores, labels, threshold) {
      return JSON.parse(unwrap(core.anomalyCurves(scores, labels, threshold)));
    },
    /** '' when valid, else the message naming the field. */
    checkConfig: (config) => core.checkConfig(toJsonText(config)),
    /** A lesson file (text or object) checked and parsed: { id, title, blocks (styled text
     *  runs), config, locked, hidden, has_variants, tasks }. Throws with the field path. */
    parseLesson: (lesson) => JSON.parse(unwrap(core.parseLesson(toLessonText(lesson)))),
    /** The lesson's config for a student id (their own seed / data when it has variants). */
    lessonConfig: (lesson, studentId = '') => JSON.parse(unwrap(core.lessonConfig(toLessonText(lesson), String(studentId)))),
    /** The lesson's metrics and checks on a (trained) session: { metrics, checks }. */
    evaluateLesson(lesson, session) {
      if (!(session instanceof Session)) raise('evaluateLesson: session: expected a Session from createSession');
      return session.checkLesson(lesson);
    },
    /** A share link: base + '#config=' + base64url(deflate-raw(canonical config)). */
    async encodeShareUrl(config, base = '') {
      const text = this.canonicalConfig(config);
      const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      return `${base}#config=${base64url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
    },
    /** The config of a share link (a URL with '#config=...', or the fragment alone), checked as
     *  the page checks it (size caps, base64url, inflate, the config's fields). */
    decodeShareUrl(url) {
      const text = String(url);
      const hash = text.indexOf('#');
      return JSON.parse(unwrap(core.decodeShareFragment(hash >= 0 ? text.substring(hash + 1) : text)));
    },
    canonicalConfig: (config) => unwrap(core.canonicalConfig(toJsonText(config))),
    summary: (config) => unwrap(core.modelSummary(toJsonText(config))),
    AeplayError,
  };
}

export default createAeplay;
