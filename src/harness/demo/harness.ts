import { generateKey } from '../../secrets/index.js';
import type { Config } from '../../config/index.js';
import { migrate, openDb, type Db } from '../../db/index.js';
import type { Logger } from '../../logging/logger.js';
import { addAccount } from '../../accounts/service.js';
import { Vault } from '../../secrets/index.js';
import { createEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/server.js';
import type { EmuComment, EmuPlatform } from '../emulator/types.js';
import { createRuntime, type Runtime } from '../../worker/runtime.js';
import { SmtpSink } from '../smtp-sink.js';
import type { IngestMetrics } from '../../moderation/ingest.js';

export interface HarnessAccount {
  platform: EmuPlatform;
  accountId: string;
  externalId: string;
  postId: string;
}

export interface HarnessOptions {
  base: Config;
  logger: Logger;
  dbUrl: string;
  pollIntervalSec: number;
  tickCron: string;
  platforms?: EmuPlatform[];
  accountsPerPlatform?: number;
  smtp?: boolean;
  workerId?: string;
  youtubeDailyQuota?: number;
  /** Every SQL statement of the worker's database client (benchmarks count them). */
  onQuery?: (query: string) => void;
  /** Ingest statement counts (benchmarks). */
  metrics?: IngestMetrics;
}

/** What the harness needs of an emulator, in this process or another (see bench/remote-emulator.ts). */
export interface EmulatorControl {
  readonly url: string;
  addAccount(platform: EmuPlatform, name: string): Promise<{ id: string; name: string; token: string }>;
  addPost(platform: EmuPlatform, accountId: string, text: string): Promise<{ id: string }>;
  close(): Promise<void>;
}

/** The harness around an emulator it does not hold itself (one in another process). */
export interface HarnessWorld {
  sink: SmtpSink | undefined;
  db: Db;
  config: Config;
  runtime: Runtime;
  accounts: HarnessAccount[];
  close(): Promise<void>;
}

export interface Harness extends HarnessWorld {
  emulator: Emulator;
  post(platform: EmuPlatform, text: string, author?: string, accountIndex?: number): EmuComment;
}

/**
 * A complete local world for the demo and the benchmarks: the platform emulator, an SMTP sink, a
 * migrated database, one account (or more) per platform registered in bekci, and the worker runtime
 * pointed at all of it. Nothing leaves the machine.
 */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  // The emulated YouTube project gets a large quota so the demo's one-second polls are allowed; the
  // worker still derives the YouTube interval from the configured quota (see quotaIntervalSec in src/moderation/quota.ts).
  const emulator = createEmulator({ youtube: { dailyQuota: opts.youtubeDailyQuota ?? 1_000_000 } });
  const url = await emulator.start();
  const control: EmulatorControl = {
    url,
    addAccount: (platform, name) => Promise.resolve(emulator.state.addAccount(platform, name)),
    addPost: (platform, accountId, text) => Promise.resolve(emulator.state.addPost(platform, accountId, text)),
    close: () => emulator.close(),
  };
  const world = await startHarnessWorld(opts, control);
  return {
    ...world,
    emulator,
    post(platform, text, author = 'takipci', accountIndex = 0) {
      const target = world.accounts.filter((a) => a.platform === platform)[accountIndex];
      if (!target) throw new Error(`no ${platform} account`);
      return emulator.state.addComment({ platform, postId: target.postId, text, authorName: author });
    },
  };
}

/**
 * The same world around an emulator started elsewhere (`control`; benchmarks run it in a child
 * process, as real platforms are remote). `close()` closes the emulator too.
 */
export async function startHarnessWorld(opts: HarnessOptions, control: EmulatorControl): Promise<HarnessWorld> {
  const youtubeQuota = opts.youtubeDailyQuota ?? 1_000_000;
  const emuUrl = control.url;
  const sink = opts.smtp ? new SmtpSink({ keepHeaders: true }) : undefined;
  const smtpUrl = sink ? `smtp://127.0.0.1:${await sink.listen()}` : undefined;
  const base = opts.base;
  const config = {
    ...base,
    databaseUrl: opts.dbUrl,
    dbProvider: /^postgres/.test(opts.dbUrl) ? 'postgresql' : 'sqlite',
    workerId: opts.workerId ?? base.workerId,
    platforms: { graphUrl: emuUrl, xApiUrl: emuUrl, youtubeRootUrl: `${emuUrl}/` },
    worker: { ...base.worker, tickCron: opts.tickCron, defaultPollIntervalSec: opts.pollIntervalSec, dryRun: false, youtubeDailyQuota: youtubeQuota },
    // The institution's mailbox address makes ticket mails answerable by reply (see the mail demo).
    mail: {
      ...base.mail,
      ratePerSecond: Math.max(base.mail.ratePerSecond, 50),
      inbox: { ...base.mail.inbox, address: base.mail.inbox.address ?? 'bekci@universite.edu.tr' },
    },
    secrets: { ...base.secrets, secretKey: base.secrets.secretKey ?? generateKey(), ...(smtpUrl ? { smtpUrl } : {}) },
  } as Config;
  await migrate(config.databaseUrl);
  const db = await openDb(config.databaseUrl, opts.onQuery ? { onQuery: opts.onQuery } : {});
  const runtime = await createRuntime(config, opts.logger, db, { mail: !!sink, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  const vault = Vault.fromConfig(config);
  const accounts: HarnessAccount[] = [];
  const names: Record<EmuPlatform, string> = { facebook: 'Üniversite Facebook', instagram: 'universite', x: 'universite', youtube: 'Üniversite TV' };
  for (const platform of opts.platforms ?? (['facebook', 'instagram', 'x', 'youtube'] as EmuPlatform[])) {
    for (let i = 0; i < (opts.accountsPerPlatform ?? 1); i++) {
      const emuAccount = await control.addAccount(platform, i ? `${names[platform]}-${i}` : names[platform]);
      const post = await control.addPost(platform, emuAccount.id, 'Yeni dönem duyurusu');
      const account = await addAccount(
        { prisma: db.prisma, vault, config },
        {
          platform,
          externalId: emuAccount.id,
          name: emuAccount.name,
          unitId: 'kurumsal-iletisim',
          credentials: { accessToken: emuAccount.token },
          pollIntervalSec: opts.pollIntervalSec,
        },
        'demo',
      );
      accounts.push({ platform, accountId: account.id, externalId: emuAccount.id, postId: post.id });
    }
  }
  let closing: Promise<void> | undefined;
  return {
    sink,
    db,
    config,
    runtime,
    accounts,
    close: () =>
      (closing ??= (async () => {
        await runtime.close();
        await db.close();
        await control.close();
        await sink?.close();
      })()),
  };
}
