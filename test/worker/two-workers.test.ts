import { describe, expect, test } from 'vitest';
import { Worker } from '../../src/worker/worker.js';
import { createTestDb, dbLabel } from '../helpers/db.js';
import { createWorld, moderationCalls } from '../helpers/world.js';
import { createEmulator } from '../../src/harness/emulator/index.js';
import { claimDueAccounts } from '../../src/worker/leases.js';

describe(`two workers sharing one ${dbLabel()} database`, () => {
  test('each account is polled by one worker at a time; every comment decided once, every action executed once', async () => {
    const db = await createTestDb();
    const emulator = createEmulator();
    await emulator.start();
    const platforms = ['facebook', 'instagram', 'x', 'youtube', 'facebook', 'x'] as const;
    const a = await createWorld([...platforms], { db, emulator, workerId: 'worker-a' });
    // The second worker shares the database and the emulator, with its own identity.
    const b = { ...a.deps, actor: 'system:worker-b' };
    const workerA = new Worker({ db, deps: a.deps, workerId: 'worker-a', concurrency: 2 });
    const workerB = new Worker({ db, deps: b, workerId: 'worker-b', concurrency: 2 });
    try {
      const bad: string[] = [];
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < platforms.length; i++) {
          bad.push(a.post(i, `KÖTÜ ${round}-${i}`));
          a.post(i, `güzel ${round}-${i}`);
        }
        await db.prisma.account.updateMany({ data: { nextPollAt: new Date(Date.now() - 1000) } });
        await Promise.all([workerA.tick(), workerB.tick(), workerA.tick(), workerB.tick()]);
      }
      for (let i = 0; i < 3; i++) {
        await db.prisma.account.updateMany({ data: { nextPollAt: new Date(Date.now() - 1000) } });
        await Promise.all([workerA.tick(), workerB.tick()]);
      }
      const decisions = await db.prisma.decision.findMany({ include: { comment: true } });
      const perComment = new Map<string, number>();
      for (const d of decisions) perComment.set(d.comment.externalId, (perComment.get(d.comment.externalId) ?? 0) + 1);
      expect(perComment.size).toBe(platforms.length * 4 * 2);
      expect([...perComment.values()].every((n) => n === 1)).toBe(true);
      for (const id of bad) expect(['hidden', 'held']).toContain(emulator.state.comments.get(id)!.state);
      expect(moderationCalls(emulator)).toHaveLength(bad.length);
      const actors = new Set((await db.prisma.auditLog.findMany({ where: { action: 'comment.decide' } })).map((e) => e.actor));
      expect(actors).toEqual(new Set(['system:worker-a', 'system:worker-b']));
    } finally {
      await workerA.close();
      await workerB.close();
      await a.close();
      await emulator.close();
      await db.drop();
    }
  }, 120_000);

  test('a lease is exclusive until it expires, then another worker takes the account', async () => {
    const db = await createTestDb();
    try {
      await db.prisma.unit.create({ data: { id: 'u', kind: 'directorate', name: 'U' } });
      for (let i = 0; i < 5; i++) {
        await db.prisma.account.create({ data: { platform: 'x', externalId: String(i), name: `a${i}`, unitId: 'u', credentials: 'v1:x:x:x:x' } });
      }
      const now = new Date();
      const [first, second] = await Promise.all([claimDueAccounts(db, 'w1', 30_000, 5, now), claimDueAccounts(db, 'w2', 30_000, 5, now)]);
      expect(first.length + second.length).toBe(5);
      expect(new Set([...first, ...second]).size).toBe(5);
      expect(await claimDueAccounts(db, 'w3', 30_000, 5, now)).toEqual([]);
      // w1 and w2 die; after the lease timeout w3 gets everything
      const later = new Date(now.getTime() + 31_000);
      expect((await claimDueAccounts(db, 'w3', 30_000, 5, later)).length).toBe(5);
    } finally {
      await db.drop();
    }
  });
});

describe(`a long poll keeps its lease (${dbLabel()})`, () => {
  test('the lease is renewed while a slow platform answers; nobody else takes the account meanwhile', async () => {
    const world = await createWorld(['facebook']);
    const config = { ...world.config, worker: { ...world.config.worker, leaseSeconds: 1 } };
    const deps = { ...world.deps, config };
    const worker = new Worker({ db: world.db, deps, workerId: 'slow-worker' });
    try {
      const id = world.post(0, 'KÖTÜ');
      world.emulator.state.addFault('facebook', 'slow', 1, 2500);
      await world.db.prisma.account.updateMany({ data: { nextPollAt: new Date(Date.now() - 1000) } });
      const tick = worker.tick();
      await new Promise((r) => setTimeout(r, 1800)); // past the 1 s lease
      expect(await claimDueAccounts(world.db, 'thief', 1000, 5)).toEqual([]);
      await tick;
      expect(world.emulator.state.comments.get(id)!.state).toBe('hidden');
      expect(await world.db.prisma.decision.count()).toBe(1);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});
