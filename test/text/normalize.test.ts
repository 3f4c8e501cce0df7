import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerTrCode } from '../../src/text/chars.js';
import { normalize, TermMatcher, parseTerm, lowerTr, toOriginalSpan } from '../../src/text/index.js';
import { joinSpreadLetters } from '../../src/text/normalize.js';

const matcher = new TermMatcher(
  ['salak*', 'sik*', 'amk', 'amına koy*', '*yarrak*'].map((t) => parseTerm(t)),
  ['sikke*', 'siklet*', 'sıkıntı*', 'sıkı'],
);
const hits = (text: string): string[] => matcher.match(normalize(text).tokens).map((h) => text.slice(h.start, h.end));

describe('Turkish case folding', () => {
  it('maps İ→i and I→ı', () => {
    expect(lowerTr('İSTANBUL IRMAK')).toBe('istanbul ırmak');
    expect(lowerTr('İ').length).toBe(1);
  });
});

describe('obfuscation is undone and spans point into the original', () => {
  const cases: Array<[string, string]> = [
    ['sen tam bir SALAK sın', 'SALAK'],
    ['s.a.l.a.k herif', 's.a.l.a.k'],
    ['s a l a k herif', 's a l a k'],
    ['s-a-l-a-k', 's-a-l-a-k'],
    ['saaaalaaaak', 'saaaalaaaak'],
    ['s4l4k', 's4l4k'],
    ['sa\u200blak adam', 'sa\u200blak'],
    ['\u0455\u0430l\u0430k', '\u0455\u0430l\u0430k'],
    ['ne diyon amk', 'amk'],
    ['AMINA KOYAYIM', 'AMINA KOYAYIM'],
    ['salaklarla uğraşamam', 'salaklarla'],
    // Spread words one after another: a space after dotted letters starts the next word.
    ['S.A.L.A.K H.E.R.İ.F', 'S.A.L.A.K'],
    ['bu d.e.r.s s.a.l.a.k işi', 's.a.l.a.k'],
  ];
  for (const [text, span] of cases) {
    it(JSON.stringify(text), () => {
      expect(hits(text)).toEqual([span]);
    });
  }
});

describe('traps are not profanity', () => {
  for (const text of [
    'sıkıntı var',
    'sikinti var',
    'sıkı çalış',
    'sık sık geliyor',
    'sikke koleksiyonu',
    'hafif siklet',
    'Amasya',
    'Koç',
    'götürmek',
    'amin',
    'ambulans',
    'amcam',
    'Malatya',
    'normal',
    'malzeme',
    'mal varlığı',
    'ama',
    'Allah',
    'saat',
    'hakkı',
  ]) {
    it(text, () => expect(hits(text)).toEqual([]));
  }
});

describe('normalisation keeps what matters', () => {
  it('keeps double letters and ı/i', () => {
    expect(normalize('Allah hakkı saat').tokens.map((t) => t.text)).toEqual(['allah', 'hakkı', 'saat']);
    expect(normalize('SIKINTI').tokens[0]!.text).toBe('sıkıntı');
  });
  it('maps normalised offsets back to the original', () => {
    const n = normalize('A\u200bB  çoooook');
    const i = n.text.indexOf('çok');
    expect(toOriginalSpan(n, i, i + 3)).toEqual({ start: 5, end: 12 });
  });
  it('does not read digits in hashtags as leetspeak', () => {
    expect(normalize('#kpss2018netler').tokens.map((t) => t.text)).toEqual(['kpss2018netler']);
  });
});

