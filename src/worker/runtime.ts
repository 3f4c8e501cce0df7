import cron from 'node-cron';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import { MailDispatcher } from '../mail/dispatcher.js';
import { runInboxPass } from '../mail/inbound/inbox.js';
import type { Judge, ModerationDeps, TicketSink } from '../moderation/deps.js';
import type { IngestMetrics } from '../moderation/ingest.js';
import { escalateOverdueActions } from '../moderation/escalate.js';
import type { PlatformEndpoints } from '../platforms/contract.js';
import type { TokenEndpoints } from '../platforms/auth/refresh.js';
import { createConnector } from '../platforms/registry.js';
import { loadRouter, syncUnits } from '../routing/index.js';
import { checkSlas, openTicketForComment, sendDailyDigest } from '../tickets/index.js';
import { Vault } from '../secrets/index.js';
import { openTicketsBatch } from '../tickets/index.js';
import { openRules, type RulesSource } from './rules-source.js';
import { cronLogger, Worker, type Closeable, type SingletonJob } from './worker.js';

export interface RuntimeOptions {
  /** Where the SDKs send requests (the emulator in tests and the demo); defaults from configuration. */
  endpoints?: PlatformEndpoints;
  /** Token endpoints (tests: the emulator's). */
  tokenEndpoints?: TokenEndpoints;
  /** Run the mail dispatcher inside the worker (default true). */
  mail?: boolean;
  transport?: Transporter;
  /** Override the judge (tests). */
  judge?: Judge;
  now?: () => Date;
  /** Counts ingest statements (benchmarks). */
  metrics?: IngestMetrics;
}

export interface Runtime {
  /** Starts polling, the mail dispatcher and the daily digest. */
  start(): void;
  deps: ModerationDeps;
  worker: Worker;
  rules: RulesSource | undefined;
  dispatcher: MailDispatcher | undefined;
  close(): Promise<void>;
}

/**
 * Assembles the worker from its parts: vault, rule set (reloaded when the files change), connectors,
 * router and ticket sink, mail dispatcher and the singleton jobs (SLA checks, daily digest).
 */
export async function createRuntime(config: Config, logger: Logger, db: Db, opts: RuntimeOptions = {}): Promise<Runtime> {
  const vault = Vault.fromConfig(config);
  await vault.assertMatchesStore(db.prisma);
  const actor = `system:${config.workerId}`;
  const rules = opts.judge ? undefined : await openRules(config, logger, db.prisma, actor);
  const judgeNow = opts.judge ? () => opts.judge! : () => rules!.current();
  const endpoints: PlatformEndpoints = {
    ...(config.platforms.graphUrl ? { graphUrl: config.platforms.graphUrl } : {}),
    ...(config.platforms.xApiUrl ? { xApiUrl: config.platforms.xApiUrl } : {}),
    ...(config.platforms.youtubeRootUrl ? { youtubeRootUrl: config.platforms.youtubeRootUrl } : {}),
    requestTimeoutMs: config.worker.requestTimeoutMs,
    ...opts.endpoints,
  };
  const router = loadRouter(config.routing.file);
  await syncUnits(db.prisma, router, config);
  const tickets: TicketSink = {
    openTicket: (input) => openTicketForComment({ prisma: db.prisma, router, config }, input),
    openTickets: (inputs, onDone) => openTicketsBatch({ prisma: db.prisma, router, config }, db.provider, inputs, onDone),
  };
  const deps: ModerationDeps = {
    prisma: db.prisma,
    config,
    logger,
    vault,
    judge: judgeNow,
    connectorFor: (account) => createConnector(account, endpoints),
    tokenEndpoints: {
      ...(endpoints.graphUrl ? { graphUrl: endpoints.graphUrl } : {}),
      ...(endpoints.xApiUrl ? { xApiUrl: endpoints.xApiUrl } : {}),
      ...(config.platforms.googleTokenUrl ? { googleTokenUrl: config.platforms.googleTokenUrl } : {}),
      ...(config.platforms.instagramGraphUrl ? { instagramGraphUrl: config.platforms.instagramGraphUrl } : {}),
      ...(endpoints.requestTimeoutMs ? { requestTimeoutMs: endpoints.requestTimeoutMs } : {}),
      ...opts.tokenEndpoints,
    },
    tickets,
    actor,
    ...(opts.now ? { now: opts.now } : {}),
  };
  const components: Closeable[] = [];
  if (rules) components.push(rules);
  let dispatcher: MailDispatcher | undefined;
  if (opts.mail ?? true) {
    dispatcher = new MailDispatcher({ prisma: db.prisma, config, logger, ...(opts.transport ? { transport: opts.transport } : {}) });
    components.push(dispatcher);
  }
  const jobs: SingletonJob[] = [
    { name: 'sla', everyMs: 60_000, run: (now) => checkSlas({ prisma: db.prisma, router, config }, now) },
    // Platform actions stuck past worker.actionDeadlineMinutes go to review and alert the admins once.
    { name: 'overdue-actions', everyMs: 60_000, run: (now) => escalateOverdueActions(deps, now) },
  ];
  // The institution's mailbox (ticket answers by reply, bounces): read by one worker at a time.
  if (config.secrets.imapUrl) {
    jobs.push({ name: 'mail-inbox', everyMs: config.mail.inbox.intervalSec * 1000, run: () => runInboxPass({ prisma: db.prisma, config, logger }) });
  }
  const worker = new Worker({ db, deps, workerId: config.workerId, components, jobs, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  const digest = cron.schedule(
    config.routing.digestCron,
    () => void sendDailyDigest({ prisma: db.prisma, router, config }, new Date()).catch((err: unknown) => logger.error({ err }, 'günlük özet gönderilemedi')),
    { name: `bekci-digest-${config.workerId}`, timezone: config.university.timezone, noOverlap: true, suppressMissedWarning: true, logger: cronLogger(logger) },
  );
  digest.stop();
  let started = false;
  let closing: Promise<void> | undefined;
  return {
    start: () => {
      if (started) return;
      started = true;
      worker.start();
      dispatcher?.start();
      digest.start();
    },
    deps,
    worker,
    rules,
    dispatcher,
    close: () =>
      (closing ??= (async () => {
        digest.destroy();
        await worker.close();
      })()),
  };
}
