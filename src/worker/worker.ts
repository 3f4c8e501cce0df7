import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/index.js';
import type { ModerationDeps } from '../moderation/deps.js';
import type { IngestMetrics } from '../moderation/ingest.js';
import { routeQueue } from '../moderation/routing-queue.js';
import { yieldTurn } from '../moderation/turns.js';
import { audit } from '../audit/audit.js';
import { acquireNamedLease, claimDueAccounts, releaseAccount, renewAccount } from './leases.js';
import { pollAccount, type PollSummary } from './poll.js';
import { purgeExpired } from './retention.js';

/**
 * Decisions routed to tickets per round of the routing queue. A round routes its whole batch (the
 * router's model, the ticket mails) without yielding, and on SQLite its statements run synchronously
 * on the event loop too, so rounds are kept short; PostgreSQL's statements yield, so its rounds may be
 * somewhat longer.
 */
const ROUTING_BATCH = { sqlite: 25, postgresql: 50 } as const;

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
  /** Accounts polled concurrently by this worker (default `worker.maxConcurrentPolls`). */
  concurrency?: number;
  /** Statement counts of ingest (benchmarks). */
  metrics?: IngestMetrics;
}

export interface TickSummary {
  polled: PollSummary[];
}

/**
 * The long-running worker. Each node-cron tick fills the free polling slots (up to
 * `worker.maxConcurrentPolls`) with due accounts claimed through database leases, without waiting for
 * the polls already running: one slow account holds only its own slot, and a slot freed by a finished
 * poll is refilled at once. Beside the polls, one background round at a time drains the ticket routing
 * queue and runs the singleton jobs. `close()` stops the tick, lets in-flight polls finish and releases
 * their leases, so SIGTERM never abandons work half-recorded.
 */
export class Worker {
  private task: ScheduledTask | undefined;
  private closing: Promise<void> | undefined;
  private readonly inFlight = new Map<string, Promise<PollSummary | undefined>>();
  private claiming: Promise<Array<Promise<PollSummary | undefined>>> | undefined;
  private background: Promise<void> | undefined;
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
    this.task = cron.schedule(this.parts.deps.config.worker.tickCron, () => this.pump(), {
      name: `bekci-tick-${this.parts.workerId}`,
      noOverlap: true,
      suppressMissedWarning: true,
      logger: cronLogger(this.parts.deps.logger),
    });
    this.pump();
  }

  /** Fills free slots and starts a background round if none runs; never waits for either. */
  private pump(): void {
    if (this.closing) return;
    void this.fillSlots().catch(() => undefined);
    void this.backgroundRound().catch(() => undefined);
  }

  /**
   * One scheduling round, waited for (tests, benchmarks): claims due accounts for the free slots, waits
   * for those polls, then for a background round. Never throws: failures are recorded or logged.
   */
  async tick(): Promise<TickSummary> {
    if (this.closing) return { polled: [] };
    // Every account due now is polled once, however many slots there are.
    const seen = new Set<string>();
    const polled: PollSummary[] = [];
    for (;;) {
      const started = await this.claim(seen);
      if (started.length === 0) break;
      for (const p of await Promise.all(started)) if (p) polled.push(p);
    }
    await this.backgroundRound();
    return { polled };
  }

  /** Accounts being polled right now by this worker. */
  get polling(): number {
    return this.inFlight.size;
  }

  private get limit(): number {
    return this.parts.concurrency ?? this.parts.deps.config.worker.maxConcurrentPolls;
  }

  private fillSlots(): Promise<Array<Promise<PollSummary | undefined>>> {
    // One claim query at a time; a caller arriving meanwhile shares its outcome.
    this.claiming ??= this.claim().finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  /** Claims due accounts for the free slots (never one in `skip`, which collects those claimed) and starts them. */
  private async claim(skip?: Set<string>): Promise<Array<Promise<PollSummary | undefined>>> {
    const { db, deps, workerId } = this.parts;
    const free = this.limit - this.inFlight.size;
    if (free <= 0 || this.closing) return [];
    let ids: string[];
    try {
      const leaseMs = deps.config.worker.leaseSeconds * 1000;
      ids = await claimDueAccounts(db, workerId, leaseMs, free, deps.now?.() ?? new Date(), [...this.inFlight.keys(), ...(skip ?? [])]);
      for (const id of ids) skip?.add(id);
    } catch (err) {
      deps.logger.error({ err }, 'zamanlayıcı turu başarısız');
      return [];
    }
    return ids.map((id) => {
      const run = this.pollOne(id).finally(() => {
        this.inFlight.delete(id);
        // Running on its own schedule, a freed slot is refilled at once rather than at the next tick
        // (a caller of tick() decides itself when the next round starts).
        if (this.task && !this.closing) void this.fillSlots().catch(() => undefined);
      });
      this.inFlight.set(id, run);
      return run;
    });
  }

  private async pollOne(id: string): Promise<PollSummary | undefined> {
    const { db, deps, workerId } = this.parts;
    const leaseMs = deps.config.worker.leaseSeconds * 1000;
    // The lease is renewed while the account is worked on; if it is lost anyway (this process stalled
    // past the lease), the poll stops at the next page or action and saves nothing more.
    const lease = new AbortController();
    const heartbeat = setInterval(
      () => {
        renewAccount(db, id, workerId, leaseMs).then(
          (held) => held || lease.abort(),
          () => undefined,
        );
      },
      Math.max(500, Math.floor(leaseMs / 3)),
    );
    try {
      const account = await db.prisma.account.findUnique({ where: { id } });
      if (account && account.status === 'active' && account.leaseOwner === workerId) return await pollAccount(deps, account, lease.signal, this.parts.metrics);
      return undefined;
    } catch (err) {
      deps.logger.error({ err, accountId: id }, 'hesap taranamadı');
      return undefined;
    } finally {
      clearInterval(heartbeat);
      await releaseAccount(db, id, workerId).catch(() => undefined);
    }
  }

  /** Drains the ticket routing queue, then runs the due singleton jobs. One round at a time. */
  private backgroundRound(): Promise<void> {
    this.background ??= (async () => {
      const { deps, workerId } = this.parts;
      try {
        // A turn of the event loop between rounds (timers, leases, SDK requests).
        for (let round = 0; round < 200 && !this.closing; round++) {
          const r = await routeQueue(deps, workerId, ROUTING_BATCH[deps.config.dbProvider]);
          if (r.claimed === 0 || r.opened === 0) break;
          await yieldTurn();
        }
      } catch (err) {
        deps.logger.error({ err }, 'bilet yönlendirme turu başarısız');
      }
      await this.runJobs();
    })().finally(() => {
      this.background = undefined;
    });
    return this.background;
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
      await this.claiming?.catch(() => undefined);
      await Promise.all([...this.inFlight.values()].map((p) => p.catch(() => undefined)));
      await this.background?.catch(() => undefined);
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
