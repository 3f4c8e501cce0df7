import { describe, expect, it } from 'vitest';
import { builtinCorpus } from '../../src/harness/bench/rules-bench.js';

describe('built-in bench corpus', () => {
  it('is deterministic', () => {
    expect(builtinCorpus(500)).toEqual(builtinCorpus(500));
  });

  it('is varied: most texts distinct, every predicate and extra used, no predicate dominating', () => {
    const texts = builtinCorpus(5000);
    // 2,112 short combinations and 33,792 with a second predicate: about two thirds of 5,000 draws are distinct.
    expect(new Set(texts).size).toBeGreaterThan(3000);
    const share = (needle: string): number => texts.filter((t) => t.includes(needle)).length / texts.length;
    // 16 predicates, a third of the texts carry a second one: each should appear in roughly 8% of them.
    for (const p of ['bugün yine çalışmıyor', 'Allah razı olsun', 'malzeme eksik', 'götürmek için servis yok']) {
      expect(share(p)).toBeGreaterThan(0.04);
      expect(share(p)).toBeLessThan(0.15);
    }
    for (const extra of ['bit.ly/abc123', 'numaram 0532', 'şifrem: Abc12345']) expect(share(extra)).toBeGreaterThan(0.05);
  });
});
