import type { Account } from '../db/generated/sqlite/client.js';
import type { ActionKind, Connector, ModerationKind } from '../platforms/contract.js';
import { backoffMs } from '../core/backoff.js';
import { asPlatformError, recordAccountFailure } from './account-health.js';
import { recordOutcomes, type ActionOutcome } from './action-outcomes.js';
import { claimActions, renewClaim, type Claim, type ClaimedAction } from './action-queue.js';
import type { ModerationDeps } from './deps.js';
import { stateAfter } from './plan.js';
import { countActionUnits } from './quota.js';

/**
 * An action left `in_progress` longer than the account lease was abandoned by a crashed worker: actions
 * run only while their account is leased, and a running batch renews its claim well within it.
 */
export const staleActionMs = (deps: ModerationDeps): number => deps.config.worker.leaseSeconds * 1000;

export interface ExecuteSummary {
  done: number;
  failed: number;
  deferred: number;
  /**
   * Set when the whole account must pause (an account-wide rate limit or quota, a token to renew): stop
   * calling it this round. A limit on one endpoint (X) only defers the actions that use it.
   */
  accountPaused: boolean;
}

type AccountRef = Pick<Account, 'id' | 'name' | 'platform' | 'consecutiveFailures'>;

/**
 * Runs the due platform actions of one account: claims a batch, calls the platform for each, and
 * records the outcomes together (see action-queue.ts for the exactly-once argument).
 *
 * Failures: a transient one (timeout, network, 5xx) is retried with capped backoff for as long as it
 * lasts, never given up; a rate limit waits as long as the platform says, for the whole account or only
 * for the endpoint, as the connector's `limits` tell; a refused action fails for good and goes to review.
 */
export async function executeAccountActions(
  deps: ModerationDeps,
  account: AccountRef,
  connector: Connector,
  limit = 50,
  lease?: AbortSignal,
): Promise<ExecuteSummary> {
  const now = deps.now?.() ?? new Date();
  const claim = await claimActions(deps.prisma, deps.config.dbProvider, {
    accountId: account.id,
    now,
    staleBefore: new Date(now.getTime() - staleActionMs(deps)),
    limit,
    owner: deps.actor,
  });
  return runBatch(deps, account, connector, claim, lease);
}

export type Outcome = 'done' | 'failed' | 'deferred' | 'paused' | 'skipped';

/**
 * Executes one action at once (a person's review decision), through the same claim and recording as
 * the worker. 'skipped' when it is not due or another worker holds it.
 */
export async function executeAction(deps: ModerationDeps, account: AccountRef, connector: Connector, action: { id: string }): Promise<Outcome> {
  const now = deps.now?.() ?? new Date();
  const claim = await claimActions(deps.prisma, deps.config.dbProvider, {
    ids: [action.id],
    now,
    staleBefore: new Date(now.getTime() - staleActionMs(deps)),
    limit: 1,
    owner: deps.actor,
  });
  if (claim.actions.length === 0) return 'skipped';
  const s = await runBatch(deps, account, connector, claim);
  if (s.done) return 'done';
  if (s.failed) return 'failed';
  if (s.accountPaused) return 'paused';
  return s.deferred ? 'deferred' : 'skipped';
}

/** What one attempt leads to, beyond the action's own outcome. */
interface Attempt {
  outcome: ActionOutcome;
  /** The whole account waits until then (account-wide limit, or a token to renew). */
  pauseUntil?: Date;
  /** This endpoint waits until then (per-endpoint limit). */
  endpointUntil?: Date;
}

async function runBatch(deps: ModerationDeps, account: AccountRef, connector: Connector, claim: Claim, lease?: AbortSignal): Promise<ExecuteSummary> {
  const summary: ExecuteSummary = { done: 0, failed: 0, deferred: 0, accountPaused: false };
  const renewEveryMs = Math.max(1000, staleActionMs(deps) / 3);
  const endpointWait = new Map<string, Date>();
  let pauseUntil: Date | undefined;
  let outcomes: ActionOutcome[] = [];
  let renewedAt = Date.now();
  /** Kinds of the calls that reached the platform, for quota counting. */
  const spent: string[] = [];
  const flush = async (): Promise<void> => {
    const now = deps.now?.() ?? new Date();
    await recordOutcomes(deps, account, claim.token, outcomes, now);
    outcomes = [];
  };
  for (const [i, action] of claim.actions.entries()) {
    const now = deps.now?.() ?? new Date();
    const endpoint = connector.limits.endpointOf(action.kind as ActionKind);
    const waitUntil = pauseUntil ?? endpointWait.get(endpoint);
    if (lease?.aborted || waitUntil) {
      // Not attempted: given back, due when the account or endpoint may be called again.
      outcomes.push({ type: 'released', action, at: waitUntil ?? now });
      summary.deferred += 1;
      continue;
    }
    const result = await attempt(deps, account, connector, action);
    outcomes.push(result.outcome);
    if (reachedPlatform(result.outcome)) spent.push(action.kind);
    if (result.outcome.type === 'done') summary.done += 1;
    else if (result.outcome.type === 'failed') summary.failed += 1;
    else if (result.outcome.type !== 'skipped') summary.deferred += 1;
    if (result.pauseUntil) {
      pauseUntil = result.pauseUntil;
      summary.accountPaused = true;
    }
    if (result.endpointUntil) endpointWait.set(endpoint, result.endpointUntil);
    // A posted reply is recorded (with the id the platform gave it) before anything else is tried:
    // a crash later in the batch must not leave it looking unsent.
    if (action.kind === 'reply' && result.outcome.type === 'done') await flush();
    // A long batch records what it has done and renews its claim on the rest, so that it is never
    // taken for abandoned while it still works.
    if (Date.now() - renewedAt > renewEveryMs) {
      await flush();
      await renewClaim(
        deps.prisma,
        claim.token,
        claim.actions.slice(i + 1).map((a) => a.id),
        deps.now?.() ?? new Date(),
      );
      renewedAt = Date.now();
    }
  }
  await flush();
  await countActionUnits(deps.prisma, connector.limits, account.id, spent, deps.now?.() ?? new Date()).catch(() => undefined);
  return summary;
}

