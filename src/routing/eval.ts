import type { Config } from '../config/index.js';
import { ROUTING_CATEGORIES, type Decision } from '../rules/types.js';
import { loadRouter, type Router } from './router.js';

const ROUTED = new Set<string>(ROUTING_CATEGORIES);

/** True when the worker would route a comment with these categories (a complaint or a request). */
export const isRouted = (categories: readonly string[]): boolean => categories.some((c) => ROUTED.has(c));

/**
 * The router `bekci rules eval` uses: always the one of `routing.file`, with the worker's confidence
 * threshold. Undefined only for a configuration without a routing section (scripts and tests that
 * pass rule settings alone). Throws RoutingFileError for a missing or invalid file.
 */
export function evalRouter(config: Partial<Pick<Config, 'routing'>>): Router | undefined {
  if (!config.routing) return undefined;
  return loadRouter(config.routing.file, { minConfidence: config.routing.minConfidence });
}

/**
 * The routing hook for `evaluateRows(engine, rows, { route })` (bekci rules eval). A row is routed
 * when the engine files it as a complaint or request (what the worker would route, and what the
 * predictions show), and when its text is in `labelled` (rows whose directorate column is not `-`).
 * Labelled rows are routed whatever the engine decided, on purpose: the routing figures
 * (`routing.accuracy`, `perDirectorate`) then measure the router on its own, not the router behind
 * the rules' complaint/request recall. Other rows get null without spending time in the router.
 */
export function routeForEval(
  router: Router,
  opts: { labelled?: Iterable<string>; minConfidence?: number } = {},
): (text: string, decision: Decision) => string | null {
  const labelled = new Set(opts.labelled ?? []);
  const min = opts.minConfidence ?? router.minConfidence;
  return (text, d) => (labelled.has(text) || isRouted(d.categories) ? router.route(text, min).directorate : null);
}

/**
 * One line of `--predictions`: `directorate` is the routed directorate only when the decision's
 * categories include complaint or request (as in the worker), else null, also for a row that was
 * routed for the routing figures alone.
 */
export function evalPrediction<P extends { categories: readonly string[]; directorate: string | null }>(p: P): P {
  return isRouted(p.categories) || p.directorate === null ? p : { ...p, directorate: null };
}
