// aeplay.mjs: the JavaScript API of AE Playground (an ES module; node 18+ and browsers).
//
//   import { createAeplay } from './aeplay.mjs';
//   const ae = await createAeplay();
//   const s = ae.createSession(configJsonOrObject);   // throws Error('model.input: ...') on bad config
//   s.trainEpoch();  s.trainBatches(10);  s.history(); // { loss: [...], val_loss: [...] }
//   const z = s.encode(x);  const xr = s.reconstruct(x); // Float32Array in, Float32Array (a copy) out
//   s.summary().params;  s.delete();
//
// Wraps the Embind module (aeplay_core.mjs): engine messages become thrown Errors, JSON state is
// parsed, and every array returned is a copy owned by JS (valid after the WASM heap grows).
// Types: aeplay.d.ts (and aeplay.d.mts, the name TypeScript looks for beside this file).
import createAeplayCore from './aeplay_core.mjs';

export class AeplayError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AeplayError';
  }
}

function toJsonText(config) {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object') return JSON.stringify(config);
  throw new AeplayError(`config: expected a JSON string or an object, got ${typeof config}`);
}

function toFloat32(x, what) {
  if (x instanceof Float32Array) return x;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return Float32Array.from(x);
  throw new AeplayError(`${what}: expected a Float32Array or an array of numbers`);
}

