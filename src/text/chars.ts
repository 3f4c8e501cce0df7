/**
 * Character-level tables for Turkish text: case folding, look-alike letters, leetspeak and the
 * one-way "missing Turkish letters" folding. Pure data plus small lookups; nothing is built lazily
 * beyond a per-character cache.
 */

/** Zero-width and invisible formatting characters people insert to dodge word filters. */
const INVISIBLE = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff,
]);

/** True for characters that carry no visible content (removed before matching). */
export function isInvisible(code: number): boolean {
  return INVISIBLE.has(code) || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0x0300 && code <= 0x036f);
}

/** Cyrillic and Greek letters that look like Latin ones (lower case after folding). */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ү: 'y',
  з: '3',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ς: 's',
  σ: 'o',
};

/** Leetspeak digits and symbols, applied only inside words that also contain letters. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '€': 'e',
  '|': 'l',
};

const lowerCache = new Map<number, string>();

/**
 * Turkish lower case of one UTF-16 unit, always one unit long (I→ı, İ→i, Cyrillic/Greek
 * look-alikes → Latin, full-width Latin → ASCII). Characters whose lower case would change
 * length are returned unchanged so offsets stay aligned.
 */
export function lowerTrChar(code: number): string {
  if (code < 0x80) {
    if (code >= 65 && code <= 90) return code === 73 ? 'ı' : String.fromCharCode(code + 32);
    return String.fromCharCode(code);
  }
  const cached = lowerCache.get(code);
  if (cached !== undefined) return cached;
  let out: string;
  if (code >= 0xff21 && code <= 0xff3a) out = String.fromCharCode(code - 0xff21 + 97);
  else if (code >= 0xff41 && code <= 0xff5a) out = String.fromCharCode(code - 0xff41 + 97);
  else {
    const ch = String.fromCharCode(code);
    const lower = ch.toLocaleLowerCase('tr');
    out = lower.length === 1 ? lower : ch;
    out = CONFUSABLES[out] ?? out;
  }
  lowerCache.set(code, out);
  return out;
}

const LOWER = new Uint16Array(65536);

/** `lowerTrChar` as a code unit, from a table filled on first use of each code unit. */
export function lowerTrCode(code: number): number {
  let c = LOWER[code]!;
  if (c === 0) {
    c = lowerTrChar(code).charCodeAt(0);
    LOWER[code] = c;
  }
  return c;
}

/** Turkish lower case of a whole string with the same length as the input (offsets preserved). */
export function lowerTr(text: string): string {
  // Code units through the table, turned into a string in chunks (no per-character concatenation).
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = lowerTrCode(text.charCodeAt(i));
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode.apply(null, codes.subarray(i, i + 4096) as unknown as number[]);
  return out;
}

/** Turkish letters and the ASCII letter people type when the Turkish key is missing. */
const TR_TO_ASCII: Record<string, string> = { ı: 'i', ş: 's', ç: 'c', ğ: 'g', ö: 'o', ü: 'u', â: 'a', î: 'i', û: 'u' };

/** `TR_TO_ASCII` by code unit (0 = unchanged); every key is a single BMP code unit. */
const FOLD = new Uint16Array(65536);
for (const [k, v] of Object.entries(TR_TO_ASCII)) FOLD[k.charCodeAt(0)] = v.charCodeAt(0);

/** ASCII folding used only as a lookup key (never for deciding a match on its own). */
export function foldAscii(word: string): string {
  // Called for every token: return the word itself unless a letter actually folds, and then
  // build the result from the first folding letter on.
  let i = 0;
  while (i < word.length && FOLD[word.charCodeAt(i)] === 0) i++;
  if (i === word.length) return word;
  let out = word.slice(0, i);
  for (; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const f = FOLD[c]!;
    out += String.fromCharCode(f === 0 ? c : f);
  }
  return out;
}

/**
 * One-way Turkish-letter tolerance: does `text` spell `term` when Turkish letters of the term may
 * have been typed as plain ASCII? A dotless `ı` in the text never matches an `i` of the term, so
 * "sıkıntı" cannot become "sik…" while "sikinti" still spells "sıkıntı".
 */
export function spellsTerm(text: string, term: string, from = 0): boolean {
  if (text.length - from < term.length) return false;
  for (let i = 0; i < term.length; i++) {
    const t = term[i] as string;
    const c = text[from + i] as string;
    if (c === t) continue;
    if (TR_TO_ASCII[t] === c) continue;
    return false;
  }
  return true;
}

// Per-code-unit class cache: 0 unknown, 1 letter, 2 digit/number, 3 other.
const CLASS = new Uint8Array(65536);
const LETTER_RE = /[\p{L}\p{M}]/u;
const NUMBER_RE = /\p{N}/u;

function classOf(code: number): number {
  let c = CLASS[code]!;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    c = LETTER_RE.test(ch) ? 1 : NUMBER_RE.test(ch) ? 2 : 3;
    CLASS[code] = c;
  }
  return c;
}

/** Letter or digit in any script (Unicode-aware word character). */
export function isWordChar(ch: string): boolean {
  return classOf(ch.charCodeAt(0)) !== 3;
}

/** Letter in any script. */
export function isLetter(ch: string): boolean {
  return classOf(ch.charCodeAt(0)) === 1;
}

/** `isWordChar` on a UTF-16 code unit. */
export function isWordCode(code: number): boolean {
  return classOf(code) !== 3;
}

/** `isLetter` on a UTF-16 code unit. */
export function isLetterCode(code: number): boolean {
  return classOf(code) === 1;
}
