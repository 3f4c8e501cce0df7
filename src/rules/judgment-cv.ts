/**
 * Cross-validation of the whole default rule set on the project's judgment training data: for each
 * fold, every head (complaint, request, …) is trained on the other folds and overrides the shipped
 * model, and the held fold is scored through `evaluateRows`, as `bekci rules eval` would. This is how
 * the rules' classifier thresholds are chosen without touching the development split.
 */
import { RuleEngine } from './engine.js';
import { evaluateRows, type EvalOptions, type EvalReport, type EvalRow } from './evaluate.js';
import { trainableCategories, trainHead } from '../classifier/heads.js';
import type { JudgmentRow } from '../classifier/judgment.js';
import { createClassifier, type Classifier } from '../classifier/model.js';
import { mulberry32, shuffleInPlace } from '../classifier/train.js';
import { meanOf } from './pipeline-cv.js';

export interface JudgmentCvOptions {
  folds: number;
  seed: number;
  rulesDir: string;
  /** Extra `evaluateRows` hooks (priority). */
  eval?: Pick<EvalOptions, 'priority'>;
  onFold?: (fold: number) => void;
}

export interface JudgmentCvResult {
  folds: Array<EvalReport & { fold: number }>;
  mean: EvalReport;
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
  for (let f = 0; f < opts.folds; f++) {
    const held = new Set(rows.map((_, i) => i).filter((i) => foldOf[i] === f));
    const train = rows.filter((_, i) => !held.has(i));
    const classifiers: Record<string, Classifier> = {};
    for (const c of cats) classifiers[c] = createClassifier(trainHead(train, c, opts.seed));
    const engine = await RuleEngine.load(opts.rulesDir, { classifiers });
    const test = rows.filter((_, i) => held.has(i)).map(toEvalRow);
    folds.push({ fold: f, ...evaluateRows(engine, test, opts.eval ?? {}) });
    opts.onFold?.(f);
  }
  const { fold: _f, ...mean } = meanOf(folds);
  return { folds, mean };
}
