/**
 * The project's own judgment data (`rules/data/train/*.tsv`, `rules/data/dev/*.tsv`): one comment per
 * line with its categories, the directorate it belongs to and its priority.
 *
 * Header: `text	labels	directorate	priority`; labels comma-separated; `-` for "none" in the last two.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One labelled comment of the judgment data. */
export interface JudgmentRow {
  text: string;
  labels: string[];
  /** Directorate id for complaint/request rows, else null. */
  directorate: string | null;
  /** urgent | normal | low, or null. */
  priority: string | null;
  /** `file:line`, for error messages and reports. */
  source: string;
}

export const PRIORITIES = ['urgent', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Parses one judgment TSV. Throws (naming the line) on a bad header or priority. */
export function parseJudgmentTsv(content: string, source = 'tsv'): JudgmentRow[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const col = (name: string, required: boolean): number => {
    const i = header.indexOf(name);
    if (i < 0 && required) throw new Error(`${source}: başlıkta "${name}" sütunu yok (missing column)`);
    return i;
  };
  const ti = col('text', true);
  const li = col('labels', true);
  const di = col('directorate', false);
  const pi = col('priority', false);
  const rows: JudgmentRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const dash = (v: string | undefined): string | null => {
      const t = (v ?? '').trim();
      return t === '' || t === '-' ? null : t;
    };
    const priority = pi >= 0 ? dash(f[pi]) : null;
    if (priority !== null && !(PRIORITIES as readonly string[]).includes(priority)) {
      throw new Error(`${source}:${n + 1}: öncelik urgent, normal ya da low olmalı: "${priority}"`);
    }
    rows.push({
      text: f[ti] ?? '',
      labels: (f[li] ?? '')
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
      directorate: di >= 0 ? dash(f[di]) : null,
      priority,
      source: `${source}:${n + 1}`,
    });
  }
  return rows;
}

/** The `.tsv` files of `path` (a directory, sorted by name) or `path` itself. */
export function tsvFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => join(path, f));
}

/** Reads every judgment TSV under the given files or directories. */
export function readJudgment(paths: readonly string[]): JudgmentRow[] {
  return paths.flatMap(tsvFiles).flatMap((f) => parseJudgmentTsv(readFileSync(f, 'utf8'), f));
}
