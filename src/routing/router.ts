import { readRoutingFile, TRIAGE_DIRECTORATE, type DirectorateSpec, type RoutingFile } from './file.js';
import { RoutingModel, type ModelOptions } from './model.js';

/** Where one text should go. */
export interface RouteResult {
  /** Directorate id; the triage directorate when confidence is below the threshold. */
  directorate: string;
  /** Probability of the best directorate, 0..1 (of the classifier's choice, even when triaged). */
  confidence: number;
  /** Key used to join repeats of the same author (the directorate; the ticket adds its kind). */
  topic: string;
  /** The classifier's own choice before the confidence threshold. */
  predicted: string;
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
  /** Default confidence threshold used by `route()` (0.35 unless given to loadRouter). */
  readonly minConfidence: number;
  directorate(id: string): DirectorateSpec | undefined;
  /** Routes a text. Pure and synchronous; below `minConfidence` the result is the triage directorate. */
  route(text: string, minConfidence?: number): RouteResult;
}

export interface RouterOptions {
  minConfidence?: number;
  model?: ModelOptions;
}

/**
 * Reads rules/routing.yaml, validates it and trains the classifier (milliseconds).
 * Throws RoutingFileError with file:line for every problem.
 */
export function loadRouter(file: string, options: RouterOptions = {}): Router {
  return createRouter(readRoutingFile(file), file, options);
}

/** Builds a router from an already validated routing file. */
export function createRouter(spec: RoutingFile, file = '(bellek)', options: RouterOptions = {}): Router {
  const model = new RoutingModel(spec.directorates, options.model);
  const byId = new Map(spec.directorates.map((d) => [d.id, d]));
  const defaultMin = options.minConfidence ?? 0.35;
  return {
    file,
    directorates: spec.directorates,
    fallback: TRIAGE_DIRECTORATE,
    minConfidence: defaultMin,
    directorate: (id) => byId.get(id),
    route(text, minConfidence = defaultMin) {
      const { ranking, keywordHits } = model.predict(text);
      const best = ranking[0] ?? { id: TRIAGE_DIRECTORATE, p: 0 };
      const directorate = best.p >= minConfidence ? best.id : TRIAGE_DIRECTORATE;
      return {
        directorate,
        confidence: best.p,
        topic: directorate,
        predicted: best.id,
        keywordHits,
        alternatives: ranking.slice(0, 3),
      };
    },
  };
}
