import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { createEmulator } from '../../src/harness/emulator/index.js';
import type { Emulator } from '../../src/harness/emulator/server.js';
import type { EmuPlatform } from '../../src/harness/emulator/types.js';
import { addAccount } from '../../src/accounts/service.js';
import { createConnector } from '../../src/platforms/registry.js';
import { createYouTubeConnector } from '../../src/platforms/youtube/index.js';
import type { Judge, ModerationDeps } from '../../src/moderation/deps.js';
import type { Action, Category, CommentInput, Decision } from '../../src/rules/types.js';
import { generateKey, Vault } from '../../src/secrets/index.js';
import { createTestDb, type TestDb } from './db.js';

/**
 * A judge for worker tests: deterministic and independent of the shipped rules (the rule engine has
 * its own tests). Text containing KÖTÜ is an insult to hide, SİL advertising to delete, BAK goes to
 * review, ŞİKAYET is a complaint.
 */
export const markerJudge: Judge = {
  version: 'test-judge-1',
  evaluate(input: CommentInput): Decision {
    const t = input.text;
    const categories: Category[] = [];
    let action: Action = 'allow';
    if (t.includes('KÖTÜ')) (categories.push('insult'), (action = 'hide'));
    if (t.includes('SİL')) (categories.push('advertising'), (action = 'delete'));
    if (t.includes('BAK') && action === 'allow') (categories.push('insult'), (action = 'review'));
    if (t.includes('ŞİKAYET')) categories.push('complaint');
    if (input.authorIsOwner) action = 'allow';
    return {
      action,
      categories,
      matches: categories.map((c) => ({ ruleId: `test-${c}`, categories: [c], action, priority: 0, reason: c, spans: [] })),
      scores: {},
      pii: [],
      ruleSetVersion: 'test-judge-1',
      redactedText: t,
    };
  },
};

export interface World {
  db: TestDb;
  emulator: Emulator;
  config: Config;
  deps: ModerationDeps;
  accounts: Array<{ id: string; platform: EmuPlatform; externalId: string; postId: string; token: string }>;
  post(i: number, text: string): string;
  close(): Promise<void>;
}

export async function createWorld(
  platforms: EmuPlatform[],
  opts: { dryRun?: boolean; workerId?: string; db?: TestDb; emulator?: Emulator } = {},
): Promise<World> {
  const db = opts.db ?? (await createTestDb());
  const emulator = opts.emulator ?? createEmulator();
  const url = opts.emulator ? emulator.url : await emulator.start();
  const base = loadConfig({ env: {}, cwd: '/nonexistent-bekci-test-dir' });
  const config = {
    ...base,
    databaseUrl: db.url,
    dbProvider: db.provider,
    workerId: opts.workerId ?? 'test-worker',
    worker: { ...base.worker, dryRun: !!opts.dryRun, maxActionAttempts: 4 },
    mail: { ...base.mail, adminEmails: ['admin@example.edu.tr'] },
    secrets: { secretKey: generateKey() },
  } as Config;
  const vault = Vault.fromConfig(config);
  const endpoints = { graphUrl: url, xApiUrl: url, youtubeRootUrl: `${url}/` };
  const deps: ModerationDeps = {
    prisma: db.prisma,
    config,
    logger: createLogger({ level: 'silent', format: 'json' }),
    vault,
    judge: () => markerJudge,
    connectorFor: (account) => createConnector(account, endpoints),
    actor: `system:${config.workerId}`,
  };
  await db.prisma.unit.upsert({
    where: { id: 'kurumsal-iletisim' },
    create: { id: 'kurumsal-iletisim', kind: 'directorate', name: 'Kurumsal İletişim' },
    update: {},
  });
  const accounts: World['accounts'] = [];
  for (const platform of platforms) {
    const emuAccount = emulator.state.addAccount(platform, `${platform}-${accounts.length}`);
    const post = emulator.state.addPost(platform, emuAccount.id, 'duyuru');
    const row = await addAccount(
      { prisma: db.prisma, vault, config },
      {
        platform,
        externalId: emuAccount.id,
        name: emuAccount.name,
        unitId: 'kurumsal-iletisim',
        credentials: { accessToken: emuAccount.token },
        pollIntervalSec: 1,
      },
      'test',
    );
    accounts.push({ id: row.id, platform, externalId: emuAccount.id, postId: post.id, token: emuAccount.token });
  }
  return {
    db,
    emulator,
    config,
    deps,
    accounts,
    post: (i, text) => {
      const a = accounts[i]!;
      return emulator.state.addComment({ platform: a.platform, postId: a.postId, text, authorName: 'takipci' }).id;
    },
    close: async () => {
      if (!opts.emulator) await emulator.close();
      if (!opts.db) await db.drop();
    },
  };
}

/**
 * The world's deps with YouTube connectors that read one page of threads per poll (so a backlog takes
 * several polls), and a clock `shift()` milliseconds ahead of the real one.
 */
export function onePagePerPoll(world: World, shift: () => number = () => 0): ModerationDeps {
  return {
    ...world.deps,
    now: () => new Date(Date.now() + shift()),
    connectorFor: (account) => createYouTubeConnector(account, { youtubeRootUrl: `${world.emulator.url}/` }, { tuning: { maxThreadPages: 1 } }),
  };
}

/** Posts `count` comments on the first account, every fifth one "KÖTÜ" (hidden by the marker judge); returns those ids. */
export function postBacklog(world: World, count: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = world.post(0, i % 5 === 0 ? `KÖTÜ ${i}` : `güzel ${i}`);
    if (i % 5 === 0) bad.push(id);
  }
  return bad;
}

/** Makes every account due now (tests do not wait for poll intervals). */
export async function makeDue(world: World): Promise<void> {
  await world.db.prisma.account.updateMany({ data: { nextPollAt: new Date(Date.now() - 1000), backoffUntil: null } });
}

/** Moderation requests (not reads) the emulator answered successfully, per comment id in the path or body. */
export function moderationCalls(emulator: Emulator): Array<{ platform: string; method: string; path: string }> {
  return emulator.state.requests.filter((r) => r.method !== 'GET' && r.status < 400);
}
