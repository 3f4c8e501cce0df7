/**
 * A one-vs-rest multi-class model: one hashed logistic-regression head per class, all over the same
 * features (extracted once per text). Used for routing a complaint or request to a directorate.
 *
 * File format: like `model.ts` (int16 weights, deflated, base64), with one entry per head.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { dotFeatures, extractFeatures, FeatureBuffer, type FeatureOptions } from './features.js';
import { cachedFeatures, quantizeWeights, type Model } from './model.js';

export const MULTI_FORMAT = 'bekci-hashed-logreg-ovr';
export const MULTI_VERSION = 1;

/** One head per class; `heads[i].name` is the class label. */
export interface MultiModel {
  name: string;
  features: FeatureOptions;
  heads: Model[];
  meta: { rows: number; seed: number; source?: string };
}

/** Per-class probabilities (each head's sigmoid, normalised to sum 1), best first. */
export interface MultiClassifier {
  name: string;
  labels: readonly string[];
  rank(text: string): Array<{ id: string; p: number }>;
  /**
   * How each head scores `word` on its own, bias left out: `whole`, the weight of its whole-word
   * feature (the word itself was learned for the class), and `all`, its character n-grams included
   * (words spelled like it were).
   */
  wordScores(word: string): Array<{ id: string; whole: number; all: number }>;
}

interface HeadFile {
  label: string;
  bias: number;
  scale: number;
  weights: string;
}

function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Scratch space for `wordScores` (synchronous, so one buffer is safe). */
const wordBuffer = new FeatureBuffer(256);

export function createMultiClassifier(model: MultiModel): MultiClassifier {
  const labels = model.heads.map((h) => h.name);
  return {
    name: model.name,
    labels,
    rank(text) {
      const fb = cachedFeatures(text, model.features);
      const ps = model.heads.map((h) => logistic(h.bias + dotFeatures(fb, h.weights, model.features)));
      const sum = ps.reduce((a, b) => a + b, 0) || 1;
      return labels.map((id, i) => ({ id, p: ps[i]! / sum })).sort((a, b) => b.p - a.p);
    },
    wordScores(word) {
      extractFeatures(word, model.features, wordBuffer);
      return model.heads.map((h, i) => {
        let whole = 0;
        for (let k = wordBuffer.charCount; k < wordBuffer.count; k++) {
          const code = wordBuffer.codes[k]!;
          whole += code & 1 ? -h.weights[code >>> 1]! : h.weights[code >>> 1]!;
        }
        return { id: labels[i]!, whole, all: dotFeatures(wordBuffer, h.weights, model.features) };
      });
    },
  };
}

export function saveMultiModel(model: MultiModel, path: string): void {
  const heads: HeadFile[] = model.heads.map((h) => {
    const scale = h.scale ?? quantizeWeights(h.weights);
    const bytes = Buffer.alloc(h.weights.length * 2);
    for (let i = 0; i < h.weights.length; i++) bytes.writeInt16LE(Math.round(h.weights[i]! / scale), i * 2);
    return { label: h.name, bias: h.bias, scale, weights: deflateRawSync(bytes, { level: 9 }).toString('base64') };
  });
  mkdirSync(dirname(path), { recursive: true });
  const file = { format: MULTI_FORMAT, version: MULTI_VERSION, name: model.name, features: model.features, heads, meta: model.meta };
  writeFileSync(path, JSON.stringify(file, null, 1) + '\n');
}

export function readMultiModel(path: string): MultiModel {
  const file = JSON.parse(readFileSync(path, 'utf8')) as {
    format?: string;
    version?: number;
    name?: string;
    features?: FeatureOptions;
    heads?: HeadFile[];
    meta?: MultiModel['meta'];
  };
  if (file.format !== MULTI_FORMAT || file.version !== MULTI_VERSION || !file.features || !Array.isArray(file.heads)) {
    throw new Error(`${path}: not a ${MULTI_FORMAT} v${MULTI_VERSION} model file`);
  }
  const size = 1 << file.features.bits;
  const features = file.features;
  const heads = file.heads.map((h): Model => {
    const bytes = inflateRawSync(Buffer.from(h.weights, 'base64'));
    if (bytes.length !== size * 2) throw new Error(`${path}: head ${h.label}: expected ${size} weights`);
    const weights = new Float32Array(size);
    for (let i = 0; i < size; i++) weights[i] = bytes.readInt16LE(i * 2) * h.scale;
    return { name: h.label, features, bias: h.bias, weights, scale: h.scale, meta: { rows: 0, positives: 0, seed: 0, epochs: 0, l2: 0, learningRate: 0 } };
  });
  return { name: file.name ?? 'directorate', features, heads, meta: file.meta ?? { rows: 0, seed: 0 } };
}

export function loadMultiClassifier(path: string): MultiClassifier {
  return createMultiClassifier(readMultiModel(path));
}
