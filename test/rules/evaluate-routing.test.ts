import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { evaluateRows, parseEvalTsv } from '../../src/rules/evaluate.js';
import { RuleEngine } from '../../src/rules/engine.js';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');

describe('rules eval routing figures', () => {
  test('per-directorate precision and recall; rows marked - are left out', async () => {
    const engine = await RuleEngine.load(rulesDir);
    const rows = parseEvalTsv(['text\tlabels\tdirectorate', 'a\tcomplaint\tsks', 'b\tcomplaint\tsks', 'c\trequest\tkutuphane', 'd\tnone\t-'].join('\n'));
    expect(rows[3]!.directorate).toBeUndefined();
    // a route hook that always answers sks: sks precision 2/3, recall 1; kutuphane recall 0
    const report = evaluateRows(engine, rows, { route: () => 'sks' });
    expect(report.routing!.rows).toBe(3);
    expect(report.routing!.accuracy).toBeCloseTo(2 / 3, 3);
    expect(report.routing!.perDirectorate.sks).toEqual({ precision: 0.6667, recall: 1, support: 2 });
    expect(report.routing!.perDirectorate.kutuphane).toEqual({ precision: 0, recall: 0, support: 1 });
  });
});
