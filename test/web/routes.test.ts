/**
 * Every console route with every role and with no session, including other units' ticket ids: the
 * answer is the page, a 403 or a 404 — never another unit's data.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailRequest } from '../../src/mail/requests.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedAccount, seedTicket } from '../helpers/seed.js';
import { Agent, ROLE_USERS, seedRoleUsers, webApp, webConfig } from './helpers.js';

type RoleName = (typeof ROLE_USERS)[number]['name'];

describe(`console routes × roles (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const agents = new Map<RoleName, Agent>();
  const tickets: Record<string, { number: number; marker: string; seenBy: RoleName[] }> = {};
  let mailId = '';
  let accountId = '';
  const reviewIds: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    const mk = async (key: string, opts: Parameters<typeof seedTicket>[1], seenBy: RoleName[]) => {
      const marker = `GIZLI-${key}-${Math.random().toString(36).slice(2, 8)}`;
      const { ticket } = await seedTicket(db.prisma, { ...opts, text: `${marker} yemekhane şikâyeti` });
      tickets[key] = { number: ticket.number, marker, seenBy };
    };
    await mk('sks', { unitId: 'sks' }, ['yonetici', 'iletisimci', 'sks-personel']);
    await mk('ki', { unitId: 'kurumsal-iletisim' }, ['yonetici', 'iletisimci', 'ki-personel']);
    await mk('muh', { unitId: 'bilgi-islem', accountUnitId: 'muhendislik-fakultesi' }, ['yonetici', 'iletisimci', 'muh-temsilci']);
    await mk('esc', { unitId: 'sks', escalated: true }, ['yonetici', 'iletisimci', 'sks-personel', 'rektorluk']);
    // A mail request of SKS with one recipient group.
    const group = await db.prisma.recipientGroup.create({ data: { name: 'akademik-test', kind: 'academic' } });
    await db.prisma.recipient.create({ data: { groupId: group.id, email: 'hoca@example.edu.tr' } });
    const config = webConfig(db);
    mailId = (
      await createMailRequest(db.prisma, config, {
        unit: 'sks',
        subject: 'MAIL-GIZLI bahar şenliği',
        body: 'Şenlik cuma günü.',
        groups: ['akademik-test'],
        replyTo: 'sks@example.edu.tr',
        by: 'yonetici',
      })
    ).id;
    accountId = (await seedAccount(db.prisma, 'muhendislik-fakultesi', 'x')).id;
    // Review items: one on the faculty's account, one on Kurumsal İletişim's.
    for (const unit of ['muhendislik-fakultesi', 'kurumsal-iletisim']) {
      const { comment } = await seedTicket(db.prisma, { unitId: 'sks', accountUnitId: unit, text: `REVIEW-${unit} yorum` });
      reviewIds[unit] = (await db.prisma.reviewItem.create({ data: { commentId: comment.id, reason: 'test' } })).id;
    }
    app = await webApp(db, config);
    for (const u of ROLE_USERS) {
      const a = new Agent(app);
      const res = await a.login(u.name);
      expect(res.statusCode, u.name).toBe(303);
      agents.set(u.name, a);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('without a session every page redirects to /login and every form is refused', async () => {
    const anon = new Agent(app);
    for (const path of [
      '/tickets',
      `/tickets/${tickets.sks!.number}`,
      '/review',
      '/mail',
      '/mail/new',
      `/mail/${mailId}`,
      '/rules',
      '/dashboard',
      '/accounts',
      '/audit',
      '/audit.csv',
      '/kullanicilar',
      '/hesap',
      '/hesap/totp',
      '/login/totp',
      '/mail/gruplar',
      '/',
    ]) {
      const res = await anon.get(path);
      expect(res.statusCode, path).toBe(302);
      expect(res.headers.location).toBe('/login');
      expect(res.body).not.toMatch(/GIZLI/);
    }
    for (const path of [
      `/tickets/${tickets.sks!.number}/close`,
      '/review/resolve',
      '/mail',
      `/mail/${mailId}/approve`,
      '/rules/playground',
      `/accounts/${accountId}/disable`,
      '/rules/dosya/10-insult.yaml',
      '/kvkk/ara',
      '/kvkk/sil',
      '/kullanicilar/totp-zorunlu',
      '/kullanicilar/totp-sifirla',
      '/hesap/totp/baslat',
      '/mail/gruplar',
    ]) {
      const res = await anon.post(path, { text: 'x' });
      expect(res.statusCode, path).toBe(401);
    }
    expect((await db.prisma.ticket.findFirstOrThrow({ where: { number: tickets.sks!.number } })).status).toBe('open');
  });

  it('pages by role: 200 where the role allows, 403 elsewhere', async () => {
    const expected: Record<string, RoleName[]> = {
      '/tickets': ['yonetici', 'iletisimci', 'sks-personel', 'ki-personel', 'muh-temsilci', 'rektorluk'],
      '/review': ['yonetici', 'iletisimci', 'muh-temsilci', 'rektorluk'],
      '/mail': ['yonetici', 'iletisimci', 'muh-temsilci', 'sks-onayci', 'rektorluk'],
      '/mail/new': ['yonetici', 'iletisimci', 'muh-temsilci'],
      '/rules': ['yonetici', 'iletisimci', 'rektorluk'],
      '/dashboard': ['yonetici', 'iletisimci', 'rektorluk'],
      '/accounts': ['yonetici', 'iletisimci', 'muh-temsilci', 'rektorluk'],
      '/audit': ['yonetici', 'iletisimci', 'rektorluk'],
      '/audit.csv': ['yonetici', 'iletisimci', 'rektorluk'],
      '/rules/dosya/10-insult.yaml': ['yonetici', 'iletisimci', 'rektorluk'],
      '/kvkk': ['yonetici'],
      '/kullanicilar': ['yonetici'],
      '/mail/gruplar': ['yonetici', 'iletisimci'],
      '/hesap': ROLE_USERS.map((u) => u.name),
    };
    for (const [path, allowed] of Object.entries(expected)) {
      for (const u of ROLE_USERS) {
        const res = await agents.get(u.name)!.get(path);
        expect(res.statusCode, `${u.name} ${path}`).toBe(allowed.includes(u.name) ? 200 : 403);
        if (res.statusCode === 403) expect(res.body).toMatch(/yetki/i);
      }
    }
  });

  it("ticket pages and lists never show another unit's ticket (no IDOR)", async () => {
    for (const u of ROLE_USERS) {
      const agent = agents.get(u.name)!;
      const list = await agent.get('/tickets?durum=');
      for (const [key, t] of Object.entries(tickets)) {
        const sees = t.seenBy.includes(u.name);
        const page = await agent.get(`/tickets/${t.number}`);
        expect(page.statusCode, `${u.name} #${key}`).toBe(sees ? 200 : 404);
        expect(page.body.includes(t.marker), `${u.name} #${key} body`).toBe(sees);
        if (list.statusCode === 200) expect(list.body.includes(t.marker), `${u.name} list ${key}`).toBe(sees);
      }
      // Numbers that do not exist, and garbage, answer exactly like another unit's ticket.
      expect((await agent.get('/tickets/999999')).statusCode).toBe(404);
      expect((await agent.get('/tickets/abc')).statusCode).toBe(404);
    }
  });

  it('ticket actions: the unit works its own tickets; others get 404 (hidden) or 403 (read-only); nothing changes', async () => {
    for (const u of ROLE_USERS) {
      for (const [key, t] of Object.entries(tickets)) {
        const before = await db.prisma.ticketEvent.count({ where: { type: 'note' } });
        const res = await agents.get(u.name)!.post(`/tickets/${t.number}/note`, { text: `not ${u.name}` });
        const sees = t.seenBy.includes(u.name);
        const works = sees && u.name !== 'rektorluk';
        expect(res.statusCode, `${u.name} note #${key}`).toBe(works ? 303 : sees ? 403 : 404);
        expect(res.body).not.toMatch(/GIZLI/);
        expect(await db.prisma.ticketEvent.count({ where: { type: 'note' } })).toBe(before + (works ? 1 : 0));
      }
    }
    // SKS staff cannot close Kurumsal İletişim's ticket; Kurumsal İletişim's own staff can.
    expect((await agents.get('sks-personel')!.post(`/tickets/${tickets.ki!.number}/close`, {})).statusCode).toBe(404);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { number: tickets.ki!.number } })).status).toBe('open');
    expect((await agents.get('ki-personel')!.post(`/tickets/${tickets.ki!.number}/close`, {})).statusCode).toBe(303);
    // A representative cannot reopen another directorate's ticket.
    expect((await agents.get('muh-temsilci')!.post(`/tickets/${tickets.ki!.number}/reopen`, {})).statusCode).toBe(404);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { number: tickets.ki!.number } })).status).toBe('closed');
  });

  it('mail: only the unit sees its request; only its approver (or admin) decides', async () => {
    for (const u of ROLE_USERS) {
      const res = await agents.get(u.name)!.get(`/mail/${mailId}`);
      const sees = ['yonetici', 'iletisimci', 'sks-onayci', 'rektorluk'].includes(u.name);
      expect(res.statusCode, u.name).toBe(sees ? 200 : res.statusCode === 403 ? 403 : 404);
      expect(res.body.includes('MAIL-GIZLI'), u.name).toBe(sees);
    }
    const comms = await agents.get('iletisimci')!.post(`/mail/${mailId}/approve`, {});
    expect(comms.statusCode).toBe(403);
    expect(comms.body).toMatch(/onaylayamaz/);
    expect((await db.prisma.mailRequest.findUniqueOrThrow({ where: { id: mailId } })).status).toBe('requested');
    expect((await agents.get('muh-temsilci')!.post(`/mail/${mailId}/approve`, {})).statusCode).toBe(404);
    const ok = await agents.get('sks-onayci')!.post(`/mail/${mailId}/approve`, {});
    expect(ok.statusCode).toBe(303);
    expect((await db.prisma.mailRequest.findUniqueOrThrow({ where: { id: mailId } })).status).toBe('approved');
  });

  it("review: a representative sees and resolves only their unit's accounts' comments", async () => {
    const rep = agents.get('muh-temsilci')!;
    const page = await rep.get('/review');
    expect(page.body).toMatch(/REVIEW-muhendislik-fakultesi/);
    expect(page.body).not.toMatch(/REVIEW-kurumsal-iletisim/);
    const other = await rep.post('/review/resolve', { one: `${reviewIds['kurumsal-iletisim']}:remove` });
    expect(other.statusCode).toBe(403);
    expect((await db.prisma.reviewItem.findUniqueOrThrow({ where: { id: reviewIds['kurumsal-iletisim']! } })).status).toBe('open');
    expect((await agents.get('rektorluk')!.post('/review/resolve', { ids: [reviewIds['muhendislik-fakultesi']!], verdict: 'remove' })).statusCode).toBe(403);
    const own = await rep.post('/review/resolve', { ids: [reviewIds['muhendislik-fakultesi']!, reviewIds['kurumsal-iletisim']!], verdict: 'remove' });
    expect(own.statusCode).toBe(303);
    expect((await db.prisma.reviewItem.findUniqueOrThrow({ where: { id: reviewIds['muhendislik-fakultesi']! } })).status).toBe('removed');
    expect((await db.prisma.reviewItem.findUniqueOrThrow({ where: { id: reviewIds['kurumsal-iletisim']! } })).status).toBe('open');
  });

  it('accounts: only admin and comms change them; the change is audited', async () => {
    for (const name of ['muh-temsilci', 'rektorluk', 'sks-personel'] as const) {
      expect((await agents.get(name)!.post(`/accounts/${accountId}/shadow-on`, {})).statusCode, name).toBe(403);
    }
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: accountId } })).dryRun).toBe(false);
    expect((await agents.get('iletisimci')!.post(`/accounts/${accountId}/shadow-on`, {})).statusCode).toBe(303);
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: accountId } })).dryRun).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { action: 'account.dry_run', actor: 'iletisimci' } })).toBe(1);
  });
});
