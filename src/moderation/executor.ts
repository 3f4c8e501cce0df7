import type { Account, PlatformAction } from '../db/generated/sqlite/client.js';
import type { Connector, ModerationKind } from '../platforms/contract.js';
import { audit } from '../audit/audit.js';
import { asPlatformError, backoffMs, recordAccountFailure } from './account-health.js';
import type { ModerationDeps } from './deps.js';
import { stateAfter } from './plan.js';

/**
 * An action left `in_progress` longer than the account lease was abandoned by a crashed worker: actions
 * run only while their account is leased, and a live worker renews nothing past its lease.
 */
export const staleActionMs = (deps: ModerationDeps): number => deps.config.worker.leaseSeconds * 1000;

export interface ExecuteSummary {
  done: number;
  failed: number;
  deferred: number;
  /** Set when the account must pause (rate limit, auth): stop acting on it this round. */
  accountPaused: boolean;
}

/**
 * Runs the due platform actions of one account. Each action is claimed with an atomic conditional
 * update before the platform is called, and its outcome recorded after: two workers can never both
 * execute it, and a crash leaves it `in_progress`, to be resumed once it is stale. Moderation calls are
 * idempotent on every platform (hiding a hidden comment changes nothing); replies are not, so a stale
 * reply is marked failed for a person to check instead of being posted twice.
 */
