import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileLinearOrThrow } from '../../src/text/regex.js';
import { lookbehindFinder, lookbehindGate } from '../../src/text/regex-gate.js';

/** The pattern as re2js runs it without the gate (NFA with lookbehinds). */
function plain(source: string): RE2JS | null {
  try {
    return RE2JS.compile(source, RE2JS.LOOKBEHINDS);
  } catch {
    return null;
  }
}

const ALPHABET = ['a', 'b', 'ı', 'ü', '1', '2', ' ', '.', '-'];

/** Small RE2-syntax patterns with lookbehinds anywhere: at the start, in branches, in repeated groups. */
const patterns = fc.letrec((tie) => ({
  atom: fc.oneof(
    fc.constantFrom('a', 'b', 'ı', '1', ' ', '\\.', '.', '[ab]', '[^a]', '\\d', '\\p{L}', '[\\p{L}\\p{N}]', '\\s', '\\A', '\\z', '\\b'),
    tie('group') as fc.Arbitrary<string>,
  ),
  lookbehind: fc
    .tuple(
      fc.constantFrom('(?<=', '(?<!'),
      fc.oneof(fc.constantFrom('a', '[ab]', '\\p{L}', '[\\p{L}\\p{N}]', '\\d', '\\.', 'ı', '\\p{L}{2}', 'ab', 'a?'), tie('seq') as fc.Arbitrary<string>),
    )
    .map(([open, body]) => `${open}${body})`),
  piece: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(tie('atom') as fc.Arbitrary<string>, fc.constantFrom('', '', '?', '*', '+', '{2}', '{1,3}')).map(([a, q]) => a + q) },
    { weight: 2, arbitrary: tie('lookbehind') as fc.Arbitrary<string> },
  ),
  seq: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  group: fc
    .tuple(fc.constantFrom('(?:', '('), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }))
    .map(([open, branches]) => `${open}${branches.join('|')})`),
  pattern: fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((b) => b.join('|')),
})).pattern;

const texts = fc.array(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 14 }), { minLength: 1, maxLength: 12 });

describe('lookbehind gate (DFA pre-check of patterns with lookbehinds)', () => {
  it('never misses a match of the pattern, and an exact gate matches exactly the same texts', () => {
    let exactSeen = 0;
    let inexactSeen = 0;
    fc.assert(
      fc.property(patterns, texts, (source, sample) => {
        const original = plain(source);
        fc.pre(original !== null);
        const gate = lookbehindGate(source, false);
        if (!gate) return;
        const gated = RE2JS.compile(gate.source);
        if (gate.exact) exactSeen++;
        else inexactSeen++;
        for (const t of sample) {
          const matches = original!.test(t);
          if (matches) expect(gated.test(t), `${source} → ${gate.source} on ${JSON.stringify(t)}`).toBe(true);
          if (gate.exact) expect(gated.test(t), `${source} → ${gate.source} on ${JSON.stringify(t)}`).toBe(matches);
        }
      }),
      { seed: 8, numRuns: 700 },
    );
    // The generator reaches both kinds of gate.
    expect(exactSeen).toBeGreaterThan(50);
    expect(inexactSeen).toBeGreaterThan(50);
  });

  it('gives compiled patterns the same matches as the plain NFA', () => {
    fc.assert(
      fc.property(patterns, texts, (source, sample) => {
        const original = plain(source);
        fc.pre(original !== null && !source.includes('\\z'));
        // compileLinear reads the JavaScript dialect; these generated patterns are valid in both.
        let compiled;
        try {
          compiled = compileLinearOrThrow(source);
        } catch {
          return;
        }
        for (const t of sample) expect(compiled.test(t), `${source} on ${JSON.stringify(t)}`).toBe(original!.test(t));
      }),
      { seed: 9, numRuns: 400 },
    );
  });

  it('rewrites leading lookbehinds and drops the others', () => {
    expect(lookbehindGate('(?<![\\p{L}\\p{N}])m[ıi](?:sın)?', false)).toEqual({ source: '(?:\\A|[^\\p{L}\\p{N}])m[ıi](?:sın)?', exact: true });
    expect(lookbehindGate('(?<=\\p{L}{2})ab|(?<!\\d)c', false)).toEqual({ source: '(?:\\p{L}{2})ab|(?:\\A|\\D)c', exact: true });
    // In the middle, in a repeated group, longer than one character, or with `i`: dropped.
    expect(lookbehindGate('x(?<!a)b', false)).toEqual({ source: 'xb', exact: false });
    expect(lookbehindGate('(?:(?<!a)b)+', false)).toEqual({ source: '(?:b)+', exact: false });
    // Made consuming, the second repetition would need a character of its own before its "b".
    expect(compileLinearOrThrow('(?:(?<!a)b){2}').findAll('xbb')).toEqual([{ start: 1, end: 3 }]);
    expect(lookbehindGate('(?<!ab)c', false)).toEqual({ source: 'c', exact: false });
    expect(lookbehindGate('(?<!a)b', true)?.exact).toBe(false);
    // Syntax the reader does not follow: no gate at all.
    expect(lookbehindGate('(?<!a)\\Qb\\E', false)).toBeNull();
    expect(lookbehindGate('(?<![[:alpha:]])b', false)).toBeNull();
    expect(lookbehindGate('(?<![[:^digit:]])b', false)).toBeNull();
    // A class that only starts with a colon is ordinary (the name-and-number pattern of the rules ends in `[:=]`).
    expect(lookbehindGate('(?<![\\p{L}])a[:=]?\\s*[0-9]', false)).toEqual({ source: '(?:\\A|[^\\p{L}])a[:=]?\\s*[0-9]', exact: true });
    expect(lookbehindFinder('(?<![\\p{L}])a[:=]?[0-9]', '', false)).not.toBeNull();
  });
});

