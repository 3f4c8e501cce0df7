/**
 * Reader for the OffensEval 2020 Turkish training file (columns `id, tweet, subtask_a, troff_label`).
 */
import { readFileSync } from 'node:fs';

/** One labelled tweet. `label` is 1 for OFF, 0 for NOT. */
export interface OffensEvalRow {
  id: string;
  text: string;
  label: 0 | 1;
  /** Finer TROFF label (`non`, `prof`, `ind`, `grp`, `oth`) or '' when unknown. */
  troff: string;
}

/**
 * Parses the TSV (header required; tweets never contain tabs or newlines in this corpus).
 * Throws on a missing column or an unknown `subtask_a` value, naming the line.
 */
export function parseOffensEvalTsv(content: string, source = 'tsv'): OffensEvalRow[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${source}: column "${name}" missing from header`);
    return i;
  };
  const iId = col('id');
  const iText = col('tweet');
  const iLabel = col('subtask_a');
  const iTroff = header.indexOf('troff_label');
  const rows: OffensEvalRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const raw = f[iLabel];
    if (raw !== 'OFF' && raw !== 'NOT') throw new Error(`${source}:${n + 1}: subtask_a must be OFF or NOT, got "${raw}"`);
    rows.push({
      id: f[iId] ?? String(n),
      text: f[iText] ?? '',
      label: raw === 'OFF' ? 1 : 0,
      troff: iTroff >= 0 ? (f[iTroff] ?? '') : '',
    });
  }
  return rows;
}

/** Reads and parses an OffensEval-format TSV file. */
export function readOffensEvalTsv(path: string): OffensEvalRow[] {
  return parseOffensEvalTsv(readFileSync(path, 'utf8'), path);
}
