/**
 * The trained model, its scorer and its on-disk form.
 *
 * File format (JSON, loadable synchronously): settings in clear, weights quantised to int16 with one
 * scale, little-endian, deflated and base64-encoded. Training already quantises, so a model scores
 * identically before saving and after loading.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { FeatureBuffer, baseOptions, deriveFeatures, dotFeatures, extractFeatures, extractionKey, isDerived, type FeatureOptions } from './features.js';

export const MODEL_FORMAT = 'bekci-hashed-logreg';
export const MODEL_VERSION = 1;
const INT16_MAX = 32767;

/** Provenance and training settings, kept for `rules/models/README.md` and reproducibility checks. */
export interface ModelMeta {
  rows: number;
  positives: number;
  seed: number;
  epochs: number;
  l2: number;
  learningRate: number;
  /** NB log-count-ratio smoothing, or false for plain logistic regression (absent in older files). */
  nbSmoothing?: number | false;
  /** Free-form note, e.g. the data file the model was trained from. */
  source?: string;
  /** Visiting orders averaged into the weights (absent: one). */
  orders?: number;
}

/** A hashed logistic-regression model: P(offensive) = sigmoid(bias + w · x(text)). */
export interface Model {
  name: string;
  features: FeatureOptions;
  bias: number;
  /** One weight per hash bucket (length 2^features.bits). */
  weights: Float32Array;
  /** Set once the weights lie on the int16 grid `k * scale` (training and loading both do this). */
  scale?: number;
  meta: ModelMeta;
}

/** What the rule engine consumes: a named scorer returning P(offensive) in 0..1. */
export interface Classifier {
  name: string;
  /** Probability that `text` is offensive, 0..1. Pure and synchronous; safe to call concurrently. */
  score(text: string): number;
}

interface ModelFile {
  format: string;
  version: number;
  name: string;
  features: FeatureOptions;
  bias: number;
  quantization: { type: 'int16'; scale: number };
  weights: string;
  meta: ModelMeta;
}

/** Rounds weights in place to the int16 grid used on disk; returns the scale (max |w| / 32767). */
export function quantizeWeights(weights: Float32Array): number {
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    const a = Math.abs(weights[i]!);
    if (a > max) max = a;
  }
  const scale = max > 0 ? Math.fround(max / INT16_MAX) : 1;
  for (let i = 0; i < weights.length; i++) {
    weights[i] = Math.round(weights[i]! / scale) * scale;
  }
  return scale;
}

/** The logistic function, computed without overflow for large |z|. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The features of the last text scored, per feature-option set. The rule engine scores one comment
 * with every model in turn (offensive, complaint, request, ...); models that share feature options
 * then extract the features once and only the dot products differ. Scoring is synchronous, so one
 * buffer per option set is safe.
 */
const featureCache = new Map<string, { text: string | null; fb: FeatureBuffer; base: FeatureOptions | null }>();

/**
 * Features of `text` under `opts`, reusing the previous extraction when the text is the same. Options
 * with stems or binary counts derive from the base n-grams (`deriveFeatures`), which the heads share.
 */
export function cachedFeatures(text: string, opts: FeatureOptions): FeatureBuffer {
  // Block weights only scale the dot product (dotFeatures), so models that differ in them share one extraction.
  const key = extractionKey(opts);
  let entry = featureCache.get(key);
  if (!entry) featureCache.set(key, (entry = { text: null, fb: new FeatureBuffer(), base: isDerived(opts) ? baseOptions(opts) : null }));
  if (entry.text !== text) {
    if (entry.base) deriveFeatures(cachedFeatures(text, entry.base), opts, entry.fb);
    else extractFeatures(text, opts, entry.fb);
    entry.text = text;
  }
  return entry.fb;
}

/** Wraps a model as a `Classifier`. Scoring is synchronous and allocation-free. */
export function createClassifier(model: Model): Classifier {
  const { weights, features, bias } = model;
  return {
    name: model.name,
    score(text: string): number {
      return logistic(bias + dotFeatures(cachedFeatures(text, features), weights, features));
    },
  };
}

/** Serialises `model` to `path` (directories created as needed). */
export function saveModel(model: Model, path: string): void {
  // An already quantised model keeps its grid, so its scores survive the round trip bit for bit.
  const scale = model.scale ?? quantizeWeights(model.weights);
  model.scale = scale;
  const bytes = Buffer.alloc(model.weights.length * 2);
  for (let i = 0; i < model.weights.length; i++) {
    bytes.writeInt16LE(Math.round(model.weights[i]! / scale), i * 2);
  }
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: model.name,
    features: model.features,
    bias: model.bias,
    quantization: { type: 'int16', scale },
    weights: deflateRawSync(bytes, { level: 9 }).toString('base64'),
    meta: model.meta,
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file, null, 1) + '\n');
}

/** Reads a model file written by `saveModel`. Throws with a clear message on a foreign or corrupt file. */
export function readModel(path: string): Model {
  const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<ModelFile>;
  if (file.format !== MODEL_FORMAT || file.version !== MODEL_VERSION) {
    throw new Error(`${path}: not a ${MODEL_FORMAT} v${MODEL_VERSION} model file`);
  }
  if (!file.features || typeof file.weights !== 'string' || !file.quantization || typeof file.bias !== 'number') {
    throw new Error(`${path}: incomplete model file`);
  }
  const size = 1 << file.features.bits;
  const bytes = inflateRawSync(Buffer.from(file.weights, 'base64'));
  if (bytes.length !== size * 2) throw new Error(`${path}: expected ${size} weights, found ${bytes.length / 2}`);
  const scale = file.quantization.scale;
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = bytes.readInt16LE(i * 2) * scale;
  return {
    name: file.name ?? 'offensive',
    features: file.features,
    bias: file.bias,
    weights,
    scale,
    meta: file.meta ?? { rows: 0, positives: 0, seed: 0, epochs: 0, l2: 0, learningRate: 0 },
  };
}

/** Loads a model file synchronously and returns its scorer. */
export function loadClassifier(path: string): Classifier {
  return createClassifier(readModel(path));
}
