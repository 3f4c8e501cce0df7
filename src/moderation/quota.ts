import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { ConnectorLimits } from '../platforms/contract.js';

/**
 * Quota budgeting for platforms whose connector reports a daily quota (`limits.quota`; today
 * YouTube's 10,000 units per project and Pacific day). The worker asks here without knowing the
 * platform: polls spend at most `worker.youtubePollQuotaShare` of the day's budget, the rest is left
 * for moderation actions and replies, whose units are counted as they are spent.
 */

type QuotaConfig = Pick<Config['worker'], 'youtubeDailyQuota' | 'youtubePollQuotaShare'>;

/**
 * The poll interval that keeps an account inside its share of the daily quota, given the units one
 * poll costs. Never shorter than the configured interval.
 */
export function quotaIntervalSec(configuredSec: number, dailyQuota: number, share: number, unitsPerPoll: number): number {
  const budget = Math.max(1, dailyQuota * share);
  return Math.max(configuredSec, Math.ceil((86_400 * Math.max(1, unitsPerPoll)) / budget));
}

/** Account fields to write after a poll, and the interval to the next one. No quota: nothing changes. */
export function afterPollQuota(
  limits: ConnectorLimits,
  account: { quotaDay: string | null; pollIntervalSec: number },
  unitsSpent: number,
  worker: QuotaConfig,
  now: Date,
): { intervalSec: number; data: { quotaDay?: string; quotaUsedToday?: number | { increment: number } } } {
  if (!limits.quota) return { intervalSec: account.pollIntervalSec, data: {} };
  const day = limits.quota.dayOf(now);
  return {
    intervalSec: quotaIntervalSec(account.pollIntervalSec, worker.youtubeDailyQuota, worker.youtubePollQuotaShare, unitsSpent),
    // An increment, so that units counted meanwhile by the action executor are kept.
    data: account.quotaDay === day ? { quotaUsedToday: { increment: unitsSpent } } : { quotaDay: day, quotaUsedToday: unitsSpent },
  };
}

/** Adds the units of platform calls made by actions to the account's count for the quota day. */
export async function countActionUnits(
  prisma: Pick<Prisma, 'account'>,
  limits: ConnectorLimits,
  accountId: string,
  kinds: readonly string[],
  now: Date,
): Promise<void> {
  const quota = limits.quota;
  if (!quota || kinds.length === 0) return;
  const units = kinds.reduce((sum, k) => sum + quota.unitsFor(k as Parameters<typeof quota.unitsFor>[0]), 0);
  const day = quota.dayOf(now);
  const same = await prisma.account.updateMany({ where: { id: accountId, quotaDay: day }, data: { quotaUsedToday: { increment: units } } });
  if (same.count === 0) await prisma.account.updateMany({ where: { id: accountId }, data: { quotaDay: day, quotaUsedToday: units } });
}
