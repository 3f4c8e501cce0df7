import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinear, compileLinearOrThrow, prefilterReadable } from '../../src/text/regex.js';

function spansOfJs(source: string, flags: string, text: string): Array<{ start: number; end: number }> {
  const out = [];
  for (const m of text.matchAll(new RegExp(source, `gu${flags}`))) if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

describe('linear-time rule patterns', () => {
  it('refuses backreferences and lookahead that is not a trailing single character, with the index', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['(ab)\\1', 4, /geri başvuru/],
      ['(?<x>a)\\k<x>', 7, /geri başvuru/],
      ['a(?=bc)d', 1, /ileri bakma/],
      ['(a(?!b+))', 2, /ileri bakma/],
      ['a|b(?!(c))', 3, /ileri bakma/],
      ['a(?!bc)', 1, /ileri bakma/],
      ['(?!a)', 0, /ileri bakma/],
      ['a{2000}', 1, /geçersiz düzenli ifade/],
      ['a(', 0, /geçersiz düzenli ifade/],
    ];
    for (const [source, index, message] of cases) {
      const r = compileLinear(source);
      expect(r.ok, source).toBe(false);
      if (!r.ok) {
        expect(r.error.message, source).toMatch(message);
        expect(r.error.index, source).toBe(index);
      }
    }
    expect(() => compileLinearOrThrow('((')).toThrow(/geçersiz düzenli ifade.*1\. karakteri/);
    expect(compileLinear('a', 'g').ok).toBe(false);
  });

  it('finishes the patterns that freeze a backtracking engine', () => {
    for (const source of ['(a|a)*$', '(a|aa)+$', '(a+)+b', '(x+x+)+y', '(?<![0-9])(a|a)*$']) {
      const p = compileLinearOrThrow(source);
      for (const n of [41, 5000]) expect(p.findAll(`${'a'.repeat(n)}!`)).toEqual([]);
    }
    expect(compileLinearOrThrow('(a|aa)+$').findAll('xaaaa')).toEqual([{ start: 1, end: 5 }]);
  });

  it('matches a trailing single-character lookahead exactly as JavaScript does', () => {
    const patterns = ['[0-9]{3}(?![0-9])', '(?<![0-9])[0-9]{3}(?![0-9])', 'ab?(?=b)', '[a-c]+(?!\\d)', 'a+(?![\\p{L}])', 'ç(?!\\u00e7)', 'x(?!-)'];
    const text = fc.string({ unit: fc.constantFrom('1', '2', 'a', 'b', 'c', 'ç', '-', ' ', 'x', '😀'), maxLength: 24 });
    for (const source of patterns) {
      const p = compileLinearOrThrow(source);
      fc.assert(
        fc.property(text, (t) => {
          expect(p.findAll(t)).toEqual(spansOfJs(source, '', t));
          expect(p.test(t)).toBe(spansOfJs(source, '', t).length > 0 || new RegExp(source, 'u').test(t));
        }),
        { seed: 12, numRuns: 150 },
      );
    }
  });

  it('agrees with JavaScript on the shipped patterns, flags and escapes', () => {
    const patterns: Array<[string, string]> = [
      [
        '(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}-]*(?:bet|bahis|casino|slot)[\\p{L}\\p{N}-]*[0-9]+\\.(?:com|net|org|xyz|top|vip|site|online|co|live)(?![\\p{L}\\p{N}])',
        '',
      ],
      ['(?<![\\p{L}\\p{N}])m[ıiuü](?:s[ıiuü]n|y[ıiuü]m|d[ıiuü]r)? ?\\?', ''],
      ['(?<![0-9])(?:20[0-9]{2})[0-9]{5}(?![0-9])', ''],
      ['BET\\d', 'i'],
      ['^b.t$', 'ms'],
      ['\\u0062e\\u{74}', ''],
    ];
    const text = fc.string({
      unit: fc.constantFrom('b', 'e', 't', 'B', '1', '2', '0', '.', 'c', 'o', 'm', 'ı', 'ü', 's', 'n', '?', ' ', '\n', 'x'),
      maxLength: 30,
    });
    for (const [source, flags] of patterns) {
      const p = compileLinearOrThrow(source, flags);
      fc.assert(
        fc.property(text, (t) => {
          expect(p.findAll(t)).toEqual(spansOfJs(source, flags, t));
        }),
        { seed: 7, numRuns: 300 },
      );
    }
    expect(compileLinearOrThrow('(?<![0-9])20[0-9]{7}(?![0-9])').findAll('no 201912345, 2019123456 ve 202012345')).toEqual([
      { start: 3, end: 12 },
      { start: 28, end: 37 },
    ]);
  });

  it('rewrites a single-character lookahead elsewhere into a consuming alternative', () => {
    // `(?![\p{L}])` in the middle or in each branch: the looked-at character joins the match.
    const p = compileLinearOrThrow('(?:mazsan)(?![\\p{L}])[^.!?]{0,10}?(?:rım)(?![\\p{L}])');
    expect(p.findAll('yapmazsan kırım.')).toEqual([{ start: 3, end: 15 }]);
    expect(p.findAll('yapmazsanız kırım')).toEqual([]);
    const alt = compileLinearOrThrow('ab(?![\\p{L}])|cd(?![\\p{L}])');
    expect(alt.findAll('ab cdx cd')).toEqual([
      { start: 0, end: 3 },
      { start: 7, end: 9 },
    ]);
    expect(compileLinearOrThrow('a(?=b)').findAll('ab ac')).toEqual([{ start: 0, end: 1 }]);
  });

  it('reports UTF-16 offsets and steps over empty matches by code point', () => {
    const p = compileLinearOrThrow('b*');
    expect(p.findAll('😀b😀bb')).toEqual([
      { start: 2, end: 3 },
      { start: 5, end: 7 },
    ]);
    expect(compileLinearOrThrow('a').findAll('aaaa', 2)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ]);
  });

  it('checks its required literals itself: every match is found, before and after `test`', () => {
    const p = compileLinearOrThrow('(?<![\\p{L}])(?:yine|hala|\\d+ gündür)(?![\\p{L}])');
    expect(p.nonEmpty).toBe(true);
    expect(compileLinearOrThrow('a*').nonEmpty).toBe(false);
    expect(compileLinearOrThrow('(?:ab|c)?d').nonEmpty).toBe(true);
    const text = 'yine bozuk, 3 gündür yine, hala';
    const spans = [
      { start: 0, end: 4 },
      { start: 12, end: 20 },
      { start: 21, end: 25 },
      { start: 27, end: 31 },
    ];
    expect(p.findAll(text)).toEqual(spans);
    expect(p.test(text)).toBe(true);
    // The same text again (the rule engine asks `test`, then `findAll`), and a different one.
    expect(p.findAll(text)).toEqual(spans);
    expect(p.findAll(`${text} `)).toEqual(spans);
    expect(p.test('yineleme, halat')).toBe(false);
    expect(p.findAll('yineleme, halat')).toEqual([]);
    // A literal inside a word after the last match: the search goes on and finds nothing more.
    expect(p.findAll('hala halatta')).toEqual([{ start: 0, end: 4 }]);
    expect(compileLinearOrThrow('ab|cd').findAll('xab cd ab', 2)).toEqual([
      { start: 1, end: 3 },
      { start: 4, end: 6 },
    ]);
  });

  it('skips the literal pre-filter for RE2-only syntax it cannot read', () => {
    expect(prefilterReadable('bedava\\s+takipçi')).toBe(true);
    for (const s of ['(?i)abc', '\\pLabc', '\\x{41}bc', '(?P<n>a)bc', '\\Qa.b\\E']) expect(prefilterReadable(s), s).toBe(false);
  });
});
