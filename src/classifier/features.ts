/**
 * Hashed sparse features: word-bounded character n-grams plus word unigrams and bigrams, and
 * optionally word stems (a prefix and a suffix-stripped stem) with each n-gram counted once per text.
 *
 * Every n-gram is hashed with FNV-1a over UTF-16 code units (built incrementally, so no substring
 * is ever created), finished with a murmur3 avalanche, and mapped to `index = h & mask` with a sign
 * taken from the top bit (signed feature hashing, so collisions cancel in expectation).
 */
import { TokenBuffer, normalizeInto } from './normalize.js';

/** Feature-extraction settings; stored in the model so scoring always matches training. */
export interface FeatureOptions {
  /** log2 of the number of hash buckets (default 18). */
  bits: number;
  /** Smallest and largest character n-gram length, padding included (default 2..5). */
  charMin: number;
  charMax: number;
  /** Highest word n-gram order: 1 = unigrams, 2 = unigrams + bigrams (default 2). */
  wordMaxN: number;
  /** Block weights: each block is scaled by weight / sqrt(number of features in the block). */
  charWeight: number;
  wordWeight: number;
  /**
   * Adds the first `stemLength` letters of each word at least that long to the word block
   * ("salaklar", "salaksın" → "sala"); 0 or absent (older model files): none.
   */
  stemLength?: number;
  /** Adds each word's suffix-stripped stem (`stripSuffixes`: "salaklar" → "salak") to the word block. */
  suffixStems?: boolean;
  /** `binary`: each distinct n-gram counts once per text (within its block); `count` (default, absent in older files): repeats count. */
  tf?: 'count' | 'binary';
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bits: 18,
  charMin: 2,
  charMax: 5,
  wordMaxN: 2,
  charWeight: 1,
  wordWeight: 0.25,
};

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
/** Word boundary pseudo-character for char n-grams (a space, as in "word-bounded" analysers). */
const BOUNDARY = 0x20;
/** Namespace seeds keep char n-grams, words and bigrams apart in the shared hash space. */
const SEED_CHAR = FNV_OFFSET;
const SEED_WORD = Math.imul(FNV_OFFSET ^ 0x57, FNV_PRIME);
const SEED_BIGRAM = Math.imul(FNV_OFFSET ^ 0x42, FNV_PRIME);
const SEED_STEM = Math.imul(FNV_OFFSET ^ 0x53, FNV_PRIME);
const SEED_SUFFIX_STEM = Math.imul(FNV_OFFSET ^ 0x73, FNV_PRIME);

/** Common Turkish inflectional suffixes (and their ASCII spellings), longest first. */
const SUFFIXES: readonly Uint16Array[] = [
  ...new Set(
    (
      'lar ler ları leri ların lerin lara lere larda lerde lardan lerden ımız imiz umuz ümüz ınız iniz unuz ünüz ' +
      'sınız siniz sunuz sünüz mış miş muş müş mis mus yor ıyor iyor uyor üyor dır dir dur dür tır tir tur tür ' +
      'dan den tan ten nın nin nun nün yla yle ken sın sin sun sün da de ta te ın in un ün ım im um üm ' +
      'sı si su sü yı yi yu yü ya ye ' +
      'ı i u ü a e m n'
    ).split(' '),
  ),
]
  .sort((a, b) => b.length - a.length)
  .map((x) => Uint16Array.from(x, (c) => c.charCodeAt(0)));
/** The suffixes by their last code unit (same longest-first order), so a word is only compared with those. */
const SUFFIXES_BY_LAST: ReadonlyArray<readonly Uint16Array[] | undefined> = (() => {
  const table: Uint16Array[][] = [];
  for (const suf of SUFFIXES) (table[suf[suf.length - 1]!] ??= []).push(suf);
  return table;
})();
/** A stem keeps at least this many letters. */
const MIN_STEM = 3;

