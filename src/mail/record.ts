import type { Prisma } from '../db/index.js';
import type { SmtpFailure } from './transport.js';

/**
 * Writes the outcome of one SMTP attempt: the outbox row's new state and a Delivery row, in one
 * transaction. Every row update is conditional on the claim (`status = 'sending'` and `lockedBy` =
 * the claim token): a worker whose lock expired and whose row was taken by another worker never
 * overwrites that worker's state. The Delivery row is written either way (the attempt happened);
 * its response then says the claim had been lost. A `sent` row is final; nothing ever moves it back.
 */

/** The claim a write is made under: the row id and the token `claimBatch` set in `lockedBy`. */
export interface Claim {
  id: string;
  token: string;
}

/** `recorded`: the row was updated; `claim-lost`: another worker holds the row, only the Delivery was written. */
export type RecordOutcome = 'recorded' | 'claim-lost';

const CLAIM_LOST_NOTE = '[kilit başka bir çalışana geçmişti; satır değiştirilmedi] ';

const owned = (c: Claim) => ({ id: c.id, status: 'sending', lockedBy: c.token });

export async function recordSent(prisma: Prisma, claim: Claim, attempt: number, messageId: string, response: string, at: Date): Promise<RecordOutcome> {
  return prisma.$transaction(async (tx) => {
    const r = await tx.outboxMessage.updateMany({
      where: owned(claim),
      data: { status: 'sent', sentAt: at, attempts: attempt, messageId, lockedBy: null, lockedUntil: null, lastError: null },
    });
    const note = r.count === 1 ? '' : CLAIM_LOST_NOTE;
    await tx.delivery.create({ data: { outboxId: claim.id, attempt, outcome: 'sent', response: (note + response).slice(0, 1000) } });
    return r.count === 1 ? 'recorded' : 'claim-lost';
  });
}

/**
 * `recordSent`, retried: a server acceptance that is not recorded is sent again once the claim
 * expires, so a failing write is tried again after each of `delaysMs` before the error is thrown.
 */
export async function recordSentWithRetry(
  prisma: Prisma,
  claim: Claim,
  attempt: number,
  messageId: string,
  response: string,
  at: Date,
  opts: { delaysMs: readonly number[]; onRetry?: (err: unknown, retry: number) => void },
): Promise<RecordOutcome> {
  for (let retry = 0; ; retry++) {
    try {
      return await recordSent(prisma, claim, attempt, messageId, response, at);
    } catch (err) {
      const delay = opts.delaysMs[retry];
      if (delay === undefined) throw err;
      opts.onRetry?.(err, retry + 1);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * A failed attempt. `permanent` → failed; `temporary` → pending again at `retryAt` unless `attempt`
 * reached `maxAttempts`; `unavailable` → pending at `retryAt` without using up an attempt (the server
 * being down is not the message's fault; the Delivery row still records it).
 */
export async function recordFailure(
  prisma: Prisma,
  claim: Claim,
  attempt: number,
  failure: SmtpFailure,
  opts: { maxAttempts: number; retryAt: Date },
): Promise<RecordOutcome> {
  const counted = failure.kind === 'unavailable' ? attempt - 1 : attempt;
  const final = failure.kind === 'permanent' || (failure.kind === 'temporary' && attempt >= opts.maxAttempts);
  const outcome = failure.kind === 'permanent' ? 'permanent_failure' : 'temporary_failure';
  return prisma.$transaction(async (tx) => {
    const r = await tx.outboxMessage.updateMany({
      where: owned(claim),
      data: {
        status: final ? 'failed' : 'pending',
        attempts: counted,
        lastError: failure.response,
        lockedBy: null,
        lockedUntil: null,
        ...(final ? {} : { nextAttemptAt: opts.retryAt }),
      },
    });
    const note = r.count === 1 ? '' : CLAIM_LOST_NOTE;
    await tx.delivery.create({ data: { outboxId: claim.id, attempt, outcome, response: (note + failure.response).slice(0, 1000) } });
    return r.count === 1 ? 'recorded' : 'claim-lost';
  });
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
