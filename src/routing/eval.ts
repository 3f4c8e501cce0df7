import type { Decision } from '../rules/types.js';
import type { Router } from './router.js';

/**
 * The routing hook for `evaluateRows(engine, rows, { route })` (bekci rules eval): routes every row
 * by its text (the label says where it should go, whatever the engine decided), with the same
 * confidence threshold the worker uses.
 */
export function routeForEval(router: Router, minConfidence = router.minConfidence): (text: string, decision: Decision) => string | null {
  return (text) => router.route(text, minConfidence).directorate;
}