/** End of the stem of chars[start..end): common suffixes stripped repeatedly while MIN_STEM letters remain. */
export function stripSuffixes(chars: Uint16Array, start: number, end: number): number {
  for (let round = 0; round < 4; round++) {
    let stripped = false;
    const candidates = end - start > MIN_STEM ? SUFFIXES_BY_LAST[chars[end - 1]!] : undefined;
    if (candidates === undefined) break;
    for (const suf of candidates) {
      const n = suf.length;
      if (end - start - n < MIN_STEM) continue;
      let ok = true;
      for (let i = 0; i < n; i++) {
        if (chars[end - n + i] !== suf[i]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        end -= n;
        stripped = true;
        break;
      }
    }
    if (!stripped) break;
  }
  return end;
}

/** Cache key of the options that change extraction (block weights only scale the dot product). */
export function extractionKey(opts: FeatureOptions): string {
  const base = `${opts.bits}:${opts.charMin}:${opts.charMax}:${opts.wordMaxN}`;
  return isDerived(opts) ? `${base}:${opts.stemLength ?? 0}:${opts.suffixStems ? 1 : 0}:${opts.tf ?? 'count'}` : base;
}

/** True when the options add stems or binary counts to the base n-grams (see `deriveFeatures`). */
export function isDerived(opts: FeatureOptions): boolean {
  return (opts.stemLength ?? 0) > 0 || opts.suffixStems === true || opts.tf === 'binary';
}

/** The base n-gram options of `opts` (no stems, repeated n-grams counted): what `deriveFeatures` starts from. */
export function baseOptions(opts: FeatureOptions): FeatureOptions {
  const { stemLength: _s, suffixStems: _x, tf: _t, ...base } = opts;
  return base;
}

/** One FNV-1a step over a 16-bit code unit. */
export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

/** murmur3 fmix32: spreads FNV's weak low bits before masking. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** FNV-1a hash of a whole string (for tests and diagnostics), finished with `mix32`. */
export function hashString(s: string, seed: number = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return mix32(h) >>> 0;
}

/**
 * The features of one text. `codes[i] = bucket * 2 + (negative ? 1 : 0)`; the first `charCount`
 * entries are character n-grams, the rest word n-grams (and stems). Repeated n-grams appear
 * repeatedly (counts) unless the options ask for `tf: 'binary'`.
 */
export class FeatureBuffer {
  codes: Int32Array;
  count = 0;
  charCount = 0;
  readonly tokens: TokenBuffer;

  constructor(capacity = 4096) {
    this.codes = new Int32Array(capacity);
    this.tokens = new TokenBuffer(1024);
  }

  ensure(n: number): void {
    if (n <= this.codes.length) return;
    let size = this.codes.length;
    while (size < n) size *= 2;
    const next = new Int32Array(size);
    next.set(this.codes.subarray(0, this.count));
    this.codes = next;
  }

  /** Per-feature value of the character block (weight / sqrt(count)), 0 when empty. */
  charScale(opts: FeatureOptions): number {
    return this.charCount > 0 ? opts.charWeight / Math.sqrt(this.charCount) : 0;
  }

  /** Per-feature value of the word block. */
  wordScale(opts: FeatureOptions): number {
    const n = this.count - this.charCount;
    return n > 0 ? opts.wordWeight / Math.sqrt(n) : 0;
  }
}

/** Open-addressing set of the codes seen in one block (`tf: 'binary'`): code + 1, 0 = empty. */
let seen = new Int32Array(4096);

/**
 * Compacts codes[from..to) to its first occurrences, writing from `k` on (k <= from, so in place is
 * safe); returns the next free index. Codes are hashes, so their low bits index the set; the part of
 * the table in use is sized to the block (at most a third full), so probes are short and emptying it is cheap.
 */
function dedupeInto(src: Int32Array, from: number, to: number, codes: Int32Array, k: number): number {
  let size = 64;
  while (size < 3 * (to - from)) size *= 2;
  if (seen.length < size) seen = new Int32Array(size);
  const set = seen;
  set.fill(0, 0, size);
  const mask = size - 1;
  for (let i = from; i < to; i++) {
    const v = src[i]! + 1;
    let j = (v >>> 1) & mask;
    let x = set[j]!;
    while (x !== 0 && x !== v) {
      j = (j + 1) & mask;
      x = set[j]!;
    }
    if (x === 0) {
      set[j] = v;
      codes[k++] = v - 1;
    }
  }
  return k;
}

/** Extracts the hashed features of `text` into `out` (overwriting it). Returns `out.count`. */
export function extractFeatures(text: string, opts: FeatureOptions, out: FeatureBuffer): number {
  extractBase(text, opts, out);
  return isDerived(opts) ? deriveFeatures(out, opts, out) : out.count;
}

/** The base n-grams: character n-grams of each word, then word unigrams and bigrams (counts). */
function extractBase(text: string, opts: FeatureOptions, out: FeatureBuffer): number {
  const tb = out.tokens;
  const nTok = normalizeInto(text, tb);
  const chars = tb.chars;
  const starts = tb.starts;
  const ends = tb.ends;
  const mask = (1 << opts.bits) - 1;
  const cMin = opts.charMin;
  const cMax = opts.charMax;
  const totalChars = nTok > 0 ? ends[nTok - 1]! : 0;
  out.ensure((cMax - cMin + 1) * (totalChars + 2 * nTok) + 2 * nTok + 8);
  const codes = out.codes;
  let k = 0;

  // Character n-grams over each token padded with one boundary on both sides.
  for (let t = 0; t < nTok; t++) {
    const s = starts[t]!;
    const e = ends[t]!;
    const padded = e - s + 2;
    for (let i = 0; i < padded; i++) {
      let h = SEED_CHAR;
      const limit = Math.min(cMax, padded - i);
      for (let n = 1; n <= limit; n++) {
        const p = i + n - 1;
        const c = p === 0 || p === padded - 1 ? BOUNDARY : chars[s + p - 1]!;
        h = fnvStep(h, c);
        if (n >= cMin) {
          const m = mix32(h);
          codes[k++] = ((m & mask) << 1) | (m >>> 31);
        }
      }
    }
  }
  out.charCount = k;

  // Word unigrams and bigrams.
  let prevWord = 0;
  for (let t = 0; t < nTok; t++) {
    let h = SEED_WORD;
    for (let p = starts[t]!, e = ends[t]!; p < e; p++) h = fnvStep(h, chars[p]!);
    const m = mix32(h);
    codes[k++] = ((m & mask) << 1) | (m >>> 31);
    if (opts.wordMaxN >= 2 && t > 0) {
      const b = mix32(fnvStep(fnvStep(SEED_BIGRAM ^ prevWord, 0x7c), h));
      codes[k++] = ((b & mask) << 1) | (b >>> 31);
    }
    prevWord = h;
  }
  out.count = k;
  return k;
}

/**
 * The derived features of `opts` from the base features in `src` (extracted with `baseOptions(opts)`;
 * `src` may be `out`): each block deduplicated when `tf` is `binary`, and the word block followed by
 * the prefix and suffix-stripped stems of `src.tokens`. Scoring derives from the base features the
 * heads already extracted, so the extra model costs no second pass over the characters.
 */
export function deriveFeatures(src: FeatureBuffer, opts: FeatureOptions, out: FeatureBuffer): number {
  const tb = src.tokens;
  const nTok = tb.count;
  const chars = tb.chars;
  const starts = tb.starts;
  const ends = tb.ends;
  const mask = (1 << opts.bits) - 1;
  const stemLength = opts.stemLength ?? 0;
  const charEnd = src.charCount;
  const baseEnd = src.count;
  if (out !== src) out.count = 0;
  out.ensure(baseEnd + 2 * nTok + 8);
  const codes = out.codes;
  if (out !== src) codes.set(src.codes.subarray(0, baseEnd));
  // The stems follow the word n-grams; with binary counts the blocks are then compacted in place.
  let e = baseEnd;
  if (stemLength > 0) {
    for (let t = 0; t < nTok; t++) {
      const st = starts[t]!;
      if (ends[t]! - st < stemLength) continue;
      let h = SEED_STEM;
      for (let p = st, end = st + stemLength; p < end; p++) h = fnvStep(h, chars[p]!);
      const m = mix32(h);
      codes[e++] = ((m & mask) << 1) | (m >>> 31);
    }
  }
  if (opts.suffixStems) {
    for (let t = 0; t < nTok; t++) {
      const st = starts[t]!;
      const end = stripSuffixes(chars, st, ends[t]!);
      let h = SEED_SUFFIX_STEM;
      for (let p = st; p < end; p++) h = fnvStep(h, chars[p]!);
      const m = mix32(h);
      codes[e++] = ((m & mask) << 1) | (m >>> 31);
    }
  }
  if (opts.tf !== 'binary') {
    out.charCount = charEnd;
    out.count = e;
    return e;
  }
  const k = dedupeInto(codes, 0, charEnd, codes, 0);
  out.charCount = k;
  out.count = dedupeInto(codes, charEnd, e, codes, k);
  return out.count;
}

/** Dot product of the features in `fb` with `weights` (bias not included). */
export function dotFeatures(fb: FeatureBuffer, weights: Float32Array, opts: FeatureOptions): number {
  const codes = fb.codes;
  let sc = 0;
  for (let i = 0, n = fb.charCount; i < n; i++) {
    const code = codes[i]!;
    const w = weights[code >>> 1]!;
    sc += code & 1 ? -w : w;
  }
  let sw = 0;
  for (let i = fb.charCount, n = fb.count; i < n; i++) {
    const code = codes[i]!;
    const w = weights[code >>> 1]!;
    sw += code & 1 ? -w : w;
  }
  return sc * fb.charScale(opts) + sw * fb.wordScale(opts);
}
