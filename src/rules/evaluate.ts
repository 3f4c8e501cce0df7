/**
 * Scoring a rule set against labelled comments (the `bekci rules eval` contract).
 *
 * A row is a violation when its labels hold a moderation category or `violation`. Predicted
 * `auto` = hide/delete, `flagged` = hide/delete/review. Per-category figures use only rows without
 * the `violation` label (their category is unknown).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuleEngine } from './engine.js';
import { MODERATION_CATEGORIES, ROUTING_CATEGORIES, type Category, type Decision } from './types.js';

export interface EvalRow {
  text: string;
  labels: string[];
  directorate?: string;
  /** urgent | normal | low, when the data says. */
  priority?: string;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** The JSON printed by `bekci rules eval --json`. */
export interface EvalReport {
  rows: number;
  categories: Record<string, Prf & { support: number }>;
  violation: { auto: Prf; flagged: Prf; macroF1Flagged: number };
  falseActionRateOnNone: number;
  /** Share of `none` rows sent to human review (action `review`). */
  reviewRateOnNone: number;
  commentsPerSecond: number;
  /**
   * Only when rows carry a directorate and a `route` hook is given. `accuracy`: the router alone on
   * every labelled row; `endToEnd`: the row was filed as a complaint or request AND routed right
   * (what a ticket would get).
   */
  routing?: { rows: number; accuracy: number; endToEnd: number; perDirectorate: Record<string, { precision: number; recall: number; support: number }> };
  /**
   * Only when rows carry a priority and a `priority` hook is given: share of those rows whose ticket
   * would get that priority (no ticket counts as wrong), and precision/recall of `urgent`.
   */
  priority?: { rows: number; accuracy: number; urgent: Prf & { support: number } };
}

export interface EvalOptions {
  /** Called once per row, in order, with `{categories, action, directorate}`. */
  predictions?: (p: object) => void;
  /** Routing hook: the directorate for a comment, or null. */
  route?: (text: string, decision: Decision) => string | null;
  /** Priority hook: the priority of the ticket a decision opens, or null when it opens none. */
  priority?: (decision: Decision) => string | null;
}

