import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDb, type Db, type Prisma } from '../../src/db/index.js';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { AUTHOR_SALT_KEY, authorKeyOf, authorSalt, openTicketForComment, type TicketConfig } from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeComment, ticketConfig } from './helpers.js';

const router = loadRouter('rules/routing.yaml');

/** A distinct client object over the same connection (the salt is cached per client object). */
const view = (prisma: Prisma): Prisma =>
  new Proxy(prisma, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });

describe(`author keys on ${dbLabel()}`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db?.drop());

  test('concurrent first uses store one salt and all agree on it', async () => {
    const pg = dbLabel() === 'postgresql';
    const clients: Db[] = pg ? await Promise.all([1, 2, 3, 4].map(() => openDb(db.url))) : [db, db, db, db];
    try {
      const salts = await Promise.all(clients.map((c) => authorSalt(view(c.prisma))));
      expect(new Set(salts).size).toBe(1);
      expect(salts[0]).toMatch(/^[0-9a-f]{64}$/);
      const rows = await db.prisma.meta.findMany({ where: { key: AUTHOR_SALT_KEY } });
      expect(rows.map((r) => r.value)).toEqual([salts[0]]);
    } finally {
      if (pg) await Promise.all(clients.map((c) => c.close()));
    }
    expect(await authorKeyOf(db.prisma, 'x', null)).toBeNull();
    expect(await authorKeyOf(view(db.prisma), 'x', 'a1')).toBe(await authorKeyOf(db.prisma, 'x', 'a1'));
    expect(await authorKeyOf(db.prisma, 'x', 'a1')).not.toBe(await authorKeyOf(db.prisma, 'facebook', 'a1'));
  });

  test('after a master key rotation the same author on the same topic still joins the open ticket', async () => {
    await syncUnits(db.prisma, router, ticketConfig());
    // The master key is not part of the author key: configurations before and after a rotation.
    const before = { ...ticketConfig(), secrets: { secretKey: 'a'.repeat(64) } } as TicketConfig;
    const after = { ...ticketConfig(), secrets: { secretKey: 'b'.repeat(64) } } as TicketConfig;
    const at = new Date('2026-12-01T10:00:00+03:00');
    const open = async (config: TicketConfig, hours: number) =>
      openTicketForComment(
        { prisma: db.prisma, router, config, now: new Date(at.getTime() + hours * 3_600_000) },
        {
          commentId: await makeComment(db.prisma, 'kurumsal-iletisim'),
          accountUnitId: 'kurumsal-iletisim',
          platform: 'facebook',
          authorId: 'dondurucu',
          kind: 'complaint',
          redactedText: 'Yurtta sıcak su yine yok, odalar buz gibi.',
        },
      );
    const first = await open(before, 0);
    const again = await open(after, 2);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ ticketId: first.ticketId, created: false });
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: first.ticketId } });
    expect(t.authorKey).toBe(await authorKeyOf(db.prisma, 'facebook', 'dondurucu'));
  });
});
