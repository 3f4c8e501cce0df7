import type { Account } from '../db/generated/sqlite/client.js';
import type { ModerationDeps } from '../moderation/deps.js';
import { executeAccountActions } from '../moderation/executor.js';
import { ingestPage, yieldToLoop, type IngestMetrics, type PageFinisher } from '../moderation/ingest.js';
import { recordDeadLetter, StorageError } from '../moderation/dead-letter.js';
import type { Connector, PollCursor, RemoteComment } from '../platforms/contract.js';
import { backoffMs, recordAccountFailure } from '../moderation/account-health.js';
import { sameJson } from './same-json.js';
import { afterPollQuota } from '../moderation/quota.js';
import { BULK_TX } from '../db/bulk-sql.js';
import { freshCredentials } from '../accounts/token-lifecycle.js';
import { seenStoreFor, writeSeen } from '../moderation/seen-store.js';

/** This worker no longer holds the account: stop without recording anything more. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** Comments written per transaction. */
export const PAGE_SIZE = 100;
/** Actions claimed per executor batch, and how long one poll keeps acting before it lets go. */
const ACTION_BATCH = 50;
const ACTION_BUDGET_MS = 30_000;

export interface PollSummary {
  accountId: string;
  comments: number;
  /** Comments that could not be stored and went to the dead-letter table. */
  skipped: number;
  decided: number;
  calls: number;
  actionsDone: number;
  error?: string;
}

/**
 * One polling run for one leased account: resume pending actions, read new comments, record and decide
 * them page by page (see ingestPage), act. The cursor moves in the same transaction as the last page,
 * so a crash or a database error re-reads the poll next time instead of losing it (ingest is
 * idempotent); a comment that cannot be stored at all goes to the dead-letter table first, so the
 * cursor never passes a comment silently.
 */
export async function pollAccount(deps: ModerationDeps, account: Account, lease?: AbortSignal, metrics?: IngestMetrics): Promise<PollSummary> {
  const summary: PollSummary = { accountId: account.id, comments: 0, decided: 0, skipped: 0, calls: 0, actionsDone: 0 };
  const log = deps.logger.child({ accountId: account.id, platform: account.platform });
  let connector: Connector;
  try {
    // Renewed before expiry; null when the account was parked or backed off instead.
    const credentials = await freshCredentials(deps, account);
    if (!credentials) {
      summary.error = 'token';
      return summary;
    }
    connector = deps.connectorFor({ platform: account.platform as 'facebook', externalId: account.externalId, credentials });
  } catch (err) {
    log.error({ err }, 'hesap bağlayıcısı kurulamadı');
    summary.error = String(err);
    await deps.prisma.account.update({ where: { id: account.id }, data: { lastError: String(err).slice(0, 500), nextPollAt: new Date(Date.now() + 60_000) } });
    return summary;
  }

  try {
    // Moderating during a positional walk would shift its pages (see Connector.walkPending).
    const previous = (account.cursor as PollCursor | null) ?? null;
    const before = connector.walkPending?.(previous) ? { done: 0, accountPaused: false } : await executeAccountActions(deps, account, connector, 50, lease);
    summary.actionsDone += before.done;
    // A limit on one endpoint (X hides) defers those actions only; the account itself is paused only
    // when the failure was recorded against it.
    if (before.accountPaused) return summary;

    const result = await connector.poll(previous, seenStoreFor(deps.prisma, account.id));
    summary.calls = result.calls;
    summary.comments = result.comments.length;
    const finish = finisher(deps, account, connector, result);
    const pages = chunk(result.comments, PAGE_SIZE);
    if (pages.length === 0) pages.push([]);
    for (let i = 0; i < pages.length; i++) {
      if (lease?.aborted) throw new LeaseLostError();
      const last = i === pages.length - 1;
      const page = pages[i]!;
      const outcome = await storePage(deps, account, connector, page, last ? finish : undefined, metrics);
      summary.decided += outcome.decided;
      summary.skipped += outcome.skipped;
      if (!last) await yieldToLoop();
    }
    // The actions this poll planned, in batches, until none is due (a backlog's removals go out in
    // this poll, not 50 per poll interval) or the account must pause.
    const until = Date.now() + ACTION_BUDGET_MS;
    while (!connector.walkPending?.(result.cursor)) {
      const after = await executeAccountActions(deps, { ...account, consecutiveFailures: 0 }, connector, ACTION_BATCH, lease);
      summary.actionsDone += after.done;
      if (
        after.accountPaused ||
        after.done + after.failed === 0 ||
        after.done + after.failed + after.deferred < ACTION_BATCH ||
        Date.now() > until ||
        lease?.aborted
      )
        break;
    }
    if (summary.comments) log.info({ comments: summary.comments, decided: summary.decided, actions: summary.actionsDone }, 'hesap tarandı');
  } catch (err) {
    summary.error = err instanceof Error ? err.message : String(err);
    if (err instanceof LeaseLostError) {
      log.warn('hesabın kirası kaybedildi; tarama başka bir çalışana bırakıldı');
      return summary;
    }
    if (err instanceof StorageError) {
      // Ours, not the platform's: the account's platform health is left alone.
      log.error({ err: err.cause ?? err }, 'veritabanına yazılamadı; tarama sonra yeniden denenecek');
      await deps.prisma.account
        .update({ where: { id: account.id }, data: { nextPollAt: new Date(Date.now() + backoffMs(1)), lastError: `storage: ${err.message}`.slice(0, 500) } })
        .catch(() => undefined);
      return summary;
    }
    await recordAccountFailure(deps, account, err).catch((e: unknown) => log.error({ err: e }, 'hata kaydedilemedi'));
  }
  return summary;
}

