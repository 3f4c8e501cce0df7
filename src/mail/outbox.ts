import { isUniqueViolation } from '../core/db-errors.js';
import type { Prisma } from '../db/index.js';

/** What kinds of mail go through the outbox. */
export type OutboxKind = 'announcement' | 'ticket_new' | 'ticket_digest' | 'sla_warning' | 'escalation' | 'admin_alert' | (string & {});

export interface EnqueueMailInput {
  kind: OutboxKind;
  /** One recipient address. One outbox row = one recipient = one delivery. */
  to: string;
  subject: string;
  /** Plain text body (UTF-8). */
  body: string;
  /** HTML alternative of `body` (the institutional template), if any. */
  html?: string | null;
  /**
   * Idempotency key: enqueueing twice with the same key creates one row. Use something stable that
   * names the event and the recipient, e.g. `ticket:<id>:new:<email>` or `mail:<req>:<rev>:<email>`.
   */
  dedupeKey: string;
  replyTo?: string | null;
  ticketId?: string | null;
  mailRequestId?: string | null;
  /** Earliest send time (default: now). */
  notBefore?: Date;
}

type OutboxClient = Pick<Prisma, 'outboxMessage'>;

/**
 * Queues one mail for one recipient. Idempotent by `dedupeKey`: when a row with that key exists
 * (or another process inserts it concurrently) nothing is created and `created` is false. The mail
 * dispatcher (src/mail/dispatcher.ts) sends every pending row of any kind.
 */
export async function enqueueMail(prisma: OutboxClient, input: EnqueueMailInput): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.outboxMessage.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  try {
    const row = await prisma.outboxMessage.create({
      data: {
        kind: input.kind,
        dedupeKey: input.dedupeKey,
        toAddress: input.to.trim(),
        subject: input.subject,
        body: input.body,
        html: input.html ?? null,
        replyTo: input.replyTo ?? null,
        ticketId: input.ticketId ?? null,
        mailRequestId: input.mailRequestId ?? null,
        ...(input.notBefore ? { nextAttemptAt: input.notBefore } : {}),
      },
      select: { id: true },
    });
    return { id: row.id, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await prisma.outboxMessage.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
    if (!row) throw err;
    return { id: row.id, created: false };
  }
}
