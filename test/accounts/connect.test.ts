import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectAccount, CONNECT_SCOPES } from '../../src/accounts/connect.js';
import { AccountError } from '../../src/accounts/service.js';
import { verifyCredentials } from '../../src/accounts/verify.js';
import { createWorld, type World } from '../helpers/world.js';

/** Plays the browser: opens the authorisation URL and follows the emulator's redirect to the loopback listener. */
async function browser(url: string, tamper?: (u: URL) => void): Promise<number> {
  const consent = await fetch(url, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  expect(back.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  tamper?.(back);
  return (await fetch(back)).status;
}

describe('accounts connect (loopback OAuth with state and PKCE)', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld([]);
  });
  afterEach(() => world.close());

  const run = (platform: 'youtube' | 'x', externalId: string, tamper?: (u: URL) => void) => {
    const url = world.emulator.url;
    let visited: Promise<number> | undefined;
    const done = connectAccount(
      {
        prisma: world.db.prisma,
        vault: world.deps.vault,
        config: world.config,
        verify: (a) => verifyCredentials(a, { graphUrl: url, xApiUrl: url, youtubeRootUrl: `${url}/` }),
      },
      {
        platform,
        externalId,
        name: 'hesap',
        unitId: 'kurumsal-iletisim',
        client: { clientId: `${platform}-client`, ...(platform === 'youtube' ? { clientSecret: 's' } : {}) },
        endpoints: { googleTokenUrl: `${url}/token`, xApiUrl: url },
        authorizeUrl: platform === 'youtube' ? `${url}/o/oauth2/v2/auth` : `${url}/i/oauth2/authorize`,
        onUrl: (u) => {
          visited = browser(u, tamper);
        },
        timeoutMs: 5000,
      },
      'test',
    );
    return { done, visited: () => visited };
  };

  test.each(['youtube', 'x'] as const)(
    '%s: authorises, asks exactly the needed scopes, verifies and stores a refreshable token encrypted',
    async (platform) => {
      const emu = world.emulator.state.addAccount(platform, 'hesap');
      world.emulator.state.addPost(platform, emu.id, 'duyuru');
      const { done, visited } = run(platform, emu.id);
      const account = await done;
      expect(await visited()).toBe(200);
      expect(world.emulator.state.lastAuthorizeScopes[platform]).toEqual([...CONNECT_SCOPES[platform]!]);
      const stored = await world.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
      expect(stored.credentials).not.toContain(emu.token);
      const creds = world.deps.vault.open<{ accessToken: string; refreshToken?: string; expiresAt?: string }>(stored.credentials);
      expect(creds.accessToken).toBe(emu.token);
      expect(creds.refreshToken).toBeTruthy();
      expect(Date.parse(creds.expiresAt!)).toBeGreaterThan(Date.now());
    },
  );

  test('a callback with the wrong state is refused and nothing is stored', async () => {
    const emu = world.emulator.state.addAccount('x', 'hesap');
    const { done, visited } = run('x', emu.id, (u) => u.searchParams.set('state', 'baska-oturum'));
    const err = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(await visited()).toBe(400);
    expect(err).toBeInstanceOf(AccountError);
    expect((err as Error).message).toMatch(/state/);
    expect(await world.db.prisma.account.count()).toBe(0);
  });
});
