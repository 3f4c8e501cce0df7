import { describe, expect, test } from 'vitest';
import { createEmulator } from '../../src/harness/emulator/index.js';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, onePagePerPoll, postBacklog } from '../helpers/world.js';

describe(`YouTube actions left in progress by a dead worker, during a thread walk (${dbLabel()})`, () => {
  test('are taken over once stale and done exactly once; no action stays in progress', async () => {
    const world = await createWorld(['youtube']);
    let shift = 0;
    const deps = onePagePerPoll(world, () => shift);
    const worker = new Worker({ db: world.db, deps, workerId: 'w2' });
    try {
      await makeDue(world);
      await worker.tick();
      const bad = postBacklog(world, 250);
      await makeDue(world);
      await worker.tick(); // the first page of the walk: its holds wait for the walk's end
      const pending = await world.db.prisma.platformAction.findMany({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' } });
      expect(pending.length).toBeGreaterThan(4);
      // A worker killed mid-batch: two claims it never recorded, one just started, one long ago.
      await world.db.prisma.platformAction.updateMany({
        where: { id: { in: pending.slice(0, 2).map((p) => p.id) } },
        data: { status: 'in_progress', claimedBy: 'dead#1', startedAt: new Date(), attempts: 1 },
      });
      await world.db.prisma.platformAction.updateMany({
        where: { id: { in: pending.slice(2, 4).map((p) => p.id) } },
        data: { status: 'in_progress', claimedBy: 'dead#1', startedAt: new Date(Date.now() - 10 * 60_000), attempts: 1 },
      });
      for (let i = 0; i < 6; i++) {
        await makeDue(world);
        await worker.tick();
      }
      // Later than the stale time: the fresh claim is abandoned too.
      shift = 5 * 60_000;
      for (let i = 0; i < 2; i++) {
        await makeDue(world);
        await worker.tick();
      }
      expect(await world.db.prisma.decision.count()).toBe(250);
      expect(await world.db.prisma.platformAction.count({ where: { status: { not: 'done' } } })).toBe(0);
      for (const id of bad) expect(world.emulator.state.comments.get(id)!.state).toBe('held');
      const calls = world.emulator.state.requests.filter((r) => r.method === 'POST' && r.status < 400 && r.path.includes('setModerationStatus'));
      expect(calls.length).toBe(bad.length);
    } finally {
      await worker.close();
      await world.close();
    }
  }, 180_000);

  test('a quota spent in the middle of a walk, then raised: every hold goes out once, none stays in progress', async () => {
    const emulator = createEmulator({ youtube: { dailyQuota: 1_800 } });
    await emulator.start();
    const world = await createWorld(['youtube'], { emulator });
    let shift = 0;
    const deps = onePagePerPoll(world, () => shift);
    const worker = new Worker({ db: world.db, deps, workerId: 'w3' });
    try {
      await makeDue(world);
      await worker.tick();
      const bad = postBacklog(world, 250);
      for (let i = 0; i < 6; i++) {
        await makeDue(world);
        await worker.tick();
      }
      // The quota ran out on the way (YouTube answers 403 quotaExceeded).
      expect(emulator.state.requests.some((r) => r.status === 403)).toBe(true);
      expect(await world.db.prisma.platformAction.count({ where: { status: { not: 'done' } } })).toBeGreaterThan(0);
      // The quota is raised (a new day, or a larger grant): the account may be called again.
      emulator.state.quotaUsed.clear();
      shift = 24 * 3_600_000;
      for (let i = 0; i < 6; i++) {
        await makeDue(world);
        await worker.tick();
      }
      expect(await world.db.prisma.decision.count()).toBe(250);
      const left = await world.db.prisma.platformAction.findMany({ where: { status: { not: 'done' } }, select: { status: true, lastError: true } });
      expect(left).toEqual([]);
      for (const id of bad) expect(emulator.state.comments.get(id)!.state).toBe('held');
      const calls = emulator.state.requests.filter((r) => r.method === 'POST' && r.status < 400 && r.path.includes('setModerationStatus'));
      expect(calls.length).toBe(bad.length);
    } finally {
      await worker.close();
      await world.close();
      await emulator.close();
    }
  }, 180_000);
});
