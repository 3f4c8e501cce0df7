import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/auth/credentials.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket } from '../helpers/seed.js';
import { Agent, PASSWORD, seedRoleUsers, webApp, webConfig } from './helpers.js';

describe(`console sign-in, CSRF, headers and validation (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    app = await webApp(db, webConfig(db, { maxFailedLogins: 3, lockMinutes: 10 }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('security headers, a strict CSP without inline script, htmx 2 from the package', async () => {
    const res = await new Agent(app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(res.body).toMatch(/<form method="post" action="\/login">[\s\S]*name="_csrf"[\s\S]*name="username"[\s\S]*name="password"/);
    const htmx = await new Agent(app).get('/static/htmx.min.js');
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toMatch(/version:"2\.\d+\.\d+"/);
    expect((await new Agent(app).get('/static/../package.json')).statusCode).toBe(404);
  });

  it('sign-in: Turkish errors, generic on failure, lockout after repeated failures (also against the right password)', async () => {
    const a = new Agent(app);
    const empty = await a.post('/login', { username: '', password: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Kullanıcı adı ve parola gerekli/);
    const unknown = await a.login('kimse-yok', 'bir-parola-123');
    const wrong = await a.login('sks-personel', 'yanlis-parola-1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    // The same message whether or not the user exists.
    const msg = (b: string) => /role="alert">([^<]*)</.exec(b)?.[1];
    expect(msg(unknown.body)).toBe(msg(wrong.body));
    await a.login('sks-personel', 'yanlis-parola-2');
    await a.login('sks-personel', 'yanlis-parola-3'); // third failure locks
    expect(await db.prisma.auditLog.count({ where: { action: 'auth.lock', actor: 'sks-personel' } })).toBe(1);
    const locked = await a.login('sks-personel', PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(await db.prisma.webSession.count({ where: { user: { name: 'sks-personel' } } })).toBe(0);
    // Another user is not affected.
    expect((await new Agent(app).login('ki-personel')).statusCode).toBe(303);
  });

  it('session cookie: httpOnly, SameSite, only a hash stored; sign-out ends it', async () => {
    const a = new Agent(app);
    const res = await a.login('iletisimci');
    const set = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('bekci_oturum='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const token = /bekci_oturum=([^;]+)/.exec(set)![1]!;
    expect(await db.prisma.webSession.count({ where: { id: token } })).toBe(0);
    expect((await a.get('/tickets')).statusCode).toBe(200);
    expect((await a.post('/logout', {})).statusCode).toBe(303);
    expect((await a.get('/tickets')).statusCode).toBe(302);
  });

  it('Secure cookies behind an HTTPS reverse proxy (trusted X-Forwarded-Proto)', async () => {
    const proxied = await webApp(db, webConfig(db, { trustProxy: true }));
    try {
      const login = await proxied.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] as string[]);
      expect(cookies.find((c) => c.startsWith('bekci_csrf='))).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it("CSRF: a form without the token, or with another session's token, is refused and changes nothing", async () => {
    const { ticket } = await seedTicket(db.prisma, { unitId: 'kurumsal-iletisim' });
    const staff = new Agent(app);
    await staff.login('ki-personel');
    const none = await staff.post(`/tickets/${ticket.number}/close`, {}, null);
    expect(none.statusCode).toBe(403);
    expect(none.body).toMatch(/Güvenlik doğrulaması başarısız/);
    const other = new Agent(app);
    await other.login('iletisimci');
    const foreign = await staff.post(`/tickets/${ticket.number}/close`, {}, await other.csrf());
    expect(foreign.statusCode).toBe(403);
    const preLogin = await new Agent(app).csrf();
    expect((await staff.post(`/tickets/${ticket.number}/close`, {}, preLogin)).statusCode).toBe(403);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('open');
    expect((await staff.post(`/tickets/${ticket.number}/close`, {})).statusCode).toBe(303);
  });

  it('validation errors are Turkish and keep what was typed', async () => {
    const { ticket } = await seedTicket(db.prisma, { unitId: 'kurumsal-iletisim', status: 'assigned', assignee: 'ki-personel' });
    const staff = new Agent(app);
    await staff.login('ki-personel');
    const empty = await staff.post(`/tickets/${ticket.number}/answer`, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Yanıt metni boş olamaz/);
    const rep = new Agent(app);
    await rep.login('muh-temsilci');
    const mail = await rep.post('/mail', { unit: 'muhendislik-fakultesi', subject: 'Bahar <b>şenliği</b>', body: '', replyTo: 'yanlis-adres' });
    expect(mail.statusCode).toBe(400);
    expect(mail.body).toMatch(/Talep kaydedilmedi/);
    expect(mail.body).toMatch(/yanıt adresi/);
    expect(mail.body).toMatch(/alıcı grubu/);
    expect(mail.body).toContain('value="Bahar &lt;b&gt;şenliği&lt;/b&gt;"');
    const otherUnit = await rep.post('/mail', { unit: 'sks', subject: 'x', body: 'y', replyTo: 'a@example.edu.tr' });
    expect(otherUnit.statusCode).toBe(403);
    expect(otherUnit.body).toMatch(/Bu birim adına talep açamazsınız/);
  });

  it('rule playground: decision, rule ids and highlighted spans; personal data never echoed', async () => {
    const a = new Agent(app);
    await a.login('iletisimci');
    const res = await a.postHtmx('/rules/playground', { text: 'Sen tam bir aptalsın' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/<html/); // an htmx fragment
    expect(res.body).toMatch(/<mark class="es">[^<]+<\/mark>/);
    expect(res.body).toMatch(/<code>[a-z0-9-]+<\/code>/);
    const pii = await a.postHtmx('/rules/playground', { text: 'Numaram 0532 123 45 67, arayın' });
    expect(pii.body).not.toContain('123 45 67');
    expect(pii.body).toMatch(/TELEFON/);
    const empty = await a.postHtmx('/rules/playground', { text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Denemek için bir yorum yazın/);
  });

  it('first sign-in by invitation: one use, password policy in Turkish', async () => {
    await db.prisma.user.create({ data: { name: 'yeni-personel', role: 'staff', unitId: 'sks' } });
    const { token } = await createInvite(db.prisma, 'yeni-personel', 72, 'test');
    const a = new Agent(app);
    expect((await a.get(`/davet/${token}`)).statusCode).toBe(200);
    const short = await a.post(`/davet/${token}`, { password: 'kisa', password2: 'kisa' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toMatch(/en az 10 karakter/);
    const ok = await a.post(`/davet/${token}`, { password: 'Yepyeni-Parola-9', password2: 'Yepyeni-Parola-9' });
    expect(ok.statusCode).toBe(303);
    expect((await a.get('/tickets')).statusCode).toBe(200);
    expect((await new Agent(app).get(`/davet/${token}`)).statusCode).toBe(404);
    expect((await new Agent(app).login('yeni-personel', 'Yepyeni-Parola-9')).statusCode).toBe(303);
  });

  it('/healthz and /readyz (database reachable, migrations current)', async () => {
    const a = new Agent(app);
    expect((await a.get('/healthz')).json()).toEqual({ ok: true });
    const ready = await a.get('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ok: true, database: 'ok', migrations: 'current' });
  });

  it('audit CSV: filtered export, spreadsheet formulas neutralised', async () => {
    await db.prisma.auditLog.create({ data: { actor: 'yonetici', action: 'test.formula', entityType: 'x', data: { note: '=HYPERLINK("http://kotu")' } } });
    const a = new Agent(app);
    await a.login('yonetici');
    const csv = await a.get('/audit.csv?islem=test.formula');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"test.formula"');
    expect(lines[1]).not.toMatch(/,"=/);
  });
});
