/**
 * `bekci rules check | explain | eval | bench`: the rule engine on the command line.
 * Each command is also exported as a function taking the CLI context, for tests and scripts.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { PII_LABELS, PII_TAGS } from '../pii/redact.js';
import type { PiiOptions } from '../pii/detect.js';
import { RuleEngine } from '../rules/engine.js';
import { evaluateRows, readEvalPaths, type EvalReport } from '../rules/evaluate.js';
import { ACTION_LABELS, CATEGORY_LABELS } from '../rules/reason.js';
import type { Decision } from '../rules/types.js';
import { evalPrediction, evalRouter, routeForEval } from '../routing/index.js';
import { decisionPriority } from '../routing/priority.js';
import { CliError, type CliContext } from './context.js';
import { loadHarness, type Harness } from './harness.js';

type BenchReport = ReturnType<Harness['benchEngine']>;

/** Where the rules live and how personal data is recognised, from the configuration. */
async function settings(ctx: CliContext, rulesDir?: string): Promise<{ dir: string; pii: PiiOptions }> {
  const c = await ctx.config();
  return {
    dir: rulesDir ?? c.rules.dir,
    pii: {
      institutionalDomains: c.university.domains,
      institutionalPhones: c.university.phones,
      studentNumberPattern: c.privacy.studentNumberPattern,
    },
  };
}

async function loadEngine(ctx: CliContext, rulesDir?: string): Promise<RuleEngine> {
  const s = await settings(ctx, rulesDir);
  return RuleEngine.load(s.dir, { pii: s.pii });
}

/** `rules check`: validate; prints a summary, or throws CliError (exit 1) with file:line:column lines. */
export async function rulesCheck(ctx: CliContext, opts: { rules?: string } = {}): Promise<RuleEngine> {
  const engine = await loadEngine(ctx, opts.rules);
  ctx.out(
    `Kurallar geçerli: ${engine.rules.length} kural, sürüm ${engine.version}` + (engine.modelNames.length ? `, modeller: ${engine.modelNames.join(', ')}` : ''),
  );
  return engine;
}

/** Turkish, human-readable explanation of a decision (personal data shown as tags only). */
export function formatDecision(text: string, d: Decision): string {
  const lines: string[] = [];
  lines.push(`Karar: ${ACTION_LABELS[d.action]} (${d.action})`);
  lines.push(`Kategoriler: ${d.categories.length ? d.categories.map((c) => `${CATEGORY_LABELS[c]} (${c})`).join(', ') : '—'}`);
  if (d.matches.length === 0) lines.push('Eşleşen kural yok.');
  else lines.push('Eşleşen kurallar (uygulanma sırasıyla):');
  for (const m of d.matches) {
    lines.push(`  • ${m.ruleId} [${ACTION_LABELS[m.action]}, öncelik ${m.priority}]: ${m.reason}`);
    for (const s of m.spans) {
      const pii = d.pii.find((p) => p.start === s.start && p.end === s.end);
      const shown = pii ? PII_TAGS[pii.type] : `«${text.slice(s.start, s.end)}»`;
      lines.push(`      konum ${s.start}–${s.end}: ${shown}`);
    }
  }
  const scores = Object.entries(d.scores);
  if (scores.length) lines.push(`Sınıflandırıcı puanları: ${scores.map(([k, v]) => `${k}=${v.toFixed(3)}`).join(', ')}`);
  if (d.pii.length) {
    lines.push(
      `Kişisel veri: ${d.pii.map((p) => `${PII_LABELS[p.type]} (${p.validated ? 'doğrulanmış' : `yalnız biçim, güven ${p.confidence}`})`).join(', ')}`,
    );
    lines.push(`Maskelenmiş metin: ${d.redactedText}`);
  }
  lines.push(`Kural seti sürümü: ${d.ruleSetVersion}`);
  return lines.join('\n');
}

