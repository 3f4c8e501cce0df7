import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleEngine, type Classifier } from '../../src/rules/engine.js';
import { parseEvalTsv } from '../../src/rules/evaluate.js';
import { RULES_DIR, tempRules } from './helpers.js';

/**
 * The engine asks a rule's cheap yes/no `test` first and collects the evidence only when it holds
 * (conditions/registry.ts). Reference: the same engine with the tests removed, which evaluates every
 * rule in full as before. Decisions must be the same, reported scores (and their order) included.
 */
function withoutTests(engine: RuleEngine): RuleEngine {
  for (const rule of engine.rules) delete (rule.when as { test?: unknown }).test;
  return engine;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/** Deterministic stand-in models whose scores spread over 0..1. */
const classifiers: Record<string, Classifier> = {
  m1: { name: 'm1', score: (t) => hash(`m1${t}`) },
  m2: { name: 'm2', score: (t) => hash(`m2${t}`) },
  m3: { name: 'm3', score: (t) => hash(`m3${t}`) },
};

type Cond = Record<string, unknown>;

const leaf: fc.Arbitrary<Cond> = fc.oneof(
  fc.constantFrom('ab', 'a*', 'b?c?', '(?<![\\p{L}])ca', 'a(?![\\p{L}])', '[ab]c', '(?:ab|)', 'x|c+', '\\bba').map((p) => ({ regex: p })),
  fc.constantFrom('ab', 'ca', 'bac', 'c').map((t) => ({ terms: { list: [t, `${t}*`] } })),
  fc
    .tuple(fc.constantFrom('m1', 'm2', 'm3'), fc.constantFrom(0.2, 0.5, 0.8), fc.boolean())
    .map(([model, v, min]) => ({ classifier: { model, ...(min ? { min: v } : { max: v }) } })),
  fc.constantFrom(3, 8).map((n) => ({ minLength: n })),
);

const condition: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie('cond'), { minLength: 1, maxLength: 4 }).map((subs) => ({ any: subs })) },
    { weight: 1, arbitrary: fc.array(tie('cond'), { minLength: 1, maxLength: 4 }).map((subs) => ({ all: subs })) },
    { weight: 1, arbitrary: tie('cond').map((sub) => ({ not: sub })) },
    // Several keys in one object: checked cheapest first.
    { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => ({ ...b, ...a })) },
  ),
})).cond;

const word = fc.constantFrom('ab', 'ca', 'bac', 'c', 'x', 'aab', 'cab', 'ba');
const text = fc.array(word, { minLength: 0, maxLength: 6 }).map((w) => w.join(' '));

describe('two-pass rule evaluation (yes/no first, evidence for matching rules)', () => {
  it('gives the same decisions and consults the same scores in the same order on random rules', async () => {
    let matched = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(condition, { minLength: 1, maxLength: 4 }), fc.array(text, { minLength: 1, maxLength: 8 }), async (conds, texts) => {
        const rules = conds.map((when, i) => ({ id: `r${i}`, categories: ['insult'], action: i % 2 ? 'review' : 'hide', when }));
        const dir = await tempRules({ 'a.yaml': JSON.stringify({ rules }) });
        const fast = await RuleEngine.load(dir, { classifiers });
        const full = withoutTests(await RuleEngine.load(dir, { classifiers }));
        for (const t of texts) {
          const a = fast.evaluate({ text: t });
          const b = full.evaluate({ text: t });
          expect(JSON.stringify(a), `${JSON.stringify(conds)} on ${JSON.stringify(t)}`).toBe(JSON.stringify(b));
          matched += a.matches.length;
        }
      }),
      { seed: 31, numRuns: 250 },
    );
    expect(matched).toBeGreaterThan(200);
  });

  it('gives the shipped rules the same decisions on the development split', async () => {
    const fast = await RuleEngine.load(RULES_DIR);
    const full = withoutTests(await RuleEngine.load(RULES_DIR));
    const dev = join(RULES_DIR, 'data', 'dev');
    const rows = readdirSync(dev)
      .filter((f) => f.endsWith('.tsv'))
      .flatMap((f) => parseEvalTsv(readFileSync(join(dev, f), 'utf8')));
    expect(rows.length).toBeGreaterThan(500);
    let flagged = 0;
    for (const row of rows) {
      const a = fast.evaluate({ text: row.text });
      expect(JSON.stringify(a), row.text).toBe(JSON.stringify(full.evaluate({ text: row.text })));
      if (a.matches.length) flagged++;
    }
    expect(flagged).toBeGreaterThan(rows.length / 4);
  });
});
