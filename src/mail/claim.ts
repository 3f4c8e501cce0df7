import { randomUUID } from 'node:crypto';
import type { Prisma } from '../db/index.js';
import type { OutboxMessageFields } from './message.js';

/** An outbox row this worker holds (`status = 'sending'`, `lockedBy = token`). */
export interface ClaimedMessage extends OutboxMessageFields {
  attempts: number;
  /** The claim token in `lockedBy`; every write after the send is conditional on it. */
  token: string;
  /** The row had been claimed by a worker whose lock expired without recording a server answer. */
  recovered: boolean;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  lockMs: number;
  limit: number;
}

/**
 * Claims up to `limit` due rows for this worker with atomic conditional updates, so several workers on
 * one database never hold the same row: a row moves `pending → sending` (or an expired `sending` is
 * re-taken) only if it is still in the state this worker saw. The claim is committed before any SMTP
 * traffic. Returns `candidates` (how many due rows were seen) so callers can tell "nothing due" from
 * "lost every race".
 */
export async function claimBatch(prisma: Prisma, opts: ClaimOptions): Promise<{ token: string; rows: ClaimedMessage[]; candidates: number }> {
  const { now } = opts;
  const seen = await prisma.outboxMessage.findMany({
    where: {
      OR: [
        { status: 'pending', nextAttemptAt: { lte: now } },
        { status: 'sending', lockedUntil: { lt: now } },
      ],
    },
    select: { id: true, status: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: opts.limit,
  });
  const token = `${opts.owner}#${randomUUID().slice(0, 8)}`;
  if (seen.length === 0) return { token, rows: [], candidates: 0 };
  const lock = { status: 'sending', lockedBy: token, lockedUntil: new Date(now.getTime() + opts.lockMs) };
  const pendingIds = seen.filter((r) => r.status === 'pending').map((r) => r.id);
  const expiredIds = seen.filter((r) => r.status === 'sending').map((r) => r.id);
  if (pendingIds.length) {
    await prisma.outboxMessage.updateMany({
      where: { id: { in: pendingIds }, status: 'pending', nextAttemptAt: { lte: now } },
      data: lock,
    });
  }
  if (expiredIds.length) {
    await prisma.outboxMessage.updateMany({
      where: { id: { in: expiredIds }, status: 'sending', lockedUntil: { lt: now } },
      data: lock,
    });
  }
  const rows = await prisma.outboxMessage.findMany({
    where: { lockedBy: token, status: 'sending' },
    select: {
      id: true,
      kind: true,
      toAddress: true,
      replyTo: true,
      subject: true,
      body: true,
      html: true,
      mailRequestId: true,
      ticketId: true,
      attempts: true,
    },
  });
  const expired = new Set(expiredIds);
  return { token, rows: rows.map((r) => ({ ...r, token, recovered: expired.has(r.id) })), candidates: seen.length };
}

/**
 * The heartbeat of a claim: while this worker is alive and working on its batch it pushes the lock
 * forward, so a short `lockMs` (a dead worker's rows come back quickly) never expires under a live,
 * slow batch. Returns the number of rows still held.
 */
export async function extendClaim(prisma: Prisma, token: string, until: Date): Promise<number> {
  const r = await prisma.outboxMessage.updateMany({ where: { lockedBy: token, status: 'sending' }, data: { lockedUntil: until } });
  return r.count;
}

/**
 * Gives claimed rows back (shutdown, SMTP outage, a failed batch); they become due at `dueAt`. Only
 * `ids` are released: rows of the batch that were never handed to SMTP. A row that was sent but whose
 * outcome could not be recorded stays claimed until its lock expires (releasing it would resend it at
 * once).
 */
export async function releaseClaim(prisma: Prisma, token: string, ids: readonly string[], dueAt: Date, lastError?: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await prisma.outboxMessage.updateMany({
    where: { id: { in: [...ids] }, lockedBy: token, status: 'sending' },
    data: { status: 'pending', lockedBy: null, lockedUntil: null, nextAttemptAt: dueAt, ...(lastError ? { lastError } : {}) },
  });
  return r.count;
}
