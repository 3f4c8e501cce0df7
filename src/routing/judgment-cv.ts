/**
 * Cross-validation of the whole default rule set on the project's judgment training data: for each
 * fold, every head (complaint, request, …) is trained on the other folds and overrides the shipped
 * model, and the held fold is scored through `evaluateRows`, as `bekci rules eval` would. This is how
 * the rules' classifier thresholds are chosen without touching the development split.
 */
import { RuleEngine } from '../rules/engine.js';
import { evaluateRows, type EvalOptions, type EvalReport, type EvalRow } from '../rules/evaluate.js';
import { trainableCategories, trainDirectorateModel, trainHead } from '../classifier/heads.js';
import { createMultiClassifier } from '../classifier/multi.js';
import { readRoutingFile } from './file.js';
import { createRouter } from './router.js';
import { routeForEval } from './eval.js';
import type { JudgmentRow } from '../classifier/judgment.js';
import { createClassifier, type Classifier } from '../classifier/model.js';
import { mulberry32, shuffleInPlace } from '../classifier/train.js';
import { meanOf } from '../rules/pipeline-cv.js';

export interface JudgmentCvOptions {
  folds: number;
  seed: number;
  rulesDir: string;
  /** Extra `evaluateRows` hooks (priority). */
  eval?: Pick<EvalOptions, 'priority'>;
  onFold?: (fold: number) => void;
  /**
   * Cross-validates the router too: each fold trains the directorate model on the other folds (the
   * routing file's examples and keywords always stay in) and routes the held rows that carry a
   * directorate. `thresholds`: confidence thresholds to sweep (pooled accuracy at each).
   */
  routing?: { file: string; minConfidence: number; thresholds?: readonly number[] };
}

export interface JudgmentCvResult {
  folds: Array<EvalReport & { fold: number }>;
  mean: EvalReport;
  /** Pooled routing accuracy of the held rows at each swept confidence threshold (below it: triage). */
  routingThresholds?: Array<{ minConfidence: number; accuracy: number; rows: number }>;
}

export function toEvalRow(r: JudgmentRow): EvalRow {
  return { text: r.text, labels: r.labels, ...(r.directorate ? { directorate: r.directorate } : {}), ...(r.priority ? { priority: r.priority } : {}) };
}

/**
 * The key that groups the voice variants of one written sentence (ASCII-folded, caps, repeated
 * letters, punctuation and emojis changed): folded lower case, letters and digits only, runs of a
 * letter collapsed. Rows with the same key are held out together, or the heads would be scored on
 * sentences they saw in another spelling and the thresholds would trust them too much.
 */
export function variantKey(text: string): string {
  return text
    .toLocaleLowerCase('tr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/(\p{L})\1+/gu, '$1');
}

/** Fold of every row: groups of variants are shuffled and dealt round-robin. */
export function variantFolds(rows: readonly { text: string }[], folds: number, seed: number): number[] {
  const keys = rows.map((r) => variantKey(r.text));
  const groups = [...new Set(keys)];
  shuffleInPlace(groups, mulberry32(seed ^ 0x1dea));
  const foldOf = new Map(groups.map((k, n) => [k, n % folds]));
  return keys.map((k) => foldOf.get(k) as number);
}

export async function crossValidateJudgment(rows: readonly JudgmentRow[], opts: JudgmentCvOptions): Promise<JudgmentCvResult> {
  const foldOf = variantFolds(rows, opts.folds, opts.seed);
  const cats = trainableCategories(rows);
  const folds: JudgmentCvResult['folds'] = [];
  const spec = opts.routing ? readRoutingFile(opts.routing.file) : undefined;
  const sweep = (opts.routing?.thresholds ?? []).map((t) => ({ minConfidence: t, ok: 0, rows: 0 }));
  for (let f = 0; f < opts.folds; f++) {
    const held = new Set(rows.map((_, i) => i).filter((i) => foldOf[i] === f));
    const train = rows.filter((_, i) => !held.has(i));
    const classifiers: Record<string, Classifier> = {};
    for (const c of cats) classifiers[c] = createClassifier(trainHead(train, c, opts.seed));
    const engine = await RuleEngine.load(opts.rulesDir, { classifiers });
    const test = rows.filter((_, i) => held.has(i)).map(toEvalRow);
    let route: ReturnType<typeof routeForEval> | undefined;
    if (opts.routing && spec) {
      const learned = createMultiClassifier(trainDirectorateModel(train, spec.directorates, opts.seed));
      const router = createRouter(spec, opts.routing.file, { learned, minConfidence: opts.routing.minConfidence });
      const labelled = test.filter((r) => r.directorate);
      route = routeForEval(router, { labelled: labelled.map((r) => r.text) });
      for (const r of labelled) {
        const res = router.route(r.text, 0);
        for (const s of sweep) {
          s.rows++;
          if ((res.confidence >= s.minConfidence ? res.directorate : router.fallback) === r.directorate) s.ok++;
        }
      }
    }
    folds.push({ fold: f, ...evaluateRows(engine, test, { ...(opts.eval ?? {}), ...(route ? { route } : {}) }) });
    opts.onFold?.(f);
  }
  const { fold: _f, ...mean } = meanOf(folds);
  const routingThresholds = sweep.map((s) => ({
    minConfidence: s.minConfidence,
    accuracy: s.rows ? Math.round((s.ok / s.rows) * 10000) / 10000 : 0,
    rows: s.rows,
  }));
  return { folds, mean, ...(opts.routing ? { routingThresholds } : {}) };
}
