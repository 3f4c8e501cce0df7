import { randomUUID } from 'node:crypto';
import type { Prisma } from '../db/index.js';

/** An outbox row this worker holds (`status = 'sending'`, `lockedBy = token`). */
export interface ClaimedMessage {
  id: string;
  kind: string;
  toAddress: string;
  replyTo: string | null;
  subject: string;
  body: string;
  attempts: number;
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
export async function claimBatch(
  prisma: Prisma,
  opts: ClaimOptions,
): Promise<{ token: string; rows: ClaimedMessage[]; candidates: number }> {
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
    select: { id: true, kind: true, toAddress: true, replyTo: true, subject: true, body: true, attempts: true },
  });
  const expired = new Set(expiredIds);
  return { token, rows: rows.map((r) => ({ ...r, recovered: expired.has(r.id) })), candidates: seen.length };
}

/** Gives claimed, unsent rows back (shutdown or SMTP outage); they become due at `dueAt`. */
export async function releaseClaim(prisma: Prisma, token: string, dueAt: Date, lastError?: string): Promise<number> {
  const r = await prisma.outboxMessage.updateMany({
    where: { lockedBy: token, status: 'sending' },
    data: { status: 'pending', lockedBy: null, lockedUntil: null, nextAttemptAt: dueAt, ...(lastError ? { lastError } : {}) },
  });
  return r.count;
}
