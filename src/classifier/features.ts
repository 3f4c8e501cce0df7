/**
 * Hashed sparse features: word-bounded character n-grams plus word unigrams and bigrams.
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
 * entries are character n-grams, the rest word n-grams. Repeated n-grams appear repeatedly (counts).
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

/** Extracts the hashed features of `text` into `out` (overwriting it). Returns `out.count`. */
export function extractFeatures(text: string, opts: FeatureOptions, out: FeatureBuffer): number {
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
