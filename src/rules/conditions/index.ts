/**
 * The registry of rule conditions and the compiler built on it. The `when:` schema is generated
 * from the registered definitions (every key optional, unknown keys rejected); compiling walks the
 * keys of a condition object in registry order and asks each definition for its closure.
 */
import { z } from 'zod';
import type { PathKey } from '../issues.js';
import { combinators } from './logic.js';
import { near, language } from './context.js';
import { allOf, type CompileEnv, type Condition, type ConditionDef } from './registry.js';
import { author, classifier, links, pii } from './signals.js';
import { maxLength, minLength, regex, terms } from './text.js';

export { EMPTY, allOf, merge, defineCondition, type CompileEnv, type Condition, type ConditionDef, type EvalContext, type Hit } from './registry.js';
export { parseListFile } from './text.js';

/** Leaf conditions, in evaluation order (cheap and selective first, as before the registry). */
const LEAVES = [terms, regex, pii, links, author, classifier, minLength, maxLength, near, language] as const;

type LeafInput = { [D in (typeof LEAVES)[number] as D['name']]?: z.infer<D['schema']> };

/** A `when:` object as written in YAML; several keys must all hold. */
export interface ConditionInput extends LeafInput {
  all?: ConditionInput[];
  any?: ConditionInput[];
  not?: ConditionInput;
}

const registry = new Map<string, ConditionDef>();

/** The schema of a `when:` object, generated from the registry. */
export const ConditionSchema = z.lazy(() => conditionObject()) as unknown as z.ZodType<ConditionInput>;

let cached: { size: number; schema: z.ZodType } | undefined;
function conditionObject(): z.ZodType {
  if (cached?.size === registry.size) return cached.schema;
  const shape: Record<string, z.ZodType> = {};
  for (const [name, def] of registry) shape[name] = def.schema.optional();
  const schema = z.strictObject(shape).refine((c) => Object.keys(c).length > 0, { message: 'boş koşul (empty condition)' });
  cached = { size: registry.size, schema };
  return schema;
}

/**
 * Register a condition under its name. Built-in conditions are registered at load; a new one must
 * be registered before the first rule file is parsed. A name can be registered only once.
 */
export function registerCondition(def: ConditionDef<string, z.ZodType>): void {
  if (registry.has(def.name)) throw new Error(`koşul zaten kayıtlı (condition already registered): ${def.name}`);
  registry.set(def.name, def as ConditionDef);
}

/** Names of the registered conditions, in evaluation order. */
export function conditionNames(): string[] {
  return [...registry.keys()];
}

for (const def of [...LEAVES, ...combinators(ConditionSchema)]) registerCondition(def as unknown as ConditionDef);

/** Compile one condition object; problems go to `env.issues` and a never-true part is returned for them. */
export async function compileCondition(c: ConditionInput, path: PathKey[], env: Omit<CompileEnv, 'compile'>): Promise<Condition> {
  const full: CompileEnv = { ...env, compile: (sub, p) => compileCondition(sub as ConditionInput, p, env) };
  const parts: Array<{ cost: number; order: number; when: Condition }> = [];
  const given = c as Record<string, unknown>;
  for (const [name, def] of registry) {
    const value = given[name];
    if (value === undefined) continue;
    parts.push({ cost: def.cost ?? 1, order: parts.length, when: await def.compile(value, [...path, name], full) });
  }
  if (parts.length === 0) return () => null;
  // Cheapest first; evidence order follows evaluation order, which only affects the order of spans.
  parts.sort((a, b) => a.cost - b.cost || a.order - b.order);
  return allOf(parts.map((p) => p.when));
}
