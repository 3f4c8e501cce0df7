/**
 * One-pass normalisation of a comment for matching, with an offset map back to the ORIGINAL text.
 *
 * What it undoes: Turkish case (İ/I), zero-width characters and combining marks, Cyrillic/Greek
 * look-alikes, letters repeated three or more times ("salaaaak"), leetspeak inside words ("s4l4k"),
 * and letters spread out with separators ("s.a.l.a.k", "s a l a k"). What it deliberately keeps:
 * double letters ("hakkı", "saat", "Allah") and the difference between ı and i.
 * Bidirectional overrides are applied first (the text is read in display order, see bidi.ts) and
 * the formatting characters dropped, so `\u202Enıskalas\u202C` reads "salaksın".
 */
import { displayOrder } from './bidi.js';
import { LEET, isInvisible, isLetter, isLetterCode, isWordCode, lowerTrCode, foldAscii } from './chars.js';

/** A word of the normalised text; `start`/`end` are offsets into the ORIGINAL text. */
export interface Token {
  /** Normalised spelling (Turkish lower case, leet undone). */
  text: string;
  /** ASCII-folded spelling, used only as a lookup key. */
  fold: string;
  start: number;
  end: number;
}

export interface NormalizedText {
  original: string;
  /** Character-level normalised text (lower case, invisibles removed, long repeats collapsed). */
  text: string;
  /**
   * `map[i]` is the original offset of `text[i]`; `map[text.length]` is `original.length`.
   * Read-only: results of texts that kept every offset share one identity table.
   */
  map: Int32Array;
  /** True when bidi overrides reordered the text: `map` is then not increasing. */
  reordered: boolean;
  tokens: Token[];
}

/** Upper bound on characters examined per comment; longer input is truncated (defence in depth). */
export const MAX_INPUT_CHARS = 5000;

const SEPARATORS = new Set([' ', '.', '-', '_', '*', '·', ',', '/', '+', '~', '•', '\t']);
/** Symbols that may stand for letters inside a word: @ $ ! € | (compared as code units, no strings). */
function isLeetSymbol(code: number): boolean {
  return code === 64 || code === 36 || code === 33 || code === 0x20ac || code === 124;
}

/**
 * Scratch space for the normalised code units and their offsets: they only live until the text
 * string and the map are built, so one buffer serves every call (normalisation is synchronous)
 * instead of an allocation per comment.
 */
const CODES = new Uint16Array(MAX_INPUT_CHARS);
const MAP = new Int32Array(MAX_INPUT_CHARS + 1);
/**
 * `IDENTITY[i] = i`: the map of a text that normalisation only re-cased (nothing dropped or
 * reordered), which most comments are. Shared by those results as views: never written to.
 */
/** Turns the scratch code units into a string in one native call; a leading U+FEFF is kept, not eaten as a BOM. */
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const IDENTITY = Int32Array.from({ length: MAX_INPUT_CHARS + 1 }, (_, i) => i);

/** Normalise `original` once; every matcher of a rule set reads the result. */
export function normalize(original: string): NormalizedText {
  const limit = Math.min(original.length, MAX_INPUT_CHARS);
  const codes = CODES;
  const scratch = MAP;
  const order = displayOrder(original, limit);
  const count = order ? order.length : limit;
  let n = 0;
  let prev = -1;
  let run = 0;
  let recased = false;
  let surrogates = false;
  for (let k = 0; k < count; k++) {
    const i = order ? order[k]! : k;
    const raw = original.charCodeAt(i);
    if (raw >= 0x80 && isInvisible(raw)) continue;
    const c = lowerTrCode(raw);
    if (c === prev) run++;
    else {
      prev = c;
      run = 1;
    }
    // Keep at most two of a repeated letter ("hakkı"); a run of three or more becomes one.
    if (run >= 3 && isLetterCode(c)) {
      if (run === 3) n--;
      continue;
    }
    if (c !== raw) recased = true;
    if (c >= 0xd800 && c <= 0xdfff) surrogates = true;
    codes[n] = c;
    scratch[n++] = i;
  }
  scratch[n] = limit;
  // Nothing dropped and nothing reordered: every character kept its offset.
  const identity = order === null && n === limit;
  let text: string;
  if (identity && !recased) text = limit === original.length ? original : original.slice(0, limit);
  else if (!surrogates) text = UTF16.decode(codes.subarray(0, n));
  else {
    // The decoder would replace a lone surrogate: build the string code unit by code unit instead.
    text = '';
    for (let i = 0; i < n; i += 4096) text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  }
  const map = identity ? IDENTITY.subarray(0, n + 1) : scratch.slice(0, n + 1);
  const reordered = order !== null;
  return { original, text, map, reordered, tokens: tokenize(text, codes, n, map, reordered) };
}

