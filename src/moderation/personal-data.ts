/**
 * Requests about one person's data (KVKK): find everything stored about an author handle or an e-mail
 * address, export it, destroy it with a destruction record kept for three years. The record holds a
 * keyed hash of the subject and counts only, never the data itself.
 */
import { createHmac } from 'node:crypto';
import { requireCapability, type Actor } from '../access/authz.js';
import { audit } from '../audit/audit.js';
import { BekciError } from '../core/errors.js';
import type { Prisma } from '../db/index.js';

/** How long destruction records are kept (the regulation asks for three years). */
export const DESTRUCTION_RECORD_YEARS = 3;

export class PersonalDataError extends BekciError {
  constructor(message: string) {
    super('general', message);
  }
}

export interface Subject {
  kind: 'author' | 'email';
  value: string;
}

/** An author handle ("@ayse_k", "ayse_k") or an e-mail address, normalised; Turkish errors otherwise. */
export function parseSubject(raw: string): Subject {
  const v = raw.trim();
  if (!v) throw new PersonalDataError('Bir yazar adı ya da e-posta adresi yazın.');
  if (v.length > 200) throw new PersonalDataError('Aranan değer çok uzun.');
  if (v.includes('@') && !v.startsWith('@')) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) throw new PersonalDataError('E-posta adresi geçersiz.');
    return { kind: 'email', value: v.toLowerCase() };
  }
  return { kind: 'author', value: v.replace(/^@/, '') };
}

/** Keyed hash of a subject for the destruction record (the key keeps it from being reversed by guessing). */
export function subjectHash(subject: Subject, key: string): string {
  return createHmac('sha256', `bekci-kvkk:${key}`).update(`${subject.kind}:${subject.value}`).digest('hex');
}

/** Everything stored about the subject. */
export async function findPersonalData(prisma: Prisma, actor: Actor, subject: Subject) {
  requireCapability(actor, 'privacy.manage');
  if (subject.kind === 'author') {
    const comments = await prisma.comment.findMany({
      where: { OR: [{ authorName: subject.value }, { authorName: `@${subject.value}` }, { authorId: subject.value }] },
      orderBy: { publishedAt: 'asc' },
      select: {
        id: true,
        platform: true,
        authorName: true,
        authorId: true,
        text: true,
        publishedAt: true,
        platformState: true,
        account: { select: { name: true } },
        tickets: { select: { ticket: { select: { number: true, unitId: true, status: true } } } },
        decisions: { select: { action: true, categories: true, createdAt: true } },
      },
    });
    return { subject, comments, recipients: [], users: [], outbox: [] };
  }
  const [recipients, users, outbox] = await Promise.all([
    prisma.recipient.findMany({ where: { email: subject.value }, select: { id: true, email: true, name: true, group: { select: { name: true } } } }),
    prisma.user.findMany({ where: { email: subject.value }, select: { id: true, name: true, role: true, email: true } }),
    prisma.outboxMessage.findMany({
      where: { toAddress: subject.value },
      select: { id: true, kind: true, subject: true, status: true, createdAt: true, sentAt: true },
    }),
  ]);
  return { subject, comments: [], recipients, users, outbox };
}

export type PersonalData = Awaited<ReturnType<typeof findPersonalData>>;

/**
 * Destroys what is stored about the subject (comments with their decisions, actions and reviews;
 * recipient rows; mail rows addressed to it; its list subscriptions) and keeps a destruction record. Console users are not
 * deleted here (they are disabled by an administrator instead), and neither is the audit log, which
 * holds no personal data.
 */
export async function destroyPersonalData(prisma: Prisma, actor: Actor, subject: Subject, opts: { reason: string; key: string; now?: Date }) {
  requireCapability(actor, 'privacy.manage');
  const reason = opts.reason.trim();
  if (reason.length < 5) throw new PersonalDataError('Silme gerekçesi gerekli (ör. "KVKK 11. madde başvurusu, 2026/14").');
  const found = await findPersonalData(prisma, actor, subject);
  const now = opts.now ?? new Date();
  const keepUntil = new Date(now);
  keepUntil.setUTCFullYear(keepUntil.getUTCFullYear() + DESTRUCTION_RECORD_YEARS);
  // Mail still being sent is left to finish; delivered and failed rows go.
  const outboxDone = found.outbox.filter((o) => o.status === 'sent' || o.status === 'failed');
  const counts = { comments: found.comments.length, recipients: found.recipients.length, outbox: outboxDone.length };
  const record = await prisma.$transaction(async (tx) => {
    if (found.comments.length) await tx.comment.deleteMany({ where: { id: { in: found.comments.map((c) => c.id) } } });
    if (found.recipients.length) await tx.recipient.deleteMany({ where: { id: { in: found.recipients.map((r) => r.id) } } });
    if (outboxDone.length) await tx.outboxMessage.deleteMany({ where: { id: { in: outboxDone.map((o) => o.id) } } });
    // Unsubscribe links already sent stop working; an opt-out already made (a suppression) stays.
    if (subject.kind === 'email') await tx.mailSubscription.deleteMany({ where: { email: subject.value } });
    return tx.destructionRecord.create({
      data: { subjectHash: subjectHash(subject, opts.key), subjectKind: subject.kind, requestedBy: actor.name, reason, counts, keepUntil, createdAt: now },
    });
  });
  await audit(prisma, {
    actor: actor.name,
    action: 'privacy.destroy',
    entityType: 'destruction_record',
    entityId: record.id,
    data: { kind: subject.kind, ...counts },
  });
  return { record, counts };
}