export const ALL_LABELS = [...MODERATION_CATEGORIES, ...ROUTING_CATEGORIES, 'none', 'violation'] as const;
const MODERATION = new Set<string>(MODERATION_CATEGORIES);

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Evaluate every row with `engine` and compute the report. */
export function evaluateRows(engine: RuleEngine, rows: EvalRow[], opts: EvalOptions = {}): EvalReport {
  const cats: Category[] = [...MODERATION_CATEGORIES, ...ROUTING_CATEGORIES];
  const counts = new Map(cats.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const auto = { tp: 0, fp: 0, fn: 0 };
  const flag = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let none = 0;
  let noneActed = 0;
  let noneReviewed = 0;
  let routed = 0;
  let routedOk = 0;
  let routedEndToEnd = 0;
  let prioRows = 0;
  let prioOk = 0;
  const urgent = { tp: 0, fp: 0, fn: 0 };
  const perDir = new Map<string, { tp: number; fp: number; fn: number }>();
  const dirCount = (id: string) => perDir.get(id) ?? (perDir.set(id, { tp: 0, fp: 0, fn: 0 }), perDir.get(id)!);
  const t0 = process.hrtime.bigint();
  for (const row of rows) {
    const d = engine.evaluate({ text: row.text });
    const labels = new Set(row.labels);
    const isViolation = labels.has('violation') || row.labels.some((l) => MODERATION.has(l));
    const isAuto = d.action === 'hide' || d.action === 'delete';
    const isFlagged = isAuto || d.action === 'review';
    if (isAuto && isViolation) auto.tp++;
    else if (isAuto) auto.fp++;
    else if (isViolation) auto.fn++;
    if (isFlagged && isViolation) flag.tp++;
    else if (isFlagged) flag.fp++;
    else if (isViolation) flag.fn++;
    else flag.tn++;
    if (!labels.has('violation')) {
      for (const c of cats) {
        const gold = labels.has(c);
        const pred = d.categories.includes(c);
        const k = counts.get(c)!;
        if (gold && pred) k.tp++;
        else if (pred) k.fp++;
        else if (gold) k.fn++;
      }
    }
    if (labels.has('none')) {
      none++;
      if (isAuto) noneActed++;
      if (d.action === 'review') noneReviewed++;
    }
    const filed = d.categories.includes('complaint') || d.categories.includes('request');
    let directorate: string | null = null;
    if (opts.route) {
      directorate = opts.route(row.text, d);
      if (row.directorate) {
        routed++;
        if (directorate === row.directorate) {
          routedOk++;
          if (filed) routedEndToEnd++;
          dirCount(row.directorate).tp++;
        } else {
          dirCount(row.directorate).fn++;
          if (directorate) dirCount(directorate).fp++;
        }
      }
    }
    let priority: string | null = null;
    if (opts.priority) {
      priority = opts.priority(d);
      if (row.priority) {
        prioRows++;
        if (priority === row.priority) prioOk++;
      }
      const gold = row.priority === 'urgent';
      const pred = priority === 'urgent';
      if (gold && pred) urgent.tp++;
      else if (pred) urgent.fp++;
      else if (gold) urgent.fn++;
    }
    opts.predictions?.({ categories: d.categories, action: d.action, directorate, ...(opts.priority ? { priority } : {}) });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const categories: EvalReport['categories'] = {};
  for (const c of cats) {
    const k = counts.get(c)!;
    categories[c] = { ...prf(k.tp, k.fp, k.fn), support: k.tp + k.fn };
  }
  const flagged = prf(flag.tp, flag.fp, flag.fn);
  const negative = prf(flag.tn, flag.fn, flag.fp);
  const report: EvalReport = {
    rows: rows.length,
    categories,
    violation: { auto: prf(auto.tp, auto.fp, auto.fn), flagged, macroF1Flagged: round((flagged.f1 + negative.f1) / 2) },
    falseActionRateOnNone: none === 0 ? 0 : round(noneActed / none),
    reviewRateOnNone: none === 0 ? 0 : round(noneReviewed / none),
    commentsPerSecond: seconds > 0 ? Math.round(rows.length / seconds) : 0,
  };
  if (opts.route && routed > 0) {
    const perDirectorate: NonNullable<EvalReport['routing']>['perDirectorate'] = {};
    for (const [id, k] of [...perDir].sort(([a], [b]) => a.localeCompare(b))) {
      const { precision, recall } = prf(k.tp, k.fp, k.fn);
      perDirectorate[id] = { precision, recall, support: k.tp + k.fn };
    }
    report.routing = { rows: routed, accuracy: round(routedOk / routed), endToEnd: round(routedEndToEnd / routed), perDirectorate };
  }
  if (opts.priority && prioRows > 0) {
    report.priority = {
      rows: prioRows,
      accuracy: round(prioOk / prioRows),
      urgent: { ...prf(urgent.tp, urgent.fp, urgent.fn), support: urgent.tp + urgent.fn },
    };
  }
  return report;
}

/**
 * Read a TSV with a header row: `text` and `labels` columns (labels comma-separated), an optional
 * `directorate` column; other columns are ignored.
 */
export async function readEvalTsv(path: string): Promise<EvalRow[]> {
  return parseEvalTsv(await readFile(path, 'utf8'));
}

/**
 * Reads several TSV files and directories (every `*.tsv` inside, by name) into one row list.
 * Errors name the file.
 */
export async function readEvalPaths(paths: readonly string[]): Promise<EvalRow[]> {
  const files: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const names = (await readdir(p)).filter((f) => f.endsWith('.tsv')).sort();
      if (names.length === 0) throw new Error(`${p}: klasörde .tsv dosyası yok`);
      files.push(...names.map((n) => join(p, n)));
    } else files.push(p);
  }
  const rows: EvalRow[] = [];
  for (const f of files) {
    try {
      rows.push(...(await readEvalTsv(f)));
    } catch (e) {
      throw new Error(`${f}: ${(e as Error).message}`);
    }
  }
  return rows;
}

/** `readEvalTsv` on text already in memory. Throws (in Turkish) when a required column is missing. */
export function parseEvalTsv(content: string): EvalRow[] {
  const lines = content.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('text');
  const li = header.indexOf('labels');
  const di = header.indexOf('directorate');
  const pi = header.indexOf('priority');
  if (ti < 0 || li < 0) throw new Error('TSV başlığında "text" ve "labels" sütunları olmalı (header needs text and labels columns)');
  const rows: EvalRow[] = [];
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const cols = line.split('\t');
    const labels = (cols[li] ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const unknown = labels.filter((l) => !(ALL_LABELS as readonly string[]).includes(l));
    if (unknown.length) throw new Error(`bilinmeyen etiket (unknown label): ${unknown.join(', ')}`);
    const dir = di >= 0 ? (cols[di] ?? '').trim() : '';
    // '-' marks a row without a routing label: it is left out of the routing figures.
    const prio = pi >= 0 ? (cols[pi] ?? '').trim() : '';
    rows.push({ text: cols[ti] ?? '', labels, ...(dir && dir !== '-' ? { directorate: dir } : {}), ...(prio && prio !== '-' ? { priority: prio } : {}) });
  }
  return rows;
}
