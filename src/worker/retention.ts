import type { Prisma } from '../db/index.js';

/**
 * Deletes what bekci no longer needs to keep (KVKK: personal data is kept only as long as necessary).
 * Comments, with their decisions, actions and review items, go after `retentionDays`; closed tickets
 * and delivered mail rows after `ticketRetentionDays`. The audit log stays: it holds no personal data.
 */
export async function purgeExpired(
  prisma: Prisma,
  privacy: { retentionDays: number; ticketRetentionDays: number },
  now = new Date(),
): Promise<{ comments: number; tickets: number; mails: number }> {
  const day = 86_400_000;
  const commentsBefore = new Date(now.getTime() - privacy.retentionDays * day);
  const ticketsBefore = new Date(now.getTime() - privacy.ticketRetentionDays * day);
  const tickets = await prisma.ticket.deleteMany({ where: { status: 'closed', closedAt: { lt: ticketsBefore } } });
  const mails = await prisma.outboxMessage.deleteMany({ where: { status: { in: ['sent', 'failed'] }, createdAt: { lt: ticketsBefore } } });
  // Comments still attached to an open ticket are kept until the ticket is closed and expires.
  const comments = await prisma.comment.deleteMany({
    where: { lastSeenAt: { lt: commentsBefore }, tickets: { none: {} }, actions: { none: { status: { in: ['pending', 'in_progress'] } } } },
  });
  return { comments: comments.count, tickets: tickets.count, mails: mails.count };
}
