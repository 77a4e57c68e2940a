// aeplay.d.ts: the TypeScript declaration of aeplay.mjs, the JavaScript API of AE Playground
// (installed beside it in build/web). Every class, method and function that aeplay.mjs exports
// or returns, the config in Keras' names, and the shapes of the JSON results.
// tests/wasm/dts.test.mjs checks it against the module (names both ways) and type-checks a
// program that uses it (tsc --strict). Not here: the Embind core (aeplay_core.mjs), the page.

/** Layer activations (Keras' names). */
export type Activation = 'linear' | 'relu' | 'leaky_relu' | 'elu' | 'sigmoid' | 'tanh';
/** conv2d, conv2d_transpose and max_pooling2d padding (Keras' rules; `same` pads bottom / right first). */
export type Padding = 'valid' | 'same';
export type LayerType =
  | 'dense' | 'conv2d' | 'conv2d_transpose' | 'max_pooling2d' | 'up_sampling2d'
  | 'cropping2d' | 'flatten' | 'reshape' | 'dropout';
/** An integer, or [height, width] (Keras' int-or-tuple arguments). */
export type IntPair = number | [number, number];
export type KernelInitializer = 'glorot_uniform' | 'he_normal' | 'zeros';

/** One layer of model.encoder / model.decoder; which keys apply depends on `type`. */
export interface LayerConfig {
  type?: LayerType;
  /** dense: output width. */
  units?: number;
  activation?: Activation;
  kernel_initializer?: KernelInitializer;
  /** dense, conv2d, conv2d_transpose: a penalty on the layer's outputs. */
  activity_regularizer?: { l1?: number; l2?: number };
  /** conv2d, conv2d_transpose: output channels. */
  filters?: number;
  kernel_size?: IntPair;
  /** max_pooling2d: the window (strides default to it). */
  pool_size?: IntPair;
  strides?: IntPair;
  padding?: Padding;
  /** up_sampling2d: repetitions along height and width. */
  size?: IntPair;
  /** cropping2d: n, [rows, columns] or [[top, bottom], [left, right]]. */
  cropping?: number | [number, number] | [[number, number], [number, number]];
  /** reshape: [n] or [height, width, channels]. */
  target_shape?: [number] | [number, number, number];
  /** dropout: the fraction dropped while training, in [0, 1). */
  rate?: number;
}

export type DataName = 'uniform' | 'sequences' | 'mnist' | 'fashion_mnist' | 'well_logs' | 'csv' | 'idx';
export type Scaling = 'none' | 'minmax' | 'standard';

export interface DataConfig {
  name: DataName;
  samples?: number;
  /** uniform, well_logs. */
  features?: number;
  /** sequences, well_logs: the data's own noise level. */
  noise?: number;
  scaling?: Scaling;
  /** well_logs: the fraction of anomalous logs. */
  anomalies?: number;
  /** mnist, fashion_mnist, well_logs, csv, idx: the classes that count as normal. */
  normal_classes?: number[];
  /** csv: the file (see Aeplay.addFile). */
  path?: string;
  label_column?: string | number;
  header?: boolean | 'auto';
  /** idx: the IDX images file, plain or gzip (see Aeplay.addFile); samples: a seeded subset, absent = all. */
  images?: string;
  /** idx: the IDX labels file (1-D unsigned bytes, one per image). */
  labels?: string;
}

export interface ModelConfig {
  /** Flat width, or an image [height, width, channels]. */
  input: number | [number, number, number];
  encoder: LayerConfig[];
  decoder: LayerConfig[];
  /** A variational autoencoder: the encoder's last (linear dense) layer is z_mean, with a twin z_log_var head; loss = reconstruction + beta * KL. */
  variational?: { beta?: number };
}

export interface OptimizerConfig {
  type: 'sgd' | 'adam' | 'rmsprop';
  learning_rate?: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
  rho?: number;
  momentum?: number;
  nesterov?: boolean;
  clipnorm?: number;
  global_clipnorm?: number;
  clipvalue?: number;
}

export interface NoiseConfig {
  type: 'none' | 'gaussian' | 'masking';
  /** gaussian: the standard deviation. */
  factor?: number;
  /** gaussian: clip the noisy input to [0, 1]. */
  clip?: boolean;
  /** masking: the fraction of inputs set to 0. */
  fraction?: number;
}

