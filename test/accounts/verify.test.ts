import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addAccount, AccountError, rotateAccountToken } from '../../src/accounts/service.js';
import { verifyCredentials } from '../../src/accounts/verify.js';
import type { EmuPlatform } from '../../src/harness/emulator/types.js';
import { createWorld, type World } from '../helpers/world.js';

const PLATFORMS: EmuPlatform[] = ['facebook', 'instagram', 'x', 'youtube'];

describe('accounts add verifies the token with one read', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld([]);
  });
  afterEach(() => world.close());

  const endpoints = () => ({ graphUrl: world.emulator.url, xApiUrl: world.emulator.url, youtubeRootUrl: `${world.emulator.url}/` });
  const deps = () => ({
    prisma: world.db.prisma,
    vault: world.deps.vault,
    config: world.config,
    verify: (a: Parameters<typeof verifyCredentials>[0]) => verifyCredentials(a, endpoints()),
  });

  test.each(PLATFORMS)('%s: a good token is stored, a bad one is refused in Turkish and nothing is stored', async (platform) => {
    const emu = world.emulator.state.addAccount(platform, `${platform}-hesap`);
    world.emulator.state.addPost(platform, emu.id, 'duyuru');
    const input = { platform, externalId: emu.id, name: emu.name, unitId: 'kurumsal-iletisim' };
    const bad = `yanlis-${platform}-anahtar`;
    const err = await addAccount(deps(), { ...input, credentials: { accessToken: bad } }, 'test').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AccountError);
    expect((err as Error).message).toMatch(/kabul edilmedi.*Hiçbir şey kaydedilmedi/);
    expect((err as Error).message).not.toContain(bad);
    expect(await world.db.prisma.account.count()).toBe(0);

    const account = await addAccount(deps(), { ...input, credentials: { accessToken: emu.token } }, 'test');
    expect(account.platform).toBe(platform);
    expect(await world.db.prisma.account.count()).toBe(1);

    // rotate-token checks the new token the same way and keeps the old one on failure
    const before = (await world.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).credentials;
    await expect(rotateAccountToken(deps(), account.id, { accessToken: bad }, 'test')).rejects.toBeInstanceOf(AccountError);
    expect((await world.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).credentials).toBe(before);
  });

  test('a platform that does not answer is reported as such, nothing stored', async () => {
    const emu = world.emulator.state.addAccount('youtube', 'kanal');
    world.emulator.state.addFault('youtube', 'server_error', 5);
    const err = await addAccount(
      deps(),
      { platform: 'youtube', externalId: emu.id, name: 'kanal', unitId: 'kurumsal-iletisim', credentials: { accessToken: emu.token } },
      'test',
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/yanıt vermiyor/);
    expect(await world.db.prisma.account.count()).toBe(0);
  });
});
