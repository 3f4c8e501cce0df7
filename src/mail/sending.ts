import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { enqueueMail } from './outbox.js';

const PAGE = 500;

/** The text sent for a request: its body, then the text of the attached document. */
export function announcementText(req: { body: string; attachmentName: string | null; attachmentText: string | null }): string {
  const parts = [req.body.trim()];
  if (req.attachmentText?.trim()) parts.push(`--- ${req.attachmentName ?? 'ek'} ---\n${req.attachmentText.trim()}`);
  return parts.filter(Boolean).join('\n\n');
}

/** `mail:<requestId>:<revision>:<email>`: one row per recipient per approved revision. */
export const announcementKey = (requestId: string, revision: number, email: string): string =>
  `mail:${requestId}:${revision}:${email.trim().toLowerCase()}`;

/**
 * Starts sending approved requests: `approved → sending` (only for the approved revision, only by one
 * worker), then one outbox row per distinct recipient of the request's groups, page by page. Requests
 * left in `sending` without `enqueuedAt` (a worker died half-way) are completed here too; enqueueing is
 * idempotent by dedupe key, so repeating it never duplicates a recipient.
 */
export async function prepareApprovedRequests(prisma: Prisma, config: Config, log: Logger): Promise<number> {
  const ready = await prisma.mailRequest.findMany({
    where: { OR: [{ status: 'approved' }, { status: 'sending', enqueuedAt: null }] },
    select: { id: true, status: true, revision: true, approvedRevision: true },
  });
  let started = 0;
  for (const r of ready) {
    if (r.status === 'approved') {
      if (r.approvedRevision !== r.revision) continue;
      const flip = await prisma.mailRequest.updateMany({
        where: { id: r.id, status: 'approved', revision: r.revision, approvedRevision: r.revision },
        data: { status: 'sending' },
      });
      if (flip.count === 0) continue;
      await audit(prisma, { actor: `system:${config.workerId}`, action: 'mail.sending', entityType: 'mail_request', entityId: r.id, data: { revision: r.revision } });
    }
    const n = await enqueueRequest(prisma, r.id);
    log.info({ requestId: r.id, recipients: n }, 'duyuru gönderim kuyruğuna alındı');
    started++;
  }
  return started;
}

/** Enqueues every recipient of one `sending` request; sets `enqueuedAt`. Returns the number of rows. */
export async function enqueueRequest(prisma: Prisma, requestId: string): Promise<number> {
  const req = await prisma.mailRequest.findUniqueOrThrow({ where: { id: requestId } });
  const rev = req.approvedRevision ?? req.revision;
  const text = announcementText(req);
  const groupNames = (req.groups as unknown as string[]) ?? [];
  const groups = await prisma.recipientGroup.findMany({ where: { name: { in: groupNames } }, select: { id: true } });
  let total = 0;
  for (const g of groups) {
    let cursor: string | undefined;
    for (;;) {
      const page = await prisma.recipient.findMany({
        where: { groupId: g.id },
        select: { id: true, email: true },
        orderBy: { id: 'asc' },
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.id;
      const rows = [...new Map(page.map((p) => [announcementKey(req.id, rev, p.email), p.email])).entries()].map(([dedupeKey, to]) => ({
        kind: 'announcement', dedupeKey, toAddress: to, replyTo: req.replyTo, subject: req.subject, body: text, mailRequestId: req.id,
      }));
      try {
        await prisma.outboxMessage.createMany({ data: rows });
      } catch (err) {
        // Some keys exist already (an earlier, interrupted run or an overlapping group): go row by row.
        if (!isUniqueViolation(err)) throw err;
        for (const r of rows) {
          await enqueueMail(prisma, { kind: r.kind, to: r.toAddress, subject: r.subject, body: r.body, dedupeKey: r.dedupeKey, replyTo: r.replyTo, mailRequestId: r.mailRequestId });
        }
      }
      total += rows.length;
      if (page.length < PAGE) break;
    }
  }
  await prisma.mailRequest.update({ where: { id: req.id }, data: { enqueuedAt: new Date() } });
  return total;
}

/** `sending` requests with nothing left to send become `sent` (or `failed` when no recipient got it). */
export async function finalizeRequests(prisma: Prisma, log: Logger): Promise<void> {
  const open = await prisma.mailRequest.findMany({ where: { status: 'sending', enqueuedAt: { not: null } }, select: { id: true } });
  for (const r of open) {
    const busy = await prisma.outboxMessage.count({ where: { mailRequestId: r.id, status: { in: ['pending', 'sending'] } } });
    if (busy > 0) continue;
    const sent = await prisma.outboxMessage.count({ where: { mailRequestId: r.id, status: 'sent' } });
    const failed = await prisma.outboxMessage.count({ where: { mailRequestId: r.id, status: 'failed' } });
    const status = sent > 0 || failed === 0 ? 'sent' : 'failed';
    const done = await prisma.mailRequest.updateMany({ where: { id: r.id, status: 'sending' }, data: { status } });
    if (done.count === 0) continue;
    await audit(prisma, { actor: 'system', action: `mail.${status}`, entityType: 'mail_request', entityId: r.id, data: { sent, failed } });
    log.info({ requestId: r.id, sent, failed }, 'duyuru gönderimi tamamlandı');
  }
}

/** Sent / failed / pending counts of one request's outbox rows (pending includes in-flight). */
export async function requestCounts(prisma: Prisma, requestId: string): Promise<{ sent: number; failed: number; pending: number }> {
  const groups = await prisma.outboxMessage.groupBy({ by: ['status'], where: { mailRequestId: requestId }, _count: { _all: true } });
  const n = (s: string): number => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { sent: n('sent'), failed: n('failed'), pending: n('pending') + n('sending') };
}
