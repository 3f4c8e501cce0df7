import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, toOriginalSpan } from '../../src/text/normalize.js';
import { compileLinear } from '../../src/text/regex.js';
import { TermMatcher, parseTerm } from '../../src/text/terms.js';
import { BUDGET_MS, hostileText, RUNS, withinBudget } from './helpers.js';

describe('fuzz: normaliser', () => {
  it('never throws, keeps its offset map inside the original and its tokens ordered', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const n = withinBudget('normalize', () => normalize(text));
        expect(n.map.length).toBe(n.text.length + 1);
        for (const v of n.map) expect(v >= 0 && v <= text.length).toBe(true);
        for (const t of n.tokens) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(text.length);
          expect(t.end).toBeGreaterThan(t.start);
        }
        if (n.text.length > 0) {
          const span = toOriginalSpan(n, 0, n.text.length);
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: term matcher', () => {
  it('never throws and reports spans inside the text, whatever the terms', () => {
    const term = fc.oneof(
      fc.constantFrom('salak*', '*aptal*', 'amına koy*', 'mal', 'ş', '*', '**', ' ', 'a b c d'),
      hostileText.map((s) => s.slice(0, 20)),
    );
    fc.assert(
      fc.property(fc.array(term, { maxLength: 8 }), fc.array(term, { maxLength: 3 }), hostileText, (terms, except, text) => {
        const m = new TermMatcher(
          terms.map((t) => parseTerm(t, 'word')),
          except,
        );
        const hits = withinBudget('term match', () => m.match(normalize(text).tokens));
        for (const h of hits) {
          expect(h.start).toBeGreaterThanOrEqual(0);
          expect(h.end).toBeLessThanOrEqual(text.length);
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: regex layer', () => {
  const atoms = [
    'a',
    'b',
    '.',
    '\\d',
    '\\p{L}',
    '[a-z]',
    '[^0-9]',
    '(',
    ')',
    '|',
    '*',
    '+',
    '?',
    '{2,5}',
    '{1000}',
    '^',
    '$',
    '\\b',
    '(?<![0-9])',
    '(?![0-9])',
    '(?=a)',
    '\\1',
    '(?:',
    '(?<n>',
    '\\u00e7',
    '\\',
    '[',
    ']',
    '(?i)',
    '\\Q',
    '\\E',
  ];
  const pattern = fc.oneof(
    fc.array(fc.constantFrom(...atoms), { maxLength: 14 }).map((a) => a.join('')),
    fc.string({ maxLength: 30 }),
  );

  it('compiles or refuses every pattern without throwing; compiled ones match any text within the budget', () => {
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'i', 'm', 's', 'ims', 'g'), hostileText, (source, flags, text) => {
        const r = withinBudget('compile', () => compileLinear(source, flags));
        if (!r.ok) {
          expect(r.error.message.length).toBeGreaterThan(0);
          expect(r.error.index).toBeGreaterThanOrEqual(0);
          return;
        }
        const spans = withinBudget('findAll', () => r.pattern.findAll(text, 50));
        let last = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          last = s.end;
        }
      }),
      RUNS,
    );
  });

  it('stays linear on the classic catastrophic patterns over long hostile input', () => {
    for (const source of ['(a|a)*$', '(a|aa)+$', '(a*)*b', '(\\p{L}+\\s?)+!', '(?<![0-9])(.*a){12}']) {
      const r = compileLinear(source);
      expect(r.ok, source).toBe(true);
      if (r.ok) withinBudget(source, () => r.pattern.findAll(`${'a'.repeat(4999)}x`));
    }
    expect(BUDGET_MS).toBeGreaterThan(0);
  });
});
