import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTokenKey, unsubscribeToken } from '../../src/mail/tokens.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { webApp, webConfig } from './helpers.js';

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
    const token = unsubscribeToken(await mailTokenKey(db.prisma), 'ogrenci@ogr.example.edu.tr', 'students');
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
    const token = unsubscribeToken(await mailTokenKey(db.prisma), 'baska@ogr.example.edu.tr', 'students');
    const res = await app.inject({
      method: 'POST',
      url: `/abonelik-iptal?t=${encodeURIComponent(token.slice(0, -2) + 'xx')}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bağlantı geçersiz');
    expect(await db.prisma.mailSuppression.count({ where: { email: 'baska@ogr.example.edu.tr' } })).toBe(0);
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
