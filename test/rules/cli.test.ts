import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerRulesCommands, rulesBench, rulesCheck, rulesEval, rulesExplain } from '../../src/cli/rules.js';
import type { CliContext } from '../../src/cli/context.js';
import { tempRules } from './helpers.js';

const RULES = `rules:
  - id: insult-basic
    categories: [insult]
    action: hide
    when: { terms: { list: [salak*] } }
  - id: maybe
    categories: [insult]
    action: review
    when: { terms: { list: [aptal] } }
  - id: complaint
    categories: [complaint]
    action: allow
    when: { terms: { list: [rezalet*] } }
  - id: pii
    categories: [private_data]
    action: hide
    when: { pii: { validated: true } }
`;

function fakeCtx(dir: string): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const config = {
    rules: { dir },
    university: { domains: ['ornek.edu.tr'], phones: [] },
    privacy: { studentNumberPattern: '(?<![0-9])20[0-9]{7}(?![0-9])' },
  };
  return {
    stdout,
    stderr,
    config: () => config,
    out: (t: string) => void stdout.push(t),
    err: (t: string) => void stderr.push(t),
  } as unknown as CliContext & { stdout: string[]; stderr: string[] };
}

describe('bekci rules CLI', () => {
  it('check passes on valid rules and fails with file:line:column lines', async () => {
    const ctx = fakeCtx(await tempRules({ 'a.yaml': RULES }));
    await rulesCheck(ctx);
    expect(ctx.stdout[0]).toMatch(/4 kural/);
    const bad = await tempRules({ 'a.yaml': RULES.replace('action: review', 'acton: review') });
    await expect(rulesCheck(ctx, { rules: bad })).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/^a\.yaml:8:5: bilinmeyen anahtar "acton"/),
    });
  });

  it('explain prints a Turkish explanation or JSON', async () => {
    const ctx = fakeCtx(await tempRules({ 'a.yaml': RULES }));
    await rulesExplain(ctx, 'Rezalet, salak gibi davrandılar. Tel: 0532 123 45 67');
    const text = ctx.stdout.join('\n');
    expect(text).toMatch(/^Karar: gizle \(hide\)/);
    expect(text).toMatch(/şikayet \(complaint\)/);
    expect(text).toMatch(/konum 9–14: «salak»/);
    expect(text).not.toContain('0532');
    await rulesExplain(ctx, 'aptal', { json: true });
    expect(JSON.parse(ctx.stdout.at(-1)!)).toMatchObject({ action: 'review', categories: ['insult'] });
  });

  it('eval computes the contract JSON and writes predictions', async () => {
    const dir = await tempRules({
      'a.yaml': RULES,
      'data.tsv': 'id\ttext\tlabels\n1\tsalak\tinsult\n2\taptal\tviolation\n3\tmerhaba\tnone\n4\tsalaksın\tnone\n5\trezalet\tcomplaint\n6\tgüzel\tnone\n',
    });
    const ctx = fakeCtx(dir);
    const out = join(dir, 'pred.jsonl');
    const r = await rulesEval(ctx, join(dir, 'data.tsv'), { json: true, predictions: out });
    expect(JSON.parse(ctx.stdout.at(-1)!)).toEqual(r);
    expect(r.rows).toBe(6);
    // Violations: rows 1 and 2. auto = rows 1 and 4; flagged = rows 1, 2, 4.
    expect(r.violation.auto).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.violation.flagged).toEqual({ precision: 0.6667, recall: 1, f1: 0.8 });
    // Non-violation class: tn = rows 3, 5, 6; fn = 0; fp = row 4 → P 1, R 0.75, F1 0.8571.
    expect(r.violation.macroF1Flagged).toBeCloseTo((0.8 + 0.8571) / 2, 3);
    expect(r.falseActionRateOnNone).toBeCloseTo(1 / 3, 3);
    // Per-category figures skip the `violation` row: insult predicted on rows 1, 4; gold on row 1.
    expect(r.categories.insult).toEqual({ precision: 0.5, recall: 1, f1: 0.6667, support: 1 });
    expect(r.categories.complaint).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[1]).toEqual({ categories: ['insult'], action: 'review', directorate: null, priority: null });
  });

  it('bench reports throughput beside the baseline', async () => {
    const dir = await tempRules({ 'a.yaml': RULES, 'd.tsv': 'text\nsalak\nmerhaba dünya\nrezalet bir gün\n' });
    const ctx = fakeCtx(dir);
    const r = await rulesBench(ctx, { json: true, data: join(dir, 'd.tsv'), ms: 50 });
    expect(r.texts).toBe(3);
    expect(r.commentsPerSecond).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.baselineCommentsPerSecond / r.commentsPerSecond, 1);
    expect(Object.keys(JSON.parse(ctx.stdout[0]!))).toEqual(['commentsPerSecond', 'baselineCommentsPerSecond', 'ratio', 'p99Micros', 'rssMB']);
  });

  it('registers the subcommands on a commander program', async () => {
    const dir = await tempRules({ 'a.yaml': RULES });
    const ctx = fakeCtx(dir);
    const program = new Command().exitOverride();
    registerRulesCommands(program, ctx);
    await program.parseAsync(['node', 'bekci', 'rules', 'explain', 'salak', '--json']);
    expect(JSON.parse(ctx.stdout[0]!).action).toBe('hide');
  });
});
