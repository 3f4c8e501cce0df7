import type { Prisma } from '../db/index.js';
import type { SmtpFailure } from './transport.js';

/**
 * Writes the outcome of one SMTP attempt: the outbox row's new state and a Delivery row, in one
 * transaction. A `sent` row is final; nothing ever moves it back.
 */

export async function recordSent(prisma: Prisma, id: string, attempt: number, messageId: string, response: string, at: Date): Promise<void> {
  await prisma.$transaction([
    prisma.outboxMessage.update({
      where: { id },
      data: { status: 'sent', sentAt: at, attempts: attempt, messageId, lockedBy: null, lockedUntil: null, lastError: null },
    }),
    prisma.delivery.create({ data: { outboxId: id, attempt, outcome: 'sent', response: response.slice(0, 1000) } }),
  ]);
}

/**
 * A failed attempt. `permanent` → failed; `temporary` → pending again at `retryAt` unless `attempt`
 * reached `maxAttempts`; `unavailable` → pending at `retryAt` without using up an attempt (the server
 * being down is not the message's fault; the Delivery row still records it).
 */
export async function recordFailure(
  prisma: Prisma,
  id: string,
  attempt: number,
  failure: SmtpFailure,
  opts: { maxAttempts: number; retryAt: Date },
): Promise<'failed' | 'retry'> {
  const counted = failure.kind === 'unavailable' ? attempt - 1 : attempt;
  const final = failure.kind === 'permanent' || (failure.kind === 'temporary' && attempt >= opts.maxAttempts);
  const outcome = failure.kind === 'permanent' ? 'permanent_failure' : 'temporary_failure';
  await prisma.$transaction([
    prisma.outboxMessage.update({
      where: { id },
      data: {
        status: final ? 'failed' : 'pending',
        attempts: counted,
        lastError: failure.response,
        lockedBy: null,
        lockedUntil: null,
        ...(final ? {} : { nextAttemptAt: opts.retryAt }),
      },
    }),
    prisma.delivery.create({ data: { outboxId: id, attempt, outcome, response: failure.response.slice(0, 1000) } }),
  ]);
  return final ? 'failed' : 'retry';
}

/** Notes that a worker's claim expired with no server answer recorded: the row is being sent again. */
export async function recordInterrupted(prisma: Prisma, id: string, attempt: number): Promise<void> {
  await prisma.delivery.create({
    data: {
      outboxId: id,
      attempt,
      outcome: 'interrupted',
      response: 'önceki gönderim yarıda kaldı (kilit süresi doldu, sunucu kabulü kaydedilmemiş); aynı Message-ID ile yeniden deneniyor',
    },
  });
}
