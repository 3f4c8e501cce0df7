import type { Config } from '../../config/index.js';
import type { Prisma } from '../../db/index.js';
import { countChaos, type ChaosCounts } from './count.js';
import { ChaosFeed } from './feed.js';
import { ChaosProcess } from './processes.js';
import { Prng } from './prng.js';
import { createChaosWorld } from './world.js';

export interface ChaosOptions {
  base: Config;
  kills: number;
  seed: number;
  /** postgresql://… (a fresh schema is made and dropped) or a SQLite file URL; default a temporary SQLite file. */
  database?: string;
  /** Time from a process being up (the worker: its first poll finished) to its kill, drawn uniformly (default 300–3000 ms). */
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** Longest wait for the last work to finish after the final restart (default 240 s). */
  settleTimeoutMs?: number;
  /** Progress lines for a person at the terminal (Turkish). */
  onProgress?: (line: string) => void;
}

export interface ChaosReport extends ChaosCounts {
  kills: number;
  seed: number;
  database: 'sqlite' | 'postgresql';
  /** Kills that hit a process while it held mail rows it was sending (the one window a mail may go twice). */
  killsInsideSend: number;
  killsWorker: number;
  killsMailer: number;
  commentsPosted: number;
  mailsApproved: number;
  repliesApproved: number;
  faultsInjected: number;
  feedErrors: number;
  /** Platform actions that ended `failed` (a violation may have stayed up). */
  actionsFailed: number;
  /** Starts that were not up (worker: no poll finished) within 60 s; killed anyway. */
  slowStarts: number;
  /** Exits no kill caused (each process is started again at once). */
  unexpectedExits: number;
  /** Everything finished before the settle timeout. */
  settled: boolean;
  /** The final SIGTERM was answered by a clean exit (code 0) from both processes. */
  cleanShutdown: boolean;
  campaignSec: number;
  settleSec: number;
  /** Broken invariants, in Turkish (empty: the campaign passed). */
  violations: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `bekci chaos`: a worker (`bekci start`, which also dispatches mail) and a second mail dispatcher
 * (`bekci mail send`) run as real child processes of the built CLI against the emulator with faults
 * and the loopback SMTP sink. While comments, announcements and approved replies stream in, one of
 * the two is SIGKILLed at each of `kills` moments drawn from the seeded generator (same seed, same
 * schedule) and started again. Then the platforms recover, everything settles and the invariants are
 * counted: no comment missed, no action repeated where the state could be checked, one ticket per
 * routed comment, every mail delivered, at most one duplicate per kill that landed inside a send.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const say = opts.onProgress ?? (() => undefined);
  const world = await createChaosWorld(opts.base, opts.database);
  const prng = new Prng(opts.seed);
  // Separate streams: the kill schedule does not depend on how many comments were fed before it.
  const schedule = Array.from({ length: opts.kills }, () => ({
    afterMs: prng.int(opts.minIntervalMs ?? 300, opts.maxIntervalMs ?? 3000),
    target: (prng.chance(0.5) ? 0 : 1) as 0 | 1,
    restartAfterMs: prng.int(0, 300),
  }));
  const feed = new ChaosFeed(world, new Prng(opts.seed ^ 0x5eed));
  const procs = [
    new ChaosProcess('çalışan', 'chaos-worker', ['start'], world.env, /bekci çalışıyor/),
    new ChaosProcess('gönderimci', 'chaos-mailer', ['mail', 'send'], world.env, /Gönderimci çalışıyor/),
  ] as const;
  const prisma = world.db.prisma;
  let killsInsideSend = 0;
  let slowStarts = 0;
  const killsBy: [number, number] = [0, 0];
  let settled = false;
  let cleanShutdown = false;
  const t0 = Date.now();
  let campaignSec = 0;
  let settleSec = 0;
  // Interrupted (Ctrl+C): the child processes must not outlive the campaign.
  const interrupted = (): void => {
    for (const p of procs) p.killNow();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    for (const p of procs) p.start();
    // A first batch before the first kill, so that the worker has work from the start.
    for (let i = 0; i < 8; i++) feed.postComment();
    feed.start();
    // Each process has its own kill loop (the two run side by side); the seeded schedule says which
    // process each kill hits and when, counted from the moment that process was up.
    let done = 0;
    const loop = async (target: 0 | 1): Promise<void> => {
      const proc = procs[target];
      for (const step of schedule.filter((s) => s.target === target)) {
        // A kill during start-up would only test start-up, and a worker killed before it ever finished a
        // poll would make no progress at all (on a busy machine its backlog grows faster than it reads):
        // the moment is drawn from when the process is up and, for the worker, has finished a poll.
        const startedAt = new Date();
        const up = (await proc.whenReady(60_000)) && (target === 1 || (await finishedPoll(prisma, startedAt, 60_000)));
        if (!up) slowStarts += 1;
        await sleep(step.afterMs);
        if (await holdsMailRows(prisma, proc.workerId)) killsInsideSend += 1;
        await proc.kill();
        killsBy[target] += 1;
        done += 1;
        if (done % 10 === 0 || done === schedule.length) {
          const tickets = await prisma.ticket.count();
          say(
            `${done}/${schedule.length} öldürme (${feed.stats.commentsPosted} yorum, ${tickets} bilet, ${feed.stats.mailsApproved} duyuru, ${feed.stats.repliesApproved} yanıt)`,
          );
        }
        await sleep(step.restartAfterMs);
        proc.start();
      }
    };
    await Promise.all([loop(0), loop(1)]);
    feed.stop();
    campaignSec = (Date.now() - t0) / 1000;
    say('öldürmeler bitti; platformlar düzeldi, kalan işlerin bitmesi bekleniyor');
    const s0 = Date.now();
    settled = await settle(prisma, feed, opts.settleTimeoutMs ?? 240_000);
    settleSec = (Date.now() - s0) / 1000;
    const codes = await Promise.all(procs.map((p) => p.stop()));
    cleanShutdown = codes.every((c) => c === 0);
    const counts = await countChaos({ prisma, config: world.config, emulator: world.emulator.state, sink: world.sink }, feed.expected);
    const actionsFailed = await prisma.platformAction.count({ where: { status: 'failed' } });
    const report: ChaosReport = {
      kills: opts.kills,
      seed: opts.seed,
      ...counts,
      database: world.db.provider,
      killsInsideSend,
      killsWorker: killsBy[0],
      killsMailer: killsBy[1],
      ...feed.stats,
      actionsFailed,
      unexpectedExits: procs.reduce((n, p) => n + p.unexpectedExits, 0),
      slowStarts,
      settled,
      cleanShutdown,
      campaignSec: Math.round(campaignSec * 10) / 10,
      settleSec: Math.round(settleSec * 10) / 10,
      violations: [],
    };
    report.violations = violationsOf(report);
    for (const e of feed.errorSamples) say(`akış hatası: ${e}`);
    if (report.violations.length) {
      const accounts = await prisma.account.findMany({
        select: {
          platform: true,
          status: true,
          lastError: true,
          consecutiveFailures: true,
          backoffUntil: true,
          nextPollAt: true,
          leaseOwner: true,
          leaseExpiresAt: true,
        },
      });
      say(`hesaplar: ${JSON.stringify(accounts)}`);
      for (const p of procs) if (p.stderrTail) say(`${p.name} son hata çıktısı:\n${p.stderrTail.slice(-1500)}`);
    }
    return report;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    feed.stop();
    for (const p of procs) await p.stop(5000).catch(() => undefined);
    await world.close();
  }
}

