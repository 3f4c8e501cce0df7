/**
 * Reading rule files with source positions: YAML syntax errors and schema errors are reported as
 * `file:line:column: message`, pointing at the offending key or value.
 */
import { BekciError } from '../core/errors.js';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, Scalar, type Document } from 'yaml';
import type { z } from 'zod';
import { RuleFileSchema, type RuleFileInput } from './schema.js';

import type { PathKey, RuleIssue } from './issues.js';

export type { PathKey, RuleIssue } from './issues.js';

/** Thrown by `RuleEngine.load` when any rule file is invalid; carries every issue found. */
export class RuleLoadError extends BekciError {
  constructor(readonly issues: RuleIssue[]) {
    super('rules', issues.map(formatIssue).join('\n'));
    this.name = 'RuleLoadError';
  }
}

export function formatIssue(i: RuleIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.message}`;
}

/** A rule file that passed the schema, with a way to point at any of its nodes. */
export interface ParsedRuleFile {
  name: string;
  path: string;
  source: string;
  data: RuleFileInput;
  issueAt(path: PathKey[], message: string): RuleIssue;
  /** An issue at character `index` of the string value at `path` (its node start when unmappable). */
  issueInScalar(path: PathKey[], index: number, message: string): RuleIssue;
}

/** Files in the rules directory that are not rule files (owned by other modules). */
export const NON_RULE_FILES = new Set(['routing.yaml', 'routing.yml']);

/** Rule file names in load order (sorted by name). */
export async function listRuleFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => /\.ya?ml$/i.test(n) && !NON_RULE_FILES.has(n.toLowerCase())).sort();
}

/** Parse and validate one file's text. Returns the file or the issues found. */
export function parseRuleSource(name: string, path: string, source: string): { file?: ParsedRuleFile; issues: RuleIssue[] } {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number, message: string): RuleIssue => {
    const p = lc.linePos(offset);
    return { file: name, line: p.line, column: p.col, message };
  };
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => at(e.pos[0], `YAML sözdizimi hatası (syntax error): ${e.message.split('\n')[0]}`)) };
  }
  const issueAt = (path: PathKey[], message: string): RuleIssue => at(offsetOf(doc, path), message);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    // Only an alias expansion past the limit fails here (a "billion laughs" document).
    return { issues: [at(0, 'çok fazla takma ad (alias) genişlemesi: dosya reddedildi (too many alias expansions)')] };
  }
  const parsed = RuleFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => toIssue(doc, i, issueAt, at)) };
  }
  const issueInScalar = (path: PathKey[], index: number, message: string): RuleIssue => {
    const node = doc.getIn(path, true);
    const offset = isScalar(node) && node.range ? scalarOffset(source, node.range[0], node.type, index) : offsetOf(doc, path);
    return at(offset, message);
  };
  return { file: { name, path, source, data: parsed.data, issueAt, issueInScalar }, issues: [] };
}

/** Read every rule file of `dir`; unreadable files become issues too. */
export async function readRuleDir(dir: string): Promise<{ files: ParsedRuleFile[]; issues: RuleIssue[] }> {
  const files: ParsedRuleFile[] = [];
  const issues: RuleIssue[] = [];
  let names: string[];
  try {
    names = await listRuleFiles(dir);
  } catch (e) {
    return { files, issues: [{ file: dir, line: 1, column: 1, message: `kural klasörü okunamadı (cannot read rules dir): ${(e as Error).message}` }] };
  }
  for (const name of names) {
    const path = join(dir, name);
    const source = await readFile(path, 'utf8');
    const res = parseRuleSource(name, path, source);
    issues.push(...res.issues);
    if (res.file) files.push(res.file);
  }
  return { files, issues };
}

/**
 * Source offset of character `index` of a one-line scalar's value. Plain and single-quoted scalars
 * map exactly (`''` is one character); double-quoted ones count each escape as one character;
 * block scalars point at their start.
 */
function scalarOffset(source: string, start: number, type: Scalar['type'], index: number): number {
  if (type === Scalar.PLAIN) return start + index;
  if (type !== Scalar.QUOTE_SINGLE && type !== Scalar.QUOTE_DOUBLE) return start;
  let pos = start + 1;
  for (let n = 0; n < index && pos < source.length; n++) {
    const ch = source[pos];
    if (ch === '\n') return start;
    if (type === Scalar.QUOTE_SINGLE) pos += ch === "'" ? 2 : 1;
    else if (ch !== '\\') pos += 1;
    else {
      const e = source[pos + 1];
      pos += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
    }
  }
  return pos;
}

/** Offset of the deepest existing node along `path` (a missing key points at its parent). */
function offsetOf(doc: Document, path: PathKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyOffset(doc: Document, path: PathKey[], key: string): number | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isNode(pair.key) && (pair.key as { value?: unknown }).value === key && pair.key.range) return pair.key.range[0];
  }
  return undefined;
}

function toIssue(doc: Document, issue: z.core.$ZodIssue, issueAt: ParsedRuleFile['issueAt'], at: (offset: number, message: string) => RuleIssue): RuleIssue {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const msg = `bilinmeyen anahtar "${issue.keys.join('", "')}" (unknown key)`;
    const off = keyOffset(doc, path, issue.keys[0] ?? '');
    return off === undefined ? issueAt(path, msg) : at(off, msg);
  }
  return issueAt(path, `${path.join('.') || '(kök)'}: ${turkishMessage(issue)}`);
}

function turkishMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `beklenen tür: ${issue.expected} (expected ${issue.expected})`;
    case 'invalid_value':
      return `geçersiz değer; izin verilenler: ${issue.values.map(String).join(', ')} (invalid value)`;
    case 'too_small':
      return `çok kısa/küçük (too small): ${issue.message}`;
    case 'too_big':
      return `çok uzun/büyük (too big): ${issue.message}`;
    default:
      return issue.message;
  }
}
