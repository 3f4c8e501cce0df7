import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadMultiClassifier, type MultiClassifier } from '../classifier/multi.js';
import { readRoutingFile, TRIAGE_DIRECTORATE, type DirectorateSpec, type RoutingFile } from './file.js';
import { ROUTING_MIN_CONFIDENCE } from '../config/schema.js';
import { maskIdentifiers } from '../pii/identifiers.js';
import { contentWords } from './features.js';
import { RoutingModel, type ModelOptions } from './model.js';

/** The learned directorate model, next to the routing file (`bekci classifier train` writes it). */
export const DIRECTORATE_MODEL = join('models', 'directorate-tr.json');
/**
 * Weight of the learned model against the keyword/example model of routing.yaml. Equal weights:
 * each alone was measured at 0.77 (learned) and 0.70 (routing.yaml) on the development split,
 * together at 0.79 (rules/models/README.md); the router CV on training data (classifier cv
 * --judgment) finds 0.5 and 0.6 equal and 0.4, 0.7 lower.
 */
const LEARNED_WEIGHT = 0.5;

/**
 * Unit evidence from the learned model: a content word (features.ts `contentWords`) counts for a unit
 * when the unit's head gives its whole-word feature at least WORD_EVIDENCE, or scores the word with its
 * character n-grams at least SPELLING_EVIDENCE (inflections and spellings of learned words:
 * "projeksiyonların", "dorms"). Words learned for a unit weigh 1.8-4.8 whole ("yemekhane", "staj") and
 * score 3-19 in all. Chosen with the router CV on rules/data/train (classifier cv --judgment) and a list
 * of 36 greetings, fillers and bare questions written for the purpose: 0.25 / 2 route none of them and
 * lose 6 of 2,208 rows net; 0.5 / 3 lose 9, 0 / 2 none but let "anladım" and "bir sorum olacak" through.
 */
export const WORD_EVIDENCE = 0.25;
export const SPELLING_EVIDENCE = 2;

/** Default confidence threshold: the configuration's `routing.minConfidence` default. */
export { ROUTING_MIN_CONFIDENCE };

/** Where one text should go. */
export interface RouteResult {
  /** Directorate id; the triage directorate when confidence is below the threshold. */
  directorate: string;
  /** Probability of the best directorate, 0..1 (of the classifier's choice, even when triaged). */
  confidence: number;
  /** Key used to join repeats of the same author (the directorate; the ticket adds its kind). */
  topic: string;
  /** The classifier's own choice before the confidence threshold and the evidence check. */
  predicted: string;
  /**
   * Whether the text carries evidence for `predicted`: one of its keywords or names, a word or stem of
   * its routing.yaml text, or a word the learned model weighs for it (WORD_EVIDENCE). Without it the
   * text goes to the triage directorate whatever the confidence ("merhaba hocam", "tamam").
   */
  evidence: boolean;
  /** Keywords found, by directorate. */
  keywordHits: Record<string, string[]>;
  /** The best three directorates with their probabilities. */
  alternatives: Array<{ id: string; p: number }>;
}

export interface Router {
  readonly file: string;
  readonly directorates: readonly DirectorateSpec[];
  /** The triage directorate (`kurumsal-iletisim`). */
  readonly fallback: string;
  /** Default confidence threshold used by `route()` (ROUTING_MIN_CONFIDENCE unless given to loadRouter). */
  readonly minConfidence: number;
  directorate(id: string): DirectorateSpec | undefined;
  /**
   * Routes a text. Pure and synchronous; below `minConfidence`, or with no evidence for the best unit,
   * the result is the triage directorate.
   */
  route(text: string, minConfidence?: number): RouteResult;
}

export interface RouterOptions {
  minConfidence?: number;
  model?: ModelOptions;
  /**
   * The learned directorate model. `loadRouter` loads `models/directorate-tr.json` beside the routing
   * file when it exists; `null` turns it off. Directorates it does not know keep the routing.yaml score.
   */
  learned?: MultiClassifier | null;
  /** Weight of the learned model against routing.yaml's keyword/example model (LEARNED_WEIGHT unless given). */
  learnedWeight?: number;
}

/**
 * Reads rules/routing.yaml, validates it and trains the classifier (milliseconds).
 * Throws RoutingFileError with file:line for every problem.
 */
export function loadRouter(file: string, options: RouterOptions = {}): Router {
  const spec = readRoutingFile(file);
  if (options.learned !== undefined) return createRouter(spec, file, options);
  const modelFile = join(dirname(file), DIRECTORATE_MODEL);
  const learned = existsSync(modelFile) ? loadMultiClassifier(modelFile) : null;
  return createRouter(spec, file, { ...options, learned });
}

/** Builds a router from an already validated routing file. */
export function createRouter(spec: RoutingFile, file = '(bellek)', options: RouterOptions = {}): Router {
  const model = new RoutingModel(spec.directorates, { fallback: TRIAGE_DIRECTORATE, ...options.model });
  const learned = options.learned ?? null;
  const weight = options.learnedWeight ?? LEARNED_WEIGHT;
  const byId = new Map(spec.directorates.map((d) => [d.id, d]));
  const defaultMin = options.minConfidence ?? ROUTING_MIN_CONFIDENCE;
  const hasEvidence = (id: string, text: string, keywordHits: Record<string, string[]>): boolean => {
    if (keywordHits[id]?.length) return true;
    const words = contentWords(text);
    if (model.seenWith(words).has(id)) return true;
    return learned !== null && words.some((w) => learned.wordScores(w).some((s) => s.id === id && (s.whole >= WORD_EVIDENCE || s.all >= SPELLING_EVIDENCE)));
  };
  return {
    file,
    directorates: spec.directorates,
    fallback: TRIAGE_DIRECTORATE,
    minConfidence: defaultMin,
    directorate: (id) => byId.get(id),
    route(raw, minConfidence = defaultMin) {
      // Identifiers carry no routing signal (and their labels pulled comments to the wrong units).
      const text = maskIdentifiers(raw);
      const predicted = model.predict(text);
      const { keywordHits } = predicted;
      let ranking = predicted.ranking;
      if (learned) {
        const lr = new Map(learned.rank(text).map((r) => [r.id, r.p]));
        ranking = ranking.map((r) => ({ id: r.id, p: lr.has(r.id) ? weight * lr.get(r.id)! + (1 - weight) * r.p : r.p })).sort((a, b) => b.p - a.p);
      }
      const best = ranking[0] ?? { id: TRIAGE_DIRECTORATE, p: 0 };
      const evidence = best.id === TRIAGE_DIRECTORATE || hasEvidence(best.id, text, keywordHits);
      const directorate = best.p >= minConfidence && evidence ? best.id : TRIAGE_DIRECTORATE;
      return {
        directorate,
        confidence: best.p,
        topic: directorate,
        predicted: best.id,
        evidence,
        keywordHits,
        alternatives: ranking.slice(0, 3),
      };
    },
  };
}
