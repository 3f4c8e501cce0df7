import { audit } from '../audit/audit.js';
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

/** Outcomes recorded per transaction; the event loop gets a turn between transactions. */
const OUTCOMES_PER_TX = 10;

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
    for (const o of outcomes) {
      const { action } = o;
      const mine = { id: action.id, claimedBy: token, status: 'in_progress' };
      const data = rowUpdate(o, now);
      const res = await tx.platformAction.updateMany({ where: mine, data });
      if (res.count !== 1) continue;
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
    for (const [platformState, ids] of states) await tx.comment.updateMany({ where: { id: { in: ids } }, data: { platformState } });
    if (done.length > 0) {
      await tx.auditLog.createMany({ data: done });
      await tx.account.updateMany({ where: { id: account.id, consecutiveFailures: { not: 0 } }, data: { consecutiveFailures: 0 } });
    }
  });
}

/** Past `worker.actionDeadlineMinutes` since it was queued, and not yet escalated. */
export function overdue(deps: Pick<ModerationDeps, 'config'>, action: Pick<ClaimedAction, 'createdAt' | 'escalatedAt'>, now: Date): boolean {
  return action.escalatedAt === null && now.getTime() - action.createdAt.getTime() >= deps.config.worker.actionDeadlineMinutes * 60_000;
}

function rowUpdate(o: ActionOutcome, now: Date) {
  const free = { claimedBy: null };
  switch (o.type) {
    case 'done':
      return {
        ...free,
        status: 'done',
        finishedAt: now,
        lastError: null,
        uncertain: false,
        response: toJson({ ...asObject(o.response), ...(o.verified ? { verified: o.verified } : {}) }),
      };
    case 'failed':
      return { ...free, status: 'failed', finishedAt: now, lastError: o.error.slice(0, 500) };
    case 'retry':
      return { ...free, status: 'pending', nextAttemptAt: o.at, lastError: o.error.slice(0, 500), ...(o.uncertain ? { uncertain: true } : {}) };
    case 'released':
      // Not attempted: the attempt counted by the claim is given back.
      return { ...free, status: 'pending', nextAttemptAt: o.at, attempts: { decrement: 1 }, ...(o.error ? { lastError: o.error.slice(0, 500) } : {}) };
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
