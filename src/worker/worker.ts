import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/index.js';
import type { ModerationDeps } from '../moderation/deps.js';
import { routePending } from '../moderation/ingest.js';
import { audit } from '../audit/audit.js';
import { acquireNamedLease, claimDueAccounts, releaseAccount, renewAccount } from './leases.js';
import { pollAccount, type PollSummary } from './poll.js';
import { purgeExpired } from './retention.js';

/** node-cron's own messages go to the project logger (never to stdout, which commands keep for output). */
export function cronLogger(log: ModerationDeps['logger']) {
  return {
    info: (m: string) => log.debug({ component: 'node-cron' }, m),
    warn: (m: string) => log.debug({ component: 'node-cron' }, m),
    error: (m: string | Error, err?: Error) => log.error({ component: 'node-cron', err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug({ component: 'node-cron' }, String(m)),
  };
}

/** A periodic job that at most one worker runs at a time (guarded by a named lease). */
export interface SingletonJob {
  name: string;
  /** Minimum milliseconds between runs. */
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

export interface Closeable {
  close(): Promise<void> | void;
}

export interface WorkerParts {
  db: Db;
  deps: ModerationDeps;
  workerId: string;
  /** Other long-lived components the worker owns (rule watcher, mail dispatcher): closed with it. */
  components?: Closeable[];
  jobs?: SingletonJob[];
  /** Accounts polled concurrently by this worker. */
  concurrency?: number;
}

export interface TickSummary {
  polled: PollSummary[];
}

/**
 * The long-running worker: a node-cron tick claims due accounts through database leases, polls and
 * moderates them, retries pending routing and runs singleton jobs. `close()` stops the tick, lets the
 * in-flight run finish and releases leases, so SIGTERM never abandons work half-recorded.
 */
export class Worker {
  private task: ScheduledTask | undefined;
  private running: Promise<TickSummary> | undefined;
  private closing: Promise<void> | undefined;
  private readonly lastRun = new Map<string, number>();
  private readonly jobs: SingletonJob[];

  constructor(private readonly parts: WorkerParts) {
    const { deps } = parts;
    this.jobs = [
      {
        name: 'retention',
        everyMs: 6 * 3_600_000,
        run: async (now) => {
          const purged = await purgeExpired(deps.prisma, deps.config.privacy, now);
          if (purged.comments + purged.tickets + purged.mails > 0) {
            await audit(deps.prisma, { actor: deps.actor, action: 'retention.purge', entityType: 'system', data: purged });
          }
        },
      },
      ...(parts.jobs ?? []),
    ];
  }

  start(): void {
    if (this.task || this.closing) return;
    this.task = cron.schedule(this.parts.deps.config.worker.tickCron, () => void this.tick().catch(() => undefined), {
      name: `bekci-tick-${this.parts.workerId}`,
      noOverlap: true,
      // A tick skipped because the previous one still runs is normal under load, not a warning.
      suppressMissedWarning: true,
      logger: cronLogger(this.parts.deps.logger),
    });
    void this.tick().catch(() => undefined);
  }

  /** One scheduling round. Never throws: every failure is recorded against its account or logged. */
  tick(): Promise<TickSummary> {
    if (this.closing) return Promise.resolve({ polled: [] });
    if (this.running) return this.running;
    this.running = this.runTick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runTick(): Promise<TickSummary> {
    const { db, deps, workerId } = this.parts;
    const log = deps.logger;
    const polled: PollSummary[] = [];
    const concurrency = this.parts.concurrency ?? 4;
    try {
      const leaseMs = deps.config.worker.leaseSeconds * 1000;
      const ids = await claimDueAccounts(db, workerId, leaseMs, concurrency * 2, deps.now?.() ?? new Date());
      const queue = [...ids];
      const runOne = async (): Promise<void> => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          // The lease is renewed while the account is worked on; if it is lost anyway (this process
          // stalled past the lease), the poll stops at the next comment or action and saves nothing.
          const lease = new AbortController();
          const accountId = id;
          const heartbeat = setInterval(() => {
            renewAccount(db, accountId, workerId, leaseMs).then(
              (held) => held || lease.abort(),
              () => undefined,
            );
          }, Math.max(500, Math.floor(leaseMs / 3)));
          try {
            const account = await db.prisma.account.findUnique({ where: { id } });
            if (account && account.status === 'active' && account.leaseOwner === workerId) polled.push(await pollAccount(deps, account, lease.signal));
          } catch (err) {
            log.error({ err, accountId: id }, 'hesap taranamadı');
          } finally {
            clearInterval(heartbeat);
            await releaseAccount(db, id, workerId).catch(() => undefined);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, runOne));
      await routePending(deps);
      await this.runJobs();
    } catch (err) {
      log.error({ err }, 'zamanlayıcı turu başarısız');
    }
    return { polled };
  }

  private async runJobs(): Promise<void> {
    const { db, deps, workerId } = this.parts;
    const now = deps.now?.() ?? new Date();
    for (const job of this.jobs) {
      const last = this.lastRun.get(job.name) ?? 0;
      if (now.getTime() - last < job.everyMs) continue;
      this.lastRun.set(job.name, now.getTime());
      try {
        if (await acquireNamedLease(db, `job:${job.name}`, workerId, Math.min(job.everyMs, 10 * 60_000), now)) await job.run(now);
      } catch (err) {
        deps.logger.error({ err, job: job.name }, 'periyodik iş başarısız');
      }
    }
  }

  /** Idempotent. Waits for the in-flight round, then closes owned components. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.task?.stop();
      this.task?.destroy();
      await this.running?.catch(() => undefined);
      for (const c of this.parts.components ?? []) {
        try {
          await c.close();
        } catch (err) {
          this.parts.deps.logger.error({ err }, 'bileşen kapatılamadı');
        }
      }
    })();
    return this.closing;
  }
}