/**
 * Writes one page in one transaction. When that fails, the comments are written one by one (twice
 * each); one that still fails goes to the dead-letter table. A failure to write even that is a
 * StorageError: the poll stops and its cursor stays.
 */
async function storePage(
  deps: ModerationDeps,
  account: Account,
  connector: Connector,
  page: RemoteComment[],
  finish: PageFinisher | undefined,
  metrics: IngestMetrics | undefined,
): Promise<{ decided: number; skipped: number }> {
  const opts = { ...(metrics ? { metrics } : {}) };
  try {
    const out = await ingestPage(deps, account, connector.capabilities, page, { ...opts, ...(finish ? { finish } : {}) });
    return { decided: out.filter((o) => o.decided).length, skipped: 0 };
  } catch (err) {
    if (err instanceof StorageError) throw err;
    deps.logger.warn({ err, accountId: account.id }, 'sayfa tek işlemde kaydedilemedi; yorumlar tek tek deneniyor');
  }
  let decided = 0;
  let skipped = 0;
  for (const remote of page) {
    let failure: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const [o] = await ingestPage(deps, account, connector.capabilities, [remote], opts);
        if (o?.decided) decided += 1;
        failure = undefined;
        break;
      } catch (err) {
        failure = err;
      }
    }
    if (failure !== undefined) {
      await recordDeadLetter(deps, account, remote, failure);
      skipped += 1;
    }
  }
  if (finish) {
    try {
      await deps.prisma.$transaction((tx) => finish(tx), BULK_TX);
    } catch (err) {
      throw new StorageError(`tarama konumu kaydedilemedi: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return { decided, skipped };
}

/**
 * The end of a poll, written with its last page: removed comments, seen hashes and cursor (each only
 * when it changed), schedule.
 */
function finisher(deps: ModerationDeps, account: Account, connector: Connector, result: Awaited<ReturnType<Connector['poll']>>): PageFinisher {
  return async (tx) => {
    let statements = 0;
    const now = deps.now?.() ?? new Date();
    if (result.removed?.length) {
      statements += 1;
      await tx.comment.updateMany({ where: { accountId: account.id, externalId: { in: result.removed }, removedAt: null }, data: { removedAt: now } });
    }
    statements += await writeSeen(tx, deps.config.dbProvider, account.id, result.seen);
    // Quota budgeting is the connector's to describe (YouTube's daily units); nothing else changes.
    const quota = afterPollQuota(connector.limits, account, result.quotaUnits ?? result.calls, deps.config.worker, now);
    const intervalSec = quota.intervalSec;
    const cursorChanged = !sameJson(account.cursor, result.cursor);
    statements += 1;
    // updateMany: nothing is read back (an update would return the whole row, cursor included).
    await tx.account.updateMany({
      where: { id: account.id },
      data: {
        ...(cursorChanged ? { cursor: JSON.parse(JSON.stringify(result.cursor)) as object } : {}),
        lastPolledAt: now,
        nextPollAt: new Date(now.getTime() + intervalSec * 1000),
        consecutiveFailures: 0,
        backoffUntil: null,
        lastError: null,
        ...quota.data,
      },
    });
    return statements;
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
