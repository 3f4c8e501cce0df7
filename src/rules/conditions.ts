/**
 * Rule conditions: see `conditions/` (the registry, one file per family). This module keeps the
 * engine-facing helpers.
 */
import type { TermHit } from '../text/terms.js';

export { compileCondition, registerCondition, conditionNames, ConditionSchema, parseListFile, type ConditionInput } from './conditions/index.js';
export type { CompileEnv, Condition, ConditionDef, EvalContext, Hit } from './conditions/registry.js';
export { defineCondition } from './conditions/registry.js';
export { findLinks } from './links.js';

/** Lazily computed context parts, shared by all rules of one evaluation. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

/** Group the hits of the shared term matcher by list. */
export function hitsByGroup(hits: TermHit[]): Map<number, TermHit[]> {
  const out = new Map<number, TermHit[]>();
  for (const h of hits) {
    const list = out.get(h.group);
    if (list) list.push(h);
    else out.set(h.group, [h]);
  }
  return out;
}
