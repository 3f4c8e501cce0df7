import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { checkSlas, type TicketDeps } from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { ticketConfig } from './helpers.js';

const router = loadRouter('rules/routing.yaml');
const config = ticketConfig();
const ist = (s: string): Date => new Date(`${s}+03:00`);

/**
 * The SLA check reads tickets in rounds by due date and stops at the first unwarned ticket whose
 * warning is still ahead: breached tickets beyond one round, tickets in their warning window and
 * fresh tickets in one check must each get exactly what they are owed.
 */
describe(`SLA check in rounds on ${dbLabel()}`, () => {
  let db: TestDb;
  let deps: TicketDeps;
  beforeAll(async () => {
    db = await createTestDb();
    deps = { prisma: db.prisma, router, config };
    await syncUnits(db.prisma, router, config);
  });
  afterAll(async () => db?.drop());

  test('breached tickets past one round are escalated, those in the warning window warned, fresh ones left alone', async () => {
    const now = ist('2026-11-30T13:00:00'); // Monday; warnBeforeHours is 4
    let n = 0;
    const ticket = (group: string, dueAt: Date, extra: { warnedAt?: Date } = {}) => ({
      number: ++n,
      unitId: 'bilgi-islem',
      kind: 'complaint',
      topic: `t:${group}`,
      summary: `${group} ${n}`,
      confidence: 1,
      dueAt,
      ...extra,
    });
    const rows = [
      // Breached: 230, more than one round of 200, due at different minutes of the morning.
      ...Array.from({ length: 230 }, (_, i) => ticket('breached', new Date(ist('2026-11-30T08:00:00').getTime() + i * 15_000))),
      // Due 16:00–16:59 the same day: their warning (4 business hours before) is at or before 13:00.
      ...Array.from({ length: 5 }, (_, i) => ticket('window', ist(`2026-11-30T16:0${i}:00`))),
      // Already warned, not yet due: nothing more until the breach.
      ticket('warned', ist('2026-11-30T15:00:00'), { warnedAt: ist('2026-11-30T11:00:00') }),
      // Due on Wednesday: their warning is far ahead.
      ...Array.from({ length: 220 }, (_, i) => ticket('fresh', new Date(ist('2026-12-02T12:00:00').getTime() + i * 60_000))),
    ];
    await db.prisma.ticket.createMany({ data: rows });

    const first = await checkSlas(deps, now);
    expect(first).toEqual({ warned: 5, escalated: 230 });
    const byGroup = async (group: string) => db.prisma.ticket.findMany({ where: { topic: `t:${group}` }, select: { warnedAt: true, escalatedAt: true } });
    expect((await byGroup('breached')).every((t) => t.escalatedAt !== null)).toBe(true);
    expect((await byGroup('window')).every((t) => t.warnedAt?.getTime() === now.getTime() && t.escalatedAt === null)).toBe(true);
    expect((await byGroup('warned')).every((t) => t.warnedAt?.getTime() === ist('2026-11-30T11:00:00').getTime() && t.escalatedAt === null)).toBe(true);
    expect((await byGroup('fresh')).every((t) => t.warnedAt === null && t.escalatedAt === null)).toBe(true);
    expect(await db.prisma.outboxMessage.count({ where: { kind: 'escalation' } })).toBe(230);
    expect(await db.prisma.outboxMessage.count({ where: { kind: 'sla_warning' } })).toBe(5);

    // Run again: nothing is owed any more.
    expect(await checkSlas(deps, now)).toEqual({ warned: 0, escalated: 0 });
    // Past the already-warned ticket's due time it is escalated, without a second warning.
    expect(await checkSlas(deps, ist('2026-11-30T15:00:00'))).toEqual({ warned: 0, escalated: 1 });
  });
});