/** `rules explain TEXT`: the decision and why. */
export async function rulesExplain(ctx: CliContext, text: string, opts: { rules?: string; json?: boolean } = {}): Promise<Decision> {
  const engine = await loadEngine(ctx, opts.rules);
  const d = engine.evaluate({ text });
  ctx.out(opts.json ? JSON.stringify(d, null, 2) : formatDecision(text, d));
  return d;
}

type Prediction = { categories: string[]; directorate: string | null };

function loadEvalRouter(ctx: CliContext): ReturnType<typeof evalRouter> {
  return evalRouter(ctx.config());
}

/** The priority the worker would give what a decision leads to (see decisionPriority). */
export function evalPriority(d: Decision): string | null {
  return decisionPriority(
    d.categories,
    d.redactedText,
    d.matches.map((m) => m.ruleId),
  );
}

/** `rules eval FILE.tsv|DIR...`: precision/recall against labelled rows (several files or directories). */
export async function rulesEval(
  ctx: CliContext,
  file: string | string[],
  opts: { rules?: string; json?: boolean; predictions?: string } = {},
): Promise<EvalReport> {
  const engine = await loadEngine(ctx, opts.rules);
  let rows;
  try {
    rows = await readEvalPaths(Array.isArray(file) ? file : [file]);
  } catch (e) {
    throw new CliError(`Değerlendirme dosyası okunamadı: ${(e as Error).message}`, 2);
  }
  const out = opts.predictions ? createWriteStream(opts.predictions) : null;
  // The router is always loaded: predictions name the directorate of every complaint or request.
  // Rows with a directorate label are routed whatever the rules decided (see routeForEval).
  const router = loadEvalRouter(ctx);
  const route = router ? routeForEval(router, { labelled: rows.flatMap((r) => (r.directorate ? [r.text] : [])) }) : undefined;
  const write = (p: object): void => void out?.write(JSON.stringify(evalPrediction(p as Prediction)) + '\n');
  const report = evaluateRows(engine, rows, { ...(out ? { predictions: write } : {}), ...(route ? { route } : {}), priority: evalPriority });
  if (out) await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  if (opts.json) ctx.out(JSON.stringify(report));
  else ctx.out(formatReport(report));
  return report;
}

function pct(x: number): string {
  return (x * 100).toFixed(1) + '%';
}

function formatReport(r: EvalReport): string {
  const v = r.violation;
  const lines = [
    `Satır: ${r.rows}`,
    `İhlal — otomatik (gizle/sil): kesinlik ${pct(v.auto.precision)}, duyarlılık ${pct(v.auto.recall)}, F1 ${v.auto.f1}`,
    `İhlal — işaretlenen (+inceleme): kesinlik ${pct(v.flagged.precision)}, duyarlılık ${pct(v.flagged.recall)}, F1 ${v.flagged.f1}`,
    `Makro F1 (işaretlenen): ${v.macroF1Flagged}`,
    `Temiz yorumlarda yanlış işlem (gizle/sil) oranı: ${pct(r.falseActionRateOnNone)}`,
    `Temiz yorumlarda incelemeye gönderme oranı: ${pct(r.reviewRateOnNone)}`,
    'Kategoriler:',
  ];
  for (const [c, m] of Object.entries(r.categories)) {
    if (m.support === 0 && m.precision === 0) continue;
    const name = CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS] ?? c;
    lines.push(`  ${name} (${c}): kesinlik ${pct(m.precision)}, duyarlılık ${pct(m.recall)}, F1 ${m.f1}, destek ${m.support}`);
  }
  if (r.routing) {
    lines.push(`Yönlendirme (uçtan uca: şikayet/talep olarak alındı ve doğru birime gitti): ${pct(r.routing.endToEnd)} (${r.routing.rows} satır)`);
    lines.push(`Yönlendirme (yalnız birim seçimi): ${pct(r.routing.accuracy)}`);
  }
  if (r.priority) {
    const u = r.priority.urgent;
    lines.push(
      `Öncelik doğruluğu: ${pct(r.priority.accuracy)} (${r.priority.rows} satır); acil: kesinlik ${pct(u.precision)}, duyarlılık ${pct(u.recall)}, destek ${u.support}`,
    );
  }
  lines.push(`Hız: saniyede ${r.commentsPerSecond} yorum`);
  return lines.join('\n');
}

