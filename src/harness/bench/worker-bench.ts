import { scratchDatabase } from '../scratch-db.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logging/logger.js';
import { percentile } from '../demo/demo.js';
import { startHarness, type Harness } from '../demo/harness.js';
import type { EmuPlatform } from '../emulator/types.js';

const PLATFORMS: EmuPlatform[] = ['facebook', 'instagram', 'x', 'youtube'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLEAN = ['Teşekkürler, çok güzel bir etkinlikti', 'Kayıt tarihleri ne zaman?', 'Harika bir kampüs', 'Yemekhane bugün çok kalabalıktı'];
const BAD = ['sen tam bir salaksın', 'gerizekalı herif', 'Bedava bahis bonusu: bit.ly/bahis-kazan'];

export interface WorkerBenchReport {
  database: string;
  idleCallsPerPoll: Record<string, number>;
  callsPerNewComment: Record<string, number>;
  latencyAt5sPoll: { p50: number; p95: number; comments: number };
  drain: { accounts: number; commentsPerAccount: number; seconds: number; commentsPerSecond: number; actions: number; waitingForPlatformLimit: number; accountErrors: string[] };
}

/**
 * Waits until every comment is decided and every platform action is done, except actions the platform
 * itself makes wait (X allows 50 hides per 15 minutes per account): those are counted, not awaited.
 */
async function settle(h: Harness, expectedComments: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const [decided, pending] = await Promise.all([
      h.db.prisma.decision.count(),
      h.db.prisma.platformAction.count({
        where: { status: { in: ['pending', 'in_progress'] }, NOT: { lastError: { startsWith: 'rate_limit' }, nextAttemptAt: { gt: new Date(Date.now() + 60_000) } } },
      }),
    ]);
    if (decided >= expectedComments && pending === 0) return true;
    await sleep(100);
  }
  return false;
}

async function withHarness<T>(opts: { base: Config; logger: Logger; dbBase: string | undefined; pollIntervalSec: number; platforms?: EmuPlatform[] }, fn: (h: Harness) => Promise<T>): Promise<T> {
  const db = scratchDatabase(opts.dbBase, 'bench');
  const h = await startHarness({
    base: opts.base,
    logger: opts.logger,
    dbUrl: db.url,
    pollIntervalSec: opts.pollIntervalSec,
    tickCron: '* * * * * *',
    platforms: opts.platforms ?? PLATFORMS,
    workerId: 'bench',
  });
  try {
    return await fn(h);
  } finally {
    await h.close();
    await db.cleanup();
  }
}

/**
 * Measures the worker end to end against the emulator: API calls of an idle poll and per new comment,
 * the comment-to-action latency at a 5 s poll interval, and how long a backlog of 10 accounts × N new
 * comments takes to drain. `dbBase` chooses SQLite (undefined) or a PostgreSQL server URL.
 */
