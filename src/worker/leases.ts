import type { Db } from '../db/index.js';

/**
 * Leases held in the database decide which worker polls which account, so several workers can share
 * one PostgreSQL database. A lease expires on its own: a worker that dies loses its accounts after
 * `leaseMs` and another worker picks them up.
 */

/**
 * Claims up to `limit` accounts that are due and not leased by a live worker. On PostgreSQL the
 * candidate rows are locked with FOR UPDATE SKIP LOCKED, so concurrent workers never wait on each
 * other and never claim the same account; SQLite serialises writers, so a conditional update per row
 * gives the same guarantee.
 */
export async function claimDueAccounts(
  db: Db,
  workerId: string,
  leaseMs: number,
  limit: number,
  now = new Date(),
  exclude: readonly string[] = [],
): Promise<string[]> {
  const until = new Date(now.getTime() + leaseMs);
  if (limit <= 0) return [];
  if (db.provider === 'postgresql') {
    // `exclude`: accounts this worker is polling right now (its own leases, which it may otherwise re-claim).
    const rows = await db.prisma.$queryRawUnsafe<Array<{ id: string }>>(
      `UPDATE "Account" SET "leaseOwner" = $1, "leaseExpiresAt" = $2::timestamp
       WHERE id IN (
         SELECT id FROM "Account"
         WHERE status = 'active' AND "nextPollAt" <= $3::timestamp
           AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < $3::timestamp OR "leaseOwner" = $1)
           ${exclude.length ? `AND id NOT IN (${exclude.map((_, i) => `$${i + 5}`).join(', ')})` : ''}
         ORDER BY "nextPollAt", "lastPolledAt" NULLS FIRST LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      workerId,
      until.toISOString(),
      now.toISOString(),
      limit,
      ...exclude,
    );
    return rows.map((r) => r.id);
  }
  const candidates = await db.prisma.account.findMany({
    where: {
      status: 'active',
      nextPollAt: { lte: now },
      ...(exclude.length ? { id: { notIn: [...exclude] } } : {}),
      OR: [{ leaseOwner: null }, { leaseExpiresAt: { lt: now } }, { leaseOwner: workerId }],
    },
    // Longest-waiting first; more candidates than needed so that losing a race to another worker
    // moves on to the next account instead of starving the ones further down.
    orderBy: [{ nextPollAt: 'asc' }, { lastPolledAt: { sort: 'asc', nulls: 'first' } }],
    take: limit * 3,
    select: { id: true, leaseOwner: true, leaseExpiresAt: true },
  });
  const claimed: string[] = [];
  for (const c of candidates) {
    if (claimed.length >= limit) break;
    const res = await db.prisma.account.updateMany({
      where: { id: c.id, leaseOwner: c.leaseOwner, leaseExpiresAt: c.leaseExpiresAt },
      data: { leaseOwner: workerId, leaseExpiresAt: until },
    });
    if (res.count === 1) claimed.push(c.id);
  }
  return claimed;
}

/** Extends this worker's lease on an account. False when the lease was lost (taken over after expiry). */
export async function renewAccount(db: Db, accountId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const res = await db.prisma.account.updateMany({
    where: { id: accountId, leaseOwner: workerId },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  return res.count === 1;
}

export async function releaseAccount(db: Db, accountId: string, workerId: string): Promise<void> {
  await db.prisma.account.updateMany({ where: { id: accountId, leaseOwner: workerId }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

/** A named lease for singleton jobs (SLA checks, digests, retention). True when this worker holds it. */
export async function acquireNamedLease(db: Db, name: string, owner: string, ms: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ms);
  const taken = await db.prisma.lease.updateMany({
    where: { name, OR: [{ owner }, { expiresAt: { lt: now } }] },
    data: { owner, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await db.prisma.lease.create({ data: { name, owner, expiresAt } });
    return true;
  } catch {
    return false; // someone else holds it
  }
}
