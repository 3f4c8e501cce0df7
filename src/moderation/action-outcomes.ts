import { audit } from '../audit/audit.js';
import { newId, Sql, type Column, type RawRunner } from '../db/bulk-sql.js';
import { scrub } from '../logging/scrub.js';
import { yieldTurn } from './turns.js';
import type { ModerationKind } from '../platforms/contract.js';
import type { ClaimedAction } from './action-queue.js';
import type { ModerationDeps } from './deps.js';
import { escalateAction, type EscalationAccount } from './escalate.js';
import { stateAfter } from './plan.js';

/** What became of one claimed action. */
export type ActionOutcome =
  /** The platform applied it (or, for an uncertain earlier attempt, had already applied it). */
  | { type: 'done'; action: ClaimedAction; response: unknown; verified?: string }
  /** It can never succeed as asked (refused, unsupported, or an unknown error too many times). */
  | { type: 'failed'; action: ClaimedAction; error: string }
  /** Tried and failed for now: due again at `at`. `uncertain`: the attempt may have reached the platform. */
  | { type: 'retry'; action: ClaimedAction; at: Date; error: string; uncertain: boolean }
  /** Not tried in this batch (the account or endpoint is waiting): due again at `at`. */
  | { type: 'released'; action: ClaimedAction; at: Date; error?: string }
  /** No longer wanted (the decision was for an older version of the comment). */
  | { type: 'skipped'; action: ClaimedAction; reason: string };

/**
 * Outcomes recorded per transaction; the event loop gets a turn between transactions. Done and
 * released actions (nearly all of them) are written with one statement per kind, not one per action.
 */
const OUTCOMES_PER_TX = 25;

/**
 * Records a batch's outcomes, a few per transaction (each outcome's writes are independent of the
 * others', and on SQLite a long transaction holds the event loop). Every write is conditional on the
 * batch's claim token, so outcomes of a batch whose claim was taken over (this worker stalled past the
 * stale time) are dropped: the new holder checks the platform before acting again. Returns the ids
 * recorded.
 */
export async function recordOutcomes(
  deps: ModerationDeps,
  account: EscalationAccount,
  token: string,
  outcomes: readonly ActionOutcome[],
  now: Date,
): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (let i = 0; i < outcomes.length; i += OUTCOMES_PER_TX) {
    if (i > 0) await yieldTurn();
    await recordChunk(deps, account, token, outcomes.slice(i, i + OUTCOMES_PER_TX), now, recorded);
  }
  return recorded;
}

async function recordChunk(
  deps: ModerationDeps,
  account: EscalationAccount,
  token: string,
  outcomes: readonly ActionOutcome[],
  now: Date,
  recorded: Set<string>,
): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    // The comments' new states and the audit rows of the actions done, written together at the end.
    const states = new Map<string, string[]>();
    const done: Array<{ actor: string; action: string; entityType: string; entityId: string; data: object }> = [];
    const sql = new Sql(deps.config.dbProvider);
    const mineDone = await markDone(tx, sql, token, outcomes, now);
    const mineReleased = await markReleased(tx, sql, token, outcomes);
    for (const o of outcomes) {
      const { action } = o;
      if (o.type === 'done' || o.type === 'released') {
        if (!(o.type === 'done' ? mineDone : mineReleased).has(action.id)) continue;
      } else {
        const mine = { id: action.id, claimedBy: token, status: 'in_progress' };
        const res = await tx.platformAction.updateMany({ where: mine, data: rowUpdate(o, now) });
        if (res.count !== 1) continue;
      }
      recorded.add(action.id);
      if (o.type === 'done') {
        if (action.kind !== 'reply') {
          const state = stateAfter(action.kind as ModerationKind);
          states.set(state, [...(states.get(state) ?? []), action.commentId]);
        }
        done.push({
          actor: action.requestedBy === 'system' ? deps.actor : action.requestedBy,
          action: `comment.${action.kind}`,
          entityType: 'comment',
          entityId: action.commentId,
          data: scrub({ platform: account.platform, actionId: action.id, attempt: action.attempts, ...(o.verified ? { verified: o.verified } : {}) }) as object,
        });
      } else if (o.type === 'failed') {
        await audit(tx, {
          actor: deps.actor,
          action: `comment.${action.kind}.failed`,
          entityType: 'comment',
          entityId: action.commentId,
          data: { error: o.error },
        });
        await escalateAction(tx, deps, account, action, { reason: 'failed', error: o.error, now });
      } else if (o.type === 'retry' && overdue(deps, action, now)) {
        await escalateAction(tx, deps, account, action, { reason: 'overdue', error: o.error, now });
      }
    }
    for (const [platformState, ids] of states)
      await tx.$executeRawUnsafe(`UPDATE "Comment" SET "platformState" = ${sql.param(1)} WHERE "id" IN (${sql.inList(2, ids.length)})`, platformState, ...ids);
    if (done.length > 0) {
      const at = new Date();
      await sql.insertMany(
        tx,
        'AuditLog',
        AUDIT_COLUMNS,
        done.map((d) => ({ id: newId(), at, ...d })),
      );
      await tx.account.updateMany({ where: { id: account.id, consecutiveFailures: { not: 0 } }, data: { consecutiveFailures: 0 } });
    }
  });
}

