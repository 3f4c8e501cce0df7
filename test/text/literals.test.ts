import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalGate, mayMatch, requiredLiterals } from '../../src/text/literals.js';
import { compileLinear } from '../../src/text/regex.js';

/**
 * Small JavaScript-dialect patterns over a few letters, with what rules use: classes (ranges,
 * escapes, negation), alternations, groups of every kind, quantifiers, lookarounds, anchors.
 */
const patterns = fc.letrec((tie) => ({
  atom: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'c', 'ı', 'i', ' ', '\\.', '.', '-', '😀', '\\u0131', '\\x61', '\\-') },
    { weight: 3, arbitrary: fc.constantFrom('[ab]', '[ıi]', '[a-c]', '[^a]', '[ab.-]', '[\\p{L}]', '[\\d.]', '[😀a]', '\\d', '\\w', '\\s', '\\p{L}', '\\b') },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '(?<![\\p{L}])', '(?<=a)', '(?=b)', '(?![\\p{L}])') },
    { weight: 2, arbitrary: tie('group') as fc.Arbitrary<string> },
  ),
  piece: fc
    .tuple(tie('atom') as fc.Arbitrary<string>, fc.constantFrom('', '', '', '?', '*', '+', '{2}', '{0,2}', '{1,3}', '{2,}', '??', '+?'))
    .map(([a, q]) => (/^(?:\^|\$|\\b|\(\?)/.test(a) && q ? a : a + q)),
  seq: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 0, maxLength: 5 }).map((p) => p.join('')),
  group: fc
    .tuple(fc.constantFrom('(?:', '(', '(?<g>'), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }))
    .map(([open, branches]) => `${open}${branches.join('|')})`),
  pattern: fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((b) => b.join('|')),
})).pattern;

const texts = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ı', 'i', ' ', '.', '-', '1', '😀'), maxLength: 16 }), {
  minLength: 1,
  maxLength: 10,
});

/** `source` as a native pattern, or null when JavaScript refuses it (`\\-` outside a class with `u`). */
function jsPattern(source: string, flags: string): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
}

describe('required literals (pre-check of rule patterns)', () => {
  it('never rejects a text the pattern matches, and the compiled gate answers like mayMatch', () => {
    let matched = 0;
    let rejected = 0;
    fc.assert(
      fc.property(patterns, texts, (source, sample) => {
        fc.pre(compileLinear(source).ok);
        // The reference is JavaScript's own engine: compiled patterns check these literals
        // themselves before re2js runs, so their answer cannot judge the literals.
        const js = jsPattern(source, 'u');
        fc.pre(js !== null);
        if (js === null) return;
        const required = requiredLiterals(source);
        const gate = literalGate(required);
        for (const t of sample) {
          const ok = mayMatch(t, required);
          expect(gate(t), `${source} on ${JSON.stringify(t)}`).toBe(ok);
          if (js.test(t)) {
            matched++;
            expect(ok, `${source} (${JSON.stringify(required)}) rejected ${JSON.stringify(t)}`).toBe(true);
          } else if (!ok) rejected++;
        }
      }),
      { seed: 21, numRuns: 3000 },
    );
    // The generator exercises both sides: texts that match, and texts the pre-check turns away.
    expect(matched).toBeGreaterThan(2000);
    expect(rejected).toBeGreaterThan(2000);
  });

  it('with the i flag, never rejects a text the pattern matches (case variants, K and ſ included)', () => {
    const caseless = fc.array(fc.constantFrom('k', 's', 'a', 'b', 'ab', 'ks', 'sk', '[ks]', 'a+', '\\w', '(?:k|sa)', 'ı', 'k\\*+s'), {
      minLength: 1,
      maxLength: 5,
    });
    const mixed = fc.array(
      fc.string({ unit: fc.constantFrom('k', 'K', '\u212a', 's', 'S', '\u017f', 'a', 'A', 'b', 'ı', 'I', 'İ', '*', ' '), maxLength: 10 }),
      {
        minLength: 1,
        maxLength: 10,
      },
    );
    let matched = 0;
    let rejected = 0;
    fc.assert(
      fc.property(caseless, mixed, (parts, sample) => {
        const source = parts.join('');
        const js = jsPattern(source, 'iu');
        if (!compileLinear(source, 'i').ok || js === null) return;
        const gate = literalGate(requiredLiterals(source, 'i'), true);
        for (const t of sample) {
          if (js.test(t)) {
            matched++;
            expect(gate(t), `${source} on ${JSON.stringify(t)}`).toBe(true);
          } else if (!gate(t)) rejected++;
        }
      }),
      { seed: 22, numRuns: 2000 },
    );
    expect(matched).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('reads small classes, alternations and repetitions', () => {
    expect(requiredLiterals('(?<![\\p{L}])\\p{L}{2,}(?:[ae]c[ae]m|[ıi]yoruz)(?![\\p{L}])')).toEqual([['acam', 'acem', 'ecam', 'ecem', 'iyoruz', 'ıyoruz']]);
    expect(requiredLiterals('m[ıi](?:s[ıi]n)?(?![\\p{L}])')).toEqual([['mi', 'mı']]);
    expect(requiredLiterals('[0-9]+\\s*(?:bin|k)\\s+x')).toEqual([['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['bin', 'k'], ['x']]);
    // An optional part, an empty branch or a lookaround requires nothing.
    expect(requiredLiterals('a?b*')).toEqual([]);
    expect(requiredLiterals('(?:ab|)c?')).toEqual([]);
    expect(requiredLiterals('(?=ab)\\w')).toEqual([]);
    // A repeated part starts and ends with its strings.
    expect(requiredLiterals('f\\*+k\\w*')).toEqual([['f*'], ['*k']]);
    // With `i`, only ASCII literals; syntax the reader does not know requires nothing.
    expect(requiredLiterals('abc', 'i')).toEqual([['abc']]);
    expect(requiredLiterals('ıbc', 'i')).toEqual([]);
    expect(requiredLiterals('ab\\1')).toEqual([]);
  });
});
