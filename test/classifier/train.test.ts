import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClassifier, loadClassifier, saveModel, trainClassifier, type TrainingRow } from '../../src/classifier/index.js';
import { auc } from '../../src/classifier/metrics.js';
import { buildFeatureMatrix, logCountRatios, mulberry32, resolveFeatureOptions, trainOnMatrix } from '../../src/classifier/train.js';
import { FeatureBuffer, extractFeatures } from '../../src/classifier/features.js';
import { stratifiedFolds } from '../../src/classifier/cv.js';

const NEUTRAL = [
  'ders',
  'sınav',
  'kayıt',
  'kampüs',
  'yemekhane',
  'kütüphane',
  'hoca',
  'dönem',
  'burs',
  'öğrenci',
  'bugün',
  'yarın',
  'saat',
  'bina',
  'otobüs',
  'duyuru',
  'ne',
  'zaman',
  'neden',
  'çok',
  'biraz',
  'güzel',
  'geç',
  'erken',
  'açık',
  'kapalı',
];
const BAD = ['salak', 'aptal', 'gerizekalı', 'şerefsiz', 'ahmak', 'mal'];
const BAD_HELDOUT = ['salaklar', 'aptalsınız', 'şerefsizler', 'ahmaksın'];

/** Synthetic comments: positives contain an insult stem, negatives never do. */
function synth(n: number, seed: number, bad: string[]): TrainingRow[] {
  const rand = mulberry32(seed);
  const pick = (xs: string[]): string => xs[Math.floor(rand() * xs.length)]!;
  const rows: TrainingRow[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 4 + Math.floor(rand() * 6) }, () => pick(NEUTRAL));
    const label = rand() < 0.3 ? 1 : 0;
    if (label) words.splice(Math.floor(rand() * words.length), 0, pick(bad));
    rows.push({ text: (rand() < 0.3 ? '@USER ' : '') + words.join(' '), label });
  }
  return rows;
}

