/**
 * Classifiers for several models that share feature extraction, scored together: their weights are
 * interleaved (`bank[bucket * lanes + k]`) so one memory access per feature serves every model, and
 * the scores of a text are computed in one pass the first time any of them is asked for. The rule
 * engine scores every comment with every model, so this is what keeps six models about as fast as one.
 */
import { extractionKey } from './features.js';
import { cachedFeatures, createClassifier, logistic, type Classifier, type Model } from './model.js';

/** Weights per bank row in the unrolled scorer; a group of up to this many models is padded to it. */
export const LANES = 8;

/** Score every model of a group (same feature options) on one text; `results[h]` is model h's probability. */
type Scorer = (text: string, results: Float64Array) => void;

/** Rows of `lanes` weights, model h in lane h; unused lanes hold 0. */
function interleave(group: readonly Model[], lanes: number): Float32Array {
  const size = 1 << group[0]!.features.bits;
  const bank = new Float32Array(size * lanes);
  group.forEach((m, h) => {
    for (let j = 0; j < size; j++) bank[j * lanes + h] = m.weights[j]!;
  });
  return bank;
}

function finish(group: readonly Model[], text: string, sums: Float64Array, lanes: number, results: Float64Array): void {
  const fb = cachedFeatures(text, group[0]!.features);
  for (let h = 0; h < group.length; h++) {
    const m = group[h]!;
    results[h] = logistic(m.bias + sums[h]! * fb.charScale(m.features) + sums[lanes + h]! * fb.wordScale(m.features));
  }
}

/**
 * Up to `LANES` models: the running sums live in locals (no typed-array load and store per weight),
 * which halves the cost of scoring. Each model's sums are the same float64 additions in the same
 * order as a model scored alone; an unused lane adds +0, which changes no sum.
 */
function unrolledScorer(group: readonly Model[]): Scorer {
  const opts = group[0]!.features;
  const bank = interleave(group, LANES);
  const sums = new Float64Array(2 * LANES);
  const add = (codes: Int32Array, from: number, to: number, at: number): void => {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let i = from; i < to; i++) {
      const code = codes[i]!;
      const b = (code >>> 1) * LANES;
      if (code & 1) {
        a0 -= bank[b]!;
        a1 -= bank[b + 1]!;
        a2 -= bank[b + 2]!;
        a3 -= bank[b + 3]!;
        a4 -= bank[b + 4]!;
        a5 -= bank[b + 5]!;
        a6 -= bank[b + 6]!;
        a7 -= bank[b + 7]!;
      } else {
        a0 += bank[b]!;
        a1 += bank[b + 1]!;
        a2 += bank[b + 2]!;
        a3 += bank[b + 3]!;
        a4 += bank[b + 4]!;
        a5 += bank[b + 5]!;
        a6 += bank[b + 6]!;
        a7 += bank[b + 7]!;
      }
    }
    sums[at] = a0;
    sums[at + 1] = a1;
    sums[at + 2] = a2;
    sums[at + 3] = a3;
    sums[at + 4] = a4;
    sums[at + 5] = a5;
    sums[at + 6] = a6;
    sums[at + 7] = a7;
  };
  return (text, results) => {
    const fb = cachedFeatures(text, opts);
    add(fb.codes, 0, fb.charCount, 0);
    add(fb.codes, fb.charCount, fb.count, LANES);
    finish(group, text, sums, LANES, results);
  };
}

/** Any number of models: sums in typed-array slots. */
function loopScorer(group: readonly Model[]): Scorer {
  const k = group.length;
  const opts = group[0]!.features;
  const bank = interleave(group, k);
  const sums = new Float64Array(2 * k);
  return (text, results) => {
    const fb = cachedFeatures(text, opts);
    sums.fill(0);
    const codes = fb.codes;
    for (let i = 0, n = fb.count, c = fb.charCount; i < n; i++) {
      const code = codes[i]!;
      const base = (code >>> 1) * k;
      const at = i < c ? 0 : k;
      if (code & 1) for (let h = 0; h < k; h++) sums[at + h] = sums[at + h]! - bank[base + h]!;
      else for (let h = 0; h < k; h++) sums[at + h] = sums[at + h]! + bank[base + h]!;
    }
    finish(group, text, sums, k, results);
  };
}

/** Classifiers for `models`, scored in banks of models with the same feature options (see the module note). */
export function createClassifierBank(models: readonly Model[]): Classifier[] {
  const out: Classifier[] = new Array(models.length);
  const groups = new Map<string, number[]>();
  models.forEach((m, i) => {
    const key = extractionKey(m.features);
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  });
  for (const idx of groups.values()) {
    if (idx.length === 1) {
      out[idx[0]!] = createClassifier(models[idx[0]!]!);
      continue;
    }
    const group = idx.map((i) => models[i]!);
    const scorer = group.length <= LANES ? unrolledScorer(group) : loopScorer(group);
    const results = new Float64Array(group.length);
    let lastText: string | null = null;
    idx.forEach((i, h) => {
      out[i] = {
        name: models[i]!.name,
        score(text: string): number {
          if (text !== lastText) {
            scorer(text, results);
            lastText = text;
          }
          return results[h]!;
        },
      };
    });
  }
  return out;
}
