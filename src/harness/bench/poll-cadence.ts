import type { Config } from '../../config/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ModerationDeps } from '../../moderation/deps.js';
import { percentile } from '../demo/demo.js';
import { startHarnessWorld } from '../demo/harness.js';
import type { EmuPlatform } from '../emulator/types.js';
import { scratchDatabase } from '../scratch-db.js';
import { RemoteEmulator } from './remote-emulator.js';

const PLATFORMS: EmuPlatform[] = ['facebook', 'instagram', 'x', 'youtube'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PollCadenceReport {
  /** What was measured, in one sentence. */
  what: string;
  accounts: number;
  intervalSec: number;
  /** The bound every account's gap between two polls must stay under. */
  targetSec: number;
  /** Length of the measured window (after a warm-up in which every account was polled once). */
  seconds: number;
  /** Longest time any account went without a poll in the window (edges of the window included). */
  maxGapSec: number;
  p95GapSec: number;
  p50GapSec: number;
  /** Accounts whose longest gap exceeded `targetSec` (the target is 0). */
  accountsOverTarget: number;
  pollsPerAccount: { min: number; mean: number };
  /** Largest number of polls running at the same moment (bounded by `worker.maxConcurrentPolls`). */
  maxConcurrentPolls: number;
}

/**
 * Scheduling under many accounts: `accounts` idle accounts (platforms in turn) at a `intervalSec`
 * poll interval, served by one worker running on its own schedule for `seconds`. Records when each
 * poll of each account starts and reports the gaps between polls of the same account.
 */
export async function runPollCadence(
  common: { base: Config; logger: Logger; dbBase: string | undefined },
  accounts = 50,
  intervalSec = 5,
  seconds = 40,
): Promise<PollCadenceReport> {
  const db = scratchDatabase(common.dbBase, 'cadence');
  const platforms = Array.from({ length: accounts }, (_, i) => PLATFORMS[i % PLATFORMS.length]!);
  // The emulator runs in a process of its own, as real platforms are remote.
  const emulator = await RemoteEmulator.start({ youtubeDailyQuota: 1_000_000 });
  const h = await startHarnessWorld(
    { base: common.base, logger: common.logger, dbUrl: db.url, pollIntervalSec: intervalSec, tickCron: '* * * * * *', platforms, workerId: 'cadence' },
    emulator,
  ).catch(async (err: unknown) => {
    await emulator.close();
    await db.cleanup();
    throw err;
  });
  try {
    const starts = new Map<string, number[]>();
    let running = 0;
    let maxRunning = 0;
    // Each poll builds its connector first: that moment is the poll's start.
    const deps = h.runtime.deps as { connectorFor: ModerationDeps['connectorFor'] };
    const build = deps.connectorFor;
    deps.connectorFor = (account) => {
      const list = starts.get(account.externalId) ?? [];
      list.push(Date.now());
      starts.set(account.externalId, list);
      const connector = build(account);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      const poll = connector.poll.bind(connector);
      connector.poll = (cursor, seen) => poll(cursor, seen).finally(() => (running -= 1));
      return connector;
    };
    h.runtime.start();
    const warmEnd = Date.now() + 60_000;
    while (starts.size < h.accounts.length && Date.now() < warmEnd) await sleep(100);
    const from = Date.now();
    await sleep(seconds * 1000);
    const to = Date.now();
    const gaps: number[] = [];
    const worst: number[] = [];
    const counts: number[] = [];
    for (const a of h.accounts) {
      const inWindow = (starts.get(a.externalId) ?? []).filter((t) => t >= from && t <= to);
      const edges = [from, ...inWindow, to];
      let max = 0;
      for (let i = 1; i < edges.length; i++) {
        const gap = (edges[i]! - edges[i - 1]!) / 1000;
        if (i > 1 && i < edges.length - 1) gaps.push(gap);
        max = Math.max(max, gap);
      }
      worst.push(max);
      counts.push(inWindow.length);
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    const targetSec = 2 * intervalSec;
    return {
      what: `${accounts} boşta hesap, ${intervalSec} sn aralık, tek çalışan: aynı hesabın iki taraması arasındaki süre`,
      accounts,
      intervalSec,
      targetSec,
      seconds: round((to - from) / 1000),
      maxGapSec: round(Math.max(0, ...worst)),
      p95GapSec: round(percentile(gaps, 95)),
      p50GapSec: round(percentile(gaps, 50)),
      accountsOverTarget: worst.filter((w) => w > targetSec).length,
      pollsPerAccount: { min: Math.min(...counts), mean: round(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)) },
      maxConcurrentPolls: maxRunning,
    };
  } finally {
    await h.close();
    await db.cleanup();
  }
}
