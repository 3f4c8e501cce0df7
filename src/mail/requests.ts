import { BekciError } from '../core/errors.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { ensureUnit } from '../users/units.js';
import { findActiveUser } from '../users/users.js';
import { AccessDenied, mayRequestMail, requireCapability, roleLabel, type Actor } from '../access/authz.js';
import { addressProblem } from '../text/email-address.js';
import { GROUP_KIND_ALIASES } from './groups.js';
import type { ReadyDocument } from './attachments.js';
import { documentText } from './extract.js';
import { scanRequestText, type PiiSummary } from './privacy.js';

export const PURPOSES = ['information', 'invitation', 'celebration', 'congratulation'] as const;
export type Purpose = (typeof PURPOSES)[number];
const PURPOSE_ALIASES: Record<string, Purpose> = {
  information: 'information',
  bilgilendirme: 'information',
  invitation: 'invitation',
  davet: 'invitation',
  celebration: 'celebration',
  kutlama: 'celebration',
  congratulation: 'congratulation',
  tebrik: 'congratulation',
};

/** Invalid request input: every problem, in Turkish. */
export class MailRequestError extends BekciError {
  constructor(readonly problems: string[]) {
    super('mail', problems.length === 1 ? problems[0]! : `Talep geçersiz:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MailRequestError';
  }
}

export function parsePurpose(value: string | undefined): Purpose | undefined {
  return PURPOSE_ALIASES[(value ?? 'information').trim().toLocaleLowerCase('tr')];
}

export interface NewMailRequest {
  unit: string;
  subject: string;
  body: string;
  groups: string[];
  replyTo: string;
  purpose?: string;
  /** Ready documents sent as MIME attachments (checked by `readDocuments`). */
  attachments?: ReadyDocument[];
  by?: string;
}

/**
 * The personal-data check over everything a recipient reads: subject, body and the text of every
 * attached document (PDF, DOCX). A document whose text cannot be read is refused: it would otherwise
 * go out unchecked.
 */
async function scanContent(
  config: Config,
  subject: string,
  body: string,
  legacyText: string | null | undefined,
  docs: ReadonlyArray<{ filename: string; contentType: string; content: Uint8Array }>,
): Promise<PiiSummary[]> {
  const texts: Array<string | null | undefined> = [subject, body, legacyText];
  for (const d of docs) {
    try {
      texts.push(await documentText(d));
    } catch {
      throw new MailRequestError([`ekin metni okunamadı, kişisel veri denetimi yapılamıyor: ${d.filename}`]);
    }
  }
  return scanRequestText(config, texts);
}

/**
 * Resolves group names: exact RecipientGroup names first, then the Turkish/English aliases of the
 * standard groups (akademik, idari, öğrenci) to the group of that kind. Reports unknown and empty ones.
 */
export async function resolveGroups(prisma: Prisma, names: string[], problems: string[]): Promise<string[]> {
  const out: string[] = [];
  let nonEmpty = 0;
  for (const raw of names.map((n) => n.trim()).filter(Boolean)) {
    let g = await prisma.recipientGroup.findUnique({ where: { name: raw }, include: { _count: { select: { recipients: true } } } });
    const kind = GROUP_KIND_ALIASES[raw.toLocaleLowerCase('tr')];
    if (!g && kind && kind !== 'list') {
      g = await prisma.recipientGroup.findFirst({ where: { kind }, orderBy: { createdAt: 'asc' }, include: { _count: { select: { recipients: true } } } });
    }
    if (!g) {
      problems.push(`alıcı grubu bulunamadı: ${raw}`);
      continue;
    }
    if (g._count.recipients > 0) nonEmpty++;
    if (!out.includes(g.name)) out.push(g.name);
  }
  if (names.length === 0) problems.push('en az bir alıcı grubu gerekli (--group)');
  else if (out.length > 0 && nonEmpty === 0) problems.push('seçilen alıcı gruplarının hepsi boş');
  return out;
}

/** Checks the fields every request needs; returns the problems. */
function checkContent(subject: string, body: string, attachmentText: string | null | undefined, replyTo: string, attachmentCount = 0): string[] {
  const problems: string[] = [];
  if (!subject.trim()) problems.push('konu (--subject) boş olamaz');
  if (subject.length > 250) problems.push('konu çok uzun (en çok 250 karakter)');
  if (!body.trim() && !attachmentText?.trim() && attachmentCount === 0) problems.push('metin (--body-file) ya da ek (--attach) gerekli');
  const p = addressProblem(replyTo);
  if (p) problems.push(`yanıt adresi (--reply-to) geçersiz: ${p}`);
  return problems;
}

/**
 * The service-layer rule behind every way of filing a request (console, CLI `--by`): the role must
 * grant `mail.request`, and a unit representative files only for their own unit.
 */
export function assertMayRequestMail(actor: Actor, unitId: string): void {
  requireCapability(actor, 'mail.request');
  if (!mayRequestMail(actor, unitId)) {
    throw new AccessDenied(`${actor.name} (${roleLabel(actor.role)}) yalnızca kendi birimi adına duyuru talebi açabilir; bu birim adına talep açamaz.`);
  }
}

/**
 * Records a mail request (status `requested`, revision 1) after checking every required field and
 * scanning the texts for personal data (stored as types and counts).
 */
export async function createMailRequest(prisma: Prisma, config: Config, input: NewMailRequest): Promise<{ id: string; status: string; pii: PiiSummary[] }> {
  const docs = input.attachments ?? [];
  const problems = checkContent(input.subject, input.body, undefined, input.replyTo, docs.length);
  const purpose = parsePurpose(input.purpose);
  if (!purpose) problems.push(`amaç geçersiz: ${input.purpose} (bilgilendirme, davet, kutlama, tebrik)`);
  const unit = await ensureUnit(prisma, config, input.unit);
  if (!unit) problems.push(`bilinmeyen birim: ${input.unit}`);
  if (input.by) {
    const user = await findActiveUser(prisma, input.by);
    if (!user) problems.push(`kullanıcı bulunamadı: ${input.by}`);
    else if (unit) assertMayRequestMail(user, unit.id);
  }
  const groups = await resolveGroups(prisma, input.groups, problems);
  if (problems.length) throw new MailRequestError(problems);
  const pii = await scanContent(config, input.subject, input.body, undefined, docs);
  const req = await prisma.mailRequest.create({
    data: {
      unitId: unit!.id,
      requestedBy: input.by ?? null,
      purpose: purpose!,
      subject: input.subject.trim(),
      body: input.body,
      replyTo: input.replyTo.trim(),
      groups,
      piiFindings: pii as unknown as object,
      attachments: { create: docs.map((d, position) => attachmentRow(d, position)) },
    },
  });
  await audit(prisma, {
    actor: input.by ?? 'cli',
    action: 'mail.request',
    entityType: 'mail_request',
    entityId: req.id,
    data: { unit: unit!.id, purpose, groups, revision: 1, pii: pii.map((p) => p.type), attachments: docs.map((d) => ({ size: d.size, sha256: d.sha256 })) },
  });
  return { id: req.id, status: req.status, pii };
}

const attachmentRow = (d: ReadyDocument, position: number) => ({
  position,
  filename: d.filename,
  contentType: d.contentType,
  size: d.size,
  sha256: d.sha256,
  content: new Uint8Array(d.content),
});

/**
 * Changes the subject and/or body. Any edit makes a new revision and sends the request back to
 * `requested`: an approval covers only the revision it was given for. Refused once sending started.
 */
export async function editMailRequest(
  prisma: Prisma,
  config: Config,
  id: string,
  change: { subject?: string; body?: string; attachments?: ReadyDocument[]; by?: string },
): Promise<{ id: string; revision: number; status: string; pii: PiiSummary[] }> {
  const req = await prisma.mailRequest.findUnique({ where: { id } });
  if (!req) throw new MailRequestError([`talep bulunamadı: ${id}`]);
  if (change.by) {
    const user = await findActiveUser(prisma, change.by);
    if (!user) throw new MailRequestError([`kullanıcı bulunamadı: ${change.by}`]);
    assertMayRequestMail(user, req.unitId);
  }
  if (!['requested', 'approved', 'rejected'].includes(req.status)) {
    throw new MailRequestError([`gönderimi başlamış bir talep değiştirilemez (durum: ${req.status})`]);
  }
  if (change.subject === undefined && change.body === undefined && change.attachments === undefined) {
    throw new MailRequestError(['değişiklik yok (--subject, --body-file ya da --attach)']);
  }
  const subject = change.subject ?? req.subject;
  const body = change.body ?? req.body;
  const docs = change.attachments ?? (await prisma.mailAttachment.findMany({ where: { requestId: id }, orderBy: { position: 'asc' } }));
  const problems = checkContent(subject, body, req.attachmentText, req.replyTo, docs.length);
  if (problems.length) throw new MailRequestError(problems);
  const pii = await scanContent(config, subject, body, req.attachmentText, docs);
  const revision = req.revision + 1;
  const done = await prisma.$transaction(async (tx) => {
    const r = await tx.mailRequest.updateMany({
      where: { id, revision: req.revision, status: { in: ['requested', 'approved', 'rejected'] } },
      data: { subject: subject.trim(), body, revision, status: 'requested', approvedHash: null, approvedAt: null, piiFindings: pii as unknown as object },
    });
    if (r.count === 1 && change.attachments) {
      await tx.mailAttachment.deleteMany({ where: { requestId: id } });
      await tx.mailAttachment.createMany({ data: change.attachments.map((d, position) => ({ requestId: id, ...attachmentRow(d, position) })) });
    }
    return r;
  });
  if (done.count === 0) throw new MailRequestError(['talep aynı anda başka biri tarafından değiştirildi; yeniden deneyin']);
  await audit(prisma, {
    actor: change.by ?? 'cli',
    action: 'mail.edit',
    entityType: 'mail_request',
    entityId: id,
    data: { revision, previousStatus: req.status, fields: Object.keys(change).filter((k) => k !== 'by'), pii: pii.map((p) => p.type) },
  });
  return { id, revision, status: 'requested', pii };
}
