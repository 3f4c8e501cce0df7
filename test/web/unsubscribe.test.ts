import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribe, unsubscribeTokenFor } from '../../src/mail/suppression.js';
import { destroyPersonalData, parseSubject } from '../../src/moderation/personal-data.js';
import { mailTokenKey, sign } from '../../src/mail/tokens.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { webApp, webConfig } from './helpers.js';
import { runBekci } from '../helpers/cli.js';

describe(`one-click unsubscribe from list mail (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb();
    app = await webApp(db, webConfig(db));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const suppressed = () => db.prisma.mailSuppression.findMany({ where: { email: 'ogrenci@ogr.example.edu.tr', scope: 'students' } });

  it('a GET only shows the confirmation (link scanners unsubscribe nobody); the RFC 8058 POST, without session or CSRF token, does', async () => {
    const token = await unsubscribeTokenFor(db.prisma, 'ogrenci@ogr.example.edu.tr', 'students');
    expect(token).not.toMatch(/ogrenci|example|@/);
    const url = `/abonelik-iptal?t=${encodeURIComponent(token)}`;
    const page = await app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Abonelikten çık');
    expect(await suppressed()).toHaveLength(0);

    const post = await app.inject({
      method: 'POST',
      url,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('Abonelikten çıkarıldınız');
    expect(post.body).not.toContain('ogrenci@ogr.example.edu.tr');
    expect(await suppressed()).toMatchObject([{ reason: 'unsubscribed' }]);
  });

  it('a forged or damaged token is refused in Turkish and suppresses nobody', async () => {
    const token = await unsubscribeTokenFor(db.prisma, 'baska@ogr.example.edu.tr', 'students');
    const damaged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    // The earlier format carried the address itself (base64url of "address NUL list", then a signature): refused now.
    const value = 'baska@ogr.example.edu.tr\u0000students';
    const old = `${Buffer.from(value).toString('base64url')}.${sign(await mailTokenKey(db.prisma), 'unsubscribe', value)}`;
    for (const t of [damaged, old, 'nothing']) {
      const res = await app.inject({
        method: 'POST',
        url: `/abonelik-iptal?t=${encodeURIComponent(t)}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Bağlantı geçersiz');
    }
    expect(await db.prisma.mailSuppression.count({ where: { email: 'baska@ogr.example.edu.tr' } })).toBe(0);
    // The same address and list always get the same subscription (one row), so every link it was sent works.
    expect(await unsubscribeTokenFor(db.prisma, 'BASKA@ogr.example.edu.tr', 'students')).toBe(token);
    expect(await db.prisma.mailSubscription.count({ where: { email: 'baska@ogr.example.edu.tr' } })).toBe(1);
  });

  it('`bekci mail unsubscribe TOKEN` takes the same token; a bad one exits 1 in Turkish and suppresses nobody', async () => {
    const run = (...argv: string[]) => runBekci(db, webConfig(db), argv);
    const token = await unsubscribeTokenFor(db.prisma, 'komut@ogr.example.edu.tr', 'students');
    const bad = await run('mail', 'unsubscribe', `${token.split('.')[0]}.${'A'.repeat(22)}`);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Geçersiz ya da bozulmuş abonelik belirteci');
    expect(await db.prisma.mailSuppression.count({ where: { email: 'komut@ogr.example.edu.tr' } })).toBe(0);
    const ok = await run('mail', 'unsubscribe', token);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('Abonelikten çıkıldı: liste students');
    expect(ok.out + ok.err).not.toContain('komut@');
    expect(await db.prisma.mailSuppression.findMany({ where: { email: 'komut@ogr.example.edu.tr' } })).toMatchObject([
      { scope: 'students', reason: 'unsubscribed' },
    ]);
  });

  it("a person's data destroyed (KVKK) takes their list subscriptions with it: their old links stop working", async () => {
    const token = await unsubscribeTokenFor(db.prisma, 'silinecek@ogr.example.edu.tr', 'students');
    const admin = { name: 'yonetici', role: 'admin', unitId: null };
    await destroyPersonalData(db.prisma, admin, parseSubject('silinecek@ogr.example.edu.tr'), { reason: 'KVKK 11. madde başvurusu', key: 'k'.repeat(32) });
    expect(await db.prisma.mailSubscription.count({ where: { email: 'silinecek@ogr.example.edu.tr' } })).toBe(0);
    expect(await unsubscribe(db.prisma, token)).toBeUndefined();
  });

  it('other forms still need the CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      payload: 'username=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
  });
});
