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
  OFFENSIVE_TRAIN_OPTIONS,
  readOffensEvalTsv,
  saveModel,
  trainClassifier,
  type OffensEvalRow,
  type ScorerSummary,
  type ThresholdPoint,
} from '../classifier/index.js';
import { crossValidatePipeline, type PipelineCvResult } from '../rules/pipeline-cv.js';
import { readJudgment, type JudgmentRow } from '../classifier/judgment.js';
import { crossValidateJudgment } from '../routing/judgment-cv.js';
import { ROUTING_MIN_CONFIDENCE } from '../routing/router.js';
import type { EvalReport } from '../rules/evaluate.js';
import { evalPriority } from './rules.js';
import {
  DIRECTORATE_FILE_NAME,
  headFileName,
  offensiveExtraRows,
  trainableCategories,
  trainDirectorateModel,
  trainHead,
  type DirectorateSeed,
} from '../classifier/heads.js';
import { saveMultiModel } from '../classifier/multi.js';
import { readRoutingFile } from '../routing/file.js';
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

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function readJudgmentOrFail(dir: string): JudgmentRow[] {
  try {
    return readJudgment([dir]);
  } catch (e) {
    throw new CliError(`Eğitim verisi okunamadı: ${(e as Error).message}`, 2);
  }
}

/** Confidence thresholds of the router swept by `classifier cv --judgment` (routing.minConfidence is chosen here). */
const ROUTING_SWEEP = [0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45] as const;

