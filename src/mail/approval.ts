import { BekciError } from '../core/errors.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { ensureUnit } from '../users/units.js';
import { findActiveUser, mayApprove } from '../users/users.js';
import { previewAnnouncement } from './preview.js';
import { piiOf } from './privacy.js';
import { MailRequestError, resolveGroups } from './requests.js';
import { requestCounts } from './sending.js';

/** Refused approval or rejection (unauthorised, wrong state, personal data without justification). */
export class ApprovalError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('mail', message, options);
  }
}

export const MIN_JUSTIFICATION_CHARS = 15;

/**
 * A KVKK justification must say something: at least MIN_JUSTIFICATION_CHARS characters, of which at
 * least ten are letters in at least two words, not one letter repeated ("x", "...", "aaaaaaaaaaaaaaa"
 * and "-------------------" are refused).
 */
export function isMeaningfulJustification(text: string): boolean {
  const t = text.trim();
  if ([...t].length < MIN_JUSTIFICATION_CHARS) return false;
  const letters = t.match(/\p{L}/gu) ?? [];
  const words = t.match(/\p{L}{2,}/gu) ?? [];
  return letters.length >= 10 && words.length >= 2 && new Set(letters.map((l) => l.toLocaleLowerCase('tr'))).size >= 4;
}

async function loadForDecision(prisma: Prisma, config: Config, id: string, by: string) {
  const req = await prisma.mailRequest.findUnique({ where: { id } });
  if (!req) throw new ApprovalError(`Talep bulunamadı: ${id}`);
  const user = await findActiveUser(prisma, by);
  if (!user) throw new ApprovalError(`Kullanıcı bulunamadı ya da devre dışı: ${by}`);
  const unit = (await ensureUnit(prisma, config, req.unitId)) ?? { id: req.unitId, kind: 'directorate' };
  if (!mayApprove(user, unit)) {
    throw new ApprovalError(`${user.name} (${user.role}) bu birimin taleplerini onaylayamaz/reddedemez: ${unit.id}`);
  }
  return { req, user };
}

/**
 * Approves the current revision. Only the unit's approver, an admin, or (for top management's own
 * requests) management may approve. A request with personal data needs a meaningful justification (see
 * `isMeaningfulJustification`), which is
 * recorded with the approval. Sending starts when the dispatcher next runs.
 */
export async function approveMailRequest(
  prisma: Prisma,
  config: Config,
  id: string,
  input: {
    by: string;
    justification?: string | undefined;
    /** The hash `mail show` printed: refused if the mail changed since. */ hash?: string | undefined;
    now?: Date;
  },
): Promise<{ id: string; revision: number; status: 'approved'; hash: string }> {
  const { req, user } = await loadForDecision(prisma, config, id, input.by);
  if (req.status === 'approved' && req.approvedRevision === req.revision) throw new ApprovalError(`Talep zaten onaylı (sürüm ${req.revision})`);
  if (req.status !== 'requested') throw new ApprovalError(`Bu durumdaki talep onaylanamaz: ${req.status}`);
  const pii = piiOf(req.piiFindings);
  const justification = input.justification?.trim().replace(/\s+/g, ' ') || undefined;
  if (pii.length > 0) {
    const found = pii.map((p) => `${p.type}: ${p.count}`).join(', ');
    if (!justification) throw new ApprovalError(`Talepte kişisel veri var (${found}). KVKK gereği onay için gerekçe yazın (--justification).`);
    if (!isMeaningfulJustification(justification)) {
      throw new ApprovalError(
        `Talepte kişisel veri var (${found}); KVKK gerekçesi yetersiz. ` +
          `En az ${MIN_JUSTIFICATION_CHARS} karakterlik, kişisel verinin neden gönderildiğini açıklayan bir gerekçe yazın ` +
          '(ör. --justification "Öğrencinin yazılı açık rızası alındı").',
      );
    }
  }
  const problems: string[] = [];
  await resolveGroups(prisma, req.groups as unknown as string[], problems);
  if (problems.length) throw new MailRequestError(problems);
  // The approval covers the rendered message (what `mail show` displays), identified by its hash.
  const preview = (await previewAnnouncement(prisma, config, id))!;
  const wanted = input.hash?.trim().toLowerCase();
  if (wanted && !preview.hash.startsWith(wanted)) {
    throw new ApprovalError(
      `Önizlediğiniz e-posta artık güncel değil (özet ${wanted.slice(0, 12)}, güncel ${preview.hash.slice(0, 12)}); "bekci mail show ${id}" ile yeniden bakın`,
    );
  }
  const done = await prisma.mailRequest.updateMany({
    where: { id, status: 'requested', revision: req.revision },
    data: { status: 'approved', approvedRevision: req.revision, approvedHash: preview.hash, approvedAt: input.now ?? new Date() },
  });
  if (done.count === 0) throw new ApprovalError('Talep bu sırada değişti; yeniden bakın');
  await prisma.mailApproval.create({
    data: { requestId: id, revision: req.revision, decision: 'approved', by: user.name, contentHash: preview.hash, justification: justification ?? null },
  });
  await audit(prisma, {
    actor: user.name,
    action: 'mail.approve',
    entityType: 'mail_request',
    entityId: id,
    data: { revision: req.revision, role: user.role, pii: pii.map((p) => p.type), justification: justification ?? null, hash: preview.hash },
  });
  return { id, revision: req.revision, status: 'approved', hash: preview.hash };
}

/** Rejects the current revision with a reason (required). The requester may edit and ask again. */
export async function rejectMailRequest(
  prisma: Prisma,
  config: Config,
  id: string,
  input: { by: string; reason: string },
): Promise<{ id: string; revision: number; status: 'rejected' }> {
  const reason = input.reason.trim();
  if (!reason) throw new ApprovalError('Ret gerekçesi (--reason) gerekli');
  const { req, user } = await loadForDecision(prisma, config, id, input.by);
  if (req.status !== 'requested' && req.status !== 'approved') throw new ApprovalError(`Bu durumdaki talep reddedilemez: ${req.status}`);
  const done = await prisma.mailRequest.updateMany({
    where: { id, status: req.status, revision: req.revision },
    data: { status: 'rejected', approvedRevision: null, approvedHash: null, approvedAt: null },
  });
  if (done.count === 0) throw new ApprovalError('Talep bu sırada değişti (gönderim başlamış olabilir); yeniden bakın');
  await prisma.mailApproval.create({ data: { requestId: id, revision: req.revision, decision: 'rejected', by: user.name, reason } });
  await audit(prisma, { actor: user.name, action: 'mail.reject', entityType: 'mail_request', entityId: id, data: { revision: req.revision, reason } });
  return { id, revision: req.revision, status: 'rejected' };
}

/** State of a request with its delivery counts. */
export async function mailRequestStatus(prisma: Prisma, id: string) {
  const req = await prisma.mailRequest.findUnique({ where: { id }, include: { approvals: { orderBy: { createdAt: 'asc' } } } });
  if (!req) return undefined;
  return { request: req, ...(await requestCounts(prisma, id)) };
}