/** Waits until some account's poll finished after `since` (false after `timeoutMs`). */
async function finishedPoll(prisma: Prisma, since: Date, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await prisma.account.count({ where: { lastPolledAt: { gt: since } } })) > 0) return true;
    await sleep(200);
  }
  return false;
}

/** Whether the process holds outbox rows it claimed for sending (its claim tokens start with its worker id). */
async function holdsMailRows(prisma: Prisma, workerId: string): Promise<boolean> {
  const n = await prisma.outboxMessage.count({ where: { status: 'sending', lockedBy: { startsWith: `${workerId}#` } } });
  return n > 0;
}

/** Waits until every comment is judged, every action and ticket done, every mail sent. */
async function settle(prisma: Prisma, feed: ChaosFeed, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  const want = feed.expected.comments.length;
  const ids = feed.expected.comments.map((c) => c.id);
  while (Date.now() < end) {
    const [judged, actions, routing, mails] = await Promise.all([
      prisma.comment.count({ where: { decisions: { some: {} }, externalId: { in: ids } } }),
      prisma.platformAction.count({ where: { status: { in: ['pending', 'in_progress'] } } }),
      prisma.decision.count({ where: { routing: 'pending' } }),
      prisma.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
    ]);
    if (judged >= want && actions === 0 && routing === 0 && mails === 0) {
      // A last look a moment later: a reply answered after the check would still be counted.
      await sleep(1000);
      return true;
    }
    await sleep(500);
  }
  return false;
}

/** The broken invariants, in Turkish; empty when the campaign passed. */
export function violationsOf(r: ChaosReport): string[] {
  const v: string[] = [];
  if (r.commentsMissed > 0) v.push(`${r.commentsMissed} yorum hiç kaydedilip değerlendirilmedi`);
  if (r.actionsRepeated > 0) v.push(`${r.actionsRepeated} platform işlemi, durum denetlenebildiği halde yinelendi`);
  if (r.ticketsMissing > 0) v.push(`${r.ticketsMissing} şikâyet/talep için bilet açılmadı`);
  if (r.ticketsDuplicated > 0) v.push(`${r.ticketsDuplicated} bilet yinelendi`);
  if (r.mailsMissing > 0) v.push(`${r.mailsMissing} e-posta teslim edilmedi`);
  if (r.mailsDuplicated > r.killsInsideSend)
    v.push(`${r.mailsDuplicated} yinelenen e-posta, gönderim sırasındaki öldürme sayısından (${r.killsInsideSend}) fazla`);
  if (r.repliesMissing > 0) v.push(`${r.repliesMissing} onaylı yanıt yayımlanmadı`);
  if (!r.settled) v.push('kalan işler süre içinde bitmedi');
  return v;
}
