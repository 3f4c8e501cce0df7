import { afterEach, describe, expect, test } from 'vitest';
import { pollAccount } from '../../src/worker/poll.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, type World } from '../helpers/world.js';

/**
 * Found by `bekci chaos`: a poll's backoff grew as 2^failures up to 15 minutes, so an account that had
 * failed a dozen times during an outage was not read again for up to a quarter of an hour after the
 * platform came back, its new comments (insults among them) unjudged all that time. Polls now share
 * the actions' cap (worker.actionRetryCapSec).
 */
describe(`poll backoff after a long run of transient failures (${dbLabel()})`, () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  test('is capped by worker.actionRetryCapSec, however many failures came before', async () => {
    world = await createWorld(['facebook']);
    const { prisma } = world.db;
    const capSec = world.config.worker.actionRetryCapSec;
    await prisma.account.updateMany({ data: { consecutiveFailures: 12 } });
    world.emulator.state.addFault('facebook', 'server_error', 1);
    const account = await prisma.account.findFirstOrThrow();
    const before = Date.now();
    const summary = await pollAccount(world.deps, account);
    expect(summary.error).toBeTruthy();
    const after = await prisma.account.findFirstOrThrow();
    expect(after.consecutiveFailures).toBe(13);
    expect(after.backoffUntil).not.toBeNull();
    expect(after.backoffUntil!.getTime() - before).toBeLessThanOrEqual(capSec * 1000 + 1000);
    expect(after.nextPollAt.getTime()).toBe(after.backoffUntil!.getTime());
  });
});
