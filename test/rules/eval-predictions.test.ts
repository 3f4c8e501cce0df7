import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesEval } from '../../src/cli/rules.js';
import type { CliContext } from '../../src/cli/context.js';
import { RULES_DIR, tempRules } from './helpers.js';

const RULES = `rules:
  - id: insult
    categories: [insult]
    action: hide
    when: { terms: { list: [salak*] } }
  - id: complaint
    categories: [complaint]
    action: allow
    when: { terms: { list: [rezalet*] } }
`;

const COMPLAINT = 'Yemekhanede yemekler soğuk, porsiyonlar küçük, rezalet.';
const INSULT = 'Yemekhanedeki salak görevli yemekleri soğuk veriyor.';
const CLEAN = 'Güzel bir gün.';

function ctxFor(rulesDir: string): CliContext & { stdout: string[] } {
  const stdout: string[] = [];
  const config = {
    rules: { dir: rulesDir },
    university: { domains: [], phones: [] },
    privacy: { studentNumberPattern: '(?<![0-9])20[0-9]{7}(?![0-9])' },
    routing: { file: join(RULES_DIR, 'routing.yaml'), minConfidence: 0.35 },
  };
  return { stdout, config: () => config, out: (t: string) => void stdout.push(t), err: () => undefined } as unknown as CliContext & { stdout: string[] };
}

async function evalFile(tsv: string): Promise<{ report: Record<string, unknown>; lines: Array<{ categories: string[]; directorate: string | null }> }> {
  const dir = await tempRules({ 'a.yaml': RULES, 'data.tsv': tsv });
  const ctx = ctxFor(dir);
  const out = join(dir, 'pred.jsonl');
  await rulesEval(ctx, join(dir, 'data.tsv'), { json: true, predictions: out });
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { categories: string[]; directorate: string | null });
  return { report: JSON.parse(ctx.stdout.at(-1)!) as Record<string, unknown>, lines };
}

describe('bekci rules eval --predictions routes complaints and requests only', () => {
  it('without a directorate column, a complaint still gets its directorate', async () => {
    const { report, lines } = await evalFile(`text\tlabels\n${COMPLAINT}\tcomplaint\n${INSULT}\tinsult\n${CLEAN}\tnone\n`);
    expect(lines[0]).toMatchObject({ categories: ['complaint'], directorate: 'sks' });
    expect(lines[1]).toMatchObject({ categories: ['insult'], directorate: null });
    expect(lines[2]).toMatchObject({ categories: [], directorate: null });
    expect(Object.keys(report)).toEqual(['rows', 'categories', 'violation', 'falseActionRateOnNone', 'reviewRateOnNone', 'commentsPerSecond']);
    expect(Object.keys(report.violation as object)).toEqual(['auto', 'flagged', 'macroF1Flagged']);
  });

  it('with a directorate column, a pure insult has no directorate but still counts in the routing figures', async () => {
    const { report, lines } = await evalFile(`text\tlabels\tdirectorate\n${COMPLAINT}\tcomplaint\tsks\n${INSULT}\tinsult\tsks\n${CLEAN}\tnone\t-\n`);
    expect(lines.map((l) => l.directorate)).toEqual(['sks', null, null]);
    expect(Object.keys(report)).toEqual(['rows', 'categories', 'violation', 'falseActionRateOnNone', 'reviewRateOnNone', 'commentsPerSecond', 'routing']);
    const routing = report.routing as {
      rows: number;
      accuracy: number;
      perDirectorate: Record<string, { precision: number; recall: number; support: number }>;
    };
    // Both labelled rows are routed (the insult too: the figures measure the router on its own).
    expect(routing.rows).toBe(2);
    expect(routing.accuracy).toBe(1);
    expect(routing.perDirectorate).toEqual({ sks: { precision: 1, recall: 1, support: 2 } });
  });
});
