/**
 * Cross-validation of the WHOLE default pipeline (rules + classifier) on labelled training data.
 *
 * For each fold the classifier is trained on the other folds, the rule engine is loaded with that
 * classifier overriding the shipped `offensive` model, and the held fold is scored through the rule
 * engine's own evaluation (`evaluateRows`), so the figures are exactly those of `bekci rules eval`.
 * OFF rows are labelled `violation`, NOT rows `none`.
 */
import { RuleEngine } from './engine.js';
import { evaluateRows, type EvalReport, type EvalRow } from './evaluate.js';
import { trainFolds } from '../classifier/cv.js';
import { summarize, type ScorerSummary } from '../classifier/metrics.js';
import type { TrainOptions, TrainingRow } from '../classifier/train.js';

/** Name under which the fold's classifier overrides the shipped model. */
export const OFFENSIVE_MODEL = 'offensive';
/** Training-fold comments judged (and discarded) before timing each held fold. */
const WARMUP_ROWS = 3000;

export interface PipelineCvOptions {
  folds: number;
  seed: number;
  rulesDir: string;
  train?: TrainOptions;
  /** Rows added to every fold's training set, never held out (the project's own sentences). */
  extra?: readonly TrainingRow[];
  /** Called after each fold (progress reporting). */
  onFold?: (fold: PipelineFold) => void;
}

/** Classifier-only figures on one held fold. */
export interface ClassifierFigures {
  auc: number;
  bestThreshold: number;
  bestMacroF1: number;
  /** Lowest threshold with precision ≥ 0.9 and its recall (null when unreachable). */
  precision90Threshold: number | null;
  precision90Recall: number | null;
}

/** The `rules eval` report of one fold, plus the classifier alone on the same rows. */
export type PipelineFold = EvalReport & { fold: number; classifier: ClassifierFigures };

export interface PipelineCvResult {
  folds: PipelineFold[];
  /** Field-by-field mean of the folds (same shape). */
  mean: Omit<PipelineFold, 'fold'>;
  /** Classifier alone over all out-of-fold scores pooled. */
  pooled: ScorerSummary;
}

function classifierFigures(s: ScorerSummary): ClassifierFigures {
  return {
    auc: s.auc,
    bestThreshold: s.best.threshold,
    bestMacroF1: s.best.macroF1,
    precision90Threshold: s.precision90?.threshold ?? null,
    precision90Recall: s.precision90?.recall ?? null,
  };
}

/** Mean of each numeric leaf across objects of one shape; non-numeric leaves come from the first. */
export function meanOf<T>(items: readonly T[]): T {
  const first = items[0];
  if (first === undefined) throw new Error('meanOf: no items');
  if (typeof first === 'number') {
    const vals = items as unknown as number[];
    return (Math.round((vals.reduce((a, b) => a + b, 0) / vals.length) * 10000) / 10000) as T;
  }
  if (first === null || typeof first !== 'object') return first;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const vals = items.map((i) => (i as Record<string, unknown>)[key]);
    out[key] = vals.every((v) => typeof v === 'number' || (v !== null && typeof v === 'object')) ? meanOf(vals) : vals[0];
  }
  return out as T;
}

/** Runs the pipeline cross-validation. Never reads or writes the shipped model. */
export async function crossValidatePipeline(rows: readonly TrainingRow[], opts: PipelineCvOptions): Promise<PipelineCvResult> {
  const oof = new Float64Array(rows.length);
  const labels = rows.map((r) => r.label);
  const folds: PipelineFold[] = [];
  for (const fm of trainFolds(rows, opts.folds, { ...opts.train, seed: opts.seed }, undefined, opts.extra ?? [])) {
    const engine = await RuleEngine.load(opts.rulesDir, { classifiers: { [OFFENSIVE_MODEL]: fm.classifier } });
    // The worker is long-running: measure steady-state speed, so warm the JIT up on training rows.
    for (const i of fm.trainIdx.slice(0, WARMUP_ROWS)) if (i < rows.length) engine.evaluate({ text: rows[i]!.text });
    const held: EvalRow[] = fm.testIdx.map((i) => ({ text: rows[i]!.text, labels: [rows[i]!.label === 1 ? 'violation' : 'none'] }));
    const report = evaluateRows(engine, held);
    const scores = fm.testIdx.map((i) => fm.classifier.score(rows[i]!.text));
    fm.testIdx.forEach((i, n) => {
      oof[i] = scores[n]!;
    });
    const summary = summarize(
      scores,
      fm.testIdx.map((i) => labels[i]!),
    );
    const fold: PipelineFold = { fold: fm.fold, ...report, classifier: classifierFigures(summary) };
    folds.push(fold);
    opts.onFold?.(fold);
  }
  const { fold: _f, ...mean } = meanOf(folds);
  return { folds, mean, pooled: summarize(oof, labels) };
}