// Lessons and share links cross as {"value": ...} or {"error": "message"}.
function lessonValue(text) {
  const r = JSON.parse(text);
  if (r.error !== undefined) throw new AeplayError(r.error);
  return r.value;
}
function toLessonText(lesson) {
  if (typeof lesson === 'string') return lesson;
  if (lesson && typeof lesson === 'object') return JSON.stringify(lesson);
  throw new AeplayError(`lesson: expected a JSON string or an object, got ${typeof lesson}`);
}
function base64url(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function checkNumber(what, v, lo, hi) {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new AeplayError(`${what}: expected a number from ${lo} to ${hi}, got ${v}`);
}
function checkInteger(what, v, lo, hi) {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new AeplayError(`${what}: expected an integer from ${lo} to ${hi}, got ${v}`);
}

// An export of the core (Uint8Array), or a thrown AeplayError with the engine's message.
function exportCall(obj, name, ...args) {
  const out = obj[name](...args);
  if (out === null) throw new AeplayError(obj.lastError());
  return out;
}

export class Session {
  #core;
  #s;
  constructor(core, config, checkpoint = null, name = 'checkpoint') {
    this.#core = core;
    this.#s = new core.Session();
    const err = checkpoint ? this.#s.resume(checkpoint, name) : this.#s.init(toJsonText(config));
    if (err) {
      this.#s.delete();
      throw new AeplayError(err);
    }
  }
  #live() {
    if (!this.#s) throw new AeplayError('session: already deleted');
    return this.#s;
  }
  /** Runs up to n mini-batches (across epoch ends); returns how many ran. */
  trainBatches(n = 1) { return this.#live().trainBatches(n); }
  /** Finishes the current epoch; returns the batches run. */
  trainEpoch() { return this.#live().trainEpoch(); }
  /** Trains until the configured epochs are done (or training stops on NaN). */
  fit() {
    const s = this.#live();
    while (!this.progress().done) s.trainEpoch();
    return this.history();
  }
  setLearningRate(lr) { this.#live().setLearningRate(lr); }
  setEpochs(epochs) { this.#live().setEpochs(epochs); }
  /** { epoch, epochs, batch, batches_per_epoch, samples_seen, epoch_loss, done, error, history } */
  progress() { return JSON.parse(this.#live().statusJson()); }
  /** A lesson's metrics (task id -> value) and checks on this session: { metrics, checks }. */
  checkLesson(lesson) { return lessonValue(this.#live().lessonChecksJson(toLessonText(lesson))); }
  /** What the page exports for the grader: { format, lesson, student, seed, config, metrics }. */
  submission(lesson, studentId = '') {
    return lessonValue(this.#live().submissionJson(toLessonText(lesson), String(studentId)));
  }
  /**
   * { loss: number[], val_loss: number[] }, one value per finished epoch; a variational model adds
   * kl, reconstruction (training, sampled z) and val_kl, val_reconstruction (validation at z_mean).
   */
  history() { return this.progress().history; }
  /** { text, rows: [{name, shape, params, formula}], params, input, latent } */
  summary() { return JSON.parse(this.#live().summaryJson()); }
  /** The config with every default filled in (JSON text). */
  config() { return this.#live().configJson(); }
  /**
   * The seeds' evaluation on the validation split (else the training split): reconstruction
   * { mse, rmse, mae }, per_sample_error { mean, std, min, max }, anomaly { k, threshold, flagged },
   * pca { k, mse, explained_variance_ratio, autoencoder_mse, better }, denoising (with train.noise),
   * and with { errors: true } the per-sample errors.
   */
  evaluate({ k = 3, errors = false } = {}) { return JSON.parse(this.#live().evaluationJson(k, errors)); }
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
    const s = this.#live();
    const text = s.denoiseJson(toJsonText(spec), sample, sweep);
    if (!text) throw new AeplayError(s.lastError());
    const r = JSON.parse(text);
    if (r.sample) for (const k of ['noisy', 'denoised', 'clean']) r.sample[k] = Float32Array.from(r.sample[k]);
    return r;
  }
  /**
   * Anomaly detection against the data's ground truth at the threshold mean + k std:
   * { roc: { fpr, tpr, thresholds }, pr: { precision, recall, thresholds }, auc, ap,
   *   at: { threshold, tp, fp, tn, fn, precision, recall, f1, fpr, tpr } }, or null without ground
   * truth. Curves follow sklearn's roc_curve / precision_recall_curve.
   */
  anomalyCurves({ k = 3 } = {}) {
    checkNumber('anomalyCurves: k', k, 0, 100);
    return JSON.parse(this.#live().anomalyCurvesJson(k));
  }
  /**
   * PCA (fitted on the training split) beside the autoencoder on the evaluation split:
   * { explained_variance_ratio, pca_mse (k = 1..min(d, 64)), autoencoder: { k, mse },
   *   principal_angles_deg (linear decoders), principal_angles_why (otherwise) }.
   */
  pcaComparison() { return JSON.parse(this.#live().pcaComparisonJson()); }
  /**
   * The softmax probe with stratified k-fold CV on raw inputs, PCA codes and AE codes of the first
   * maxSamples evaluation samples: { samples, pca_k, classes, chance, raw|pca|autoencoder:
   * { mean, std, folds, features } }, or { why } without labels.
   */
  probe({ folds = 5, epochs = 100, maxSamples = 500 } = {}) {
    checkInteger('probe: folds', folds, 2, 20);
    checkInteger('probe: epochs', epochs, 1, 10000);
    checkInteger('probe: maxSamples', maxSamples, folds, 1000000);
    return JSON.parse(this.#live().probeJson(folds, epochs, maxSamples));
  }
  /**
   * Per feature: the increase of the mean reconstruction MSE when it moves by +-delta std, on the
   * first maxSamples evaluation samples (0: 256 up to 100 features, else 32):
   * { delta, samples, base_mse, increase }.
   */
  sensitivity({ delta = 1, maxSamples = 0 } = {}) {
    checkNumber('sensitivity: delta', delta, 1e-6, 100);
    checkInteger('sensitivity: maxSamples', maxSamples, 0, 1000000);
    return JSON.parse(this.#live().sensitivityJson(delta, maxSamples));
  }
  encode(x) { return this.#call('encode', x); }
  decode(z) { return this.#call('decode', z); }
  reconstruct(x) { return this.#call('reconstruct', x); }
  /**
   * A variational model's KL per latent dimension (nats, mean over the evaluation split):
   * { per_dim: number[], collapsed: boolean[] (KL below collapsed_below = 0.01), collapsed_below }.
   */
  perDimKL() { return this.#vae(this.#live().perDimKlJson()); }
  /** count decodes of z ~ N(0, I) drawn from seed (Float32Array, count x input, scaled units). */
  samplePrior(count = 16, seed = 1) {
    checkInteger('samplePrior: count', count, 1, 10000);
    checkInteger('samplePrior: seed', seed, 0, 2147483647);
    return this.#vae(this.#live().samplePrior(count, seed));
  }
  /**
   * The n x n manifold grid (Float32Array, n * n x input, row-major from the top left): column j
   * sets z[dimA], row i sets z[dimB] (top = largest) to the standard normal's quantiles at
   * linspace(0.05, 0.95, n); the other dims are 0.
   */
  manifoldGrid(n = 15, dimA = 0, dimB = 1) {
    checkInteger('manifoldGrid: n', n, 1, 100);
    checkInteger('manifoldGrid: dimA', dimA, 0, 4096);
    checkInteger('manifoldGrid: dimB', dimB, 0, 4096);
    return this.#vae(this.#live().manifoldGrid(n, dimA, dimB));
  }
  /** Training / validation samples as the model sees them (scaled), row-major. */
  xTrain() { return this.#live().xTrain(); }
  xVal() { return this.#live().xVal(); }
  /** All weights, flat: per layer the kernel (in x out, row-major) then the bias. */
  params() { return this.#live().params(); }
  /** The whole training state (Uint8Array); ae.resumeSession(bytes) continues it exactly. */
  checkpoint() { return this.#live().checkpoint(); }
  /** The trained model as a model file (Uint8Array): weights, scaler, config, history. */
  saveModel() { return this.#live().saveModel(); }
  /**
   * The current model as ONNX (Uint8Array): part 'full' (default), 'encoder' or 'decoder'; input
   * "input", output "output", batch dimension "N", raw units in and out (the scaler is inside).
   */
  exportOnnx(part = 'full') { return exportCall(this.#live(), 'exportOnnx', String(part)); }
  /** The weights as a NumPy .npz archive (Uint8Array): "encoder_1/kernel", ..., "config". */
  exportNpz() { return exportCall(this.#live(), 'exportNpz'); }
  delete() {
    if (this.#s) this.#s.delete();
    this.#s = null;
  }
  #vae(out) {
    if (out === null || out === 'null') throw new AeplayError(this.#live().lastError());
    return typeof out === 'string' ? JSON.parse(out) : out;
  }
  #call(name, x) {
    const s = this.#live();
    const out = s[name](toFloat32(x, name));
    if (out === null) throw new AeplayError(s.lastError());
    return out;
  }
}

/** A saved model (seed 002's serving calls), in the data's original units; the scaler is inside. */
export class Model {
  #m;
  constructor(core, bytes, name) {
    if (!(bytes instanceof Uint8Array)) throw new AeplayError(`${name}: expected the model file's bytes as a Uint8Array`);
    this.#m = new core.Model();
    const err = this.#m.load(bytes, name);
    if (err) {
      this.#m.delete();
      this.#m = null;
      throw new AeplayError(err);
    }
  }
  #live() {
    if (!this.#m) throw new AeplayError('model: already deleted');
    return this.#m;
  }
  /** { config, params, input, latent, scaling, history, train_error: { mean, std } } */
  info() { return JSON.parse(this.#live().infoJson()); }
  encode(x) { return this.#call('encode', x); }
  decode(z) { return this.#call('decode', z); }
  reconstruct(x) { return this.#call('reconstruct', x); }
  /** Per-sample anomaly scores (MSE in the scaled space the model was trained in). */
  score(x) { return this.#call('score', x); }
  /** As Session.exportOnnx / exportNpz, for the loaded model. */
  exportOnnx(part = 'full') { return exportCall(this.#live(), 'exportOnnx', String(part)); }
  exportNpz() { return exportCall(this.#live(), 'exportNpz'); }
  delete() {
    if (this.#m) this.#m.delete();
    this.#m = null;
  }
  #call(name, x) {
    const m = this.#live();
    const out = m[name](toFloat32(x, name));
    if (out === null) throw new AeplayError(m.lastError());
    return out;
  }
}

export async function createAeplay(moduleOverrides = {}) {
  const core = await createAeplayCore(moduleOverrides);
  return {
    createSession: (config) => new Session(core, config),
    /** Continues a session from Session.checkpoint() bytes (same numbers as never stopping). */
    resumeSession(bytes, name = 'checkpoint') {
      if (!(bytes instanceof Uint8Array)) throw new AeplayError(`${name}: expected the checkpoint's bytes as a Uint8Array`);
      return new Session(core, null, bytes, name);
    },
    /** Loads a model file's bytes (from Session.saveModel() or `aeplay train --save`). */
    loadModel: (bytes, name = 'model') => new Model(core, bytes, name),
    /**
     * Makes a prepared image dataset available ('mnist' or 'fashion_mnist': the bytes of
     * build/data/<name>.bin, or of the page's data/<name>.bin.gz after decompression).
     */
    addDatasetAsset(name, bytes) {
      if (!(bytes instanceof Uint8Array)) throw new AeplayError(`addDatasetAsset: expected the asset's bytes as a Uint8Array`);
      const err = core.addDatasetAsset(String(name), bytes);
      if (err) throw new AeplayError(err);
    },
    /** Stores a file's bytes (a CSV upload) in the module's file system; returns its path,
     *  '/upload/<name>', for a config's data.path ({"name": "csv", "path": ...}) or an IDX
     *  file's data.images / data.labels ({"name": "idx", "images": ...}). */
    addFile(name, bytes) {
      if (!(bytes instanceof Uint8Array)) throw new AeplayError(`addFile: expected the file's bytes as a Uint8Array`);
      const err = core.addFile(String(name), bytes);
      if (err) throw new AeplayError(err);
      return `/upload/${name}`;
    },
    /** '' when the CSV text reads as the CLI reads it, else the message naming line and column. */
    checkCsv: (text, name = 'data.csv') => core.checkCsv(String(text), String(name)),
    /** ROC / PR curves, AUC, AP and the operating point (flagged = score > threshold) of scores vs 0/1 labels. */
    anomalyCurves(scores, labels, threshold) {
      if (!ArrayBuffer.isView(scores) && !Array.isArray(scores)) throw new AeplayError('anomalyCurves: scores: expected an array of numbers');
      if (!ArrayBuffer.isView(labels) && !Array.isArray(labels)) throw new AeplayError('anomalyCurves: labels: expected an array of 0/1');
      if (scores.length !== labels.length) throw new AeplayError(`anomalyCurves: ${scores.length} scores but ${labels.length} labels`);
      checkNumber('anomalyCurves: threshold', threshold, -Infinity, Infinity);
      return JSON.parse(core.anomalyCurves(Array.from(scores), Array.from(labels, (v) => (v ? 1 : 0)), threshold));
    },
    /** '' when valid, else the message naming the field. */
    checkConfig: (config) => core.checkConfig(toJsonText(config)),
    /** A lesson file (text or object) checked and parsed: { id, title, blocks (styled text
     *  runs), config, locked, hidden, has_variants, tasks }. Throws with the field path. */
    parseLesson: (lesson) => lessonValue(core.parseLesson(toLessonText(lesson))),
    /** The lesson's config for a student id (their own seed / data when it has variants). */
    lessonConfig: (lesson, studentId = '') => lessonValue(core.lessonConfig(toLessonText(lesson), String(studentId))),
    /** The lesson's metrics and checks on a (trained) session: { metrics, checks }. */
    evaluateLesson: (lesson, session) => session.checkLesson(lesson),
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
      return lessonValue(core.decodeShareFragment(hash >= 0 ? text.substring(hash + 1) : text));
    },
    canonicalConfig(config) {
      const text = toJsonText(config);
      const out = core.canonicalConfig(text);
      if (!out) throw new AeplayError(core.checkConfig(text));
      return out;
    },
    summary(config) {
      const text = toJsonText(config);
      const out = core.modelSummary(text);
      if (!out) throw new AeplayError(core.checkConfig(text));
      return out;
    },
    AeplayError,
  };
}

export default createAeplay;
