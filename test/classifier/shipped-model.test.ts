import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OFFENSIVE_TRAIN_OPTIONS, loadClassifier, readModel } from '../../src/classifier/index.js';

const MODEL = fileURLToPath(new URL('../../rules/models/offensive-tr.json', import.meta.url));
const README = fileURLToPath(new URL('../../rules/models/README.md', import.meta.url));

describe('shipped model rules/models/offensive-tr.json', () => {
  const clf = loadClassifier(MODEL);

  it('is small and records how it was trained', () => {
    expect(statSync(MODEL).size).toBeLessThan(3_000_000);
    const m = readModel(MODEL);
    expect(m.name).toBe('offensive');
    expect(m.meta.rows).toBeGreaterThan(30_000);
  });

  it('is trained with the offensive model settings (stems, binary counts)', () => {
    expect(readModel(MODEL).features).toMatchObject(OFFENSIVE_TRAIN_OPTIONS.features!);
  });

  it('scores obviously offensive Turkish above clean Turkish', () => {
    const offensive = ['Hepiniz aptal ve şerefsizsiniz, yönetim tam bir rezalet!', 'SALAK MISIN SEN GERİZEKALI'];
    const clean = ['Kayıt tarihleri ne zaman açıklanacak? Teşekkürler.', 'Mezuniyet töreni çok güzeldi, emeği geçenlere teşekkürler'];
    for (const o of offensive) for (const c of clean) expect(clf.score(o)).toBeGreaterThan(clf.score(c));
    for (const o of offensive) expect(clf.score(o)).toBeGreaterThan(0.5);
    for (const c of clean) expect(clf.score(c)).toBeLessThan(0.5);
  });

  it('returns probabilities for edge-case input', () => {
    for (const t of ['', '   ', '😀😀', '@USER URL', 'a'.repeat(10_000)]) {
      const s = clf.score(t);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('attributes the training data (CC BY 4.0)', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).toContain('Çağrı Çöltekin');
    expect(text).toContain('https://aclanthology.org/2020.lrec-1.758');
    expect(text).toContain('CC BY 4.0');
  });
});
