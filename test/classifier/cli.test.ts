import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../src/classifier/index.js';
import { mulberry32 } from '../../src/classifier/train.js';
import { registerClassifierCommands } from '../../src/cli/classifier.js';
import { CliError, type CliContext } from '../../src/cli/context.js';

const RULES = fileURLToPath(new URL('../../rules', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'bekci-clf-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small OffensEval-format file: OFF rows carry an insult, NOT rows never do. */
function writeTsv(path: string, n: number): void {
  const rand = mulberry32(11);
  const neutral = ['ders', 'kayıt', 'kampüs', 'yemekhane', 'hoca', 'dönem', 'burs', 'bugün', 'çok', 'güzel', 'ne', 'zaman'];
  const bad = ['salak', 'aptal', 'gerizekalı', 'şerefsiz'];
  const pick = (xs: string[]): string => xs[Math.floor(rand() * xs.length)]!;
  const lines = ['id\ttweet\tsubtask_a\ttroff_label'];
  for (let i = 0; i < n; i++) {
    const off = rand() < 0.3;
    const words = Array.from({ length: 5 }, () => pick(neutral));
    if (off) words.push(pick(bad));
    lines.push(`${i}\t@USER ${words.join(' ')}\t${off ? 'OFF' : 'NOT'}\t${off ? 'ind' : 'non'}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  const ctx = {
    config: () => ({ rules: { dir: RULES } }),
    out: (t: string) => void out.push(t),
    err: () => undefined,
  } as unknown as CliContext;
  const program = new Command('bekci').exitOverride();
  registerClassifierCommands(program, ctx);
  await program.parseAsync(args, { from: 'user' });
  return out.join('\n');
}

describe('bekci classifier', () => {
  const data = join(tmp, 'train.tsv');
  writeTsv(data, 300);

  it('train writes a loadable model', async () => {
    const out = join(tmp, 'models', 'm.json');
    const text = await run(['classifier', 'train', '--data', data, '--out', out, '--seed', '3']);
    expect(text).toContain('Model eğitildi: 300 satır');
    expect(existsSync(out)).toBe(true);
    expect(loadClassifier(out).score('hoca tam bir salak')).toBeGreaterThan(loadClassifier(out).score('hoca bugün çok güzel'));
  });

  it('cv --classifier-only --json reports AUC and thresholds', async () => {
    const r = JSON.parse(await run(['classifier', 'cv', '--data', data, '--folds', '3', '--classifier-only', '--json'])) as {
      folds: unknown[];
      pooled: { auc: number; best: { threshold: number } };
    };
    expect(r.folds).toHaveLength(3);
    expect(r.pooled.auc).toBeGreaterThan(0.9);
    expect(r.pooled.best.threshold).toBeGreaterThan(0);
  });

  it('cv --json evaluates the whole rule pipeline in the rules eval shape', async () => {
    const r = JSON.parse(await run(['classifier', 'cv', '--data', data, '--folds', '2', '--rules', RULES, '--json'])) as {
      folds: Array<{ fold: number; rows: number }>;
      mean: {
        violation: { macroF1Flagged: number; auto: { precision: number; recall: number } };
        falseActionRateOnNone: number;
        commentsPerSecond: number;
        classifier: { auc: number };
      };
    };
    expect(r.folds.reduce((n, f) => n + f.rows, 0)).toBe(300);
    expect(r.mean.violation.macroF1Flagged).toBeGreaterThan(0.5);
    expect(r.mean.violation.auto.precision).toBeGreaterThanOrEqual(0);
    expect(r.mean.falseActionRateOnNone).toBeLessThanOrEqual(1);
    expect(r.mean.commentsPerSecond).toBeGreaterThan(0);
    expect(r.mean.classifier.auc).toBeGreaterThan(0.8);
  });

  it('names a missing data file instead of crashing', async () => {
    await expect(run(['classifier', 'train', '--data', join(tmp, 'yok.tsv'), '--out', join(tmp, 'x.json')])).rejects.toBeInstanceOf(CliError);
  });
});
