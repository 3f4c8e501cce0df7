import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { pollAccount } from '../../src/worker/poll.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, type World } from '../helpers/world.js';

/**
 * Found by `bekci chaos`: a YouTube token refresh whose answer was lost (or came after the timeout)
 * parked the account as needs_reauth, and its comments were never read again. The emulator revoked
 * the access token a refresh replaced; Google (like X and Instagram) leaves it valid until it
 * expires, which is what the worker counts on when it goes on with the old token.
 */
describe(`a token refresh whose answer is lost (${dbLabel()})`, () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  test('leaves the account working with the old token, and the next poll refreshes', async () => {
    world = await createWorld(['youtube']);
    const url = world.emulator.url;
    world.deps.tokenEndpoints = { googleTokenUrl: `${url}/token` };
    world.deps.config = {
      ...world.deps.config,
      secrets: { ...world.deps.config.secrets, oauth: { youtube: { clientId: 'yt-client', clientSecret: 'yt-secret' } } },
    } as Config;
    const a = world.accounts[0]!;
    const emu = world.emulator.state.accounts.get(`youtube:${a.externalId}`)!;
    // Sixty seconds left: inside the refresh margin, so the next poll refreshes first.
    const issued = world.emulator.state.issueToken(emu, 60, true);
    const credentials = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    const { prisma } = world.db;
    await prisma.account.update({ where: { id: a.id }, data: { credentials: world.deps.vault.seal(credentials) } });
    world.post(0, 'KÖTÜ yorum');

    // The token endpoint acts (a new token is issued) but its answer never arrives.
    world.emulator.state.addFault('youtube', 'lost', 1, undefined, { writesOnly: true });
    const first = await pollAccount(world.deps, await prisma.account.findUniqueOrThrow({ where: { id: a.id } }));
    expect(world.emulator.state.requests.some((r) => r.path.startsWith('/token'))).toBe(true);
    const after = await prisma.account.findUniqueOrThrow({ where: { id: a.id } });
    expect(after.status, after.lastError ?? '').toBe('active');
    expect(first.error).toBeUndefined();
    expect(first.comments).toBe(1);

    const second = await pollAccount(world.deps, after);
    expect(second.error).toBeUndefined();
    const stored = world.deps.vault.open<{ accessToken: string }>((await prisma.account.findUniqueOrThrow({ where: { id: a.id } })).credentials);
    expect(stored.accessToken).not.toBe(issued.accessToken);
  });
});