/** Trains every judgment head with enough data and the directorate model, and writes them to `modelsDir`. */
function trainJudgmentModels(ctx: CliContext, rows: JudgmentRow[], o: { modelsDir: string; routingFile: string; seed: number }): void {
  for (const category of trainableCategories(rows)) {
    const model = trainHead(rows, category, o.seed);
    const file = resolve(o.modelsDir, headFileName(category));
    saveModel(model, file);
    ctx.out(`Başlık "${category}": ${model.meta.rows} satır (${model.meta.positives} olumlu) → ${shown(file)}`);
  }
  let seeds: DirectorateSeed[] = [];
  try {
    seeds = readRoutingFile(o.routingFile).directorates;
  } catch (e) {
    throw new CliError((e as Error).message, 2);
  }
  const dir = trainDirectorateModel(rows, seeds, o.seed);
  const file = resolve(o.modelsDir, DIRECTORATE_FILE_NAME);
  saveMultiModel(dir, file);
  ctx.out(`Birim modeli: ${dir.heads.length} birim, ${dir.meta.rows} örnek → ${shown(file)}`);
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
    .description(
      'modelleri yeniden üretir: şikayet/talep/… başlıkları ve birim modeli (rules/data/train), saldırgan dil modeli (OffensEval); aynı veri ve tohum → aynı dosyalar',
    )
    .option('--data <file>', 'OffensEval eğitim verisi (TSV: id, tweet, subtask_a, troff_label); yoksa saldırgan dil modeli atlanır', DEFAULT_TRAIN_DATA)
    .option('--judgment <dir>', 'projenin etiketli eğitim verisi (varsayılan: <rules.dir>/data/train)')
    .option('--out <file>', 'yalnız saldırgan dil modelini bu dosyaya yaz (başlıklar eğitilmez)')
    .option('--models <dir>', 'model klasörü (varsayılan: <rules.dir>/models)')
    .option('--only <what>', 'yalnız biri: offensive | heads')
    .option('--seed <n>', 'karıştırma tohumu', positiveInt('--seed', 0), 1)
    .action((opts: { data: string; judgment?: string; out?: string; models?: string; only?: string; seed: number }) => {
      if (opts.only && opts.only !== 'offensive' && opts.only !== 'heads') throw new CliError(`--only offensive ya da heads olmalı: ${opts.only}`, 2);
      const only = opts.only ?? (opts.out ? 'offensive' : undefined);
      const config = ctx.config();
      const rulesDir = resolve(config.rules.dir);
      const modelsDir = resolve(opts.models ?? resolve(rulesDir, 'models'));
      const judgmentDir = resolve(opts.judgment ?? resolve(rulesDir, 'data', 'train'));
      const judgment = existsSync(judgmentDir) ? readJudgmentOrFail(judgmentDir) : [];
      if (only !== 'offensive') {
        if (judgment.length === 0) throw new CliError(`Eğitim verisi bulunamadı: ${judgmentDir}`, 2);
        const routingFile = resolve(config.routing?.file ?? resolve(rulesDir, 'routing.yaml'));
        trainJudgmentModels(ctx, judgment, { modelsDir, routingFile, seed: opts.seed });
      }
      if (only === 'heads') return;
      const data = resolve(opts.data);
      if (!existsSync(data) && only !== 'offensive' && opts.data === DEFAULT_TRAIN_DATA) {
        ctx.out(`OffensEval verisi yok (${data}); saldırgan dil modeli değiştirilmedi.`);
        return;
      }
      const out = resolve(opts.out ?? resolve(modelsDir, MODEL_FILE_NAME));
      const rows = readRows(data);
      const extra = offensiveExtraRows(judgment);
      const started = performance.now();
      const model = trainClassifier([...rows, ...extra], {
        ...OFFENSIVE_TRAIN_OPTIONS,
        seed: opts.seed,
        source: `OffensEval 2020 Turkish train.tsv (subtask_a) + ${extra.length} rows of rules/data/train`,
      });
      saveModel(model, out);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      const kb = Math.round(statSync(out).size / 1024);
      ctx.out(
        `Model eğitildi: ${rows.length} satır (${model.meta.positives} OFF) + ${extra.length} proje satırı (zararsız grup anmaları), ${secs} sn, tohum ${opts.seed}`,
      );
      ctx.out(`Yazıldı: ${shown(out)} (${kb} KB)`);
    });

  group
    .command('cv')
    .description('k-katlı çapraz doğrulama: her katta sınıflandırıcıyı diğer katlarla eğitir, tüm kural hattını değerlendirir')
    .option('--data <file>', 'eğitim verisi (TSV)', DEFAULT_TRAIN_DATA)
    .option('--folds <n>', 'kat sayısı', positiveInt('--folds', 2), 5)
    .option('--rules <dir>', 'kural dizini (varsayılan: yapılandırmadaki rules.dir)')
    .option('--seed <n>', 'kat ve karıştırma tohumu', positiveInt('--seed', 0), 1)
    .option('--classifier-only', 'yalnızca sınıflandırıcıyı değerlendir (kurallar olmadan)')
    .option('--without-judgment', 'katlara projenin cümlelerini ekleme (yalnız OffensEval)')
    .option(
      '--judgment [dir]',
      'OffensEval yerine projenin eğitim verisi (varsayılan <rules.dir>/data/train): başlıklar her katta yeniden eğitilir, tüm kurallar değerlendirilir',
    )
    .option('--json', 'sonucu JSON olarak yaz')
    .action(
      async (opts: {
        data: string;
        folds: number;
        rules?: string;
        seed: number;
        classifierOnly?: boolean;
        judgment?: string | boolean;
        withoutJudgment?: boolean;
        json?: boolean;
      }) => {
        if (opts.judgment) {
          const rulesDir = resolve(opts.rules ?? ctx.config().rules.dir);
          const dir = resolve(typeof opts.judgment === 'string' ? opts.judgment : resolve(rulesDir, 'data', 'train'));
          const rows = readJudgmentOrFail(dir);
          const config = ctx.config();
          const routingFile = resolve(config.routing?.file ?? resolve(rulesDir, 'routing.yaml'));
          const r = await crossValidateJudgment(rows, {
            folds: opts.folds,
            seed: opts.seed,
            rulesDir,
            eval: { priority: evalPriority },
            ...(existsSync(routingFile)
              ? { routing: { file: routingFile, minConfidence: config.routing?.minConfidence ?? ROUTING_MIN_CONFIDENCE, thresholds: ROUTING_SWEEP } }
              : {}),
            onFold: (f) => ctx.err(`kat ${f + 1}/${opts.folds} tamam`),
          });
          if (opts.json) ctx.out(JSON.stringify(r, null, 2));
          else {
            printJudgment(ctx, r.mean);
            if (r.routingThresholds?.length)
              ctx.out(
                `Yönlendirme güven eşiği (altı ön değerlendirmeye): ${r.routingThresholds.map((t) => `${t.minConfidence} → ${pct(t.accuracy)}`).join(', ')}`,
              );
          }
          return;
        }
        const rows = readRows(resolve(opts.data));
        if (opts.classifierOnly) {
          const r = crossValidateClassifier(rows, opts.folds, { ...OFFENSIVE_TRAIN_OPTIONS, seed: opts.seed });
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
        // The shipped model is trained with the project's own sentences too (harmless group mentions,
        // thanks, complaints as negatives; insults, hate, harassment as positives): so is every fold.
        const judgmentDir = resolve(rulesDir, 'data', 'train');
        const extra = opts.withoutJudgment || !existsSync(judgmentDir) ? [] : offensiveExtraRows(readJudgmentOrFail(judgmentDir));
        const result = await crossValidatePipeline(rows, {
          folds: opts.folds,
          seed: opts.seed,
          rulesDir,
          extra,
          train: OFFENSIVE_TRAIN_OPTIONS,
          onFold: (f) => ctx.err(`kat ${f.fold + 1}/${opts.folds} tamam`),
        });
        if (opts.json) ctx.out(JSON.stringify(result, null, 2));
        else printPipeline(ctx, result);
      },
    );
}

function printJudgment(ctx: CliContext, m: EvalReport): void {
  ctx.out(`Katların ortalaması (${m.rows} satır/kat):`);
  for (const [c, v] of Object.entries(m.categories)) {
    if (v.support === 0) continue;
    ctx.out(`  ${c}: kesinlik ${pct(v.precision)}, duyarlılık ${pct(v.recall)}, F1 ${pct(v.f1)}`);
  }
  ctx.out(`Temiz yorumlarda gizleme ${pct(m.falseActionRateOnNone)}, inceleme ${pct(m.reviewRateOnNone)}`);
  if (m.routing) ctx.out(`Yönlendirme: uçtan uca ${pct(m.routing.endToEnd)}, yalnız birim seçimi ${pct(m.routing.accuracy)}`);
  if (m.priority)
    ctx.out(`Öncelik doğruluğu ${pct(m.priority.accuracy)}; acil: kesinlik ${pct(m.priority.urgent.precision)}, duyarlılık ${pct(m.priority.urgent.recall)}`);
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
