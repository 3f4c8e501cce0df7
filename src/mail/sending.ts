import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { enqueueMail } from './outbox.js';
import { previewAnnouncement } from './preview.js';

const PAGE = 500;

/** `mail:<requestId>:<revision>:<email>`: one row per recipient per approved revision. */
export const announcementKey = (requestId: string, revision: number, email: string): string => `mail:${requestId}:${revision}:${email.trim().toLowerCase()}`;

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
      await audit(prisma, {
        actor: `system:${config.workerId}`,
        action: 'mail.sending',
        entityType: 'mail_request',
        entityId: r.id,
        data: { revision: r.revision },
      });
    }
    const n = await enqueueRequest(prisma, config, r.id);
    if (n === 'stale') {
      log.warn({ requestId: r.id }, 'duyurunun görünümü onaydan sonra değişti; yeniden onay bekliyor');
      continue;
    }
    log.info({ requestId: r.id, recipients: n }, 'duyuru gönderim kuyruğuna alındı');
    started++;
  }
  return started;
}

/**
 * Enqueues every recipient of one `sending` request and sets `enqueuedAt`. What is queued is exactly
 * what was approved: the message is rendered again and its hash must equal the approved one; when it
 * does not (the template's configuration changed since) and nothing is queued yet, the request goes
 * back to `requested` for a new approval ('stale'). Recipients are frozen at the approval: addresses
 * added to a group after `approvedAt` are not included; suppressed addresses (hard bounce, unsubscribed
 * from one of the request's lists) are skipped. Returns the number of rows.
 */
export async function enqueueRequest(prisma: Prisma, config: Config, requestId: string): Promise<number | 'stale'> {
  const req = await prisma.mailRequest.findUniqueOrThrow({ where: { id: requestId } });
  const rev = req.approvedRevision ?? req.revision;
  const preview = (await previewAnnouncement(prisma, config, requestId))!;
  let content = { subject: preview.subject, body: preview.text, html: preview.html };
  if (req.approvedHash && preview.hash !== req.approvedHash) {
    const queued = await prisma.outboxMessage.findFirst({ where: { mailRequestId: req.id }, select: { subject: true, body: true, html: true } });
    if (!queued) {
      const back = await prisma.mailRequest.updateMany({
        where: { id: req.id, status: 'sending', enqueuedAt: null },
        data: { status: 'requested', approvedRevision: null, approvedHash: null, approvedAt: null },
      });
      if (back.count === 1) {
        await audit(prisma, {
          actor: `system:${config.workerId}`,
          action: 'mail.approval_stale',
          entityType: 'mail_request',
          entityId: req.id,
          data: { approved: req.approvedHash, now: preview.hash },
        });
      }
      return 'stale';
    }
    // Part of it is queued already (a worker died half-way): the rest gets the very same content.
    content = { subject: queued.subject, body: queued.body, html: queued.html ?? preview.html };
  }
  const groupNames = (req.groups as unknown as string[]) ?? [];
  const groups = await prisma.recipientGroup.findMany({ where: { name: { in: groupNames } }, select: { id: true } });
  let total = 0;
  for (const g of groups) {
    let cursor: string | undefined;
    for (;;) {
      const page = await prisma.recipient.findMany({
        where: { groupId: g.id, ...(req.approvedAt ? { createdAt: { lte: req.approvedAt } } : {}) },
        select: { id: true, email: true },
        orderBy: { id: 'asc' },
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.id;
      const blocked = await suppressedAmong(
        prisma,
        page.map((p) => p.email),
        groupNames,
      );
      const rows = [
        ...new Map(page.filter((p) => !blocked.has(p.email.toLowerCase())).map((p) => [announcementKey(req.id, rev, p.email), p.email])).entries(),
      ].map(([dedupeKey, to]) => ({
        kind: 'announcement',
        dedupeKey,
        toAddress: to,
        replyTo: req.replyTo,
        subject: content.subject,
        body: content.body,
        html: content.html,
        mailRequestId: req.id,
      }));
      try {
        if (rows.length) await prisma.outboxMessage.createMany({ data: rows });
      } catch (err) {
        // Some keys exist already (an earlier, interrupted run or an overlapping group): go row by row.
        if (!isUniqueViolation(err)) throw err;
        for (const r of rows) {
          await enqueueMail(prisma, {
            kind: r.kind,
            to: r.toAddress,
            subject: r.subject,
            body: r.body,
            html: r.html,
            dedupeKey: r.dedupeKey,
            replyTo: r.replyTo,
            mailRequestId: r.mailRequestId,
          });
        }
      }
      total += rows.length;
      if (page.length < PAGE) break;
    }
  }
  await prisma.mailRequest.update({ where: { id: req.id }, data: { enqueuedAt: new Date() } });
  return total;
}

/** Lower-cased addresses among `emails` suppressed everywhere ("*") or for one of `scopes`. */
export async function suppressedAmong(prisma: Prisma, emails: readonly string[], scopes: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await prisma.mailSuppression.findMany({
    where: { email: { in: emails.map((e) => e.toLowerCase()) }, scope: { in: ['*', ...scopes] } },
    select: { email: true },
  });
  return new Set(rows.map((r) => r.email));
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
