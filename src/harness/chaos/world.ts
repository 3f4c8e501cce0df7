import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addAccount } from '../../accounts/service.js';
import { childEnvironment, loadConfig, type Config } from '../../config/index.js';
import { sqlitePath } from '../../db/client.js';
import { migrate, openDb, providerOf, type Db } from '../../db/index.js';
import { BekciError } from '../../core/errors.js';
import { importGroupCsv } from '../../mail/groups.js';
import { loadRouter, syncUnits } from '../../routing/index.js';
import { generateKey, Vault } from '../../secrets/index.js';
import { addUser } from '../../users/users.js';
import { createEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/server.js';
import type { EmuPlatform } from '../emulator/types.js';
import { scratchDatabase } from '../scratch-db.js';
import { SmtpSink } from '../smtp-sink.js';

export const CHAOS_PLATFORMS: readonly EmuPlatform[] = ['facebook', 'instagram', 'x', 'youtube'];
export const CHAOS_ADMIN = 'chaos-yonetici';
export const CHAOS_APPROVER = 'chaos-onay';
/** The unit's social media representative, who files the unit's announcements. */
export const CHAOS_REQUESTER = 'chaos-temsilci';
export const CHAOS_GROUP = 'chaos-liste';
/** Platform requests time out after this; the emulator's slow and late answers take longer. */
export const CHAOS_REQUEST_TIMEOUT_MS = 1500;
/**
 * YouTube access tokens live just past the worker's refresh margin (5 min), so the worker refreshes
 * them every few seconds, kills and all.
 */
const YOUTUBE_TOKEN_TTL_SEC = 5 * 60 + 8;
const YOUTUBE_QUOTA = 100_000_000;

/**
 * The campaign's database: a fresh schema on a PostgreSQL server (dropped afterwards), the SQLite
 * file named by a `file:` URL (which must not exist yet; it is kept for inspection), or a temporary
 * SQLite file. Counting needs a database that holds nothing but the campaign.
 */
function chaosDatabase(dbBase: string | undefined): { url: string; cleanup: () => Promise<void> } {
  if (!dbBase || providerOf(dbBase) === 'postgresql') return scratchDatabase(dbBase, 'chaos');
  const path = sqlitePath(dbBase);
  if (existsSync(path))
    throw new BekciError('usage', `--database ${dbBase}: dosya zaten var; kaos denemesi boş bir veritabanı ister (olmayan bir dosya adı verin).`);
  return { url: `file:${path}`, cleanup: async () => undefined };
}

export interface ChaosWorld {
  emulator: Emulator;
  sink: SmtpSink;
  db: Db;
  /** The configuration the child processes load (same file, same environment). */
  config: Config;
  /** Environment of the child processes. */
  env: NodeJS.ProcessEnv;
  posts: Array<{ platform: EmuPlatform; postId: string }>;
  recipients: string[];
  close(): Promise<void>;
}

/**
 * The campaign's world: a scratch database (its own PostgreSQL schema, or a temporary SQLite file),
 * the emulator of the four platforms, the loopback SMTP sink, one account per platform registered in
 * bekci (YouTube with an expiring token and a refresh token), users for approvals, a recipient group,
 * and a configuration file plus environment for `bekci start` and `bekci mail send`.
 */
export async function createChaosWorld(base: Config, dbBase: string | undefined): Promise<ChaosWorld> {
  const scratch = chaosDatabase(dbBase);
  const dir = mkdtempSync(join(tmpdir(), 'bekci-chaos-'));
  const emulator = createEmulator({ youtube: { dailyQuota: YOUTUBE_QUOTA } });
  const sink = new SmtpSink({ keepHeaders: false });
  let db: Db | undefined;
  const cleanup = async (): Promise<void> => {
    await db?.close().catch(() => undefined);
    await emulator.close();
    await sink.close();
    await scratch.cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await emulator.start();
    const smtpPort = await sink.listen();
    const configFile = join(dir, 'bekci.yaml');
    writeFileSync(
      configFile,
      [
        'log: { level: info, format: json }',
        `rules: { dir: ${JSON.stringify(resolve(base.rules.dir))}, watch: false }`,
        `routing: { file: ${JSON.stringify(resolve(base.routing.file))} }`,
        'worker:',
        "  tickCron: '* * * * * *'",
        '  defaultPollIntervalSec: 1',
        '  leaseSeconds: 3',
        `  requestTimeoutMs: ${CHAOS_REQUEST_TIMEOUT_MS}`,
        '  actionRetryCapSec: 4',
        `  youtubeDailyQuota: ${YOUTUBE_QUOTA}`,
        'platforms:',
        `  graphUrl: ${JSON.stringify(url)}`,
        `  xApiUrl: ${JSON.stringify(url)}`,
        `  youtubeRootUrl: ${JSON.stringify(`${url}/`)}`,
        `  googleTokenUrl: ${JSON.stringify(`${url}/token`)}`,
        'mail:',
        '  ratePerSecond: 200',
        "  from: 'Kurumsal İletişim <iletisim@universite.edu.tr>'",
      ].join('\n'),
    );
    const env = childEnvironment({
      BEKCI_CONFIG: configFile,
      DATABASE_URL: scratch.url,
      BEKCI_SECRET_KEY: generateKey(),
      BEKCI_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      BEKCI_YOUTUBE_CLIENT_ID: 'chaos-youtube-client',
      BEKCI_YOUTUBE_CLIENT_SECRET: 'chaos-youtube-secret',
      BEKCI_LOG_LEVEL: 'info',
    });
    const config = loadConfig({ env, cwd: dir });
    await migrate(scratch.url);
    db = await openDb(scratch.url);
    const prisma = db.prisma;
    await syncUnits(prisma, loadRouter(config.routing.file), config);
    await addUser(prisma, config, { name: CHAOS_ADMIN, role: 'admin' });
    await addUser(prisma, config, { name: CHAOS_APPROVER, role: 'approver', unit: 'sks' });
    await addUser(prisma, config, { name: CHAOS_REQUESTER, role: 'representative', unit: 'sks' });
    const recipients = Array.from({ length: 20 }, (_, i) => `alici${i + 1}@ogr.universite.edu.tr`);
    await importGroupCsv(prisma, { group: CHAOS_GROUP, kind: 'list', csv: `email\n${recipients.join('\n')}\n`, actor: 'chaos' });

    const vault = Vault.fromConfig(config);
    const posts: ChaosWorld['posts'] = [];
    emulator.state.tokenTtlSec.youtube = YOUTUBE_TOKEN_TTL_SEC;
    for (const platform of CHAOS_PLATFORMS) {
      const acc = emulator.state.addAccount(platform, `universite-${platform}`);
      posts.push({ platform, postId: emulator.state.addPost(platform, acc.id, 'Yeni dönem duyurusu').id });
      let credentials: { accessToken: string; refreshToken?: string; expiresAt?: string } = { accessToken: acc.token };
      if (platform === 'youtube') {
        const issued = emulator.state.issueToken(acc, YOUTUBE_TOKEN_TTL_SEC, true);
        credentials = {
          accessToken: issued.accessToken,
          ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
          expiresAt: new Date(Date.now() + YOUTUBE_TOKEN_TTL_SEC * 1000).toISOString(),
        };
      }
      await addAccount(
        { prisma, vault, config },
        { platform, externalId: acc.id, name: acc.name, unitId: 'kurumsal-iletisim', credentials, pollIntervalSec: 1 },
        'chaos',
      );
    }
    const opened = db;
    return { emulator, sink, db: opened, config, env, posts, recipients, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
