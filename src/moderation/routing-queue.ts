import { Sql, type RawRunner } from '../db/bulk-sql.js';
import { decisionPriority } from '../routing/priority.js';
import type { OpenTicketInput } from '../tickets/open.js';
import { backoffMs } from './account-health.js';
import type { ModerationDeps } from './deps.js';
import { routingKindOf, yieldToLoop } from './ingest.js';

/**
 * The ticket routing queue: decisions with `routing = 'pending'` wait for their ticket. A worker claims
 * a batch with one `UPDATE … RETURNING` (on PostgreSQL the candidates are locked `FOR UPDATE SKIP
 * LOCKED`, so workers never wait for each other and never claim the same decision), opens the tickets
 * and marks each decision done. A claim is a heartbeat lease: while its worker works on the batch it is
 * pushed forward every third of `CLAIM_MS`, and a worker that dies leaves its batch to another within
 * `CLAIM_MS` (a fixed minute let repeated crashes hold every waiting ticket back). Opening a ticket is
 * idempotent per comment, so a decision routed twice after a crash still has exactly one ticket.
 */

export const CLAIM_MS = 15_000;

export interface RoutingRound {
  claimed: number;
  opened: number;
  failed: number;
}

/** The rule ids stored with a decision (`matchedRules` JSON: [{id, …}]). */
function ruleIdsOf(matched: unknown): string[] {
  if (!Array.isArray(matched)) return [];
  return matched.flatMap((m) => (m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
}

/** Claims up to `limit` decisions waiting for a ticket. */
export async function claimRouting(deps: ModerationDeps, workerId: string, limit: number, now = deps.now?.() ?? new Date()): Promise<string[]> {
  const sql = new Sql(deps.config.dbProvider);
  const lock = sql.provider === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const rows = await deps.prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE "Decision" SET "routingClaimedBy" = ${sql.param(1)}, "routingClaimedUntil" = ${sql.param(2, 'ts')}
     WHERE "id" IN (
       SELECT "id" FROM "Decision"
       WHERE "routing" = 'pending' AND ("routingClaimedUntil" IS NULL OR "routingClaimedUntil" < ${sql.param(3, 'ts')})
       ORDER BY "createdAt" LIMIT ${sql.param(4, 'int')}${lock})
     RETURNING "id"`,
    workerId,
    sql.value(new Date(now.getTime() + CLAIM_MS), 'ts'),
    sql.value(now, 'ts'),
    limit,
  );
  return rows.map((r) => r.id);
}

/**
 * One round of the routing queue: claims a batch and opens its tickets. A ticket that cannot be
 * opened is logged and retried later with backoff; it is never dropped.
 */
export async function routeQueue(deps: ModerationDeps, workerId: string, limit = 200): Promise<RoutingRound> {
  const round: RoutingRound = { claimed: 0, opened: 0, failed: 0 };
  const tickets = deps.tickets;
  if (!tickets) return round;
  const ids = await claimRouting(deps, workerId, limit);
  round.claimed = ids.length;
  if (ids.length === 0) return round;
  const heartbeat = setInterval(
    () =>
      void deps.prisma.decision
        .updateMany({
          where: { id: { in: ids }, routing: 'pending', routingClaimedBy: workerId },
          data: { routingClaimedUntil: new Date(Date.now() + CLAIM_MS) },
        })
        .catch(() => undefined),
    Math.floor(CLAIM_MS / 3),
  );
  try {
    return await openClaimed({ ...deps, tickets }, workerId, ids, round);
  } finally {
    clearInterval(heartbeat);
  }
}

/** Opens the tickets of a claimed batch and marks their decisions done. */
async function openClaimed(
  deps: ModerationDeps & { tickets: NonNullable<ModerationDeps['tickets']> },
  workerId: string,
  ids: string[],
  round: RoutingRound,
): Promise<RoutingRound> {
  const sql = new Sql(deps.config.dbProvider);
  // One statement for the batch's decisions with their comments and accounts (JSON columns come back
  // as text on SQLite, parsed on PostgreSQL).
  const rows = await deps.prisma.$queryRawUnsafe<
    Array<{
      id: string;
      commentId: string;
      categories: unknown;
      matchedRules: unknown;
      routingAttempts: number | bigint;
      platform: string;
      authorId: string;
      text: string;
      unitId: string;
    }>
  >(
    `SELECT d."id", d."commentId", d."categories", d."matchedRules", d."routingAttempts", c."platform", c."authorId", c."text", a."unitId"
     FROM "Decision" d JOIN "Comment" c ON c."id" = d."commentId" JOIN "Account" a ON a."id" = c."accountId"
     WHERE d."id" IN (${sql.inList(1, ids.length)}) ORDER BY d."createdAt"`,
    ...ids,
  );
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  const decisions = rows.map((r) => ({
    id: r.id,
    commentId: r.commentId,
    categories: json(r.categories),
    matchedRules: json(r.matchedRules),
    routingAttempts: Number(r.routingAttempts),
    comment: { platform: r.platform, authorId: r.authorId, text: r.text, account: { unitId: r.unitId } },
  }));
  const inputs = decisions.map((d) => ({
    decisionId: d.id,
    attempts: d.routingAttempts,
    input: {
      commentId: d.commentId,
      accountUnitId: d.comment.account.unitId,
      platform: d.comment.platform,
      authorId: d.comment.authorId,
      kind: routingKindOf(d.categories as string[]),
      redactedText: d.comment.text,
      // The decision knows about harassment and personal data, which the text alone does not show.
      priority: decisionPriority(d.categories as string[], d.comment.text, ruleIdsOf(d.matchedRules)) ?? 'normal',
    } satisfies OpenTicketInput,
  }));
  const markDone = async (db: RawRunner, decisionIds: string[]): Promise<void> => {
    if (decisionIds.length === 0) return;
    await db.$executeRawUnsafe(
      `UPDATE "Decision" SET "routing" = 'done', "routingClaimedBy" = NULL, "routingClaimedUntil" = NULL WHERE "routingClaimedBy" = ${sql.param(1)} AND "id" IN (${sql.inList(2, decisionIds.length)})`,
      workerId,
      ...decisionIds,
    );
  };
  // The whole batch in one transaction, decisions marked done with it; what it leaves out or cannot
  // write goes one by one below.
  let left = inputs;
  if (deps.tickets.openTickets && inputs.length > 1) {
    try {
      const byComment = new Map(inputs.map((i) => [i.input.commentId, i.decisionId]));
      const done = await deps.tickets.openTickets(
        inputs.map((i) => i.input),
        (tx, commentIds) =>
          markDone(
            tx,
            commentIds.map((c) => byComment.get(c)!),
          ),
      );
      round.opened += done.size;
      left = inputs.filter((i) => !done.has(i.input.commentId));
    } catch (err) {
      deps.logger.warn({ err }, 'biletler toplu açılamadı; tek tek deneniyor');
    }
  }
  for (const d of left) {
    // On SQLite every statement completes synchronously: without this the whole batch would run as one
    // chain of microtasks and hold timers, sockets and lease renewals back.
    await yieldToLoop();
    try {
      await deps.tickets.openTicket(d.input);
      await markDone(deps.prisma, [d.decisionId]);
      round.opened += 1;
    } catch (err) {
      round.failed += 1;
      deps.logger.warn({ err, decisionId: d.decisionId }, 'bilet açılamadı; daha sonra yeniden denenecek');
      const retryAt = new Date(Date.now() + backoffMs(d.attempts + 1, 10 * 60_000));
      await deps.prisma.decision
        .updateMany({
          where: { id: d.decisionId, routingClaimedBy: workerId },
          data: { routingClaimedBy: null, routingClaimedUntil: retryAt, routingAttempts: { increment: 1 } },
        })
        .catch(() => undefined);
    }
  }
  return round;
}

/** Drains the queue: rounds until nothing is claimable (tests, tools). */
export async function routeAll(deps: ModerationDeps, workerId: string): Promise<RoutingRound> {
  const total: RoutingRound = { claimed: 0, opened: 0, failed: 0 };
  for (;;) {
    const r = await routeQueue(deps, workerId);
    total.claimed += r.claimed;
    total.opened += r.opened;
    total.failed += r.failed;
    if (r.claimed === 0 || r.opened === 0) return total;
  }
}