export async function executeAccountActions(
  deps: ModerationDeps,
  account: Pick<Account, 'id' | 'name' | 'platform' | 'consecutiveFailures'>,
  connector: Connector,
  limit = 50,
  lease?: AbortSignal,
): Promise<ExecuteSummary> {
  const now = deps.now?.() ?? new Date();
  const summary: ExecuteSummary = { done: 0, failed: 0, deferred: 0, accountPaused: false };
  const due = await deps.prisma.platformAction.findMany({
    where: {
      comment: { accountId: account.id },
      OR: [
        { status: 'pending', nextAttemptAt: { lte: now } },
        { status: 'in_progress', startedAt: { lt: new Date(now.getTime() - staleActionMs(deps)) } },
      ],
    },
    include: { comment: { select: { id: true, externalId: true, postId: true, version: true } }, decision: { select: { version: true } } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  for (const action of due) {
    if (lease?.aborted) break;
    const outcome = await executeAction(deps, account, connector, action);
    if (outcome === 'done') summary.done += 1;
    else if (outcome === 'failed') summary.failed += 1;
    else summary.deferred += 1;
    if (outcome === 'paused') {
      summary.accountPaused = true;
      break;
    }
  }
  return summary;
}

type Outcome = 'done' | 'failed' | 'deferred' | 'paused' | 'skipped';

export async function executeAction(
  deps: ModerationDeps,
  account: Pick<Account, 'id' | 'name' | 'platform' | 'consecutiveFailures'>,
  connector: Connector,
  action: PlatformAction & { comment: { id: string; externalId: string; postId: string; version?: number }; decision?: { version: number } | null },
): Promise<Outcome> {
  const { prisma } = deps;
  const now = deps.now?.() ?? new Date();
  // The decision was for an older version of an edited comment: acting on it now could hide a clean text.
  if (action.decision && action.comment.version !== undefined && action.decision.version !== action.comment.version) {
    await prisma.platformAction.updateMany({
      where: { id: action.id, status: action.status },
      data: { status: 'skipped', lastError: `v${action.comment.version} ile geçersiz kaldı`, finishedAt: now },
    });
    return 'skipped';
  }
  const stale = action.status === 'in_progress';
  if (stale && action.kind === 'reply') {
    await prisma.platformAction.updateMany({
      where: { id: action.id, status: 'in_progress' },
      data: { status: 'failed', lastError: 'yarıda kaldı: yanıt gönderilmiş olabilir, elle kontrol edin', finishedAt: now },
    });
    return 'failed';
  }
  const claimed = await prisma.platformAction.updateMany({
    where: { id: action.id, status: action.status, attempts: action.attempts },
    data: { status: 'in_progress', attempts: { increment: 1 }, startedAt: now },
  });
  if (claimed.count !== 1) return 'skipped';
  const target = { externalId: action.comment.externalId, postId: action.comment.postId };
  try {
    // A crash may have come after the platform applied the action and before it was recorded: where
    // the platform can tell, look before acting again, so the action is never repeated.
    if (stale && connector.currentState) {
      const current = await connector.currentState(target);
      const wanted = stateAfter(action.kind as ModerationKind);
      if (current === wanted || (current === 'deleted' && (wanted === 'deleted' || wanted === 'rejected'))) {
        await prisma.$transaction(async (tx) => {
          await tx.platformAction.update({ where: { id: action.id }, data: { status: 'done', finishedAt: new Date(), response: { verifiedAfterRestart: current } } });
          await tx.comment.update({ where: { id: action.commentId }, data: { platformState: wanted } });
          await audit(tx, { actor: deps.actor, action: `comment.${action.kind}`, entityType: 'comment', entityId: action.commentId, data: { platform: account.platform, actionId: action.id, verifiedAfterRestart: true } });
        });
        return 'done';
      }
    }
    let response: unknown;
    if (action.kind === 'reply') {
      const text = String((action.payload as { text?: unknown } | null)?.text ?? '');
      response = await connector.reply(target, text);
    } else {
      response = (await connector.moderate(target, action.kind as ModerationKind)).response ?? null;
    }
    await prisma.$transaction(async (tx) => {
      await tx.platformAction.update({
        where: { id: action.id },
        data: { status: 'done', finishedAt: deps.now?.() ?? new Date(), response: JSON.parse(JSON.stringify(response ?? null)) ?? undefined, lastError: null },
      });
      if (action.kind !== 'reply') {
        await tx.comment.update({ where: { id: action.commentId }, data: { platformState: stateAfter(action.kind as ModerationKind) } });
      }
      await tx.account.update({ where: { id: account.id }, data: { consecutiveFailures: 0 } });
      await audit(tx, {
        actor: action.requestedBy === 'system' ? deps.actor : action.requestedBy,
        action: `comment.${action.kind}`,
        entityType: 'comment',
        entityId: action.commentId,
        data: { platform: account.platform, actionId: action.id, attempt: action.attempts + 1 },
      });
    });
    return 'done';
  } catch (error) {
    const err = asPlatformError(error);
    const attempts = action.attempts + 1;
    const permanent = err.kind === 'invalid' || err.kind === 'fatal' || (err.kind === 'retryable' && attempts >= deps.config.worker.maxActionAttempts);
    if (permanent) {
      await prisma.platformAction.update({
        where: { id: action.id },
        data: { status: 'failed', lastError: `${err.kind}: ${err.message}`.slice(0, 500), finishedAt: now },
      });
      await audit(prisma, { actor: deps.actor, action: `comment.${action.kind}.failed`, entityType: 'comment', entityId: action.commentId, data: { error: err.message, kind: err.kind } });
      return 'failed';
    }
    // X limits each endpoint separately (hiding: 50 per 15 minutes), so a limit on actions must not
    // stop polling; Graph and YouTube limits cover every call of the account or project.
    const perEndpointLimit = err.kind === 'rate_limit' && account.platform === 'x';
    const until =
      err.kind === 'retryable'
        ? new Date(now.getTime() + backoffMs(attempts))
        : perEndpointLimit
          ? new Date(now.getTime() + Math.max(1000, err.details.retryAfterMs ?? 60_000))
          : await recordAccountFailure(deps, account, err);
    await prisma.platformAction.update({
      where: { id: action.id },
      data: { status: 'pending', nextAttemptAt: until ?? now, lastError: `${err.kind}: ${err.message}`.slice(0, 500) },
    });
    return err.kind === 'retryable' ? 'deferred' : 'paused';
  }
}