export interface TrainConfig {
  epochs?: number;
  batch_size?: number;
  shuffle?: boolean;
  validation_split?: number;
  loss?: 'mse' | 'mae' | 'binary_crossentropy';
  optimizer?: 'sgd' | 'adam' | 'rmsprop' | OptimizerConfig;
  /** A denoising autoencoder's input noise. */
  noise?: NoiseConfig;
}

/** An experiment: the same JSON the page, the CLI and the examples/ files use. */
export interface Config {
  seed?: number;
  data: DataConfig;
  model: ModelConfig;
  train?: TrainConfig;
}

/** One value per finished epoch. */
export interface History {
  loss: number[];
  val_loss: number[];
  /** A variational model's terms (loss = reconstruction + beta * kl): the epoch's means with sampled z. */
  kl?: number[];
  reconstruction?: number[];
  /** The same on the validation split at z = z_mean. */
  val_kl?: number[];
  val_reconstruction?: number[];
}

/** A variational model's KL per latent dimension (nats, mean over the evaluation split). */
export interface PerDimKL {
  per_dim: number[];
  /** KL below collapsed_below: the dimension's posterior collapsed to the prior (unused). */
  collapsed: boolean[];
  collapsed_below: number;
}

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches_per_epoch: number;
  samples_seen: number;
  epoch_loss: number;
  done: boolean;
  /** '' or why training stopped (a NaN loss). */
  error: string;
  history: History;
}

export interface SummaryRow {
  name: string;
  shape: string;
  params: number;
  formula: string;
}

export interface Summary {
  /** Keras' model.summary() table and the walkthrough. */
  text: string;
  rows: SummaryRow[];
  params: number;
  input: number;
  latent: number;
}

/** Session.evaluate(): the seeds' evaluation on the validation split (else training). */
export interface Evaluation {
  set: string;
  samples: number;
  reconstruction: { mse: number; rmse: number; mae: number };
  per_sample_error: { mean: number; std: number; min: number; max: number };
  anomaly: { rule: string; k: number; threshold: number; flagged: number };
  pca: {
    k: number;
    fit_on: string;
    mse: number;
    explained_variance_ratio: number;
    autoencoder_mse: number;
    better: 'autoencoder' | 'pca';
  };
  /** With train.noise. */
  denoising?: { mse_noisy: number; mse_denoised: number; noise_reduction_percent: number };
  /** Sparse codes (an activity regularizer on the latent layer). */
  codes?: {
    units: number;
    mean_activation: number;
    inactive_fraction: number;
    inactive_below: number;
    dead_units: number;
  };
  /** With { errors: true }: the per-sample errors. */
  errors?: number[];
}

export interface DenoiseSpec {
  type?: 'gaussian' | 'masking';
  factor?: number;
  clip?: boolean;
  fraction?: number;
  seed?: number;
}

export interface DenoiseResult {
  set: string;
  samples: number;
  features: number;
  noise: DenoiseSpec;
  mse_noisy: number;
  mse_denoised: number;
  noise_reduction_percent: number;
  errors_noisy: number[];
  errors_denoised: number[];
  sample?: {
    index: number;
    noisy: Float32Array;
    denoised: Float32Array;
    clean: Float32Array;
    mse_noisy: number;
    mse_denoised: number;
  };
  sweep?: { levels: number[]; mse_noisy: number[]; mse_denoised: number[] };
}

export interface OperatingPoint {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  tpr: number;
}

/** ROC and PR curves as sklearn's roc_curve / precision_recall_curve. */
export interface AnomalyCurves {
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  auc: number;
  ap: number;
  at: OperatingPoint;
}

export interface PcaComparison {
  explained_variance_ratio: number[];
  /** For k = 1..min(d, 64). */
  pca_mse: number[];
  autoencoder: { k: number; mse: number };
  principal_angles_deg?: number[];
  principal_angles_why?: string;
}

export interface ProbeScore {
  mean: number;
  std: number;
  folds: number[];
  features: number;
}

export interface ProbeResult {
  samples?: number;
  pca_k?: number;
  classes?: number;
  chance?: number;
  raw?: ProbeScore;
  pca?: ProbeScore;
  autoencoder?: ProbeScore;
  /** Why there is no probe (no labels). */
  why?: string;
}

export interface Sensitivity {
  delta: number;
  samples: number;
  base_mse: number;
  increase: number[];
}

