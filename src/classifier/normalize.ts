/**
 * Turkish-aware text normalisation and tokenisation for the offensive-language classifier.
 *
 * The hot path (`normalizeInto`) works on UTF-16 code units through two lookup tables built lazily
 * on first use, so scoring a comment allocates no per-token strings:
 * - lower-casing follows `toLocaleLowerCase('tr')` (I → ı, İ → i), restricted to one-to-one mappings;
 * - a token is a maximal run of `[\p{L}\p{N}]` (BMP only; astral symbols such as emoji separate tokens);
 * - text with combining marks is first composed (NFC), so decomposed "ş" still reads as "ş"; marks
 *   left over and invisible format characters (zero-width space, soft hyphen) are dropped without
 *   breaking the token, so "s\u200Balak" reads as "salak";
 * - runs of more than two identical characters collapse to two ("çoooook" → "çook");
 * - the corpus placeholders `@USER` / `URL`, other @mentions and http(s) links are removed first.
 */

/** Placeholders and links that carry no signal about the comment's own language. */
const PLACEHOLDER_RE = /@USER\b|\bURL\b|https?:\/\/\S+|www\.\S+|@[\p{L}\p{N}_.]+/gu;

/** Longest run of one repeated character kept after collapsing. */
export const MAX_REPEAT = 2;

/** Character classes in the lookup table: 0 separates tokens. */
const WORD = 1;
const IGNORE = 2;

let lowerTable: Uint16Array | undefined;
let wordCharTable: Uint8Array | undefined;

function buildTables(): void {
  const lower = new Uint16Array(65536);
  const word = new Uint8Array(65536);
  const wordRe = /^[\p{L}\p{N}]$/u;
  const ignoreRe = /^[\p{M}\p{Cf}]$/u;
  for (let c = 0; c < 65536; c++) {
    lower[c] = c;
    // Lone surrogates are never word characters and never change case.
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    const l = s.toLocaleLowerCase('tr');
    if (l.length === 1) lower[c] = l.charCodeAt(0);
    if (wordRe.test(s)) word[c] = WORD;
    else if (ignoreRe.test(s)) word[c] = IGNORE;
  }
  lowerTable = lower;
  wordCharTable = word;
}

function tables(): { lower: Uint16Array; word: Uint8Array } {
  if (lowerTable === undefined || wordCharTable === undefined) buildTables();
  return { lower: lowerTable!, word: wordCharTable! };
}

/** Removes `@USER`, `URL`, other mentions and links (replaced by a space). */
export function stripPlaceholders(text: string): string {
  // Cheap pre-check: most comments contain neither '@', 'URL' nor a link.
  if (text.indexOf('@') < 0 && text.indexOf('URL') < 0 && text.indexOf('http') < 0 && text.indexOf('www.') < 0) {
    return text;
  }
  return text.replace(PLACEHOLDER_RE, ' ');
}

/**
 * Reusable scratch space for `normalizeInto`: the normalised characters of all tokens back to back,
 * and each token's [start, end) in `chars`.
 */
export class TokenBuffer {
  chars: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;

  constructor(capacity = 1024) {
    this.chars = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Grows the arrays so that `n` characters (and up to `n` tokens) fit. */
  ensure(n: number): void {
    if (n <= this.chars.length) return;
    let size = this.chars.length;
    while (size < n) size *= 2;
    this.chars = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }
}

/**
 * Normalises `text` into `buf` (overwriting it): placeholders stripped, Turkish lower-case,
 * tokens of letters and digits, long repeats collapsed. Returns the number of tokens.
 */
export function normalizeInto(text: string, buf: TokenBuffer): number {
  const { lower, word } = tables();
  let src = stripPlaceholders(text);
  let n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) {
      src = src.normalize('NFC');
      n = src.length;
      break;
    }
  }
  buf.ensure(n + 1);
  const chars = buf.chars;
  const starts = buf.starts;
  const ends = buf.ends;
  let len = 0;
  let count = 0;
  let inToken = false;
  let prev = -1;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const c = lower[src.charCodeAt(i)]!;
    const cls = word[c]!;
    if (cls === IGNORE) continue;
    if (cls === WORD) {
      if (!inToken) {
        inToken = true;
        starts[count] = len;
        prev = -1;
        run = 0;
      }
      if (c === prev) {
        run++;
        if (run > MAX_REPEAT) continue;
      } else {
        prev = c;
        run = 1;
      }
      chars[len++] = c;
    } else if (inToken) {
      ends[count++] = len;
      inToken = false;
    }
  }
  if (inToken) ends[count++] = len;
  buf.count = count;
  return count;
}

/** Allocating convenience form of `normalizeInto`: the normalised tokens as strings. */
export function tokenize(text: string): string[] {
  const buf = new TokenBuffer(Math.max(16, text.length + 1));
  const count = normalizeInto(text, buf);
  const out: string[] = [];
  for (let t = 0; t < count; t++) {
    out.push(String.fromCharCode(...buf.chars.subarray(buf.starts[t]!, buf.ends[t]!)));
  }
  return out;
}
