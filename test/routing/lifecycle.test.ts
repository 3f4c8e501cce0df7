import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import {
  answerTicket,
  approveReply,
  assignTicket,
  checkSlas,
  closeTicket,
  openTicketForComment,
  reopenTicket,
  sendDailyDigest,
  TicketError,
  type TicketDeps,
} from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeComment, ticketConfig } from './helpers.js';

const router = loadRouter('rules/routing.yaml');
const config = ticketConfig();
const ist = (s: string): Date => new Date(`${s}+03:00`);

describe(`ticket lifecycle, SLA and replies on ${dbLabel()}`, () => {
  let db: TestDb;
  let deps: TicketDeps;
  const open = async (text: string, at: Date) => {
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim', 'x', `a-${Math.random()}`);
    return openTicketForComment(
      { ...deps, now: at },
      { commentId, accountUnitId: 'kurumsal-iletisim', platform: 'facebook', authorId: null, kind: 'complaint', redactedText: text },
    );
  };
  beforeAll(async () => {
    db = await createTestDb();
    deps = { prisma: db.prisma, router, config };
    await syncUnits(db.prisma, router, config);
    await db.prisma.user.createMany({
      data: [
        { name: 'mehmet', role: 'staff', unitId: 'bilgi-islem', email: 'mehmet@example.edu.tr' },
        { name: 'zeynep', role: 'comms', unitId: 'kurumsal-iletisim' },
        { name: 'ali', role: 'approver' },
      ],
    });
  });
  afterAll(async () => db?.drop());

  test('open → assigned → answered → closed → reopened, with history; invalid transitions are errors', async () => {
    // Opened in the past so that the history, ordered by time, starts with it.
    const t = await open('Eduroam kampüste sürekli kopuyor.', ist('2020-01-06T09:00:00'));
    const ref = String(t.number);
    await expect(answerTicket(db.prisma, ref, { text: 'Düzeldi', by: 'mehmet' })).rejects.toThrow(/önce bir kişiye atanmalı/);
    await expect(assignTicket(db.prisma, ref, { to: 'nobody', by: 'mehmet' })).rejects.toBeInstanceOf(TicketError);
    await assignTicket(db.prisma, ref, { to: 'mehmet', by: 'zeynep' });
    await answerTicket(db.prisma, `#${ref}`, { text: 'Erişim noktaları yenilendi, sorun giderildi.', by: 'mehmet' });
    await expect(reopenTicket(db.prisma, ref, { by: 'mehmet' })).rejects.toThrow(/yeniden açılamaz/);
    await closeTicket(db.prisma, t.ticketId, { by: 'mehmet' });
    await expect(closeTicket(db.prisma, ref, { by: 'mehmet' })).rejects.toThrow(/kapatılamaz: durumu "kapandı"/);
    const reopened = await reopenTicket(db.prisma, ref, { by: 'zeynep' });
    expect(reopened.status).toBe('open');
    expect(reopened.closedAt).toBeNull();
    const events = await db.prisma.ticketEvent.findMany({ where: { ticketId: t.ticketId }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['created', 'system'],
      ['assigned', 'zeynep'],
      ['answered', 'mehmet'],
      ['closed', 'mehmet'],
      ['reopened', 'zeynep'],
    ]);
    expect(await db.prisma.auditLog.count({ where: { entityType: 'ticket', entityId: t.ticketId } })).toBe(5);
  });

  test('reply approval: refuses non-comms approvers, creates exactly one PlatformAction', async () => {
    const t = await open('Öğrenci portalına giriş yapamıyorum.', ist('2026-11-23T09:00:00'));
    const ref = String(t.number);
    await expect(approveReply(db.prisma, ref, { by: 'zeynep' })).rejects.toThrow(/onaylanacak bir yanıt yok/);
    await assignTicket(db.prisma, ref, { to: 'mehmet', by: 'mehmet' });
    await answerTicket(db.prisma, ref, { text: 'Şifre sıfırlama bağlantısı düzeltildi.', by: 'mehmet' });
    await expect(approveReply(db.prisma, ref, { by: 'ali' })).rejects.toThrow(/yalnızca kurumsal iletişim/);
    await expect(approveReply(db.prisma, ref, { by: 'mehmet' })).rejects.toBeInstanceOf(TicketError);
    const [a, b] = await Promise.all([approveReply(db.prisma, ref, { by: 'zeynep' }), approveReply(db.prisma, ref, { by: 'zeynep' })]);
    expect(a!.actionId).toBe(b!.actionId);
    expect([a!.created, b!.created].filter(Boolean).length).toBeLessThanOrEqual(1);
    const actions = await db.prisma.platformAction.findMany({ where: { idempotencyKey: { startsWith: `ticket-reply:${t.ticketId}:` } } });
    expect(actions).toHaveLength(1);
    const link = await db.prisma.ticketComment.findFirstOrThrow({ where: { ticketId: t.ticketId } });
    expect(actions[0]).toMatchObject({
      kind: 'reply',
      commentId: link.commentId,
      idempotencyKey: `ticket-reply:${t.ticketId}:1`,
      payload: { text: 'Şifre sıfırlama bağlantısı düzeltildi.' },
    });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: t.ticketId } })).replyStatus).toBe('approved');
    // A revised answer can be approved again, as a second reply.
    await answerTicket(db.prisma, ref, { text: 'Ek bilgi: yeni şifreler 5 dakikada etkinleşir.', by: 'mehmet' });
    const c = await approveReply(db.prisma, ref, { by: 'zeynep' });
    expect(c).toMatchObject({ created: true, idempotencyKey: `ticket-reply:${t.ticketId}:2` });
  });

  test('SLA: one warning before the breach, one escalation at it, each exactly once', async () => {
    // bilgi-islem SLA is 8 business hours; warnBeforeHours is 4. Created Mon 09:00 → due Mon 17:00.
    const t = await open('Kablosuz ağ çalışmıyor, eduroam yok.', ist('2026-11-30T09:00:00'));
    const due = (await db.prisma.ticket.findUniqueOrThrow({ where: { id: t.ticketId } })).dueAt;
    expect(due).toEqual(ist('2026-11-30T17:00:00'));
    const mails = () => db.prisma.outboxMessage.findMany({ where: { ticketId: t.ticketId }, orderBy: { createdAt: 'asc' } });

    await checkSlas(deps, ist('2026-11-30T12:59:00'));
    expect((await mails()).map((m) => m.kind)).toEqual(['ticket_new']);
    const w1 = await checkSlas(deps, ist('2026-11-30T13:00:00'));
    expect(w1.warned).toBeGreaterThanOrEqual(1);
    await checkSlas(deps, ist('2026-11-30T14:00:00'));
    await Promise.all([checkSlas(deps, ist('2026-11-30T15:00:00')), checkSlas(deps, ist('2026-11-30T15:00:00'))]);
    expect((await mails()).map((m) => m.kind)).toEqual(['ticket_new', 'sla_warning']);

    await Promise.all([checkSlas(deps, ist('2026-11-30T17:00:00')), checkSlas(deps, ist('2026-11-30T17:01:00'))]);
    await checkSlas(deps, ist('2026-12-01T10:00:00'));
    const all = await mails();
    expect(all.map((m) => m.kind)).toEqual(['ticket_new', 'sla_warning', 'escalation']);
    expect(all[2]!.toAddress).toBe('rektorluk@example.edu.tr');
    const t2 = await db.prisma.ticket.findUniqueOrThrow({ where: { id: t.ticketId }, include: { events: true } });
    expect(t2.warnedAt).toEqual(ist('2026-11-30T13:00:00'));
    expect(t2.escalatedAt).not.toBeNull();
    expect(t2.events.filter((e) => e.type === 'warned')).toHaveLength(1);
    expect(t2.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
  });

  test('answered tickets are not warned or escalated', async () => {
    const t = await open('Moodle ödev yükleme hatası veriyor.', ist('2026-12-07T09:00:00'));
    await assignTicket(db.prisma, String(t.number), { to: 'mehmet', by: 'mehmet' });
    await answerTicket(db.prisma, String(t.number), { text: 'Dosya sınırı artırıldı.', by: 'mehmet' });
    await checkSlas(deps, ist('2026-12-09T09:00:00'));
    const row = await db.prisma.ticket.findUniqueOrThrow({ where: { id: t.ticketId } });
    expect(row.warnedAt).toBeNull();
    expect(row.escalatedAt).toBeNull();
  });

  test('daily digest: one mail per unit and day', async () => {
    const now = ist('2026-12-10T08:00:00');
    const first = await sendDailyDigest(deps, now);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await sendDailyDigest(deps, ist('2026-12-10T09:30:00'))).toBe(0);
    const digests = await db.prisma.outboxMessage.findMany({ where: { kind: 'ticket_digest' } });
    expect(digests).toHaveLength(first);
    const bi = digests.find((d) => d.toAddress === 'bilgi-islem@example.edu.tr');
    expect(bi?.subject).toContain('2026-12-10');
    expect(bi?.body).toMatch(/#\d+ \[/);
    expect(await sendDailyDigest(deps, ist('2026-12-11T08:00:00'))).toBe(first);
  });
});