/** A lesson file (JSON text or object); see docs/lessons.md. */
export type LessonSource = string | object;

export interface Lesson {
  id: string;
  title: string;
  blocks: unknown[];
  config: Config;
  locked: string[];
  hidden: string[];
  has_variants: boolean;
  tasks: unknown[];
}

export interface LessonChecks {
  metrics: Record<string, number>;
  checks: unknown[];
}

export interface Submission {
  format: string;
  lesson: string;
  student: string;
  seed: number;
  config: Config;
  metrics: Record<string, number>;
}

export interface ModelInfo {
  config: Config;
  params: number;
  input: number;
  latent: number;
  scaling: Scaling;
  history: History;
  /** The training split's per-sample error (the anomaly threshold's base). */
  train_error: { mean: number; std: number };
}

/** The ONNX graph parts: data to codes, codes to data, data to reconstruction. */
export type OnnxPart = 'encoder' | 'decoder' | 'full';

/**
 * The one error of the API. Every call returns its value or throws an AeplayError whose message is
 * the engine's: it names the field, the file and line, or the argument, and what is accepted
 * ("setEpochs: epochs: expected an integer from 1 to 100000, got 0"). Nothing is silently ignored.
 * checkConfig and checkCsv are validators: a bad config or CSV is their answer, not a throw.
 */
export declare class AeplayError extends Error {
  constructor(message: string);
  name: 'AeplayError';
}

/**
 * A training session: the model, its data and the optimizer, trained in slices. Create with
 * Aeplay.createSession or Aeplay.resumeSession. Owns WASM memory: call delete() when done.
 * Arrays in and out are flat and row-major (n samples x width); outputs are copies owned by JS.
 * Every method throws AeplayError('session: already deleted') after delete().
 */