/** The shared OffensEval training tweets, when the checkout sits beside the shared folder. */
export function defaultBenchData(): string {
  return fileURLToPath(new URL('../../../shared/data/offenseval-tr/train.tsv', import.meta.url));
}

/** `rules bench`: throughput of the default rules and classifier, beside a normalise-only baseline. */
export async function rulesBench(
  ctx: CliContext,
  opts: { rules?: string; json?: boolean; data?: string; ms?: number } = {},
): Promise<BenchReport & { corpus: string; texts: number }> {
  const { benchEngine, builtinCorpus, textsFromTsv } = await loadHarness();
  const engine = await loadEngine(ctx, opts.rules);
  const dataPath = opts.data ?? defaultBenchData();
  let texts: string[];
  let corpus: string;
  if (opts.data || existsSync(dataPath)) {
    try {
      texts = textsFromTsv(await readFile(dataPath, 'utf8'));
    } catch (e) {
      throw new CliError(`Veri dosyası okunamadı: ${(e as Error).message}`, 2);
    }
    corpus = dataPath;
  } else {
    texts = builtinCorpus();
    corpus = 'yerleşik derlem (built-in)';
  }
  const report = benchEngine(engine, texts, opts.ms ?? 1500);
  if (opts.json) ctx.out(JSON.stringify(report));
  else
    ctx.out(
      [
        `Derlem: ${corpus} (${texts.length} metin)`,
        `Kurallar + sınıflandırıcı: saniyede ${report.commentsPerSecond} yorum (p99 ${report.p99Micros} µs)`,
        `Taban çizgisi (yalnız normalleştirme): saniyede ${report.baselineCommentsPerSecond} yorum`,
        `Oran: ${report.ratio}×, bellek: ${report.rssMB} MB`,
      ].join('\n'),
    );
  return { ...report, corpus, texts: texts.length };
}

/** Register `rules check|explain|eval|bench` on `program`. */
export function registerRulesCommands(program: Command, ctx: CliContext): void {
  const rules = program.command('rules').description('Moderasyon kuralları: doğrula, açıkla, değerlendir, ölç');
  rules
    .command('check')
    .description('Kural dosyalarını doğrula (hatalar dosya:satır:sütun biçiminde)')
    .option('--rules <dir>', 'kural klasörü')
    .action(async (o: { rules?: string }) => void (await rulesCheck(ctx, o)));
  rules
    .command('explain')
    .description('Bir metin için kararı ve gerekçesini göster')
    .argument('<text>', 'yorum metni')
    .option('--rules <dir>', 'kural klasörü')
    .option('--json', 'JSON çıktı')
    .action(async (text: string, o: { rules?: string; json?: boolean }) => void (await rulesExplain(ctx, text, o)));
  rules
    .command('eval')
    .description('Etiketli TSV üzerinde kesinlik/duyarlılık ölç (sütunlar: text, labels; isteğe bağlı directorate, priority)')
    .argument('<files...>', 'TSV dosyaları ya da klasörler (içindeki tüm .tsv dosyaları)')
    .option('--rules <dir>', 'kural klasörü')
    .option('--json', 'JSON çıktı')
    .option('--predictions <out>', 'her satırın tahminini JSONL olarak yaz')
    .action(async (files: string[], o: { rules?: string; json?: boolean; predictions?: string }) => void (await rulesEval(ctx, files, o)));
  rules
    .command('bench')
    .description('Tek çekirdekte hız ölçümü (kurallar + sınıflandırıcı, normalleştirme tabanına karşı)')
    .option('--rules <dir>', 'kural klasörü')
    .option('--data <file>', 'metin verisi (TSV: tweet ya da text sütunu)')
    .option('--json', 'JSON çıktı')
    .action(async (o: { rules?: string; json?: boolean; data?: string }) => void (await rulesBench(ctx, o)));
}
