import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { pollAccount } from '../../src/worker/poll.js';
import { createConnector } from '../../src/platforms/registry.js';
import { PlatformError } from '../../src/platforms/contract.js';
import type { Config } from '../../src/config/index.js';
import type { EmuPlatform } from '../../src/harness/emulator/types.js';
import { createWorld, type World } from '../helpers/world.js';

const PLATFORMS: EmuPlatform[] = ['facebook', 'instagram', 'x', 'youtube'];
const TTL_SEC = 5;

/** Gives every world account an expiring emulator token (and refresh token) and stores it like `accounts connect` would. */
async function expiringTokens(world: World): Promise<void> {
  const url = world.emulator.url;
  world.deps.tokenEndpoints = { googleTokenUrl: `${url}/token`, xApiUrl: url, graphUrl: url, instagramGraphUrl: `${url}/instagram` };
  world.deps.config = {
    ...world.deps.config,
    secrets: {
      ...world.deps.config.secrets,
      oauth: {
        youtube: { clientId: 'yt-client', clientSecret: 'yt-secret' },
        x: { clientId: 'x-client' },
        facebook: { clientId: '1234', clientSecret: 'fb-secret' },
      },
    },
  } as Config;
  // Refreshed tokens live as briefly as the first ones, so every round crosses an expiry.
  for (const p of ['instagram', 'x', 'youtube'] as const) world.emulator.state.tokenTtlSec[p] = TTL_SEC;
  for (const a of world.accounts) {
    const emu = world.emulator.state.accounts.get(`${a.platform}:${a.externalId}`)!;
    const ttl = a.platform === 'facebook' ? 0 : TTL_SEC;
    const issued = world.emulator.state.issueToken(emu, ttl, a.platform === 'youtube' || a.platform === 'x');
    a.token = issued.accessToken;
    const credentials = {
      accessToken: issued.accessToken,
      ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
      ...(ttl ? { expiresAt: new Date(Date.now() + ttl * 1000).toISOString() } : {}),
    };
    await world.db.prisma.account.update({ where: { id: a.id }, data: { credentials: world.deps.vault.seal(credentials) } });
  }
}

const row = (world: World, i: number) => world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[i]!.id } });
const authFailures = (world: World) => world.emulator.state.requests.filter((r) => r.status === 401 || (r.status === 400 && r.platform !== 'x'));

describe('token lifecycle', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld(PLATFORMS);
    await expiringTokens(world);
  });
  afterEach(() => world.close());

  test('the emulator rejects an expired access token in each platform shape', async () => {
    await new Promise((r) => setTimeout(r, TTL_SEC * 1000 + 200));
    for (const a of world.accounts.filter((x) => x.platform !== 'facebook')) {
      const connector = createConnector(
        { platform: a.platform, externalId: a.externalId, credentials: { accessToken: a.token } },
        { graphUrl: world.emulator.url, xApiUrl: world.emulator.url, youtubeRootUrl: `${world.emulator.url}/` },
      );
      const err = await connector.poll(null).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, a.platform).toBeInstanceOf(PlatformError);
      expect((err as PlatformError).kind, a.platform).toBe('auth');
    }
  });

  test('a worker runs past token expiry without a failed poll; new tokens are stored encrypted and X rotates its refresh token', async () => {
    const firstRefresh = world.deps.vault.open<{ refreshToken: string }>((await row(world, 2)).credentials).refreshToken;
    const started = Date.now();
    // Polls come more often than tokens live (as with a real 60 s poll against 1-2 h tokens); the run
    // lasts well past the first tokens' expiry.
    let round = 0;
    for (; round < 3 || Date.now() - started < TTL_SEC * 1000 * 1.5; round++) {
      for (let i = 0; i < world.accounts.length; i++) {
        const id = world.post(i, `yorum ${round}`);
        const summary = await pollAccount(world.deps, await row(world, i));
        expect(
          summary.error,
          `${world.accounts[i]!.platform} round ${round}: ${(await row(world, i)).lastError} ${JSON.stringify(world.emulator.state.requests.slice(-4))}`,
        ).toBeUndefined();
        expect(await world.db.prisma.comment.count({ where: { externalId: id } })).toBe(1);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(authFailures(world)).toEqual([]);
    for (let i = 0; i < world.accounts.length; i++) {
      const stored = await row(world, i);
      expect(stored.status).toBe('active');
      expect(stored.credentials).not.toContain('tok-');
      const creds = world.deps.vault.open<{ accessToken: string; refreshToken?: string }>(stored.credentials);
      const emu = world.emulator.state.accounts.get(`${world.accounts[i]!.platform}:${world.accounts[i]!.externalId}`)!;
      expect(creds.accessToken).toBe(emu.token);
      if (world.accounts[i]!.platform !== 'facebook') expect(creds.accessToken).not.toBe(world.accounts[i]!.token);
    }
    const xCreds = world.deps.vault.open<{ refreshToken: string }>((await row(world, 2)).credentials);
    expect(xCreds.refreshToken).not.toBe(firstRefresh);
    expect(world.emulator.state.refreshTokens.has(firstRefresh)).toBe(false);
    expect(await world.db.prisma.auditLog.count({ where: { action: 'account.token_refreshed' } })).toBeGreaterThanOrEqual(3 * round);
  }, 30_000);

  test('a refresh token that was revoked parks only that account and alerts the admins once', async () => {
    const x = world.accounts[2]!;
    const creds = world.deps.vault.open<{ refreshToken: string }>((await row(world, 2)).credentials);
    expect(creds.refreshToken).toBeTruthy();
    world.emulator.state.refreshTokens.delete(creds.refreshToken);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < world.accounts.length; i++) {
        const r = await row(world, i);
        if (r.status === 'active') await pollAccount(world.deps, r);
      }
    }
    expect((await row(world, 2)).status).toBe('needs_reauth');
    for (const i of [0, 1, 3]) expect((await row(world, i)).status, world.accounts[i]!.platform).toBe('active');
    const alerts = await world.db.prisma.outboxMessage.findMany({ where: { kind: 'admin_alert' } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain(x.platform);
    expect(alerts[0]!.body).not.toContain(creds.refreshToken);
  }, 30_000);

  test('a Facebook Page token that debug_token reports invalid parks the account', async () => {
    world.emulator.state.revokedTokens.add(world.accounts[0]!.token);
    const summary = await pollAccount(world.deps, await row(world, 0));
    expect(summary.error).toBe('token');
    expect((await row(world, 0)).status).toBe('needs_reauth');
    // the check itself went to debug_token, not to the Page's comments
    expect(world.emulator.state.requests.some((r) => r.path.includes('/debug_token'))).toBe(true);
  });
});
