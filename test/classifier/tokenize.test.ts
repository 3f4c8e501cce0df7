import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/classifier/normalize.js';
import { FeatureBuffer, DEFAULT_FEATURE_OPTIONS, extractFeatures, hashString } from '../../src/classifier/features.js';

describe('tokenize', () => {
  it('keeps Turkish letters and lower-cases the Turkish way', () => {
    expect(tokenize('ŞİŞLİ çok güzel, IĞDIR ÖĞÜTÜCÜ')).toEqual(['şişli', 'çok', 'güzel', 'ığdır', 'öğütücü']);
    expect(tokenize('İstanbul ILGAZ')).toEqual(['istanbul', 'ılgaz']);
  });

  it('drops @USER, URL, mentions and links', () => {
    expect(tokenize('@USER bak URL şuna @ahmet_1 https://x.co/abc www.ornek.com tamam')).toEqual(['bak', 'şuna', 'tamam']);
  });

  it('collapses long letter repeats to two', () => {
    expect(tokenize('çoooook güzeeeel aa')).toEqual(['çook', 'güzeel', 'aa']);
  });

  it('splits on punctuation and emoji, keeps digits', () => {
    expect(tokenize('2024-2025 güz😀dönemi!!')).toEqual(['2024', '2025', 'güz', 'dönemi']);
  });
});

describe('feature hashing', () => {
  it('is deterministic and independent of buffer reuse', () => {
    expect(hashString('küfür')).toBe(hashString('küfür'));
    expect(hashString('küfür')).not.toBe(hashString('kufur'));
    const a = new FeatureBuffer(4);
    const b = new FeatureBuffer();
    extractFeatures('başka bir metin ile doldur', DEFAULT_FEATURE_OPTIONS, a);
    extractFeatures('Bu ne biçim iş böyle', DEFAULT_FEATURE_OPTIONS, a);
    extractFeatures('Bu ne biçim iş böyle', DEFAULT_FEATURE_OPTIONS, b);
    expect(Array.from(a.codes.subarray(0, a.count))).toEqual(Array.from(b.codes.subarray(0, b.count)));
    expect(a.charCount).toBe(b.charCount);
  });

  it('keeps buckets inside the table and counts word and char n-grams', () => {
    const opts = { ...DEFAULT_FEATURE_OPTIONS, bits: 10 };
    const fb = new FeatureBuffer();
    extractFeatures('ab cd', opts, fb);
    // " ab " gives 3 bigrams + 2 trigrams + 1 four-gram per word; then 2 words and 1 bigram.
    expect(fb.charCount).toBe(12);
    expect(fb.count).toBe(15);
    for (let i = 0; i < fb.count; i++) expect(fb.codes[i]! >>> 1).toBeLessThan(1 << 10);
  });

  it('gives case and placeholder variants the same features', () => {
    const x = new FeatureBuffer();
    const y = new FeatureBuffer();
    extractFeatures('@USER SALAK MISIN', DEFAULT_FEATURE_OPTIONS, x);
    extractFeatures('salak mısın', DEFAULT_FEATURE_OPTIONS, y);
    expect(Array.from(x.codes.subarray(0, x.count))).toEqual(Array.from(y.codes.subarray(0, y.count)));
  });
});

describe('tokenize: evasion and Unicode forms', () => {
  it('composes decomposed Turkish letters', () => {
    expect(tokenize('ŞEREFSİZ'.normalize('NFD'))).toEqual(['şerefsiz']);
    expect(tokenize('güzel'.normalize('NFD'))).toEqual(['güzel']);
  });

  it('drops zero-width and soft-hyphen characters inside words', () => {
    expect(tokenize('s\u200Balak ge\u00ADri\u200Dzekalı')).toEqual(['salak', 'gerizekalı']);
  });
});
