import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEATURE_OPTIONS,
  FeatureBuffer,
  baseOptions,
  deriveFeatures,
  extractFeatures,
  extractionKey,
  stripSuffixes,
  type FeatureOptions,
} from '../../src/classifier/features.js';
import { cachedFeatures, createClassifier } from '../../src/classifier/model.js';
import { createClassifierBank } from '../../src/classifier/bank.js';
import { OFFENSIVE_TRAIN_OPTIONS, resolveFeatureOptions, trainClassifier, type TrainingRow } from '../../src/classifier/train.js';

const stem = (word: string): string => {
  const chars = Uint16Array.from(word, (c) => c.charCodeAt(0));
  return word.slice(0, stripSuffixes(chars, 0, chars.length));
};

const codesOf = (fb: FeatureBuffer): number[] => Array.from(fb.codes.subarray(0, fb.count));

describe('stripSuffixes', () => {
  it('strips common inflections down to a shared stem', () => {
    expect(stem('salaklar')).toBe('salak');
    expect(stem('salaksın')).toBe('salak');
    expect(stem('aptalsın')).toBe('aptal');
    expect(stem('şerefsizler')).toBe('şerefsiz');
    expect(stem('yapıyorsunuz')).toBe('yap');
  });

  it('keeps at least three letters and leaves short words alone', () => {
    expect(stem('sen')).toBe('sen');
    expect(stem('ama')).toBe('ama');
    expect(stem('kafasını').length).toBeGreaterThanOrEqual(3);
  });
});

describe('stems and binary counts', () => {
  const small = { ...DEFAULT_FEATURE_OPTIONS, bits: 12 };

  it('adds one prefix stem per word of at least stemLength letters, after the word n-grams', () => {
    const plain = new FeatureBuffer();
    const stems = new FeatureBuffer();
    extractFeatures('salaklar ve aptallar', small, plain);
    extractFeatures('salaklar ve aptallar', { ...small, stemLength: 4 }, stems);
    expect(stems.charCount).toBe(plain.charCount);
    expect(stems.count).toBe(plain.count + 2); // "sala", "apta"; "ve" is too short
    expect(codesOf(stems).slice(0, plain.count)).toEqual(codesOf(plain));
  });

  it('gives inflected forms the same suffix stem feature', () => {
    const opts = { ...small, suffixStems: true };
    const a = new FeatureBuffer();
    const b = new FeatureBuffer();
    extractFeatures('salaklar', opts, a);
    extractFeatures('salaksın', opts, b);
    expect(a.codes[a.count - 1]).toBe(b.codes[b.count - 1]);
  });

  it('counts each n-gram once per block with tf binary', () => {
    const counts = new FeatureBuffer();
    const binary = new FeatureBuffer();
    extractFeatures('salak salak salak', small, counts);
    extractFeatures('salak salak salak', { ...small, tf: 'binary' }, binary);
    const once = new FeatureBuffer();
    extractFeatures('salak', small, once);
    expect(binary.charCount).toBe(once.charCount);
    expect(binary.count - binary.charCount).toBe(2); // the word and the bigram "salak salak"
    expect(counts.count).toBeGreaterThan(binary.count);
    const codes = codesOf(binary);
    expect(new Set(codes.slice(0, binary.charCount)).size).toBe(binary.charCount);
  });

  it('leaves the extraction key and features of older option sets unchanged', () => {
    expect(extractionKey(DEFAULT_FEATURE_OPTIONS)).toBe('18:2:5:2');
    expect(extractionKey({ ...DEFAULT_FEATURE_OPTIONS, tf: 'count', stemLength: 0, suffixStems: false })).toBe('18:2:5:2');
    const opts = resolveFeatureOptions(OFFENSIVE_TRAIN_OPTIONS.features);
    expect(extractionKey(baseOptions(opts))).toBe(extractionKey(DEFAULT_FEATURE_OPTIONS));
  });

  it('derives from the shared base extraction exactly what a direct extraction gives', () => {
    const opts: FeatureOptions = resolveFeatureOptions({ ...OFFENSIVE_TRAIN_OPTIONS.features, bits: 12 });
    const texts = ['Hepiniz aptal ve şerefsizsiniz!', 'SALAK MISIN SEN GERİZEKALI salak', '', 'aa '.repeat(3000), 'ne güzel bir gün'];
    const direct = new FeatureBuffer(8);
    const base = new FeatureBuffer(8);
    const derived = new FeatureBuffer(8);
    for (const t of texts) {
      extractFeatures(t, opts, direct);
      extractFeatures(t, baseOptions(opts), base);
      deriveFeatures(base, opts, derived);
      expect(codesOf(derived)).toEqual(codesOf(direct));
      expect(derived.charCount).toBe(direct.charCount);
      const cached = cachedFeatures(t, opts);
      expect(codesOf(cached)).toEqual(codesOf(direct));
      expect(cached.charCount).toBe(direct.charCount);
    }
  });
});

describe('a model with derived features beside the heads', () => {
  const rows: TrainingRow[] = [];
  const bad = ['salak', 'aptal', 'gerizekalı', 'şerefsiz'];
  const good = ['güzel', 'teşekkürler', 'harika', 'sağolun'];
  for (let i = 0; i < 200; i++) {
    const words = i % 2 ? bad : good;
    rows.push({ text: `${words[i % 4]}lar ${words[(i + 1) % 4]} ders ${i % 7}`, label: (i % 2) as 0 | 1 });
  }

  it('scores the same in a bank as alone, and training is deterministic', () => {
    const features = { ...OFFENSIVE_TRAIN_OPTIONS.features, bits: 12 };
    const off = trainClassifier(rows, { ...OFFENSIVE_TRAIN_OPTIONS, features, seed: 1, name: 'offensive' });
    const again = trainClassifier(rows, { ...OFFENSIVE_TRAIN_OPTIONS, features, seed: 1, name: 'offensive' });
    expect(Array.from(again.weights)).toEqual(Array.from(off.weights));
    const heads = [1, 2].map((s) => trainClassifier(rows, { seed: s, name: `h${s}`, features: { bits: 12 } }));
    const bank = createClassifierBank([heads[0]!, off, heads[1]!]);
    const alone = [heads[0]!, off, heads[1]!].map(createClassifier);
    for (const t of ['salaklar sizi', 'teşekkürler hocam', 'aptallar ders', '']) {
      bank.forEach((c, i) => expect(c.score(t)).toBe(alone[i]!.score(t)));
    }
    expect(createClassifier(off).score('salaklar sizi')).toBeGreaterThan(createClassifier(off).score('teşekkürler hocam'));
  });
});
