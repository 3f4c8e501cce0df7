/**
 * Learned heads trained on the project's judgment data: one binary model per category
 * (complaint, request and, when their data exists, the moderation categories) and a one-vs-rest
 * directorate model for routing. Thresholds are chosen by cross-validation on training data only.
 */
import { maskIdentifiers } from '../pii/identifiers.js';
import { crossValidateClassifier } from './cv.js';
import type { JudgmentRow } from './judgment.js';
import type { ScorerSummary } from './metrics.js';
import type { Model } from './model.js';
import type { MultiModel } from './multi.js';
import { createMultiClassifier } from './multi.js';
import { buildFeatureMatrix, mulberry32, resolveFeatureOptions, shuffleInPlace, trainOnMatrix, type TrainOptions, type TrainingRow } from './train.js';

/** Categories that get a head when the training data holds at least `MIN_POSITIVES` examples. */
export const HEAD_CATEGORIES = ['complaint', 'request', 'hate_speech', 'harassment', 'advertising'] as const;
export const MIN_POSITIVES = 30;

/**
 * Settings of the heads, chosen by 5-fold CV on rules/data/train (see rules/models/README.md):
 * a small, clean data set wants more passes than OffensEval and a little more weight on words.
 * Five visiting orders are averaged: with one, adding 20 sentences to one file moved unrelated heads'
 * development figures by up to 0.02 and the seed alone by as much; averaged, seeds 1-3 agree within
 * 0.01 and `classifier cv --judgment` is equal or better (complaint 0.907/0.827 → 0.911/0.829).
 */
export const HEAD_TRAIN_OPTIONS: TrainOptions = { epochs: 12, learningRate: 0.2, l2: 1e-5, nbSmoothing: 1, orders: 5, features: { wordWeight: 0.5 } };

/** Model file name of a head, in rules/models/. */
export const headFileName = (category: string): string => `${category.replace(/_/g, '-')}-tr.json`;
export const DIRECTORATE_FILE_NAME = 'directorate-tr.json';

/** The binary training rows of one category: positive when the row carries the label. */
export function headRows(rows: readonly JudgmentRow[], category: string): TrainingRow[] {
  return rows
    .filter((r) => r.text.trim() !== '' && !(PERSONAL_TALK_SKIPPED.has(category) && PERSONAL_TALK_FILE.test(r.source)))
    .map((r) => ({ text: r.text, label: r.labels.includes(category) ? 1 : 0 }));
}

/**
 * `personal_talk.tsv` holds everyday second-person talk (love, banter, lyrics, "kızım", "biliyorum"): hard
 * negatives for the harassment and advertising heads. The complaint head does not learn from it: its chat
 * says nothing about services, and when the judge-harass round added 311 such rows the complaint head's
 * scores fell on real complaints (blind dev2 complaint recall 0.794 → 0.774, mean of seeds 1–3; 0.791 with
 * the file skipped). The request head was not moved by them and keeps them.
 */
const PERSONAL_TALK_FILE = /(^|[\\/])personal_talk\.tsv:/;
const PERSONAL_TALK_SKIPPED: ReadonlySet<string> = new Set(['complaint']);

/** Categories of `HEAD_CATEGORIES` with enough positive rows to train on. */
export function trainableCategories(rows: readonly JudgmentRow[]): string[] {
  return HEAD_CATEGORIES.filter((c) => rows.filter((r) => r.labels.includes(c)).length >= MIN_POSITIVES);
}

/**
 * Extra loss weight on a head's positive rows. Complaints and requests are a small share of the
 * training rows (every harassment, hate, advert and harmless row is a negative for them), so each
 * round of new negatives pulled their scores down and their recall with them. Chosen with
 * `classifier cv --judgment` on the training data only: for complaints the largest weight whose
 * cross-validated precision stays at 0.9 or more (1.25: 0.917 / 0.821, against 0.924 / 0.810 at 1
 * and 0.899 at 1.5); for requests, whose cv precision is below 0.9 at any weight, the best F1 (2:
 * 0.852 / 0.890).
 */
export const HEAD_POSITIVE_WEIGHT: Readonly<Record<string, number>> = { complaint: 1.25, request: 2 };

export function trainHead(rows: readonly JudgmentRow[], category: string, seed = 1): Model {
  const data = headRows(rows, category);
  const m = buildFeatureMatrix(data, resolveFeatureOptions(HEAD_TRAIN_OPTIONS.features));
  return trainOnMatrix(m, {
    ...HEAD_TRAIN_OPTIONS,
    positiveWeight: HEAD_POSITIVE_WEIGHT[category] ?? 1,
    seed,
    name: category,
    source: 'rules/data/train/*.tsv (written for bekci)',
  });
}

/** Out-of-fold figures of a head (AUC, best-F1 point, the precision-0.9 point). */
export function crossValidateHead(rows: readonly JudgmentRow[], category: string, folds = 5, seed = 1): ScorerSummary {
  return crossValidateClassifier(headRows(rows, category), folds, { ...HEAD_TRAIN_OPTIONS, seed }).pooled;
}

