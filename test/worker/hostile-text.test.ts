import { describe, expect, test } from 'vitest';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, markerJudge } from '../helpers/world.js';

describe(`text that storage cannot take (${dbLabel()})`, () => {
  test('a lone surrogate and a NUL byte are repaired before storage: the comment is stored and judged', async () => {
    const world = await createWorld(['facebook', 'youtube']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      await makeDue(world);
      await worker.tick();
      const surrogate = world.post(0, 'KÖTÜ yarım emoji \uD83D');
      const nul = world.post(1, 'KÖTÜ boş\u0000bayt ve \u0085kontrol');
      await makeDue(world);
      await worker.tick();
      const rows = await world.db.prisma.comment.findMany({ where: { externalId: { in: [surrogate, nul] } }, orderBy: { externalId: 'asc' } });
      expect(rows).toHaveLength(2);
      const byId = new Map(rows.map((r) => [r.externalId, r.text]));
      expect(byId.get(surrogate)).toBe('KÖTÜ yarım emoji \uFFFD');
      expect(byId.get(nul)).toBe('KÖTÜ boşbayt ve kontrol');
      expect(world.emulator.state.comments.get(surrogate)!.state).toBe('hidden');
      expect(world.emulator.state.comments.get(nul)!.state).toBe('held');
      expect(await world.db.prisma.deadLetter.count()).toBe(0);
    } finally {
      await worker.close();
      await world.close();
    }
  });

  test('a comment that still cannot be stored goes to the dead-letter table; the others and the cursor go on', async () => {
    const world = await createWorld(['instagram']);
    // A decision the database refuses (a required column missing): a stand-in for any row it rejects.
    const deps = {
      ...world.deps,
      judge: () => ({
        version: 't',
        evaluate: (input: Parameters<typeof markerJudge.evaluate>[0]) => {
          const d = markerJudge.evaluate(input);
          return input.text.includes('KIRIK') ? { ...d, ruleSetVersion: null as unknown as string } : d;
        },
      }),
    };
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    try {
      await makeDue(world);
      await worker.tick();
      const broken = world.post(0, 'KIRIK yorum');
      const fine = world.post(0, 'KÖTÜ ama kaydedilebilir');
      await makeDue(world);
      await worker.tick();
      expect(world.emulator.state.comments.get(fine)!.state).toBe('hidden');
      const dead = await world.db.prisma.deadLetter.findMany();
      expect(dead.map((d) => [d.externalId, d.platform, d.status])).toEqual([[broken, 'instagram', 'open']]);
      // Seen again on a later poll (edited): counted, not alerted again.
      world.emulator.state.editComment(broken, 'KIRIK yorum, düzenlendi');
      await makeDue(world);
      await worker.tick();
      expect((await world.db.prisma.deadLetter.findFirstOrThrow()).attempts).toBe(2);
      expect(await world.db.prisma.outboxMessage.count({ where: { kind: 'admin_alert' } })).toBe(1);
      const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
      expect(account.consecutiveFailures).toBe(0);
      expect(account.lastError).toBeNull();
    } finally {
      await worker.close();
      await world.close();
    }
  });

  test('a database hiccup (an expired transaction) drops no clean comment and is not counted as a platform failure', async () => {
    const world = await createWorld(['instagram']);
    // Transactions fail while `failing` is above 0, as when a transaction expires under load.
    let failing = 0;
    const prisma = new Proxy(world.db.prisma, {
      get(target, prop) {
        if (prop === '$transaction' && failing > 0) {
          return async () => {
            failing -= 1;
            throw new Error('Transaction API error: Transaction already closed: A query cannot be executed on an expired transaction.');
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const worker = new Worker({ db: world.db, deps: { ...world.deps, prisma }, workerId: 'w' });
    try {
      await makeDue(world);
      await worker.tick();
      // The account has had platform trouble already: three failures in a row.
      await world.db.prisma.account.updateMany({ data: { consecutiveFailures: 3 } });
      const clean = world.post(0, 'Kütüphane hafta sonu açık mı?');
      const insult = world.post(0, 'KÖTÜ bir yorum');
      failing = 1;
      await makeDue(world);
      await worker.tick();
      expect(failing).toBe(0); // the hiccup did happen
      const stored = await world.db.prisma.comment.findMany({ where: { externalId: { in: [clean, insult] } } });
      expect(stored.map((c) => c.externalId).sort()).toEqual([clean, insult].sort());
      expect(await world.db.prisma.decision.count({ where: { commentId: { in: stored.map((c) => c.id) } } })).toBe(2);
      expect(world.emulator.state.comments.get(insult)!.state).toBe('hidden');
      expect(await world.db.prisma.deadLetter.count()).toBe(0);
      const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
      expect(account.status).toBe('active');
      expect(account.consecutiveFailures).toBeLessThanOrEqual(3);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});
