import { afterEach, describe, expect, test } from 'vitest';
import { CLAIM_MS, claimRouting } from '../../src/moderation/routing-queue.js';
import { pollAccount } from '../../src/worker/poll.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, type World } from '../helpers/world.js';

/**
 * Found by `bekci chaos`: a worker killed while opening tickets held its routing batch for a fixed
 * minute, so under repeated crashes every waiting ticket was held back for minutes. The claim is now a
 * heartbeat lease: a dead worker's batch goes to another worker within CLAIM_MS (15 s).
 */
describe(`ticket routing claims of a dead worker (${dbLabel()})`, () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  test('are taken over within 15 seconds, not held for a minute', async () => {
    world = await createWorld(['facebook']);
    for (let i = 0; i < 3; i++) world.post(0, `ŞİKAYET yemekhane ${i}`);
    const account = await world.db.prisma.account.findFirstOrThrow();
    await pollAccount(world.deps, account);
    const now = new Date();
    const held = await claimRouting(world.deps, 'dead-worker', 200, now);
    expect(held).toHaveLength(3);
    // Still held a moment later: another worker takes nothing.
    expect(await claimRouting(world.deps, 'alive-worker', 200, new Date(now.getTime() + 1000))).toEqual([]);
    const taken = await claimRouting(world.deps, 'alive-worker', 200, new Date(now.getTime() + 15_001));
    expect(taken.sort()).toEqual([...held].sort());
    expect(CLAIM_MS).toBeLessThanOrEqual(15_000);
  });
});
