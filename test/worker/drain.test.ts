import { describe, expect, test } from 'vitest';
import type { ModerationDeps } from '../../src/moderation/deps.js';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { openTicketForComment } from '../../src/tickets/index.js';
import { openTicketsBatch } from '../../src/tickets/open-batch.js';
import { Worker } from '../../src/worker/worker.js';
import { createTestDb, dbLabel } from '../helpers/db.js';
import { createWorld, moderationCalls, type World } from '../helpers/world.js';
import { createEmulator } from '../../src/harness/emulator/index.js';

/** The world's deps with the real ticket sink (router from the shipped routing.yaml). */
async function withTickets(world: World, actor = world.deps.actor): Promise<ModerationDeps> {
  const router = loadRouter(world.config.routing.file);
  await syncUnits(world.db.prisma, router, world.config);
  const t = { prisma: world.db.prisma, router, config: world.config };
  return {
    ...world.deps,
    actor,
    tickets: {
      openTicket: (input) => openTicketForComment(t, input),
      openTickets: (inputs, onDone) => openTicketsBatch(t, world.db.provider, inputs, onDone),
    },
  };
}

/** Posts a backlog: per account `n` comments, every other one a complaint, every fifth to hide. */
function backlog(world: World, n: number): { complaints: string[]; bad: string[] } {
  const complaints: string[] = [];
  const bad: string[] = [];
  world.accounts.forEach((a, ai) => {
    for (let i = 0; i < n; i++) {
      const text = i % 5 === 0 ? `KÖTÜ ${ai}-${i}` : i % 2 === 1 ? `ŞİKAYET yemekhane ${ai}-${i}` : `güzel ${ai}-${i}`;
      // Every third complaint by an author who already complained: it joins that ticket.
      const author = i % 2 === 1 && i % 3 === 0 ? `tekrar-${ai}` : `kisi-${ai}-${i}`;
      const id = world.emulator.state.addComment({ platform: a.platform, postId: a.postId, text, authorName: author, authorId: author }).id;
      if (text.startsWith('ŞİKAYET')) complaints.push(id);
      if (text.startsWith('KÖTÜ')) bad.push(id);
    }
  });
  return { complaints, bad };
}

async function due(world: World): Promise<void> {
  await world.db.prisma.account.updateMany({ data: { nextPollAt: new Date(Date.now() - 1000), backoffUntil: null } });
}

/** Every complaint on exactly one ticket, numbers unique and without gaps, nothing left to route. */
async function expectTicketsExactlyOnce(world: World, complaints: string[]): Promise<void> {
  const links = await world.db.prisma.ticketComment.findMany({ include: { comment: { select: { externalId: true } } } });
  const linked = links.map((l) => l.comment.externalId).sort();
  expect(linked).toEqual([...complaints].sort());
  const numbers = (await world.db.prisma.ticket.findMany({ select: { number: true } })).map((t) => t.number).sort((a, b) => a - b);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  expect(await world.db.prisma.decision.count({ where: { routing: 'pending' } })).toBe(0);
  // A repeat of the same author joined the ticket instead of opening another.
  expect(numbers.length).toBeLessThan(complaints.length);
  expect(await world.db.prisma.ticketEvent.count({ where: { type: 'created' } })).toBe(numbers.length);
}

describe(`backlog drain with complaint-heavy traffic (${dbLabel()})`, () => {
  test('every comment decided once, every action once, every complaint on exactly one ticket', async () => {
    const world = await createWorld(['facebook', 'instagram', 'x', 'youtube']);
    const deps = await withTickets(world);
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    try {
      await due(world);
      await worker.tick(); // first polls set starting points
      const { complaints, bad } = backlog(world, 150);
      for (let i = 0; i < 4; i++) {
        await due(world);
        await worker.tick();
      }
      expect(await world.db.prisma.decision.count()).toBe(4 * 150);
      await expectTicketsExactlyOnce(world, complaints);
      // X allows 50 hides per 15 minutes: the rest wait, the others are all done.
      const done = moderationCalls(world.emulator).length;
      expect(done).toBeGreaterThanOrEqual(bad.length - 30);
      const actions = await world.db.prisma.platformAction.findMany({ select: { commentId: true, kind: true } });
      expect(new Set(actions.map((a) => `${a.commentId}:${a.kind}`)).size).toBe(actions.length);
      expect(actions).toHaveLength(bad.length);
    } finally {
      await worker.close();
      await world.close();
    }
  }, 240_000);
});

describe(`two workers drain one backlog (${dbLabel()})`, () => {
  test('no comment decided twice, no action repeated, no ticket lost or duplicated', async () => {
    const db = await createTestDb();
    const emulator = createEmulator();
    await emulator.start();
    const world = await createWorld(['facebook', 'instagram', 'youtube', 'facebook', 'instagram', 'youtube'], { db, emulator, workerId: 'a' });
    const depsA = await withTickets(world, 'system:a');
    const depsB = await withTickets(world, 'system:b');
    const a = new Worker({ db, deps: depsA, workerId: 'a', concurrency: 2 });
    const b = new Worker({ db, deps: depsB, workerId: 'b', concurrency: 2 });
    try {
      await due(world);
      await Promise.all([a.tick(), b.tick()]);
      const { complaints, bad } = backlog(world, 80);
      for (let i = 0; i < 4; i++) {
        await due(world);
        await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      }
      const decisions = await db.prisma.decision.findMany({ select: { commentId: true } });
      expect(decisions).toHaveLength(6 * 80);
      expect(new Set(decisions.map((d) => d.commentId)).size).toBe(decisions.length);
      const calls = moderationCalls(emulator);
      expect(calls).toHaveLength(bad.length);
      for (const id of bad) expect(['hidden', 'held']).toContain(emulator.state.comments.get(id)!.state);
      await expectTicketsExactlyOnce(world, complaints);
      const actors = new Set((await db.prisma.auditLog.findMany({ where: { action: 'comment.decide' }, select: { actor: true } })).map((e) => e.actor));
      expect(actors).toEqual(new Set(['system:a', 'system:b']));
    } finally {
      await a.close();
      await b.close();
      await world.close();
      await emulator.close();
      await db.drop();
    }
  }, 240_000);
});
