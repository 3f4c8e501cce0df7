/**
 * Cross-validation helpers: stratified, seeded folds, and the classifier-only CV that yields
 * out-of-fold scores (used to choose rule thresholds without any test split).
 */
import { createClassifier, type Classifier, type Model } from './model.js';
import { summarize, type ScorerSummary } from './metrics.js';
import {
  buildFeatureMatrix,
  mulberry32,
  resolveFeatureOptions,
  shuffleInPlace,
  trainOnMatrix,
  type FeatureMatrix,
  type TrainOptions,
  type TrainingRow,
} from './train.js';

/**
 * Assigns each row a fold 0..k-1, stratified by label: each class is shuffled with `seed` and dealt
 * round-robin, so fold sizes and class shares differ by at most one row.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  const fold = new Int32Array(labels.length);
  const rand = mulberry32(seed ^ 0x5eed);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i);
    shuffleInPlace(idx, rand);
    idx.forEach((r, n) => {
      fold[r] = n % k;
    });
  }
  return fold;
}

/** One fold's trained model, plus the row indices it was trained on and held out. */
export interface FoldModel {
  fold: number;
  model: Model;
  classifier: Classifier;
  trainIdx: number[];
  testIdx: number[];
}

/**
 * Trains one model per fold on the other folds, reusing one feature extraction for all of them.
 * Yields the folds one at a time so callers can evaluate and drop each model before the next.
 */
export function* trainFolds(
  rows: readonly TrainingRow[],
  folds: number,
  opts: TrainOptions = {},
  matrix?: FeatureMatrix,
  extra: readonly TrainingRow[] = [],
): Generator<FoldModel> {
  // Extra rows (the project's own sentences) are in every fold's training set and never held out,
  // so the held-out figures stay those of the original data. Their indices follow the rows'.
  const m = matrix ?? buildFeatureMatrix(extra.length ? [...rows, ...extra] : rows, resolveFeatureOptions(opts.features));
  const fold = stratifiedFolds(m.labels.subarray(0, rows.length), folds, opts.seed ?? 1);
  for (let f = 0; f < folds; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < fold.length; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    for (let i = rows.length; i < m.labels.length; i++) trainIdx.push(i);
    const model = trainOnMatrix(m, opts, trainIdx);
    yield { fold: f, model, classifier: createClassifier(model), trainIdx, testIdx };
  }
}

/** Result of the classifier-only cross-validation. */
export interface ClassifierCvResult {
  folds: Array<ScorerSummary & { fold: number; rows: number }>;
  /** Figures over all out-of-fold scores pooled. */
  pooled: ScorerSummary;
  /** Out-of-fold P(offensive) for every row, in input order. */
  oofScores: Float64Array;
}

/** k-fold CV of the classifier alone. */
export function crossValidateClassifier(rows: readonly TrainingRow[], folds = 5, opts: TrainOptions = {}): ClassifierCvResult {
  const oof = new Float64Array(rows.length);
  const labels = rows.map((r) => r.label);
  const perFold: ClassifierCvResult['folds'] = [];
  for (const fm of trainFolds(rows, folds, opts)) {
    const s = fm.testIdx.map((i) => fm.classifier.score(rows[i]!.text));
    fm.testIdx.forEach((i, n) => {
      oof[i] = s[n]!;
    });
    perFold.push({
      fold: fm.fold,
      rows: fm.testIdx.length,
      ...summarize(
        s,
        fm.testIdx.map((i) => labels[i]!),
      ),
    });
  }
  return { folds: perFold, pooled: summarize(oof, labels), oofScores: oof };
}