/** Word character, or a leet symbol between two word characters ("s@lak", not "@USER" or "salak!"). */
function isTokenCode(codes: Uint16Array, n: number, i: number): boolean {
  const code = codes[i]!;
  if (isWordCode(code)) return true;
  if (code === STAR) return isMaskStar(codes, n, i);
  if (!isLeetSymbol(code)) return false;
  return i > 0 && i + 1 < n && isWordCode(codes[i - 1]!) && isWordCode(codes[i + 1]!);
}

const STAR = 42;
/** Longest run of `*` read as masked letters ("or**pu"); longer runs are decoration. */
export const MAX_MASK_RUN = 4;

/**
 * A `*` inside a word, between two letters, stands for a masked letter ("g*t", "S*riyeli", "or**pu"):
 * it stays in the token and the term matcher reads it as any one letter. Letters spread out with
 * single stars ("s*a*l*a*k") are joined in `tokenize`, as with other separators.
 */
function isMaskStar(codes: Uint16Array, n: number, i: number): boolean {
  let a = i;
  while (a > 0 && codes[a - 1] === STAR) a--;
  let b = i;
  while (b + 1 < n && codes[b + 1] === STAR) b++;
  return a > 0 && b + 1 < n && b - a + 1 <= MAX_MASK_RUN && isLetterCode(codes[a - 1]!) && isLetterCode(codes[b + 1]!);
}

/** "s*a*l*a*k": single letters joined by single stars (spread letters, not masking). */
const SPREAD_STARS = /^\p{L}(?:\*\p{L}){2,}$/u;

function undoLeet(raw: string): string {
  let hasLetter = false;
  let hasOther = false;
  // Tokens never contain surrogates (they are not token characters), so code units are characters.
  for (let i = 0; i < raw.length; i++) {
    if (isLetterCode(raw.charCodeAt(i))) hasLetter = true;
    else hasOther = true;
  }
  // Numbers inside hashtags and dates ("kpss2018…") are not leetspeak: require isolated digits.
  if (!hasLetter || !hasOther || /[0-9]{2}/.test(raw)) return raw;
  let out = '';
  for (const ch of raw) out += isLetter(ch) ? ch : (LEET[ch] ?? ch);
  return out;
}

/** Scratch space for the raw words of one text: offsets in the normalised text and spellings. */
const WORD_START = new Int32Array(MAX_INPUT_CHARS);
const WORD_END = new Int32Array(MAX_INPUT_CHARS);
const WORD_TEXT: string[] = [];