const AUDIT_COLUMNS: Column[] = [
  { name: 'id', kind: 'text' },
  { name: 'at', kind: 'ts' },
  { name: 'actor', kind: 'text' },
  { name: 'action', kind: 'text' },
  { name: 'entityType', kind: 'text' },
  { name: 'entityId', kind: 'text' },
  { name: 'data', kind: 'json' },
];

/** Past `worker.actionDeadlineMinutes` since it was queued, and not yet escalated. */
export function overdue(deps: Pick<ModerationDeps, 'config'>, action: Pick<ClaimedAction, 'createdAt' | 'escalatedAt'>, now: Date): boolean {
  return action.escalatedAt === null && now.getTime() - action.createdAt.getTime() >= deps.config.worker.actionDeadlineMinutes * 60_000;
}

/**
 * The done actions of a chunk, still held under `token`, marked done in one statement (each with its
 * own response). Returns the ids marked.
 */
async function markDone(tx: RawRunner, sql: Sql, token: string, outcomes: readonly ActionOutcome[], now: Date): Promise<Set<string>> {
  const done = outcomes.filter((o): o is Extract<ActionOutcome, { type: 'done' }> => o.type === 'done');
  if (done.length === 0) return new Set();
  // SQLite numbers `?` by position: values go in the order they appear in the statement.
  const values: unknown[] = [sql.value(now, 'ts'), sql.value(false, 'bool')];
  const p = (v: unknown, kind: 'text' | 'ts' | 'bool' | 'json' = 'text') => {
    values.push(v);
    return sql.param(values.length, kind);
  };
  const cases = done
    .map(
      (o) =>
        `WHEN ${p(o.action.id)} THEN ${p(sql.value(toJson({ ...asObject(o.response), ...(o.verified ? { verified: o.verified } : {}) }), 'json'), 'json')}`,
    )
    .join(' ');
  const mine = p(token);
  const ids = done.map((o) => p(o.action.id)).join(', ');
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE "PlatformAction" SET "claimedBy" = NULL, "status" = 'done', "finishedAt" = ${sql.param(1, 'ts')}, "lastError" = NULL, ` +
      `"uncertain" = ${sql.param(2, 'bool')}, "response" = CASE "id" ${cases} END ` +
      `WHERE "claimedBy" = ${mine} AND "status" = 'in_progress' AND "id" IN (${ids}) RETURNING "id"`,
    ...values,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * The released actions of a chunk (not attempted: the attempt counted by the claim is given back),
 * one statement per due time and error. Returns the ids released.
 */
async function markReleased(tx: RawRunner, sql: Sql, token: string, outcomes: readonly ActionOutcome[]): Promise<Set<string>> {
  const groups = new Map<string, { at: Date; error: string | undefined; ids: string[] }>();
  for (const o of outcomes) {
    if (o.type !== 'released') continue;
    const error = o.error ? o.error.slice(0, 500) : undefined;
    const key = `${o.at.getTime()}\u0000${error ?? '\u0001'}`;
    const g = groups.get(key) ?? { at: o.at, error, ids: [] };
    g.ids.push(o.action.id);
    groups.set(key, g);
  }
  const mine = new Set<string>();
  for (const g of groups.values()) {
    // In the order of appearance (SQLite numbers `?` by position).
    const values: unknown[] = [sql.value(g.at, 'ts')];
    let set = `"claimedBy" = NULL, "status" = 'pending', "nextAttemptAt" = ${sql.param(1, 'ts')}, "attempts" = "attempts" - 1`;
    if (g.error !== undefined) {
      values.push(g.error);
      set += `, "lastError" = ${sql.param(values.length)}`;
    }
    values.push(token);
    const mineParam = sql.param(values.length);
    const ids = sql.inList(values.length + 1, g.ids.length);
    values.push(...g.ids);
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `UPDATE "PlatformAction" SET ${set} WHERE "claimedBy" = ${mineParam} AND "status" = 'in_progress' AND "id" IN (${ids}) RETURNING "id"`,
      ...values,
    );
    for (const r of rows) mine.add(r.id);
  }
  return mine;
}

/** The row update of an outcome other than done or released (those are written in bulk above). */
function rowUpdate(o: Exclude<ActionOutcome, { type: 'done' | 'released' }>, now: Date) {
  const free = { claimedBy: null };
  switch (o.type) {
    case 'failed':
      return { ...free, status: 'failed', finishedAt: now, lastError: o.error.slice(0, 500) };
    case 'retry':
      return { ...free, status: 'pending', nextAttemptAt: o.at, lastError: o.error.slice(0, 500), ...(o.uncertain ? { uncertain: true } : {}) };
    case 'skipped':
      return { ...free, status: 'skipped', finishedAt: now, lastError: o.reason };
  }
}

function asObject(v: unknown): Record<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  return v === undefined || v === null ? {} : { value: v };
}

function toJson(v: unknown): object {
  return JSON.parse(JSON.stringify(v ?? {})) as object;
}