/** A directorate's own training text besides the judgment rows: routing.yaml examples and keywords. */
export interface DirectorateSeed {
  id: string;
  examples: readonly string[];
  keywords: readonly string[];
  names?: readonly string[];
}

interface LabelledText {
  text: string;
  dir: string;
}

function directorateTexts(rows: readonly JudgmentRow[], seeds: readonly DirectorateSeed[]): LabelledText[] {
  const out: LabelledText[] = [];
  // The router masks identifiers before routing (src/pii/identifiers.ts); the model learns on the same view.
  for (const r of rows) if (r.directorate && r.text.trim()) out.push({ text: maskIdentifiers(r.text), dir: r.directorate });
  for (const s of seeds) {
    for (const e of s.examples) out.push({ text: e, dir: s.id });
    for (const k of [...s.keywords, ...(s.names ?? [])]) out.push({ text: k, dir: s.id });
  }
  return out;
}

/**
 * Settings of the directorate model: whole words matter more for telling units apart than for the
 * binary heads, and ten one-vs-rest heads on ~1,600 rows want more passes. Chosen by 5-fold router
 * CV on rules/data/train (three shuffles: +0.2 to +0.7 points over HEAD_TRAIN_OPTIONS). One visiting
 * order: averaging five changed router CV by +0.1 point, within noise, and the directorate model was
 * not the unstable one.
 */
export const DIRECTORATE_TRAIN_OPTIONS: TrainOptions = { ...HEAD_TRAIN_OPTIONS, epochs: 20, orders: 1, features: { wordWeight: 1 } };

function trainOvr(texts: readonly LabelledText[], ids: readonly string[], seed: number, indices?: number[]): MultiModel {
  const features = resolveFeatureOptions(DIRECTORATE_TRAIN_OPTIONS.features);
  const base = buildFeatureMatrix(
    texts.map((t) => ({ text: t.text, label: 0 })),
    features,
  );
  const heads = ids.map((id) => {
    const labels = Uint8Array.from(texts, (t) => (t.dir === id ? 1 : 0));
    return trainOnMatrix({ ...base, labels }, { ...DIRECTORATE_TRAIN_OPTIONS, seed, name: id }, indices);
  });
  return { name: 'directorate', features, heads, meta: { rows: indices?.length ?? texts.length, seed, source: 'rules/data/train/*.tsv + rules/routing.yaml' } };
}

/** Trains the directorate model on judgment rows with a directorate plus the routing file's seeds. */
export function trainDirectorateModel(rows: readonly JudgmentRow[], seeds: readonly DirectorateSeed[], seed = 1): MultiModel {
  const texts = directorateTexts(rows, seeds);
  const ids = [...new Set([...seeds.map((s) => s.id), ...texts.map((t) => t.dir)])];
  return trainOvr(texts, ids, seed);
}

/**
 * k-fold accuracy of the directorate model on the judgment rows (routing.yaml seeds always stay in
 * training). Returns the share of held-out rows whose best directorate is right.
 */
export function crossValidateDirectorate(
  rows: readonly JudgmentRow[],
  seeds: readonly DirectorateSeed[],
  folds = 5,
  seed = 1,
): { rows: number; accuracy: number } {
  const judged = rows.filter((r) => r.directorate && r.text.trim());
  const texts = directorateTexts(judged, seeds);
  const ids = [...new Set([...seeds.map((s) => s.id), ...texts.map((t) => t.dir)])];
  const order = shuffleInPlace(
    Array.from({ length: judged.length }, (_, i) => i),
    mulberry32(seed ^ 0xd1),
  );
  const seedIdx = Array.from({ length: texts.length - judged.length }, (_, i) => judged.length + i);
  let ok = 0;
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, n) => n % folds === f);
    const testSet = new Set(test);
    const train = [...order.filter((i) => !testSet.has(i)), ...seedIdx];
    const clf = createMultiClassifier(trainOvr(texts, ids, seed, train));
    for (const i of test) if (clf.rank(texts[i]!.text)[0]?.id === texts[i]!.dir) ok++;
  }
  return { rows: judged.length, accuracy: judged.length ? ok / judged.length : 0 };
}

/**
 * Project rows added to the OffensEval training data of the offensive model: the harmless mentions of
 * identity groups (`group_mentions.tsv`, label none) as negatives. In OffensEval, group terms
 * (Suriyeli, Kürt, Alevi, kadın, eşcinsel...) mostly occur in offensive tweets, so the model took the
 * terms alone as evidence; clean sentences that mention the groups counter that. Other project rows
 * are left out: measured with all of them (thanks, complaints, insults, hate), OffensEval CV
 * macro-F1 fell from 0.774 to 0.771.
 */
export function offensiveExtraRows(rows: readonly JudgmentRow[]): TrainingRow[] {
  return rows
    .filter((r) => /(^|[\\/])group_mentions\.tsv:/.test(r.source) && r.labels.length === 1 && r.labels[0] === 'none' && r.text.trim())
    .map((r) => ({ text: r.text, label: 0 as const }));
}