/** The tokens of the normalised `text` (its code units are `codes[0..n)`). */
function tokenize(text: string, codes: Uint16Array, n: number, map: Int32Array, reordered: boolean): Token[] {
  const starts = WORD_START;
  const ends = WORD_END;
  const words = WORD_TEXT;
  let count = 0;
  let i = 0;
  while (i < n) {
    if (!isTokenCode(codes, n, i)) {
      i++;
      continue;
    }
    const s = i;
    let letters = 0;
    while (i < n && isTokenCode(codes, n, i)) {
      if (isLetterCode(codes[i]!)) letters++;
      i++;
    }
    starts[count] = s;
    ends[count] = i;
    const raw = text.slice(s, i);
    if (letters < i - s && raw.includes('*')) {
      // Spread letters ("s*a*l*a*k") become single-letter words again, joined below like "s.a.l.a.k".
      if (SPREAD_STARS.test(raw)) {
        for (let p = s; p < i; p += 2) {
          starts[count] = p;
          ends[count] = p + 1;
          words[count++] = text[p]!;
        }
        continue;
      }
      // Masked letters stay (see `isMaskStar`); they are not leetspeak.
      letters += countStars(raw);
    }
    // Only a word with letters and something else can hold leetspeak.
    words[count++] = letters > 0 && letters < i - s ? undoLeet(raw) : raw;
  }
  const tokens: Token[] = [];
  for (let k = 0; k < count; k++) {
    const word = words[k]!;
    // Letters spread out with separators: at least three single letters in a row, every gap like the
    // first (see `sameGap`), so "B.I.O L.I.N.K" is two words.
    if (word.length === 1 && isLetter(word)) {
      let j = k;
      while (
        j + 1 < count &&
        words[j + 1]!.length === 1 &&
        isLetter(words[j + 1]!) &&
        gapIsSeparator(text, ends[j]!, starts[j + 1]!) &&
        sameGap(text, ends[k]!, starts[k + 1]!, ends[j]!, starts[j + 1]!)
      )
        j++;
      if (j - k >= 2) {
        let joined = '';
        for (let m = k; m <= j; m++) joined += words[m]!;
        tokens.push(makeToken(joined, starts[k]!, ends[j]!, map, reordered));
        k = j;
        continue;
      }
    }
    tokens.push(makeToken(word, starts[k]!, ends[k]!, map, reordered));
  }
  // Drop the references to this text's words (the scratch list only keeps its capacity).
  words.length = 0;
  return tokens;
}

function countStars(word: string): number {
  let n = 0;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) === STAR) n++;
  return n;
}

/**
 * True when the gaps `text[a0..a1)` and `text[b0..b1)` both hold a space or both hold none: dots, dashes
 * and stars mix freely inside a spread word ("s*a*l.a.k"), a space after dots starts a new word.
 */
function sameGap(text: string, a0: number, a1: number, b0: number, b1: number): boolean {
  return hasSpace(text, a0, a1) === hasSpace(text, b0, b1);
}

function hasSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 32) return true;
  return false;
}

function gapIsSeparator(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 2) return false;
  for (let i = from; i < to; i++) if (!SEPARATORS.has(text[i] as string)) return false;
  return true;
}

function makeToken(word: string, s: number, e: number, map: Int32Array, reordered: boolean): Token {
  if (reordered) {
    const span = coveringSpan(map, s, e);
    return { text: word, fold: foldAscii(word), start: span.start, end: span.end };
  }
  return { text: word, fold: foldAscii(word), start: map[s]!, end: map[e - 1]! + 1 };
}

/** The smallest original span holding every character of `map[from..to)` (reordered text). */
function coveringSpan(map: Int32Array, from: number, to: number): { start: number; end: number } {
  let lo = map[from]!;
  let hi = lo;
  for (let i = from + 1; i < to; i++) {
    const v = map[i]!;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  return { start: lo, end: hi + 1 };
}

/** Map a span of the normalised text to the original text. */
export function toOriginalSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (norm.reordered && end > start && end <= norm.text.length) return coveringSpan(norm.map, start, end);
  const s = norm.map[start] ?? norm.original.length;
  const e = end > start ? (norm.map[end - 1] ?? norm.original.length - 1) + 1 : s;
  return { start: s, end: e };
}

/** Three or more single letters in a row with one or two separators between them ("w.h.a.t", "s a l a k"). */
const SPREAD_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·,/+~•]{1,2}\p{L}){2,}(?![\p{L}\p{N}])/u;

/**
 * The text with every word that normalisation joined from spread letters written joined, in its
 * normalised spelling ("W.H.A.T.S.A.P.P ödev" → "whatsapp ödev"); everything else as it was. For
 * readers that see raw characters (the classifiers), so they read the word the rules read. Returns
 * `original` itself when nothing was spread out or bidi overrides reordered the text.
 */
export function joinSpreadLetters(original: string, normalized: () => NormalizedText): string {
  if (!SPREAD_LETTERS.test(original)) return original;
  const n = normalized();
  if (n.reordered || n.original !== original) return original;
  let out = '';
  let last = 0;
  for (const t of n.tokens) {
    if (t.end - t.start <= t.text.length) continue;
    let spread = false;
    for (let i = t.start; i < t.end && !spread; i++) spread = SEPARATORS.has(original[i] as string);
    if (!spread) continue;
    out += original.slice(last, t.start) + t.text;
    last = t.end;
  }
  return last === 0 ? original : out + original.slice(last);
}
