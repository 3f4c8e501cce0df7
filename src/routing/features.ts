/**
 * Turkish text → classifier features for routing. Kept local and small on purpose: routing needs
 * case folding and Unicode tokens, not the moderation normaliser's leet/obfuscation undoing
 * (which would turn "2024" or "B4" into letters).
 */
import { foldAscii, stripSuffixes } from '../text/index.js';

/** Unicode word tokens (JS `\w` is ASCII-only, so Turkish letters need `\p{L}`). */
const TOKEN_RE = /[\p{L}\p{N}]+/gu;

/** Function words that carry no routing signal. Stored ASCII-folded. */
const STOPWORDS = new Set(
  (
    've veya ile ama fakat ancak ki de da mi mu mı mü bu su o bir iki cok daha en icin gibi kadar ne neden nasil ' +
    'hala hic her hep sadece artik zaten acaba lutfen merhaba selam iyi gunler tesekkurler tesekkur ederim rica ' +
    'ben sen biz siz onlar bana bize size beni bizi sizi benim bizim sizin olan oldu olur olarak var yok mudur ' +
    'midir diye ya yine sey seyi gercekten hocam arkadaslar'
  ).split(' '),
);

/** Turkish lower case + Unicode tokens + ASCII folding ("Yemekhane'de" → ["yemekhane", "de"]). */
export function tokens(text: string): string[] {
  const lower = text.toLocaleLowerCase('tr');
  return Array.from(lower.matchAll(TOKEN_RE), (m) => foldAscii(m[0]));
}

/** Final consonants Turkish softens before a vowel-initial suffix (ASCII-folded: ğ is g, ç stays c). */
const SOFTENED: Record<string, string> = { b: 'p', d: 't', g: 'k' };
const HARDENED: Record<string, string> = { p: 'b', t: 'd', k: 'g' };

/**
 * A suffix-stripped stem with its final consonant hardened, so "yurdunda" and "yurtta" share "yurt",
 * "kitabı" and "kitaplar" share "kitap", "kulübü" and "kulüp" share "kulup".
 */
export function routingStem(tok: string): string {
  const stem = stripSuffixes(tok);
  const last = stem.at(-1) ?? '';
  return stem.length > 3 && last in SOFTENED ? stem.slice(0, -1) + SOFTENED[last] : stem;
}

/**
 * Greetings, politeness, fillers and the words of a bare question: no unit's business, whatever the
 * models learned from the sentences they happened to appear in. Left out of unit evidence only (the
 * models still see them). Stored ASCII-folded.
 */
const NO_UNIT_WORDS = new Set(
  (
    'tamam ok okey peki evet hayir hmm gunaydin aksamlar aksam kolay gelsin saglik saglikla sagolun sagol ' +
    'super harika guzel rica ediyorum ederim eder misiniz misin miyim miyiz musunuz alabilir olabilir mumkun ' +
    'soru sorum sorusu sorunum bilgi yardim yardimci acil zaman slm mrb selamlar herkese'
  ).split(' '),
);

/**
 * The words of a text that can say something about a unit: Turkish lower case, not folded (the learned
 * model normalises them itself), without stopwords, one-letter words and bare numbers.
 */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLocaleLowerCase('tr').matchAll(TOKEN_RE)) {
    const w = m[0];
    const folded = foldAscii(w);
    if (w.length < 2 || /^\d+$/.test(w) || STOPWORDS.has(folded) || NO_UNIT_WORDS.has(folded)) continue;
    out.push(w);
  }
  return out;
}

/** A weighted bag of features. */
export type FeatureBag = Map<string, number>;

const WEIGHT = { word: 1, stem: 1, gram: 0.25 } as const;
/** Turkish suffix-stripped stems as features (src/text/stem.ts). */
const STEMMING = true;

/**
 * Features of one text: words, crude stems (a 5-letter prefix survives most Turkish suffixes:
 * "yemekhanede" → "yemek"), and character 3–5-grams inside word boundaries, which tolerate typos
 * and missing Turkish letters. Each feature counts once per text (binary bag).
 */
export function features(text: string): FeatureBag {
  const bag: FeatureBag = new Map();
  for (const tok of tokens(text)) {
    if (STOPWORDS.has(tok) || tok.length < 2) continue;
    if (/^\d+$/.test(tok)) continue;
    bag.set(`w:${tok}`, WEIGHT.word);
    if (tok.length > 5) bag.set(`s:${tok.slice(0, 5)}`, WEIGHT.stem);
    if (STEMMING) bag.set(`t:${routingStem(tok)}`, WEIGHT.stem);
    const padded = ` ${tok} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) bag.set(`g:${padded.slice(i, i + n)}`, WEIGHT.gram);
    }
  }
  return bag;
}

/** A keyword compiled for matching against a token sequence. */
export interface CompiledKeyword {
  text: string;
  parts: string[];
  /** Each part with its final p/t/k softened ("yurt" → "yurd"), for "yurdu", "kitabı"; null when it has none. */
  soft: Array<string | null>;
}

export function compileKeyword(keyword: string): CompiledKeyword {
  const parts = tokens(keyword);
  const soft = parts.map((p) => {
    const last = p.at(-1) ?? '';
    return p.length > 3 && last in HARDENED ? p.slice(0, -1) + HARDENED[last] : null;
  });
  return { text: keyword, parts, soft };
}

/**
 * Does the token sequence contain the keyword? Parts of three letters or fewer ("obs", "kyk") must
 * match a whole token; longer ones match as a prefix, so Turkish suffixes are allowed
 * ("yemekhanede" matches "yemekhane"), also after a softened final consonant ("yurdu" matches "yurt").
 */
export function keywordHit(toks: readonly string[], kw: CompiledKeyword): boolean {
  const { parts } = kw;
  if (parts.length === 0) return false;
  outer: for (let i = 0; i + parts.length <= toks.length; i++) {
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j] as string;
      const t = toks[i + j] as string;
      if (p.length <= 3 ? t !== p : !t.startsWith(p) && !(kw.soft[j] && t.startsWith(kw.soft[j] as string))) continue outer;
    }
    return true;
  }
  return false;
}
