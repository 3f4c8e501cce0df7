import { BekciError } from '../core/errors.js';
import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { addressProblem } from '../text/email-address.js';
import { CsvError, parseCsv, sniffDelimiter } from './csv.js';
import { requireCapability } from '../access/authz.js';
import { findActiveUser } from '../users/users.js';

export const GROUP_KINDS = ['academic', 'administrative', 'students', 'list'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Turkish names accepted for the three standard groups. */
export const GROUP_KIND_ALIASES: Record<string, GroupKind> = {
  akademik: 'academic',
  'akademik-personel': 'academic',
  academic: 'academic',
  idari: 'administrative',
  'idari-personel': 'administrative',
  administrative: 'administrative',
  ogrenci: 'students',
  öğrenci: 'students',
  ogrenciler: 'students',
  öğrenciler: 'students',
  students: 'students',
  liste: 'list',
  list: 'list',
};

export interface ImportProblem {
  line: number;
  reason: string;
}

/** What happened to one data row of the file (1-based line numbers, the header is line 1). */
export interface ImportRow {
  line: number;
  /** The address as written (trimmed); empty when the cell was empty. */
  email: string;
  outcome: 'imported' | 'existing' | 'duplicate' | 'invalid';
  /** Turkish reason for every outcome but `imported`. */
  reason?: string;
}

export interface ImportReport {
  group: string;
  added: number;
  /** Already in the group before this import. */
  existing: number;
  invalid: ImportProblem[];
  duplicates: ImportProblem[];
  /** Every data row in file order, for the console's per-row report. */
  rows: ImportRow[];
}

export class GroupImportError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('mail', message, options);
  }
}

/**
 * Imports `email[,name]` rows from CSV text into a group (created when missing). Every invalid address
 * and every duplicate within the file is reported with its line number; valid rows are still imported.
 * Addresses are stored lower-cased. Re-importing the same file adds nothing.
 */
export async function importGroupCsv(
  prisma: Prisma,
  input: { csv: string; group: string; kind?: GroupKind; actor?: string; by?: string },
): Promise<ImportReport> {
  if (input.by) {
    const user = await findActiveUser(prisma, input.by);
    if (!user) throw new GroupImportError(`Kullanıcı bulunamadı: ${input.by}`);
    requireCapability(user, 'groups.manage');
  }
  const group = input.group.trim();
  if (!group) throw new GroupImportError('Grup adı boş olamaz');
  let records;
  try {
    records = parseCsv(input.csv, sniffDelimiter(input.csv));
  } catch (e) {
    if (e instanceof CsvError) throw new GroupImportError(`CSV okunamadı: ${e.message}`);
    throw e;
  }
  const header = records.shift();
  const cols = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const emailCol = cols.findIndex((c) => c === 'email' || c === 'e-posta' || c === 'eposta');
  if (emailCol < 0) throw new GroupImportError('CSV başlığında "email" sütunu yok');
  const nameCol = cols.findIndex((c) => c === 'name' || c === 'ad' || c === 'ad soyad' || c === 'isim');
  const report: ImportReport = { group, added: 0, existing: 0, invalid: [], duplicates: [], rows: [] };
  const seen = new Map<string, number>();
  const valid: Array<{ email: string; name: string | null; row: ImportRow }> = [];
  for (const r of records) {
    const raw = (r.fields[emailCol] ?? '').trim();
    const problem = addressProblem(raw);
    if (problem) {
      const reason = raw ? `${problem}: "${raw}"` : problem;
      report.invalid.push({ line: r.line, reason });
      report.rows.push({ line: r.line, email: raw, outcome: 'invalid', reason });
      continue;
    }
    const email = raw.toLowerCase();
    const first = seen.get(email);
    if (first !== undefined) {
      const reason = `${email} zaten satır ${first}'de var`;
      report.duplicates.push({ line: r.line, reason });
      report.rows.push({ line: r.line, email, outcome: 'duplicate', reason });
      continue;
    }
    seen.set(email, r.line);
    const name = nameCol >= 0 ? (r.fields[nameCol] ?? '').trim() || null : null;
    const row: ImportRow = { line: r.line, email, outcome: 'imported' };
    report.rows.push(row);
    valid.push({ email, name, row });
  }
  const g = await prisma.recipientGroup.upsert({
    where: { name: group },
    create: { name: group, kind: input.kind ?? 'list' },
    update: input.kind ? { kind: input.kind } : {},
  });
  for (let i = 0; i < valid.length; i += 500) {
    const chunk = valid.slice(i, i + 500);
    const have = new Set(
      (await prisma.recipient.findMany({ where: { groupId: g.id, email: { in: chunk.map((c) => c.email) } }, select: { email: true } })).map((x) => x.email),
    );
    const fresh = chunk.filter((c) => !have.has(c.email));
    for (const c of chunk) {
      if (have.has(c.email)) Object.assign(c.row, { outcome: 'existing', reason: 'bu adres grupta zaten var' });
    }
    report.existing += chunk.length - fresh.length;
    if (fresh.length) await prisma.recipient.createMany({ data: fresh.map((c) => ({ groupId: g.id, email: c.email, name: c.name })) });
    report.added += fresh.length;
  }
  await audit(prisma, {
    actor: input.by ?? input.actor ?? 'cli',
    action: 'mail.group.import',
    entityType: 'recipient_group',
    entityId: g.id,
    data: { group, added: report.added, existing: report.existing, invalid: report.invalid.length, duplicates: report.duplicates.length },
  });
  return report;
}

/** Groups with their recipient counts. */
export async function listGroups(prisma: Prisma): Promise<Array<{ name: string; kind: string; recipients: number }>> {
  const groups = await prisma.recipientGroup.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { recipients: true } } } });
  return groups.map((g) => ({ name: g.name, kind: g.kind, recipients: g._count.recipients }));
}
