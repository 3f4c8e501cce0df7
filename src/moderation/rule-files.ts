/**
 * Editing rule files from the console: a change is validated by loading the whole rule set with it
 * (in a copy of the rules folder) before the file in force is replaced; every saved version is kept
 * and audited; the running worker picks the file up through its watcher as with any edit on disk.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireCapability, type Actor } from '../access/authz.js';
import { audit } from '../audit/audit.js';
import { BekciError } from '../core/errors.js';
import type { Prisma } from '../db/index.js';
import type { PiiOptions } from '../pii/detect.js';
import { RuleEngine, RuleLoadError, formatIssue } from '../rules/engine.js';

/** A rule file name the console may edit: a YAML file directly in the rules folder. */
export function isRuleFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.ya?ml$/.test(name) && name !== 'routing.yaml';
}

export class RuleEditError extends BekciError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super('rules', message);
  }
}

/** Loads the rule set with `file` replaced by `content`, in a temporary copy of `dir`. */
export async function loadWithChange(dir: string, file: string, content: string, pii: PiiOptions): Promise<RuleEngine> {
  if (!isRuleFileName(file)) throw new RuleEditError(`Geçersiz kural dosyası adı: ${file}`);
  if (content.length > 200_000) throw new RuleEditError('Kural dosyası çok büyük (en çok 200 KB).');
  const copy = mkdtempSync(join(tmpdir(), 'bekci-rules-'));
  try {
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, file), content);
    try {
      return await RuleEngine.load(copy, { pii });
    } catch (e) {
      if (e instanceof RuleLoadError) {
        // Paths in the messages point at the temporary copy; show them relative to the rules folder.
        const issues = e.issues.map((i) => formatIssue(i).split(copy).join(''));
        throw new RuleEditError(`Kurallar bu değişiklikle yüklenemiyor (${issues.length} sorun); dosya kaydedilmedi.`, issues);
      }
      throw e;
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** One comment whose decision would differ under the edited rules. */
export interface DecisionChange {
  commentId: string;
  text: string;
  platform: string;
  before: { action: string; categories: string[] };
  after: { action: string; categories: string[] };
}

/**
 * "What would change": the current and the edited rule set over the last `limit` stored comments
 * (their stored, redacted text), listing the decisions that differ.
 */
export async function whatWouldChange(
  prisma: Prisma,
  current: RuleEngine,
  edited: RuleEngine,
  limit: number,
): Promise<{ compared: number; changes: DecisionChange[] }> {
  const rows = await prisma.comment.findMany({
    orderBy: { firstSeenAt: 'desc' },
    take: Math.min(Math.max(1, limit), 2000),
    select: { id: true, text: true, platform: true, authorIsOwner: true },
  });
  const changes: DecisionChange[] = [];
  for (const r of rows) {
    const input = { text: r.text, authorIsOwner: r.authorIsOwner };
    const a = current.evaluate(input);
    const b = edited.evaluate(input);
    const same = a.action === b.action && [...a.categories].sort().join() === [...b.categories].sort().join();
    if (!same)
      changes.push({
        commentId: r.id,
        text: r.text,
        platform: r.platform,
        before: { action: a.action, categories: a.categories },
        after: { action: b.action, categories: b.categories },
      });
  }
  return { compared: rows.length, changes };
}

/**
 * Saves a validated rule file: keeps the previous content as a version the first time, writes the
 * file atomically (temporary file + rename, so the watcher never sees half a file), records the new
 * version and audits the edit.
 */
export async function saveRuleFile(
  prisma: Prisma,
  actor: Actor,
  opts: { dir: string; file: string; content: string; pii: PiiOptions },
): Promise<{ version: number; ruleSet: string }> {
  requireCapability(actor, 'rules.edit');
  const engine = await loadWithChange(opts.dir, opts.file, opts.content, opts.pii);
  const path = join(opts.dir, opts.file);
  const previous = await readFile(path, 'utf8').catch(() => undefined);
  const last = await prisma.ruleFileVersion.findFirst({ where: { file: opts.file }, orderBy: { version: 'desc' } });
  let next = (last?.version ?? 0) + 1;
  if (!last && previous !== undefined) {
    await prisma.ruleFileVersion.create({ data: { file: opts.file, version: 1, content: previous, savedBy: 'önceki dosya' } });
    next = 2;
  }
  const tmp = `${path}.bekci-${process.pid}.tmp`;
  writeFileSync(tmp, opts.content);
  renameSync(tmp, path);
  await prisma.ruleFileVersion.create({ data: { file: opts.file, version: next, content: opts.content, ruleSet: engine.version, savedBy: actor.name } });
  await audit(prisma, {
    actor: actor.name,
    action: 'rules.edit',
    entityType: 'rule_file',
    entityId: opts.file,
    data: { version: next, ruleSet: engine.version, rules: engine.rules.length },
  });
  return { version: next, ruleSet: engine.version };
}
