/**
 * The rule-condition registry. A condition key of `when:` (terms, regex, pii, …) is a named entry
 * with its zod schema and a compiler that turns the YAML value into a closure; the rule schema and
 * the compiler are both built from the registry, so adding a condition is one `defineCondition`
 * call, never an edit of an if-chain and a hand-copied interface (the idea of json-rules-engine's
 * operator registry; no code taken from it).
 */
import type { z } from 'zod';
import type { Link } from '../links.js';
import type { IssueSource, PathKey, RuleIssue } from '../issues.js';
import type { CommentInput, PiiFinding, Span } from '../types.js';
import type { Language } from '../../text/language.js';
import type { NormalizedText } from '../../text/normalize.js';
import type { TermHit, TermMatcher } from '../../text/terms.js';

/** Everything a condition may look at; expensive parts are computed once per comment. */
export interface EvalContext {
  input: CommentInput;
  /** The input text cut to the length cap. */
  text: string;
  norm(): NormalizedText;
  links(): Link[];
  pii: PiiFinding[];
  /** A classifier's score, computed on first use (models are the most expensive part of a decision). */
  score(model: string): number | undefined;
  /** Term hits of the shared matcher, by group. */
  termHits(): Map<number, TermHit[]>;
  /** Guessed language of the comment. */
  lang(): Language;
}

/** Evidence a condition found: spans of the ORIGINAL text and display texts. */
export interface Hit {
  spans: Span[];
  /** What matched, for `{{match}}`; personal data appears as its tag, never in clear. */
  texts: string[];
  score?: number;
}

/**
 * A compiled condition: the evidence, or `null` when it does not hold.
 *
 * A condition may also carry `test`, which answers only whether it holds (the engine collects the
 * evidence afterwards, for the few rules that match): a regex then asks "is there a match" of the
 * DFA instead of finding every span, and `any` stops once a branch holds. `test` must give the same
 * answer and consult the same classifier scores in the same order (they are reported with the
 * decision): conditions that consult a classifier are marked `consults` and are never skipped.
 */
export type Condition = ((ctx: EvalContext) => Hit | null) & {
  test?: (ctx: EvalContext) => boolean;
  /** True when evaluating the condition consults a classifier score (a reported side effect). */
  consults?: boolean;
};

/** `c.test`, or the full evaluation when `c` has no cheaper test. */
export function testOf(c: Condition): (ctx: EvalContext) => boolean {
  return c.test ?? ((ctx) => c(ctx) !== null);
}

/**
 * Attach `test` and `consults` to a combinator built from `subs`: `test` only when some sub has a
 * cheaper test than its full evaluation (otherwise the engine evaluates once, fully).
 */
export function withTest(
  c: Condition,
  subs: readonly Condition[],
  test: (tests: Array<(ctx: EvalContext) => boolean>) => (ctx: EvalContext) => boolean,
): Condition {
  if (subs.some((s) => s.consults)) c.consults = true;
  if (subs.some((s) => s.test)) c.test = test(subs.map(testOf));
  return c;
}

/** What a condition compiler may use while the rule set is loaded. */
export interface CompileEnv {
  dir: string;
  file: IssueSource;
  issues: RuleIssue[];
  /** Models known to the engine (declared in any file or supplied as overrides). */
  models: Set<string>;
  /** Files read for term lists, for the rule-set version. */
  listFiles: Map<string, string>;
  /** One matcher for every term list of the rule set. */
  terms: TermMatcher;
  /** Compile a nested condition object (used by the combinators). */
  compile(c: Record<string, unknown>, path: PathKey[]): Promise<Condition>;
}

/**
 * One registered condition. `compile` receives the value already validated by `schema`, the YAML
 * path of the key (for `file:line:column` issues) and the compile environment. Problems are pushed
 * to `env.issues`; the compiler still returns a condition (usually a never-true one).
 */
export interface ConditionDef<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  schema: S;
  /**
   * Relative cost per comment (0 = a lookup in something already computed, higher = a scan of the
   * text). Several keys of one condition object are checked cheapest first, so an expensive regex
   * only runs on the comments a term list let through. Default 1.
   */
  cost?: number;
  compile(value: z.infer<S>, path: PathKey[], env: CompileEnv): Condition | Promise<Condition>;
}

/** Typed constructor of a condition definition (keeps the value type of `compile` tied to the schema). */
export function defineCondition<N extends string, S extends z.ZodType>(def: ConditionDef<N, S>): ConditionDef<N, S> {
  return def;
}

/** A condition that always holds with no evidence. */
export const EMPTY: Hit = { spans: [], texts: [] };

/** Merge the evidence of two holding conditions. */
export function merge(a: Hit, b: Hit): Hit {
  const score = b.score ?? a.score;
  return { spans: [...a.spans, ...b.spans], texts: [...a.texts, ...b.texts], ...(score !== undefined ? { score } : {}) };
}

/** All parts must hold; evidence is merged in order. */
export function allOf(parts: Condition[]): Condition {
  if (parts.length === 1) return parts[0] as Condition;
  const all: Condition = (ctx) => {
    let out: Hit = EMPTY;
    for (const p of parts) {
      const h = p(ctx);
      if (!h) return null;
      out = out === EMPTY ? h : merge(out, h);
    }
    return out;
  };
  // Stops at the first part that does not hold, like the full evaluation.
  return withTest(all, parts, (tests) => (ctx) => {
    for (const t of tests) if (!t(ctx)) return false;
    return true;
  });
}