export declare class Session {
  private constructor();
  /**
   * Runs up to n mini-batches (across epoch ends); returns how many ran (0 when done).
   * @throws {AeplayError} when n is not an integer from 0 to 2147483647.
   */
  trainBatches(n?: number): number;
  /** Finishes the current epoch; returns the batches run (0 when done). */
  trainEpoch(): number;
  /** Trains until the configured epochs are done (or training stops on NaN); returns the history. */
  fit(): History;
  /**
   * Changes the optimizer's learning rate from the next batch on.
   * @throws {AeplayError} when lr is not a number above 0 and at most 100 (NaN, negative, 0).
   */
  setLearningRate(lr: number): void;
  /**
   * Changes the number of epochs to train (a finished session can go on).
   * @throws {AeplayError} when epochs is not an integer from 1 to 100000 (the engine's kMaxEpochs).
   */
  setEpochs(epochs: number): void;
  /** Where training is: epoch, batch, samples seen, done, the history so far. */
  progress(): Progress;
  /**
   * A lesson's metrics (task id -> value) and checks on this session.
   * @throws {AeplayError} when the lesson is not a valid lesson file (the message names the field).
   */
  checkLesson(lesson: LessonSource): LessonChecks;
  /**
   * What the page exports for the grader.
   * @throws {AeplayError} when the lesson is not a valid lesson file.
   */
  submission(lesson: LessonSource, studentId?: string | number): Submission;
  /** Loss and validation loss, one value per finished epoch. */
  history(): History;
  /** Keras' model.summary(): text, rows, parameter count, input and latent widths. */
  summary(): Summary;
  /** The config with every default filled in (JSON text). */
  config(): string;
  /**
   * The seeds' evaluation; k: the anomaly threshold mean + k std and PCA's k.
   * @throws {AeplayError} when k is not a number from 0 to 100 or errors is not a boolean.
   */
  evaluate(options?: { k?: number; errors?: boolean }): Evaluation;
  /**
   * Denoising at a test-time noise level (missing keys: the session's train.noise).
   * @throws {AeplayError} when the spec has a bad field (named), sample is not -1 or a sample
   * index of the evaluation set, or sweep is not 0 or an integer from 2 to 101.
   */
  denoise(spec?: DenoiseSpec | string, options?: { sample?: number; sweep?: number }): DenoiseResult;
  /**
   * Against the data's ground truth at mean + k std; null (a value) without ground truth.
   * @throws {AeplayError} when k is not a number from 0 to 100.
   */
  anomalyCurves(options?: { k?: number }): AnomalyCurves | null;
  /** PCA (fitted on the training split) beside the autoencoder on the evaluation split. */
  pcaComparison(): PcaComparison;
  /**
   * A softmax probe (k-fold CV) on raw inputs, PCA codes and the autoencoder's codes.
   * @throws {AeplayError} when folds is not an integer from 2 to 20, epochs from 1 to 10000, or
   * maxSamples from folds to 1000000.
   */
  probe(options?: { folds?: number; epochs?: number; maxSamples?: number }): ProbeResult;
  /**
   * Per feature: the MSE increase when it moves by +-delta std.
   * @throws {AeplayError} when delta is not a number from 0.000001 to 100 or maxSamples not an
   * integer from 0 to 1000000.
   */
  sensitivity(options?: { delta?: number; maxSamples?: number }): Sensitivity;
  /**
   * (n, input) -> (n, latent), in the scaled units the model trains in.
   * @throws {AeplayError} when x is not an array of numbers or its length is not a positive
   * multiple of the model's input size.
   */
  encode(x: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * (n, latent) -> (n, input).
   * @throws {AeplayError} when z's length is not a positive multiple of the latent size.
   */
  decode(z: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * (n, input) -> (n, input).
   * @throws {AeplayError} when x's length is not a positive multiple of the model's input size.
   */
  reconstruct(x: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * A variational model's KL per latent dimension.
   * @throws {AeplayError} when the model is not variational.
   */
  perDimKL(): PerDimKL;
  /**
   * count decodes of z ~ N(0, I) drawn from seed: (count, input), scaled units. VAE only.
   * @throws {AeplayError} when the model is not variational, count is not an integer from 1 to
   * 10000 or seed not an integer from 0 to 2147483647.
   */
  samplePrior(count?: number, seed?: number): Float32Array;
  /**
   * The n x n manifold grid, (n * n, input) row-major from the top left: column j sets z[dimA],
   * row i sets z[dimB] (top = largest) to the standard normal's quantiles at
   * linspace(0.05, 0.95, n); the other dims are 0. VAE only.
   * @throws {AeplayError} when the model is not variational, n is not an integer from 1 to 100,
   * or dimA and dimB are not two different latent dimensions.
   */
  manifoldGrid(n?: number, dimA?: number, dimB?: number): Float32Array;
  /** Training samples as the model sees them (scaled), row-major. */
  xTrain(): Float32Array;
  /** Validation samples as the model sees them (scaled), row-major. */
  xVal(): Float32Array;
  /** All weights, flat: per layer the kernel then the bias (Keras' layouts). */
  params(): Float32Array;
  /** The whole training state; Aeplay.resumeSession(bytes) continues it exactly. */
  checkpoint(): Uint8Array;
  /** The trained model as a .aeplay model file. */
  saveModel(): Uint8Array;
  /**
   * The model as ONNX (opset 17): input "input", output "output", both float32 (N, width), flat
   * (images channels-last), raw units in and out. Dense and convolutional models.
   * @throws {AeplayError} when part is not 'encoder', 'decoder' or 'full', or the model has a
   * layer ONNX export does not cover.
   */
  exportOnnx(part?: OnnxPart): Uint8Array;
  /** The weights as a NumPy .npz archive ("encoder_1/kernel", ..., "config"). */
  exportNpz(): Uint8Array;
  /** Frees the WASM memory; later calls throw AeplayError('session: already deleted'). */
  delete(): void;
}

/**
 * A saved model (seed 002's serving calls) in the data's original units: the scaler is inside.
 * Create with Aeplay.loadModel. Owns WASM memory: call delete() when done. Every method throws
 * AeplayError('model: already deleted') after delete().
 */
export declare class Model {
  private constructor();
  /** The config, sizes, scaling, history and training error of the saved model. */
  info(): ModelInfo;
  /**
   * (n, input) raw -> (n, latent).
   * @throws {AeplayError} when x's length is not a positive multiple of the input size.
   */
  encode(x: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * (n, latent) -> (n, input) raw.
   * @throws {AeplayError} when z's length is not a positive multiple of the latent size.
   */
  decode(z: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * (n, input) raw -> (n, input) raw.
   * @throws {AeplayError} when x's length is not a positive multiple of the input size.
   */
  reconstruct(x: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * Per-sample anomaly scores (MSE in the scaled space the model was trained in).
   * @throws {AeplayError} when x's length is not a positive multiple of the input size.
   */
  score(x: Float32Array | ArrayLike<number>): Float32Array;
  /**
   * As Session.exportOnnx, for the loaded model.
   * @throws {AeplayError} when part is not 'encoder', 'decoder' or 'full'.
   */
  exportOnnx(part?: OnnxPart): Uint8Array;
  /** As Session.exportNpz, for the loaded model. */
  exportNpz(): Uint8Array;
  /** Frees the WASM memory; later calls throw AeplayError('model: already deleted'). */
  delete(): void;
}

/** What createAeplay() resolves to: one instance of the engine. */
export interface Aeplay {
  /**
   * A new session, trained from scratch.
   * @throws {AeplayError} when the config is invalid (the message names the field), its data
   * cannot be read (it names the file and line) or it would not fit in memory.
   */
  createSession(config: Config | string): Session;
  /**
   * Continues a session from Session.checkpoint() bytes (same numbers as never stopping).
   * @throws {AeplayError} when bytes is not a Uint8Array or not a valid checkpoint (named by name).
   */
  resumeSession(bytes: Uint8Array, name?: string): Session;
  /**
   * A model file's bytes (Session.saveModel() or `aeplay train --save`).
   * @throws {AeplayError} when bytes is not a Uint8Array or not a valid model file (named by name).
   */
  loadModel(bytes: Uint8Array, name?: string): Model;
  /**
   * Makes a prepared image dataset available: the bytes of build/data/<name>.bin.
   * @throws {AeplayError} when name is not 'mnist' or 'fashion_mnist' or the bytes are not an asset.
   */
  addDatasetAsset(name: 'mnist' | 'fashion_mnist', bytes: Uint8Array): void;
  /**
   * Holds a file (a CSV or IDX upload) for sessions to read; returns '/upload/<name>' for a
   * config's data.path / data.images / data.labels. Messages about the file call it name.
   * @throws {AeplayError} when name is not a plain file name (1 to 200 characters, no '/') or
   * the file is larger than 256 MiB.
   */
  addFile(name: string, bytes: Uint8Array): string;
  /** '' when the CSV text reads as the CLI reads it, else the message naming line and column (never throws). */
  checkCsv(text: string, name?: string): string;
  /**
   * ROC / PR curves, AUC, AP and the operating point of scores against 0/1 labels.
   * @throws {AeplayError} when scores or labels are not arrays, their lengths differ, or
   * threshold is NaN or not a number.
   */
  anomalyCurves(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>, threshold: number): AnomalyCurves;
  /** '' when valid, else the message naming the field (throws only when config is neither text nor an object). */
  checkConfig(config: Config | string): string;
  /**
   * A lesson file checked and parsed.
   * @throws {AeplayError} when the lesson is invalid (the message names the field path).
   */
  parseLesson(lesson: LessonSource): Lesson;
  /**
   * The lesson's config for a student id (their own seed / data when it has variants).
   * @throws {AeplayError} when the lesson is invalid.
   */
  lessonConfig(lesson: LessonSource, studentId?: string | number): Config;
  /**
   * The lesson's metrics and checks on a (trained) session.
   * @throws {AeplayError} when the lesson is invalid or session is not a Session.
   */
  evaluateLesson(lesson: LessonSource, session: Session): LessonChecks;
  /**
   * A share link: base + '#config=' + base64url(deflate-raw(canonical config)).
   * @throws {AeplayError} (the promise rejects) when the config is invalid.
   */
  encodeShareUrl(config: Config | string, base?: string): Promise<string>;
  /**
   * The config of a share link, checked as the page checks it.
   * @throws {AeplayError} when the link is damaged or its config invalid.
   */
  decodeShareUrl(url: string): Config;
  /**
   * The config with every default filled in (JSON text).
   * @throws {AeplayError} when the config is invalid (the message names the field).
   */
  canonicalConfig(config: Config | string): string;
  /**
   * Keras' model.summary() text of a config.
   * @throws {AeplayError} when the config is invalid (the message names the field).
   */
  summary(config: Config | string): string;
  /** The error class every call throws (the module's AeplayError). */
  AeplayError: typeof AeplayError;
}

/** Loads the engine (WASM inlined); moduleOverrides go to the Emscripten module. */
export declare function createAeplay(moduleOverrides?: object): Promise<Aeplay>;
export default createAeplay;
