import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDenied, can, CAPABILITIES, maySeeTicket, ticketVisibilityFilter } from '../../src/access/authz.js';
import { resolveReview } from '../../src/moderation/review.js';
import { answerTicket, approveReply, assignTicket, closeTicket, reopenTicket } from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket, seedUsers } from '../helpers/seed.js';
import { ticketConfig } from '../routing/helpers.js';
import { runBekci } from '../helpers/cli.js';

const caps = () => ({ hide: true, unhide: true, delete: true, hold: false, publish: false, reject: false, reply: true, stateCheck: true }) as never;

describe(`roles and scope in the service layer (${dbLabel()})`, () => {
  let db: TestDb;
  const cli = (...argv: string[]) => runBekci(db, ticketConfig() as never, argv);

  beforeAll(async () => {
    db = await createTestDb();
    await seedUsers(db.prisma, [
      { name: 'sks-personel', role: 'staff', unitId: 'sks' },
      { name: 'ki-personel', role: 'staff', unitId: 'kurumsal-iletisim' },
      { name: 'muh-temsilci', role: 'representative', unitId: 'muhendislik-fakultesi' },
      { name: 'iletisimci', role: 'comms', unitId: 'kurumsal-iletisim' },
      { name: 'rektor-yrd', role: 'management', unitId: 'ust-yonetim' },
      { name: 'onayci', role: 'approver', unitId: 'sks' },
    ]);
  });
  afterAll(async () => db?.drop());

  it('SKS staff cannot close a Kurumsal İletişim ticket, through the service or the CLI', async () => {
    const { ticket } = await seedTicket(db.prisma, { unitId: 'kurumsal-iletisim' });
    await expect(closeTicket(db.prisma, String(ticket.number), { by: 'sks-personel' })).rejects.toBeInstanceOf(AccessDenied);
    const r = await cli('tickets', 'close', String(ticket.number), '--by', 'sks-personel');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Yetki yok: .*kaydı göremez/);
    expect((await db.prisma.ticket.findUnique({ where: { id: ticket.id } }))!.status).toBe('open');
    // The unit's own staff may.
    expect((await cli('tickets', 'close', String(ticket.number), '--by', 'ki-personel')).code).toBe(0);
    expect((await db.prisma.ticket.findUnique({ where: { id: ticket.id } }))!.status).toBe('closed');
  });

  it("a representative cannot reopen another directorate's ticket, but can work their own unit's accounts' tickets", async () => {
    const other = await seedTicket(db.prisma, { unitId: 'sks', status: 'closed' });
    await expect(reopenTicket(db.prisma, String(other.ticket.number), { by: 'muh-temsilci' })).rejects.toThrow(/kaydı göremez/);
    const r = await cli('tickets', 'reopen', String(other.ticket.number), '--by', 'muh-temsilci');
    expect(r.code).toBe(1);
    expect((await db.prisma.ticket.findUnique({ where: { id: other.ticket.id } }))!.status).toBe('closed');
    // A comment on the faculty's own account, routed to a directorate: the representative sees it.
    const own = await seedTicket(db.prisma, { unitId: 'bilgi-islem', accountUnitId: 'muhendislik-fakultesi', status: 'closed' });
    await expect(reopenTicket(db.prisma, String(own.ticket.number), { by: 'muh-temsilci' })).resolves.toMatchObject({ status: 'open' });
  });

  it('assignment only to someone who may work the ticket; management is read-only; approvers see no tickets', async () => {
    const { ticket } = await seedTicket(db.prisma, { unitId: 'sks', escalated: true });
    const ref = String(ticket.number);
    await expect(assignTicket(db.prisma, ref, { to: 'ki-personel', by: 'iletisimci' })).rejects.toThrow(/atanamaz/);
    await expect(assignTicket(db.prisma, ref, { to: 'sks-personel', by: 'rektor-yrd' })).rejects.toThrow(/yalnızca görüntüleme/);
    await expect(assignTicket(db.prisma, ref, { to: 'sks-personel', by: 'onayci' })).rejects.toBeInstanceOf(AccessDenied);
    await assignTicket(db.prisma, ref, { to: 'sks-personel', by: 'iletisimci' });
    await answerTicket(db.prisma, ref, { text: 'Yemekhane menüsü güncellendi.', by: 'sks-personel' });
    await expect(approveReply(db.prisma, ref, { by: 'sks-personel' })).rejects.toThrow(/yalnızca kurumsal iletişim/);
    await expect(approveReply(db.prisma, ref, { by: 'iletisimci' })).resolves.toMatchObject({ created: true });
  });

  it('list filters match the per-ticket check for every role', async () => {
    const users = await db.prisma.user.findMany();
    const tickets = await db.prisma.ticket.findMany({ include: { comments: { include: { comment: { include: { account: true } } } } } });
    for (const u of users) {
      const filter = ticketVisibilityFilter(u);
      const listed = new Set(filter ? (await db.prisma.ticket.findMany({ where: filter, select: { id: true } })).map((t) => t.id) : []);
      for (const t of tickets) {
        const facts = { unitId: t.unitId, escalatedAt: t.escalatedAt, accountUnitIds: t.comments.map((c) => c.comment.account.unitId) };
        expect(listed.has(t.id), `${u.name} / #${t.number}`).toBe(maySeeTicket(u, facts));
      }
    }
    expect(can({ name: 'x', role: 'management', unitId: null }, 'dashboard.view')).toBe(true);
    expect(can({ name: 'x', role: 'management', unitId: null }, 'tickets.work')).toBe(false);
    expect(can({ name: 'x', role: 'uydurma', unitId: null }, 'tickets.view')).toBe(false);
  });

  it("a representative resolves reviews of their unit's accounts only", async () => {
    const theirs = await seedTicket(db.prisma, { unitId: 'sks', accountUnitId: 'muhendislik-fakultesi' });
    const others = await seedTicket(db.prisma, { unitId: 'sks', accountUnitId: 'sks' });
    await expect(resolveReview(db.prisma, others.comment.id, 'approve', 'muh-temsilci', caps)).rejects.toThrow(/inceleyemez/);
    await expect(resolveReview(db.prisma, theirs.comment.id, 'approve', 'muh-temsilci', caps)).resolves.toMatchObject({ commentId: theirs.comment.id });
    await expect(resolveReview(db.prisma, others.comment.id, 'remove', 'sks-personel', caps)).rejects.toThrow(/inceleyemez/);
  });
});

describe('capabilities per role', () => {
  const granted = (role: string) => CAPABILITIES.filter((c) => can({ name: 'x', role, unitId: null }, c));

  it('admin has every capability; communications all but approving mail, personal-data requests and users', () => {
    expect(CAPABILITIES).toHaveLength(18);
    expect(granted('admin')).toEqual([...CAPABILITIES]);
    expect(granted('comms')).toEqual(CAPABILITIES.filter((c) => !['mail.decide', 'privacy.manage', 'users.manage'].includes(c)));
    expect(granted('approver')).toEqual(['mail.view', 'mail.decide']);
    expect(granted('nobody')).toEqual([]);
  });
});