export async function runWorkerBench(opts: { base: Config; logger: Logger; dbBase: string | undefined; commentsPerAccount: number; accounts: number; latencySeconds: number }): Promise<WorkerBenchReport> {
  const database = opts.dbBase && /^postgres/.test(opts.dbBase) ? 'postgresql' : 'sqlite';
  const common = { base: opts.base, logger: opts.logger, dbBase: opts.dbBase };

  // 1 + 2. Idle polls, then a known number of new comments, counting emulator calls per platform.
  const { idle, perComment } = await withHarness({ ...common, pollIntervalSec: 1 }, async (h) => {
    const polls = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await h.db.prisma.account.updateMany({ data: { nextPollAt: new Date(0) } });
        await h.runtime.worker.tick();
      }
    };
    await polls(2); // warm-up: first polls establish cursors
    const before = { ...h.emulator.state.calls };
    await polls(5);
    const idle: Record<string, number> = {};
    for (const p of PLATFORMS) idle[p] = (h.emulator.state.calls[p] - before[p]) / 5;
    const n = 20;
    const mid = { ...h.emulator.state.calls };
    for (const p of PLATFORMS) for (let i = 0; i < n; i++) h.post(p, i % 5 === 0 ? BAD[i % BAD.length]! : `${CLEAN[i % CLEAN.length]} ${i}`);
    await polls(3);
    const perComment: Record<string, number> = {};
    for (const p of PLATFORMS) perComment[p] = Math.round(((h.emulator.state.calls[p] - mid[p] - 3 * idle[p]!) / n) * 1000) / 1000;
    return { idle, perComment };
  });

  // 3. Latency at a 5 s poll interval: comments arrive at random moments.
  const latency = await withHarness({ ...common, pollIntervalSec: 5 }, async (h) => {
    h.runtime.start();
    const posted: Array<{ id: string; at: number }> = [];
    const end = Date.now() + opts.latencySeconds * 1000;
    let i = 0;
    while (Date.now() < end) {
      const p = PLATFORMS[i % PLATFORMS.length]!;
      const c = h.post(p, i % 3 === 0 ? BAD[i % BAD.length]! : `${CLEAN[i % CLEAN.length]} ${i}`);
      posted.push({ id: c.id, at: c.createdAt.getTime() });
      i++;
      await sleep(200 + Math.random() * 800);
    }
    await settle(h, posted.length, 30_000);
    const rows = await h.db.prisma.comment.findMany({
      where: { externalId: { in: posted.map((p) => p.id) } },
      include: { decisions: { take: 1 }, actions: { where: { status: 'done' }, take: 1 } },
    });
    const at = new Map(posted.map((p) => [p.id, p.at]));
    const ms = rows.map((r) => ((r.actions[0]?.finishedAt ?? r.decisions[0]?.createdAt)?.getTime() ?? Date.now()) - at.get(r.externalId)!);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), comments: posted.length };
  });

  // 4. Drain: N accounts with a backlog of new comments each, spread over several posts.
  const platforms = Array.from({ length: opts.accounts }, (_, i) => PLATFORMS[i % PLATFORMS.length]!);
  // A 5 s interval keeps X polling inside its per-endpoint limits (300 requests per 15 minutes).
  const drain = await withHarness({ ...common, pollIntervalSec: 5, platforms }, async (h) => {
    // The comments are new: they arrive after bekci has polled each account once (a first poll only
    // sets a starting point on some platforms; history before an account was added is not a backlog).
    h.runtime.start();
    const firstPolls = Date.now() + 60_000;
    while ((await h.db.prisma.account.count({ where: { lastPolledAt: null } })) > 0 && Date.now() < firstPolls) await sleep(100);
    const perPost = 100;
    for (const a of h.accounts) {
      const posts = [a.postId];
      for (let p = 1; p < Math.ceil(opts.commentsPerAccount / perPost); p++) posts.push(h.emulator.state.addPost(a.platform, a.externalId, `duyuru ${p}`).id);
      for (let i = 0; i < opts.commentsPerAccount; i++) {
        h.emulator.state.addComment({ platform: a.platform, postId: posts[Math.floor(i / perPost)]!, text: i % 5 === 0 ? BAD[i % BAD.length]! : `${CLEAN[i % CLEAN.length]} ${i}` });
      }
    }
    const total = opts.accounts * opts.commentsPerAccount;
    const started = Date.now();
    await settle(h, total, 15 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    const actions = await h.db.prisma.platformAction.count({ where: { status: 'done' } });
    const waitingForPlatformLimit = await h.db.prisma.platformAction.count({ where: { status: 'pending', lastError: { startsWith: 'rate_limit' } } });
    const errors = await h.db.prisma.account.findMany({ where: { lastError: { not: null } }, select: { platform: true, lastError: true } });
    return {
      accounts: opts.accounts,
      commentsPerAccount: opts.commentsPerAccount,
      seconds: Math.round(seconds * 10) / 10,
      commentsPerSecond: Math.round(total / seconds),
      actions,
      waitingForPlatformLimit,
      accountErrors: errors.map((e) => `${e.platform}: ${e.lastError}`),
    };
  });

  return { database, idleCallsPerPoll: idle, callsPerNewComment: perComment, latencyAt5sPoll: latency, drain };
}