const tmp = mkdtempSync(join(tmpdir(), 'bekci-clf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('trainClassifier', () => {
  const train = synth(600, 1, BAD);
  const model = trainClassifier(train, { seed: 7, epochs: 4, features: { bits: 14 } });
  const clf = createClassifier(model);

  it('learns the signal on unseen synthetic comments, including unseen inflections', () => {
    const test = synth(300, 2, BAD_HELDOUT);
    const scores = test.map((r) => clf.score(r.text));
    expect(
      auc(
        scores,
        test.map((r) => r.label),
      ),
    ).toBeGreaterThan(0.95);
    expect(clf.score('yemekhane bugün çok güzel')).toBeLessThan(0.5);
    expect(clf.score('hoca tam bir gerizekalı')).toBeGreaterThan(0.5);
  });

  it('is reproducible for a seed and changes with the seed', () => {
    const again = trainClassifier(train, { seed: 7, epochs: 4, features: { bits: 14 } });
    expect(Buffer.from(again.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
    expect(again.bias).toBe(model.bias);
    const other = trainClassifier(train, { seed: 8, epochs: 4, features: { bits: 14 } });
    expect(Buffer.from(other.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(false);
  });

  it('round-trips through a model file with identical scores', () => {
    const path = join(tmp, 'm.json');
    saveModel(model, path);
    const loaded = loadClassifier(path);
    expect(loaded.name).toBe('offensive');
    for (const r of synth(100, 3, BAD)) expect(loaded.score(r.text)).toBe(clf.score(r.text));
    expect(statSync(path).size).toBeLessThan(200_000);
  });

  it('rejects a file that is not a model', () => {
    const path = join(tmp, 'x.json');
    writeFileSync(path, JSON.stringify({ format: 'something-else' }));
    expect(() => loadClassifier(path)).toThrow(/not a bekci-hashed-logreg/);
    expect(() => loadClassifier(join(tmp, 'missing.json'))).toThrow();
  });
});

describe('naive-Bayes scaling', () => {
  it('gives offensive-only features a high ratio and words shared by both classes a low one', () => {
    const rows = synth(400, 5, BAD);
    const opts = resolveFeatureOptions({ bits: 14 });
    const m = buildFeatureMatrix(rows, opts);
    const r = logCountRatios(
      m,
      Array.from({ length: rows.length }, (_, i) => i),
      1,
    );
    const bucket = (text: string): number => {
      const fb = new FeatureBuffer();
      extractFeatures(text, opts, fb);
      return fb.codes[fb.count - 1]! >>> 1; // the last word unigram
    };
    expect(r[bucket('gerizekalı')]!).toBeGreaterThan(1);
    expect(r[bucket('yemekhane')]!).toBeLessThan(0.5);
  });

  it('can be switched off and still learns', () => {
    const plain = createClassifier(trainClassifier(synth(600, 1, BAD), { nbSmoothing: false, features: { bits: 14 } }));
    const test = synth(200, 2, BAD);
    expect(
      auc(
        test.map((t) => plain.score(t.text)),
        test.map((t) => t.label),
      ),
    ).toBeGreaterThan(0.95);
  });
});

describe('stratifiedFolds', () => {
  it('balances folds and classes deterministically', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const f = stratifiedFolds(labels, 5, 1);
    expect(Array.from(f)).toEqual(Array.from(stratifiedFolds(labels, 5, 1)));
    for (let k = 0; k < 5; k++) {
      const members = labels.filter((_, i) => f[i] === k);
      expect(members.length).toBeGreaterThanOrEqual(20);
      expect(members.filter((y) => y === 1).length).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('classifier bank', () => {
  it('scores several models exactly as they score alone', async () => {
    const { createClassifierBank, createClassifier, trainClassifier } = await import('../../src/classifier/index.js');
    const rows = [
      { text: 'yemekhane yine soğuk', label: 1 as const },
      { text: 'ring gelmedi yine', label: 1 as const },
      { text: 'çok teşekkürler harika', label: 0 as const },
      { text: 'tebrikler hocam', label: 0 as const },
    ];
    const a = trainClassifier(rows, { seed: 1, name: 'a' });
    const b = trainClassifier(
      rows.map((r) => ({ ...r, label: (1 - r.label) as 0 | 1 })),
      { seed: 2, name: 'b', features: { wordWeight: 0.5 } },
    );
    const c = trainClassifier(rows, { seed: 3, name: 'c', features: { bits: 12 } });
    const bank = createClassifierBank([a, b, c]);
    for (const text of ['yemekhane soğuk', 'teşekkürler', 'ring', '']) {
      [a, b, c].forEach((m, i) => expect(bank[i]!.score(text)).toBeCloseTo(createClassifier(m).score(text), 5));
    }
    expect(bank.map((x) => x.name)).toEqual(['a', 'b', 'c']);
  });

  it('gives bit-identical scores in the unrolled bank (up to 8 models) and the looped one (more)', async () => {
    const { createClassifierBank, createClassifier, trainClassifier } = await import('../../src/classifier/index.js');
    const rows = [
      { text: 'yemekhane yine soğuk ve pahalı', label: 1 as const },
      { text: 'ring gelmedi yine bekledik', label: 1 as const },
      { text: 'çok teşekkürler harika olmuş', label: 0 as const },
      { text: 'tebrikler hocam başarılar', label: 0 as const },
    ];
    const models = Array.from({ length: 9 }, (_, i) =>
      trainClassifier(i % 2 ? rows : rows.map((r) => ({ ...r, label: (1 - r.label) as 0 | 1 })), { seed: i + 1, name: `m${i}`, features: { bits: 12 } }),
    );
    const texts = ['yemekhane soğuk mu', 'teşekkürler', 'ring yine gelmedi, rezalet', '', 'x'.repeat(300)];
    for (const group of [models.slice(0, 3), models.slice(0, 8), models]) {
      const bank = createClassifierBank(group);
      for (const text of texts)
        group.forEach((m, i) => expect(bank[i]!.score(text), `${group.length} models, ${m.name}`).toBe(createClassifier(m).score(text)));
    }
  });
});

describe('averaging visiting orders (orders)', () => {
  const rows = synth(300, 7, BAD);
  const m = buildFeatureMatrix(rows, resolveFeatureOptions({ bits: 12 }));

  it('is the mean of the single-order models, quantised again, with the same cost to score', () => {
    const singles = [1, 2, 3].map((seed) => trainOnMatrix(m, { seed, epochs: 3 }));
    const avg = trainOnMatrix(m, { seed: 1, epochs: 3, orders: 3 });
    expect(avg.weights.length).toBe(singles[0]!.weights.length);
    expect(avg.meta.orders).toBe(3);
    expect(avg.bias).toBeCloseTo(singles.reduce((a, s) => a + s.bias, 0) / 3, 12);
    let maxErr = 0;
    for (let j = 0; j < avg.weights.length; j++) {
      const mean = (singles[0]!.weights[j]! + singles[1]!.weights[j]! + singles[2]!.weights[j]!) / 3;
      maxErr = Math.max(maxErr, Math.abs(avg.weights[j]! - mean));
    }
    // Within one step of the int16 grid.
    expect(maxErr).toBeLessThanOrEqual(avg.scale! * 0.51);
    // The orders differ, so the average is not any one of them.
    expect(singles.every((s) => s.weights.some((w, j) => w !== avg.weights[j]))).toBe(true);
  });

  it('is deterministic and refuses a count below one', () => {
    const a = trainOnMatrix(m, { seed: 4, epochs: 2, orders: 2 });
    const b = trainOnMatrix(m, { seed: 4, epochs: 2, orders: 2 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(() => trainOnMatrix(m, { orders: 0 })).toThrow(/orders/);
  });
});
