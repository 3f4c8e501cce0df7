/**
 * Complaint and request heads weigh their positive rows more (`HEAD_POSITIVE_WEIGHT`): they are a
 * small share of the training rows, and each round of new negatives used to pull their scores down.
 */
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classifier/index.js';
import { HEAD_POSITIVE_WEIGHT, HEAD_TRAIN_OPTIONS, headRows, trainHead } from '../../src/classifier/heads.js';
import type { JudgmentRow } from '../../src/classifier/judgment.js';
import { buildFeatureMatrix, resolveFeatureOptions, trainOnMatrix } from '../../src/classifier/train.js';

const row = (text: string, labels: string[]): JudgmentRow => ({ text, labels, directorate: null, priority: null, source: 'test' });

// A few complaints among many harmless rows, written for this test.
const complaints = ['Yemekhanede yemek yine soğuktu', 'Ring bu sabah da gelmedi', 'OBS iki gündür açılmıyor', 'Kütüphanede priz çalışmıyor'];
const others = Array.from({ length: 40 }, (_, i) => `Bahar şenliği ${i}. gün konseri çok güzeldi, herkese teşekkürler`);
const rows = [...complaints.map((t) => row(t, ['complaint'])), ...others.map((t) => row(t, ['none']))];

describe('weights of the judgment heads', () => {
  it('complaints and requests weigh their positives more than one; other heads do not', () => {
    expect(HEAD_POSITIVE_WEIGHT.complaint).toBeGreaterThan(1);
    expect(HEAD_POSITIVE_WEIGHT.request).toBeGreaterThan(1);
    expect(HEAD_POSITIVE_WEIGHT.hate_speech).toBeUndefined();
  });

  it('the weighted complaint head scores a new complaint higher than the same head trained unweighted', () => {
    const weighted = createClassifier(trainHead(rows, 'complaint'));
    const m = buildFeatureMatrix(headRows(rows, 'complaint'), resolveFeatureOptions(HEAD_TRAIN_OPTIONS.features));
    const plain = createClassifier(trainOnMatrix(m, { ...HEAD_TRAIN_OPTIONS, seed: 1, name: 'complaint' }));
    const text = 'Yurtta sıcak su yine gelmedi';
    expect(weighted.score(text)).toBeGreaterThan(plain.score(text));
  });
});

describe('everyday talk and the complaint head', () => {
  const talk = (text: string, labels: string[], source: string): JudgmentRow => ({ text, labels, directorate: null, priority: null, source });
  const mixed = [
    talk('Ring yine gelmedi', ['complaint'], 'rules/data/train/complaint.tsv:2'),
    talk('Seni çok özledim kanka, hafta sonu gel', ['none'], 'rules/data/train/personal_talk.tsv:2'),
    talk('Kızım yarın derse gelecek misin?', ['none'], 'rules/data/train/personal_talk.tsv:3'),
    talk('Kapında bekliyorum, kaçamazsın', ['harassment'], 'rules/data/train/harassment.tsv:2'),
  ];

  it('the complaint head does not learn from personal_talk.tsv; the other heads do', () => {
    expect(headRows(mixed, 'complaint').map((r) => r.text)).toEqual(['Ring yine gelmedi', 'Kapında bekliyorum, kaçamazsın']);
    for (const c of ['request', 'harassment', 'advertising', 'hate_speech']) expect(headRows(mixed, c)).toHaveLength(4);
  });
});
