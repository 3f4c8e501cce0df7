import { describe, expect, test } from 'vitest';
import { migrate, openDb } from '../../src/db/index.js';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel, testDbUrl, type TestDb } from '../helpers/db.js';
import { createWorld, makeDue, type World } from '../helpers/world.js';

/** A world whose database client reports every statement it sends. */
async function worldWithLog(): Promise<{ world: World; queries: string[] }> {
  const queries: string[] = [];
  const { url, cleanup } = testDbUrl();
  await migrate(url);
  const db = await openDb(url, { onQuery: (q) => queries.push(q) });
  const testDb: TestDb = {
    ...db,
    url,
    drop: async () => {
      await db.close();
      await cleanup();
    },
  };
  const world = await createWorld(['facebook', 'instagram'], { db: testDb });
  const close = world.close;
  return { world: { ...world, close: async () => (await close(), await testDb.drop()) }, queries };
}

async function pollAll(world: World, worker: Worker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await makeDue(world);
    await worker.tick();
  }
}

/** The columns an UPDATE of Account sets (SQLite quotes with backticks, PostgreSQL with double quotes). */
const accountSets = (q: string): string => /^UPDATE\s+\S*Account[`"]\s+SET\s+([\s\S]*?)\s+WHERE/i.exec(q)?.[1] ?? '';
const writesCursor = (q: string): boolean => /[`"]cursor[`"]/.test(accountSets(q));
const touchesSeen = (q: string): boolean => q.includes('SeenComment');

describe(`poll cursors and seen hashes (${dbLabel()})`, () => {
  test('a busy post that did not change is not read again: one call per account, no hash loaded or written, no cursor written', async () => {
    const { world, queries } = await worldWithLog();
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      await pollAll(world, worker, 1);
      // Busy: more comments than one nested page holds, all in the re-read window.
      for (let i = 0; i < 130; i++) for (const a of [0, 1]) world.post(a, `yorum ${a}-${i}`);
      await pollAll(world, worker, 3);
      expect(await world.db.prisma.decision.count()).toBe(260);
      const stored = await world.db.prisma.seenComment.count();
      expect(stored).toBeGreaterThanOrEqual(260);
      for (const a of await world.db.prisma.account.findMany()) expect(a.cursor).not.toHaveProperty('seen');
      // Graph times name a second: a post is taken as settled once its last activity's second is over.
      await new Promise((r) => setTimeout(r, 2_100));
      await pollAll(world, worker, 1);

      queries.length = 0;
      const calls = { ...world.emulator.state.calls };
      await pollAll(world, worker, 2);
      expect(world.emulator.state.calls.facebook - calls.facebook).toBe(2);
      expect(world.emulator.state.calls.instagram - calls.instagram).toBe(2);
      expect(queries.filter(touchesSeen)).toEqual([]);
      expect(queries.filter(writesCursor)).toEqual([]);
      // The polls did happen (their schedule was written).
      expect(queries.filter((q) => /[`"]lastPolledAt[`"]/.test(accountSets(q)))).toHaveLength(4);
      expect(await world.db.prisma.seenComment.count()).toBe(stored);
    } finally {
      await worker.close();
      await world.close();
    }
  }, 120_000);

  test('no comment is missed when a busy post changes: new comments, an edit and a deletion are all seen', async () => {
    const { world, queries } = await worldWithLog();
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      await pollAll(world, worker, 1);
      const ids: string[][] = [[], []];
      let total = 0;
      // Comments arrive between polls, several rounds, on a post that stays busy.
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 40; i++) {
          for (const a of [0, 1]) {
            ids[a]!.push(world.post(a, round === 4 && i % 10 === 0 ? `KÖTÜ ${a}-${round}-${i}` : `yorum ${a}-${round}-${i}`));
            total += 1;
          }
        }
        await pollAll(world, worker, 1);
      }
      await pollAll(world, worker, 1);
      expect(await world.db.prisma.comment.count()).toBe(total);
      expect(await world.db.prisma.decision.count()).toBe(total);

      // An edit deep in the busy post (not the newest comment) and a deletion.
      const edited = ids[0]![10]!;
      const deleted = ids[1]![20]!;
      world.emulator.state.editComment(edited, 'düzenlendi KÖTÜ');
      world.emulator.state.comments.get(deleted)!.state = 'deleted';
      world.emulator.state.comments.get(deleted)!.updatedAt = new Date();
      const fresh = world.post(1, 'son yorum');
      queries.length = 0;
      await pollAll(world, worker, 2);
      expect(queries.some(writesCursor)).toBe(true);
      const row = await world.db.prisma.comment.findFirst({ where: { externalId: edited }, include: { decisions: true } });
      expect(row!.version).toBe(2);
      expect(row!.decisions.map((d) => d.action).sort()).toEqual(['allow', 'hide']);
      expect((await world.db.prisma.comment.findFirst({ where: { externalId: deleted } }))!.removedAt).not.toBeNull();
      expect(await world.db.prisma.comment.count({ where: { externalId: fresh } })).toBe(1);
      expect(await world.db.prisma.decision.count()).toBe(total + 2);
      // Every hide went out once.
      const hides = await world.db.prisma.platformAction.findMany({ where: { kind: 'hide' } });
      expect(hides.length).toBe(9);
      expect(hides.every((h) => h.status === 'done')).toBe(true);
    } finally {
      await worker.close();
      await world.close();
    }
  }, 180_000);
});
