import type { Account } from '../db/generated/sqlite/client.js';
import type { ModerationDeps } from '../moderation/deps.js';
import { executeAccountActions } from '../moderation/executor.js';
import { ingestComment } from '../moderation/ingest.js';
import { afterPollQuota } from '../moderation/quota.js';
import type { AccountCredentials, PollCursor } from '../platforms/contract.js';
import { recordAccountFailure } from '../moderation/account-health.js';
import { audit } from '../audit/audit.js';

/** This worker no longer holds the account: stop without recording anything more. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** Consecutive failed polls after which a comment that keeps failing is set aside. */
export const POISON_AFTER_FAILURES = 3;

export interface PollSummary {
  accountId: string;
  comments: number;
  /** Comments set aside after repeated failures (see POISON_AFTER_FAILURES). */
  skipped: number;
  decided: number;
  calls: number;
  actionsDone: number;
  error?: string;
}

/**
 * One polling run for one leased account: resume pending actions, read new comments, decide each one,
 * act, then persist the cursor. The cursor only moves after every comment of the poll was recorded,
 * so a crash or a database error re-reads them next time instead of losing them (ingest is idempotent).
 */
export async function pollAccount(deps: ModerationDeps, account: Account, lease?: AbortSignal): Promise<PollSummary> {
  const summary: PollSummary = { accountId: account.id, comments: 0, decided: 0, skipped: 0, calls: 0, actionsDone: 0 };
  const log = deps.logger.child({ accountId: account.id, platform: account.platform });
  let connector;
  try {
    connector = deps.connectorFor({
      platform: account.platform as 'facebook',
      externalId: account.externalId,
      credentials: deps.vault.open<AccountCredentials>(account.credentials),
    });
  } catch (err) {
    log.error({ err }, 'hesap bağlayıcısı kurulamadı');
    summary.error = String(err);
    await deps.prisma.account.update({ where: { id: account.id }, data: { lastError: String(err).slice(0, 500), nextPollAt: new Date(Date.now() + 60_000) } });
    return summary;
  }

  try {
    const before = await executeAccountActions(deps, account, connector, 50, lease);
    summary.actionsDone += before.done;
    if (before.accountPaused) return summary;

    const result = await connector.poll((account.cursor as PollCursor | null) ?? null);
    summary.calls = result.calls;
    summary.comments = result.comments.length;
    for (const remote of result.comments) {
      if (lease?.aborted) throw new LeaseLostError();
      try {
        const outcome = await ingestComment(deps, account, connector.capabilities, remote);
        if (outcome.decided) summary.decided += 1;
      } catch (err) {
        // A failure here is ours (database, a comment the engine cannot handle), not the platform's.
        // The poll is retried as a whole a few times (ingest is idempotent); after that, one comment
        // that keeps failing must not hold up the account forever: it is set aside, loudly.
        if (account.consecutiveFailures < POISON_AFTER_FAILURES) throw err;
        summary.skipped += 1;
        log.error({ err, externalId: remote.externalId }, 'yorum defalarca işlenemedi; atlanıyor');
        await audit(deps.prisma, { actor: deps.actor, action: 'comment.ingest_failed', entityType: 'account', entityId: account.id, data: { externalId: remote.externalId, error: String(err) } }).catch(() => undefined);
      }
    }
    if (lease?.aborted) throw new LeaseLostError();
    const now = deps.now?.() ?? new Date();
    if (result.removed?.length) {
      await deps.prisma.comment.updateMany({
        where: { accountId: account.id, externalId: { in: result.removed }, removedAt: null },
        data: { removedAt: now },
      });
    }
    // Quota budgeting is the connector's to describe (YouTube's daily units); nothing else changes.
    const quota = afterPollQuota(connector.limits, account, result.quotaUnits ?? result.calls, deps.config.worker, now);
    const intervalSec = quota.intervalSec;
    await deps.prisma.account.update({
      where: { id: account.id },
      data: {
        cursor: JSON.parse(JSON.stringify(result.cursor)) as object,
        lastPolledAt: now,
        nextPollAt: new Date(now.getTime() + intervalSec * 1000),
        consecutiveFailures: 0,
        backoffUntil: null,
        lastError: null,
        ...quota.data,
      },
    });
    const after = await executeAccountActions(deps, { ...account, consecutiveFailures: 0 }, connector, 50, lease);
    summary.actionsDone += after.done;
    if (summary.comments) log.info({ comments: summary.comments, decided: summary.decided, actions: summary.actionsDone }, 'hesap tarandı');
  } catch (err) {
    summary.error = err instanceof Error ? err.message : String(err);
    if (err instanceof LeaseLostError) {
      log.warn('hesabın kirası kaybedildi; tarama başka bir çalışana bırakıldı');
      return summary;
    }
    await recordAccountFailure(deps, account, err).catch((e: unknown) => log.error({ err: e }, 'hata kaydedilemedi'));
  }
  return summary;
}
