/**
 * The shipped development split (rules/data/dev, written apart from the training data) as a guard:
 * harmless mentions of identity groups are never hidden and at most 5% go to review, and the
 * complaint/request/routing figures do not fall back to where they were before the learned models.
 * The split is never trained on; see rules/data/README.md.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { RuleEngine } from '../../src/rules/engine.js';
import { evaluateRows, readEvalPaths, type EvalReport } from '../../src/rules/evaluate.js';
import { loadRouter, routeForEval } from '../../src/routing/index.js';

const root = join(import.meta.dirname, '..', '..');
const dev = join(root, 'rules', 'data', 'dev');

describe.runIf(existsSync(join(dev, 'group_mentions.tsv')))('development split', () => {
  let engine: RuleEngine;
  beforeAll(async () => {
    engine = await RuleEngine.load(join(root, 'rules'));
  });

  test('harmless group mentions: none hidden, at most 5% sent to review', async () => {
    const rows = await readEvalPaths([join(dev, 'group_mentions.tsv')]);
    expect(rows.length).toBeGreaterThan(100);
    const hidden: string[] = [];
    let reviewed = 0;
    for (const r of rows) {
      if (!r.labels.includes('none')) continue;
      const d = engine.evaluate({ text: r.text });
      if (d.action === 'hide' || d.action === 'delete') hidden.push(r.text);
      if (d.action === 'review') reviewed++;
    }
    expect(hidden).toEqual([]);
    expect(reviewed / rows.length).toBeLessThanOrEqual(0.05);
  });

  test('complaints, requests and routing stay above the figures measured before the learned models', async () => {
    const rows = await readEvalPaths([dev]);
    const router = loadRouter(join(root, 'rules', 'routing.yaml'));
    const report: EvalReport = evaluateRows(engine, rows, { route: routeForEval(router, { labelled: rows.flatMap((r) => (r.directorate ? [r.text] : [])) }) });
    // Before: complaint recall 0.36-0.59, request 0.41-0.76, routing end to end 0.49-0.52 (issue 8).
    expect(report.categories.complaint!.recall).toBeGreaterThan(0.7);
    expect(report.categories.complaint!.precision).toBeGreaterThan(0.8);
    expect(report.categories.request!.recall).toBeGreaterThan(0.7);
    expect(report.routing!.endToEnd).toBeGreaterThan(0.6);
    expect(report.reviewRateOnNone).toBeLessThanOrEqual(0.05);
    expect(report.falseActionRateOnNone).toBeLessThanOrEqual(0.01);
  });
});
