/**
 * `bekci classifier train|cv`: trains the offensive-language model shipped in `rules/models/` and
 * cross-validates it, alone and inside the whole default rule pipeline.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  crossValidateClassifier,
  readOffensEvalTsv,
  saveModel,
  trainClassifier,
  type OffensEvalRow,
  type ScorerSummary,
  type ThresholdPoint,
} from '../classifier/index.js';
import { crossValidatePipeline, type PipelineCvResult } from '../rules/pipeline-cv.js';
import { CliError, type CliContext } from './context.js';

/** Project root (works from src/ under vitest and from dist/ once built). */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The training file, next to the project in the development setup. Users pass --data. */
export const DEFAULT_TRAIN_DATA = resolve(PROJECT_ROOT, '../shared/data/offenseval-tr/train.tsv');
export const MODEL_FILE_NAME = 'offensive-tr.json';

function positiveInt(name: string, min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new CliError(`${name} en az ${min} olan bir tam sayı olmalı: ${v}`, 2);
    return n;
  };
}

function readRows(path: string): OffensEvalRow[] {
  if (!existsSync(path)) {
    throw new CliError(`Eğitim verisi bulunamadı: ${path}\n(OffensEval 2020 Türkçe train.tsv dosyasını --data ile verin)`, 2);
  }
  try {
    return readOffensEvalTsv(path);
  } catch (e) {
    throw new CliError(`Eğitim verisi okunamadı: ${(e as Error).message}`, 2);
  }
}

const pct = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : '-');
const pointText = (p: ThresholdPoint | null): string =>
  p ? `eşik ${p.threshold.toFixed(3)}: kesinlik ${pct(p.precision)}, duyarlılık ${pct(p.recall)}, makro-F1 ${pct(p.macroF1)}` : 'yok';

function summaryJson(s: ScorerSummary): Record<string, unknown> {
  const pt = (p: ThresholdPoint | null): Record<string, number> | null =>
    p ? { threshold: p.threshold, precision: p.precision, recall: p.recall, f1: p.f1, macroF1: p.macroF1 } : null;
  return { auc: s.auc, best: pt(s.best), precision90: pt(s.precision90) };
}

/** Registers `classifier train` and `classifier cv`. */
export function registerClassifierCommands(program: Command, ctx: CliContext): void {
  const group = program.command('classifier').description('saldırgan dil sınıflandırıcısı (offensive-language classifier)');

  group
    .command('train')
    .description('modeli OffensEval-TR eğitim verisinden yeniden üretir (aynı veri ve tohum → aynı dosya)')
    .option('--data <file>', 'eğitim verisi (TSV: id, tweet, subtask_a, troff_label)', DEFAULT_TRAIN_DATA)
    .option('--out <file>', `model dosyası (varsayılan: <rules.dir>/models/${MODEL_FILE_NAME})`)
    .option('--seed <n>', 'karıştırma tohumu', positiveInt('--seed', 0), 1)
    .action((opts: { data: string; out?: string; seed: number }) => {
      const data = resolve(opts.data);
      const out = resolve(opts.out ?? resolve(ctx.config().rules.dir, 'models', MODEL_FILE_NAME));
      const rows = readRows(data);
      const started = performance.now();
      const model = trainClassifier(rows, { seed: opts.seed, source: 'OffensEval 2020 Turkish train.tsv (subtask_a)' });
      saveModel(model, out);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      const kb = Math.round(statSync(out).size / 1024);
      ctx.out(`Model eğitildi: ${rows.length} satır (${model.meta.positives} OFF), ${secs} sn, tohum ${opts.seed}`);
      const shown = relative(process.cwd(), out);
      ctx.out(`Yazıldı: ${shown && !shown.startsWith('..') ? shown : out} (${kb} KB)`);
    });

  group
    .command('cv')
    .description('k-katlı çapraz doğrulama: her katta sınıflandırıcıyı diğer katlarla eğitir, tüm kural hattını değerlendirir')
    .option('--data <file>', 'eğitim verisi (TSV)', DEFAULT_TRAIN_DATA)
    .option('--folds <n>', 'kat sayısı', positiveInt('--folds', 2), 5)
    .option('--rules <dir>', 'kural dizini (varsayılan: yapılandırmadaki rules.dir)')
    .option('--seed <n>', 'kat ve karıştırma tohumu', positiveInt('--seed', 0), 1)
    .option('--classifier-only', 'yalnızca sınıflandırıcıyı değerlendir (kurallar olmadan)')
    .option('--json', 'sonucu JSON olarak yaz')
    .action(
      async (opts: { data: string; folds: number; rules?: string; seed: number; classifierOnly?: boolean; json?: boolean }) => {
        const rows = readRows(resolve(opts.data));
        if (opts.classifierOnly) {
          const r = crossValidateClassifier(rows, opts.folds, { seed: opts.seed });
          if (opts.json) {
            ctx.out(JSON.stringify({ folds: r.folds.map((f) => ({ fold: f.fold, rows: f.rows, ...summaryJson(f) })), pooled: summaryJson(r.pooled) }, null, 2));
            return;
          }
          for (const f of r.folds) ctx.out(`Kat ${f.fold + 1} (${f.rows} satır): AUC ${pct(f.auc)}; en iyi ${pointText(f.best)}`);
          ctx.out(`Tümü: AUC ${pct(r.pooled.auc)}; en iyi ${pointText(r.pooled.best)}`);
          ctx.out(`Kesinlik ≥ 0.90 için: ${pointText(r.pooled.precision90)}`);
          return;
        }
        const rulesDir = resolve(opts.rules ?? ctx.config().rules.dir);
        const result = await crossValidatePipeline(rows, {
          folds: opts.folds,
          seed: opts.seed,
          rulesDir,
          onFold: (f) => ctx.err(`kat ${f.fold + 1}/${opts.folds} tamam`),
        });
        if (opts.json) ctx.out(JSON.stringify(result, null, 2));
        else printPipeline(ctx, result);
      },
    );
}

function printPipeline(ctx: CliContext, r: PipelineCvResult): void {
  const line = (label: string, e: PipelineCvResult['mean']): string =>
    `${label}: makroF1(işaretli) ${pct(e.violation.macroF1Flagged)}, otomatik kesinlik ${pct(e.violation.auto.precision)}, ` +
    `otomatik duyarlılık ${pct(e.violation.auto.recall)}, temizde yanlış işlem ${pct(e.falseActionRateOnNone)}, ` +
    `${Math.round(e.commentsPerSecond)} yorum/sn; sınıflandırıcı AUC ${pct(e.classifier.auc)}`;
  for (const f of r.folds) ctx.out(line(`Kat ${f.fold + 1}`, f));
  ctx.out(line('Ortalama', r.mean));
  ctx.out(`Sınıflandırıcı (katlar birleşik): AUC ${pct(r.pooled.auc)}; en iyi ${pointText(r.pooled.best)}`);
  ctx.out(`Kesinlik ≥ 0.90 için: ${pointText(r.pooled.precision90)}`);
}
