import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { openTicketForComment, type TicketDeps } from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeComment, ticketConfig } from './helpers.js';

const router = loadRouter('rules/routing.yaml');
const config = ticketConfig();
const ist = (s: string): Date => new Date(`${s}+03:00`);

describe(`opening tickets on ${dbLabel()}`, () => {
  let db: TestDb;
  let deps: TicketDeps;
  beforeAll(async () => {
    db = await createTestDb();
    deps = { prisma: db.prisma, router, config, now: ist('2026-11-20T16:00:00') };
    await syncUnits(db.prisma, router, config);
    await db.prisma.user.create({ data: { name: 'ayse.temsilci', role: 'representative', unitId: 'muhendislik-fakultesi', email: 'ayse@example.edu.tr' } });
  });
  afterAll(async () => db?.drop());

  test('syncUnits upserts directorates and academic units, idempotently', async () => {
    await syncUnits(db.prisma, router, config);
    expect(await db.prisma.unit.count({ where: { kind: 'directorate' } })).toBe(10);
    const sks = await db.prisma.unit.findUniqueOrThrow({ where: { id: 'sks' } });
    expect(sks.name).toMatch(/Sağlık, Kültür ve Spor/);
    expect((await db.prisma.unit.findUniqueOrThrow({ where: { id: 'muhendislik-fakultesi' } })).kind).toBe('academic');
  });

  test('a complaint on the central account goes to the directorate, due by business hours, mailed once', async () => {
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'a-sks');
    const input = {
      commentId,
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'a-sks',
      kind: 'complaint' as const,
      redactedText: 'Yemekhanede yemekler soğuk ve porsiyonlar küçük.',
    };
    const first = await openTicketForComment(deps, input);
    expect(first).toMatchObject({ created: true, unitId: 'sks' });
    const ticket = await db.prisma.ticket.findUniqueOrThrow({ where: { id: first.ticketId } });
    // sks SLA is 16 business hours: Fri 16–17 (1h) + Mon 08–17 (9h) + Tue 08–14 (6h).
    expect(ticket.dueAt).toEqual(ist('2026-11-24T14:00:00'));
    expect(ticket.status).toBe('open');
    expect(ticket.topic).toBe('sks:complaint');

    // Processing the same comment again (or concurrently) never creates a second ticket or mail.
    const again = await Promise.all([openTicketForComment(deps, input), openTicketForComment(deps, input)]);
    for (const r of again) expect(r).toMatchObject({ ticketId: first.ticketId, created: false });
    expect(await db.prisma.ticketComment.count({ where: { commentId } })).toBe(1);
    const mails = await db.prisma.outboxMessage.findMany({ where: { ticketId: first.ticketId } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'ticket_new', toAddress: 'sks@example.edu.tr' });
    expect(mails[0]!.body).toContain('Yemekhanede');
  });

  test('concurrent comments get distinct ticket numbers', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map((i) => makeComment(db.prisma, 'kurumsal-iletisim', 'x', `conc-${i}`)));
    const results = await Promise.all(
      ids.map((commentId, i) =>
        openTicketForComment(deps, {
          commentId,
          accountUnitId: 'kurumsal-iletisim',
          platform: 'x',
          authorId: `conc-${i}`,
          kind: 'request',
          redactedText: 'Harç iadem ne zaman yatar?',
        }),
      ),
    );
    expect(new Set(results.map((r) => r.number)).size).toBe(4);
    expect(results.every((r) => r.created && r.unitId === 'mali-isler')).toBe(true);
  });

  test('low confidence goes to kurumsal-iletisim for triage', async () => {
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim');
    const r = await openTicketForComment(deps, {
      commentId,
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'a-low',
      kind: 'complaint',
      redactedText: 'hmm',
    });
    expect(r.unitId).toBe('kurumsal-iletisim');
  });

  test("a comment on an academic unit's account goes to its representative", async () => {
    const commentId = await makeComment(db.prisma, 'muhendislik-fakultesi');
    const r = await openTicketForComment(deps, {
      commentId,
      accountUnitId: 'muhendislik-fakultesi',
      platform: 'instagram',
      authorId: 'a-eng',
      kind: 'complaint',
      redactedText: 'Laboratuvardaki bilgisayarlar çalışmıyor, wifi de yok.',
    });
    expect(r.unitId).toBe('muhendislik-fakultesi');
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: r.ticketId }, include: { events: true } });
    expect(t).toMatchObject({ status: 'assigned', assignee: 'ayse.temsilci' });
    expect(t.events.map((e) => e.type).sort()).toEqual(['assigned', 'created']);
    const mail = await db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId: r.ticketId } });
    expect(mail.toAddress).toBe('ayse@example.edu.tr');
  });

  test('the same author on the same topic joins the open ticket within the window, not after it', async () => {
    const base = ist('2026-12-01T10:00:00');
    const open = (commentId: string, at: Date, authorId = 'repeat-author') =>
      openTicketForComment(
        { ...deps, now: at },
        {
          commentId,
          accountUnitId: 'kurumsal-iletisim',
          platform: 'facebook',
          authorId,
          kind: 'complaint',
          redactedText: 'Yurtta sıcak su yine yok, odalar buz gibi.',
        },
      );
    const a = await open(await makeComment(db.prisma, 'kurumsal-iletisim'), base);
    const b = await open(await makeComment(db.prisma, 'kurumsal-iletisim'), new Date(base.getTime() + 24 * 3_600_000));
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ ticketId: a.ticketId, created: false });
    // Another author on the same topic gets a ticket of their own.
    const other = await open(await makeComment(db.prisma, 'kurumsal-iletisim'), base, 'someone-else');
    expect(other.ticketId).not.toBe(a.ticketId);
    // The window (72h) counts from the ticket's last comment: 73h after it → a new ticket.
    const c = await open(await makeComment(db.prisma, 'kurumsal-iletisim'), new Date(base.getTime() + (24 + 73) * 3_600_000));
    expect(c.created).toBe(true);
    expect(c.ticketId).not.toBe(a.ticketId);
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: a.ticketId }, include: { comments: true, events: true } });
    expect(t.comments).toHaveLength(2);
    expect(t.events.map((e) => e.type)).toContain('joined');
    expect(await db.prisma.outboxMessage.count({ where: { ticketId: a.ticketId } })).toBe(1);
  });

  test('a violation that is also a complaint: the summary is the redacted text', async () => {
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim');
    const redactedText = 'Transkriptim gelmedi, numaram [TELEFON], arayın.';
    const r = await openTicketForComment(deps, { commentId, accountUnitId: 'kurumsal-iletisim', platform: 'x', authorId: null, kind: 'request', redactedText });
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: r.ticketId } });
    expect(t.summary).toBe(redactedText);
    expect(t.authorKey).toBeNull();
    expect(t.unitId).toBe('ogrenci-isleri');
  });
});
