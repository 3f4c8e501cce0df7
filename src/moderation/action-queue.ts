import { randomUUID } from 'node:crypto';
import type { DbProvider } from '../config/index.js';
import type { Prisma } from '../db/index.js';

/**
 * The platform action queue. Due actions of one account are claimed in one batch by a single
 * `UPDATE … WHERE id IN (SELECT … LIMIT n)` under a claim token (on PostgreSQL the sub-select locks
 * with `FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint rows without waiting; SQLite
 * runs statements one at a time), executed, and their outcomes recorded together by `recordOutcomes`
 * in one transaction, each write conditional on the same token.
 *
 * Exactly once: a row is `in_progress` from its claim until its outcome is recorded. A worker that
 * dies in between leaves it `in_progress`; once older than the stale time it is claimed again with
 * `uncertain` set, and the executor then asks the platform whether the action already took effect
 * before repeating it.
 */

/** A claimed action with what the executor needs about its comment. */
export interface ClaimedAction {
  id: string;
  commentId: string;
  decisionId: string | null;
  kind: string;
  payload: unknown;
  /** Attempts including the one this claim starts. */
  attempts: number;
  /** An earlier attempt may have reached the platform: look before acting again. */
  uncertain: boolean;
  requestedBy: string;
  createdAt: Date;
  escalatedAt: Date | null;
  lastError: string | null;
  comment: { id: string; externalId: string; postId: string; version: number };
  decision: { version: number } | null;
}

export interface ClaimOptions {
  /** Claim the due actions of this account … */
  accountId?: string;
  /** … or exactly these actions (a person's decision executed at once). */
  ids?: readonly string[];
  now: Date;
  /** `in_progress` rows started before this were abandoned by a dead worker. */
  staleBefore: Date;
  limit: number;
  /** Identifies the claiming worker; a random suffix makes each batch's token unique. */
  owner: string;
}

export interface Claim {
  token: string;
  actions: ClaimedAction[];
}

const SELECT_CLAIMED = {
  comment: { select: { id: true, externalId: true, postId: true, version: true } },
  decision: { select: { version: true } },
} as const;

/** Claims up to `limit` due actions, oldest first. Returns them with the batch's claim token. */
export async function claimActions(prisma: Prisma, provider: DbProvider, opts: ClaimOptions): Promise<Claim> {
  const token = `${opts.owner}#${randomUUID().slice(0, 8)}`;
  if (opts.limit <= 0 || (opts.ids && opts.ids.length === 0)) return { token, actions: [] };
  const claimed = provider === 'postgresql' ? await claimPostgres(prisma, token, opts) : await claimSqlite(prisma, token, opts);
  if (claimed === 0) return { token, actions: [] }; // the common case of an idle account: one statement
  const rows = await prisma.platformAction.findMany({
    where: { claimedBy: token, status: 'in_progress' },
    include: SELECT_CLAIMED,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return { token, actions: rows.map((r) => ({ ...r, payload: r.payload as unknown })) };
}

async function claimPostgres(prisma: Prisma, token: string, opts: ClaimOptions): Promise<number> {
  const scope = opts.ids ? `pa.id = ANY($5::text[])` : `pa."commentId" IN (SELECT c.id FROM "Comment" c WHERE c."accountId" = $5)`;
  // SET expressions read the old row: a row taken over from a dead worker becomes `uncertain`.
  return prisma.$executeRawUnsafe(
    `UPDATE "PlatformAction" SET status = 'in_progress', "claimedBy" = $1, "startedAt" = $2::timestamp,
       attempts = attempts + 1, uncertain = (uncertain OR status = 'in_progress')
     WHERE id IN (
       SELECT pa.id FROM "PlatformAction" pa
       WHERE ${scope}
         AND ((pa.status = 'pending' AND pa."nextAttemptAt" <= $2::timestamp)
           OR (pa.status = 'in_progress' AND pa."startedAt" < $3::timestamp))
       ORDER BY pa."createdAt", pa.id LIMIT $4
       FOR UPDATE SKIP LOCKED)`,
    token,
    opts.now.toISOString(),
    opts.staleBefore.toISOString(),
    opts.limit,
    opts.ids ? [...opts.ids] : opts.accountId,
  );
}

async function claimSqlite(prisma: Prisma, token: string, opts: ClaimOptions): Promise<number> {
  // SQLite runs one statement at a time, so a single UPDATE over a LIMITed sub-select is already the
  // whole claim: a concurrent claimer sees these rows as taken and moves on to the next ones. Dates go
  // in as Date parameters so that the adapter writes them in the stored text format.
  const ids = opts.ids ? [...opts.ids] : [];
  const scope = opts.ids ? `pa.id IN (${ids.map(() => '?').join(', ')})` : `pa."commentId" IN (SELECT c.id FROM "Comment" c WHERE c."accountId" = ?)`;
  return prisma.$executeRawUnsafe(
    `UPDATE "PlatformAction" SET status = 'in_progress', "claimedBy" = ?, "startedAt" = ?,
       attempts = attempts + 1, uncertain = (uncertain OR status = 'in_progress')
     WHERE id IN (
       SELECT pa.id FROM "PlatformAction" pa
       WHERE ${scope}
         AND ((pa.status = 'pending' AND pa."nextAttemptAt" <= ?)
           OR (pa.status = 'in_progress' AND pa."startedAt" < ?))
       ORDER BY pa."createdAt", pa.id LIMIT ?)`,
    token,
    opts.now,
    ...(opts.ids ? ids : [opts.accountId]),
    opts.now,
    opts.staleBefore,
    opts.limit,
  );
}

/**
 * Moves the claim of still unattempted actions forward so that a long batch is never mistaken for an
 * abandoned one. Returns how many rows this batch still holds.
 */
export async function renewClaim(prisma: Prisma, token: string, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await prisma.platformAction.updateMany({ where: { id: { in: [...ids] }, claimedBy: token, status: 'in_progress' }, data: { startedAt: now } });
  return res.count;
}
