/** The combinators `all`, `any` and `not`: nested condition objects. */
import { z } from 'zod';
import { allOf, defineCondition, EMPTY, testOf, withTest, type Condition, type Hit } from './registry.js';

/**
 * The schemas of the combinators refer to the whole condition schema, which is built from the
 * registry; `nested` is bound by `index.ts` once the registry is complete.
 */
export function combinators(nested: z.ZodType) {
  return [
    defineCondition({
      name: 'all',
      cost: 3,
      schema: z.array(nested).min(1),
      async compile(list, path, env) {
        const subs = await Promise.all(list.map((s, i) => env.compile(s as Record<string, unknown>, [...path, i])));
        return allOf(subs);
      },
    }),
    defineCondition({
      name: 'any',
      cost: 3,
      schema: z.array(nested).min(1),
      async compile(list, path, env) {
        const subs = await Promise.all(list.map((s, i) => env.compile(s as Record<string, unknown>, [...path, i])));
        const any: Condition = (ctx) => {
          let out: Hit | null = null;
          for (const s of subs) {
            const h = s(ctx);
            if (h)
              out = out
                ? {
                    spans: [...out.spans, ...h.spans],
                    texts: [...out.texts, ...h.texts],
                    ...((h.score ?? out.score) !== undefined ? { score: (h.score ?? out.score) as number } : {}),
                  }
                : h;
          }
          return out;
        };
        // The full evaluation runs every branch (their evidence is merged); to know whether one
        // holds, the branches after it run only when they consult a classifier.
        return withTest(any, subs, (tests) => (ctx) => {
          let held = false;
          for (let i = 0; i < tests.length; i++) {
            if (held && !subs[i]!.consults) continue;
            if (tests[i]!(ctx)) held = true;
          }
          return held;
        });
      },
    }),
    defineCondition({
      name: 'not',
      cost: 3,
      schema: nested,
      async compile(sub, path, env) {
        const c = await env.compile(sub as Record<string, unknown>, path);
        // The negated condition's evidence is never reported: asking whether it holds is enough.
        const holds = testOf(c);
        const not: Condition = (ctx) => (holds(ctx) ? null : EMPTY);
        return withTest(not, [c], () => (ctx) => !holds(ctx));
      },
    }),
  ] as const;
}
