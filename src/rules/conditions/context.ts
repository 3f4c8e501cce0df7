/** Conditions on how words relate: `near` (two term lists close together) and `language`. */
import { z } from 'zod';
import type { TermHit } from '../../text/terms.js';
import { defineCondition, type Condition } from './registry.js';
import { termSpecs, TermsSchema } from './text.js';

const WORD = /[\p{L}\p{N}]+/gu;

/** Number of words strictly between two spans of `text`. */
function wordsBetween(text: string, a: TermHit, b: TermHit): number {
  const [from, to] = a.end <= b.start ? [a.end, b.start] : [b.end, a.start];
  if (to <= from) return 0;
  let n = 0;
  for (const _ of text.slice(from, to).matchAll(WORD)) n++;
  return n;
}

/**
 * `near: { terms: {...}, with: {...}, within: 4 }`: a word of the first list and a word of the
 * second at most `within` words apart (in either order). A group name next to a dehumanising word
 * is hate; the same two words at the two ends of a long comment usually are not.
 */
export const near = defineCondition({
  name: 'near',
  cost: 1,
  schema: z.strictObject({ terms: TermsSchema, with: TermsSchema, within: z.number().int().min(0).max(50).default(4) }),
  async compile(n, path, env): Promise<Condition> {
    const a = env.terms.addGroup(await termSpecs(n.terms, [...path, 'terms'], env), n.terms.except ?? []);
    const b = env.terms.addGroup(await termSpecs(n.with, [...path, 'with'], env), n.with.except ?? []);
    const within = n.within;
    return (ctx) => {
      const hits = ctx.termHits();
      const ha = hits.get(a);
      const hb = ha && hits.get(b);
      if (!ha || !hb) return null;
      for (const x of ha) {
        for (const y of hb) {
          if (x.start === y.start) continue;
          if (wordsBetween(ctx.input.text, x, y) <= within) {
            const spans = [x, y].sort((p, q) => p.start - q.start).map((h) => ({ start: h.start, end: h.end }));
            return { spans, texts: spans.map((s) => ctx.input.text.slice(s.start, s.end)) };
          }
        }
      }
      return null;
    };
  },
});

/** `language: en` or `language: [en, unknown]`: the guessed language of the comment (src/text/language.ts). */
export const language = defineCondition({
  name: 'language',
  cost: 2,
  schema: z.union([z.enum(['tr', 'en', 'unknown']), z.array(z.enum(['tr', 'en', 'unknown'])).min(1)]),
  compile(l): Condition {
    const want = new Set(Array.isArray(l) ? l : [l]);
    return (ctx) => (want.has(ctx.lang()) ? { spans: [], texts: [] } : null);
  },
});