function spansOfJs(source: string, text: string): Array<{ start: number; end: number }> {
  const out = [];
  for (const m of text.matchAll(new RegExp(source, 'gu'))) if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

describe('lookbehind finder (spans of a leading lookbehind pattern without the lookbehind machinery)', () => {
  // JavaScript-dialect patterns on which JavaScript and RE2 agree: the JavaScript spans are the reference.
  const lookbehind = fc.constantFrom(
    '(?<=\\p{L}{2})',
    '(?<=a)',
    '(?<=[ab] )',
    '(?<=\\d)',
    '(?<![\\p{L}\\p{N}])',
    '(?<!a)',
    '(?<!\\d)',
    '(?<![ı ])',
    '(?<!\\.)',
  );
  const atom = fc.constantFrom('a', 'b', 'ı', '1', ' ', '\\.', '[ab]', '[^a]', '\\d', '\\p{L}', '[\\p{L}\\p{N}]', '(?:a|b1)', '(?:ı|)', '(ab|b)');
  const rest = fc
    .array(fc.tuple(atom, fc.constantFrom('', '', '?', '*', '+', '{2}', '{1,3}')), { minLength: 1, maxLength: 4 })
    .map((a) => a.map(([x, q]) => x + q).join(''));
  const lookahead = fc.constantFrom('', '', '(?![\\p{L}])', '(?!\\d)', '(?=a)');
  const pattern = fc.tuple(lookbehind, rest, lookahead).map(([l, r, t]) => l + r + t);
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'ı', '1', '2', ' ', '.', '😀'), maxLength: 24 });

  it('finds exactly the matches of the pattern', () => {
    let used = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 8 }), (source, samples) => {
        const p = compileLinearOrThrow(source);
        if (lookbehindFinder(source.replace(/\(\?[!=][^)]*\)$/, ''), '', false)) used++;
        for (const t of samples) expect(p.findAll(t), `${source} on ${JSON.stringify(t)}`).toEqual(spansOfJs(source, t));
      }),
      { seed: 10, numRuns: 600 },
    );
    expect(used).toBeGreaterThan(300);
  });

  it('is only built for one leading lookbehind of fixed width followed by a plain rest', () => {
    expect(lookbehindFinder('(?<=\\p{L}{2})[ae]b', '', false)).toEqual({ first: '(?:\\p{L}{2})([ae]b)', later: '(?:\\p{L}{2})([ae]b)', width: 2 });
    expect(lookbehindFinder('(?<![\\p{L}])m', '(?:[^\\p{L}]|\\z)', false)).toEqual({
      first: '(?:\\A|[^\\p{L}])(m)(?:[^\\p{L}]|\\z)',
      later: '(?:[^\\p{L}])(m)(?:[^\\p{L}]|\\z)',
      width: 1,
    });
    for (const head of ['(?<!a)b|c', '(?<=a+)b', '(?<=a|bc)d', '(?<!ab)c', 'x(?<!a)b', '(?<!a)b(?<!c)d', '(?<=a)'])
      expect(lookbehindFinder(head, '', false), head).toBeNull();
    expect(lookbehindFinder('(?<!a)b', '', true)).toBeNull();
    // Adjacent matches: the second one's looked-at character is the first one's last.
    expect(compileLinearOrThrow('(?<![a-z])[a-z]').findAll('ab c')).toEqual([
      { start: 0, end: 1 },
      { start: 3, end: 4 },
    ]);
    expect(compileLinearOrThrow('(?<=\\p{L}{2})\\p{L}').findAll('abcde')).toEqual([
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 4, end: 5 },
    ]);
  });
});