/** Whether an attempt's call was (or may have been) served by the platform, and so counts against a quota. */
function reachedPlatform(o: ActionOutcome): boolean {
  if (o.type === 'done') return !o.verified;
  return o.type === 'failed' || (o.type === 'retry' && o.uncertain);
}

function targetOf(action: ClaimedAction) {
  return { externalId: action.comment.externalId, postId: action.comment.postId };
}

function replyText(action: ClaimedAction): string {
  return String((action.payload as { text?: unknown } | null)?.text ?? '');
}

/** One platform attempt. Never throws: every failure becomes an outcome. */
async function attempt(deps: ModerationDeps, account: AccountRef, connector: Connector, action: ClaimedAction): Promise<Attempt> {
  // The decision was for an older version of an edited comment: acting on it now could hide a clean text.
  if (action.decision && action.decision.version !== action.comment.version) {
    return { outcome: { type: 'skipped', action, reason: `v${action.comment.version} ile geçersiz kaldı` } };
  }
  const target = targetOf(action);
  try {
    // An earlier attempt may have reached the platform (it timed out, or its worker died mid-call):
    // ask before acting again, so the action is never repeated where the platform can tell.
    if (action.uncertain) {
      const verified = await alreadyApplied(connector, action);
      if (verified) return { outcome: { type: 'done', action, response: verified.response, verified: verified.how } };
    }
    const response =
      action.kind === 'reply'
        ? await connector.reply(target, replyText(action))
        : ((await connector.moderate(target, action.kind as ModerationKind)).response ?? null);
    return { outcome: { type: 'done', action, response } };
  } catch (error) {
    return onFailure(deps, account, connector, action, error);
  }
}

async function alreadyApplied(connector: Connector, action: ClaimedAction): Promise<{ how: string; response: unknown } | null> {
  const target = targetOf(action);
  if (action.kind === 'reply') {
    const found = await connector.findReply(target, replyText(action));
    return found ? { how: 'reply-exists', response: found } : null;
  }
  if (!connector.currentState) return null; // X cannot tell; hiding twice is harmless there
  const current = await connector.currentState(target);
  const wanted = stateAfter(action.kind as ModerationKind);
  const applied = current === wanted || (current === 'deleted' && (wanted === 'deleted' || wanted === 'rejected'));
  return applied ? { how: `state:${current}`, response: { state: current } } : null;
}

async function onFailure(deps: ModerationDeps, account: AccountRef, connector: Connector, action: ClaimedAction, error: unknown): Promise<Attempt> {
  const err = asPlatformError(error);
  const now = deps.now?.() ?? new Date();
  const message = `${err.kind}: ${err.message}`;
  const w = deps.config.worker;
  const backoff = () => new Date(now.getTime() + backoffMs(action.attempts, 1000, w.actionRetryCapSec * 1000));
  switch (err.kind) {
    case 'invalid':
      return { outcome: { type: 'failed', action, error: message } };
    case 'fatal':
      // Unrecognised: perhaps transient after all, so retried a bounded number of times.
      if (action.attempts >= w.maxActionAttempts) return { outcome: { type: 'failed', action, error: message } };
      return { outcome: { type: 'retry', action, at: backoff(), error: message, uncertain: true } };
    case 'retryable': {
      // A timeout or a lost answer may hide a success. A reply is looked for before it is sent again;
      // waiting two request timeouts first lets a slow platform finish posting it.
      const at = action.kind === 'reply' ? new Date(Math.max(backoff().getTime(), now.getTime() + 2 * w.requestTimeoutMs)) : backoff();
      return { outcome: { type: 'retry', action, at, error: message, uncertain: true } };
    }
    case 'rate_limit':
      if (connector.limits.rateLimitScope === 'endpoint') {
        const at = new Date(now.getTime() + Math.max(1000, err.details.retryAfterMs ?? 60_000));
        return { outcome: { type: 'retry', action, at, error: message, uncertain: false }, endpointUntil: at };
      }
      break;
    case 'auth':
      break;
  }
  // The whole account waits: for the platform's reset, or (auth) for a new token.
  const until = (await recordAccountFailure(deps, account, err).catch(() => null)) ?? new Date(now.getTime() + 60_000);
  return { outcome: { type: 'retry', action, at: until, error: message, uncertain: false }, pauseUntil: until };
}
