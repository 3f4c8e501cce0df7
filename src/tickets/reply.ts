import { audit } from '../audit/audit.js';
import { can } from '../access/authz.js';
import type { Prisma } from '../db/index.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { TicketError } from './deps.js';
import { findTicket, requireUser } from './lifecycle.js';

export interface ApproveReplyResult {
  actionId: string;
  idempotencyKey: string;
  /** false when this answer revision was already approved (nothing new was queued). */
  created: boolean;
}

/**
 * Communications staff approve posting a ticket's answer as a public reply under the original
 * comment. Queues one PlatformAction `reply` keyed `ticket-reply:<ticketId>:<n>`, where n is the
 * answer revision: approving the same answer twice queues one reply; a new answer can be approved
 * again. The worker's action executor posts it exactly once.
 */
export async function approveReply(prisma: Prisma, ref: string, opts: { by: string; now?: Date }): Promise<ApproveReplyResult> {
  const now = opts.now ?? new Date();
  const approver = await requireUser(prisma, opts.by);
  if (!can(approver, 'replies.approve')) {
    throw new TicketError(`${approver.name} yanıt yayınını onaylayamaz: yalnızca kurumsal iletişim (comms) veya yönetici (admin) onaylar.`);
  }
  const ticket = await findTicket(prisma, ref);
  if (!ticket.answer || (ticket.status !== 'answered' && ticket.status !== 'closed')) {
    throw new TicketError(`#${ticket.number} için onaylanacak bir yanıt yok (önce "tickets answer" ile yanıt girilmeli).`);
  }
  const first = await prisma.ticketComment.findFirst({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
  if (!first) throw new TicketError(`#${ticket.number} bir yoruma bağlı değil; yanıt yayınlanamaz.`);
  const revision = await prisma.ticketEvent.count({ where: { ticketId: ticket.id, type: 'answered' } });
  const idempotencyKey = `ticket-reply:${ticket.id}:${Math.max(1, revision)}`;
  const existing = await prisma.platformAction.findUnique({ where: { idempotencyKey } });
  if (existing) return { actionId: existing.id, idempotencyKey, created: false };
  try {
    return await prisma.$transaction(async (tx) => {
      const action = await tx.platformAction.create({
        data: { commentId: first.commentId, kind: 'reply', payload: { text: ticket.answer }, idempotencyKey, requestedBy: approver.name, nextAttemptAt: now },
      });
      await tx.ticket.update({ where: { id: ticket.id }, data: { replyStatus: 'approved' } });
      await tx.ticketEvent.create({
        data: { ticketId: ticket.id, type: 'reply_approved', actor: approver.name, createdAt: now, data: { actionId: action.id, idempotencyKey } },
      });
      await audit(tx, {
        actor: approver.name,
        action: 'ticket.reply_approve',
        entityType: 'ticket',
        entityId: ticket.id,
        data: { number: ticket.number, actionId: action.id },
      });
      return { actionId: action.id, idempotencyKey, created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await prisma.platformAction.findUnique({ where: { idempotencyKey } });
    if (!row) throw err;
    return { actionId: row.id, idempotencyKey, created: false };
  }
}