describe('normalised text and offset map', () => {
  const unit = fc.constantFrom(
    'a',
    'A',
    'I',
    'İ',
    'ı',
    'ş',
    'x',
    'xxx',
    '4',
    '@',
    ' ',
    '.',
    '\u200b',
    '\u0301',
    '\u202e',
    '\u202c',
    '😀',
    '\ud800',
    '\udc00',
    '\ufeff',
    'Ａ',
  );
  const texts = fc.array(unit, { maxLength: 30 }).map((a) => a.join(''));

  it('keeps every character at its original offset, lower-cased (also lone surrogates and a leading U+FEFF)', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const n = normalize(t);
        expect(n.map.length).toBe(n.text.length + 1);
        expect(n.map[n.text.length]).toBe(t.length);
        for (let i = 0; i < n.text.length; i++) expect(n.text.charCodeAt(i)).toBe(lowerTrCode(t.charCodeAt(n.map[i]!)));
        for (const tok of n.tokens) expect(tok.start).toBeLessThan(tok.end);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('gives each result its own offsets: a later comment never changes an earlier map', () => {
    fc.assert(
      fc.property(texts, texts, (a, b) => {
        const first = normalize(a);
        const before = Array.from(first.map);
        normalize(b);
        expect(Array.from(first.map)).toEqual(before);
      }),
      { seed: 6, numRuns: 500 },
    );
    expect(Array.from(normalize('Abc').map)).toEqual([0, 1, 2, 3]);
    expect(normalize('\ud800A').text).toBe('\ud800a');
  });
});

describe('term matcher', () => {
  it('finds terms of a list added after it has already matched', () => {
    const m = new TermMatcher([parseTerm('kedi*')]);
    expect(m.match(normalize('kediler geldi').tokens).map((h) => h.term)).toEqual(['kedi']);
    const g = m.addGroup([parseTerm('geldi'), parseTerm('köpek*')]);
    const hits = m.match(normalize('kediler geldi, köpekler de').tokens);
    expect(hits.map((h) => [h.term, h.group])).toEqual([
      ['kedi', 0],
      ['geldi', g],
      ['köpek', g],
    ]);
  });
});

describe('letters masked with "*" inside a word', () => {
  const words = new TermMatcher(['göt*', 'orospu*', 'suriyeli*', 'siktir git', 'salak*'].map((t) => parseTerm(t)));
  const found = (text: string): string[] => words.match(normalize(text).tokens).map((h) => `${h.term}:${text.slice(h.start, h.end)}`);

  it('keeps the stars inside the token', () => {
    expect(normalize('S*riyeli g*t or**pu').tokens.map((t) => t.text)).toEqual(['s*riyeli', 'g*t', 'or**pu']);
  });

  it.each([
    ['g*t herif', 'göt:g*t'],
    ['G*TÜNÜ kaldır', 'göt:G*TÜNÜ'],
    ['or**pu çocuğu', 'orospu:or**pu'],
    ['S*riyeliler', 'suriyeli:S*riyeliler'],
    ['s*ktir git', 'siktir git:s*ktir git'],
  ])('"%s" matches a term, each star one letter', (text, hit) => {
    expect(found(text)).toEqual([hit]);
  });

  it('spread letters with stars are still joined', () => {
    expect(found('s*a*l*a*k herif')).toEqual(['salak:s*a*l*a*k']);
    expect(normalize('s*a*l.a.k').tokens.map((t) => t.text)).toEqual(['salak']);
    expect(normalize('B.I.O.D.A.K.I L.I.N.K.E T.I.K.L.A').tokens.map((t) => t.fold)).toEqual(['biodaki', 'linke', 'tikla']);
    expect(normalize('s. a. l. a. k').tokens.map((t) => t.text)).toEqual(['salak']);
  });

  it.each(['a*b testi', 'g*z', '5*3=15', 'saat 10*da', '*önemli* not', 'gö*', 'x*****y', 'k*z'])('"%s" matches nothing', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('stars between digits, at word edges and in long runs still separate words', () => {
    expect(normalize('5*3 *önemli* a*****b').tokens.map((t) => t.text)).toEqual(['5', '3', 'önemli', 'a', 'b']);
  });
});

describe('joinSpreadLetters: the words the rules read, for readers of raw characters', () => {
  const join = (t: string): string => joinSpreadLetters(t, () => normalize(t));
  it.each([
    ['W.H.A.T.S.A.P.P: 0542 ödev', 'whatsapp: 0542 ödev'],
    ['B.I.O.D.A.K.I L.I.N.K.E', 'bıodakı lınke'],
    ['bu s a l a k yorum', 'bu salak yorum'],
  ])('%j → %j', (text, expected) => {
    expect(join(text)).toBe(expected);
  });

  it.each(['Sınav A B salonunda', 's4l4k', 'düz bir cümle', 'a.b testi'])('leaves %j as it is (same string)', (text) => {
    expect(join(text)).toBe(text);
  });
});
