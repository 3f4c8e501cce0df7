/** The accounts page: filterable by platform, state and unit, paged, linkable; a representative's scope holds. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedAccount } from '../helpers/seed.js';
import { Agent, seedRoleUsers, webApp } from './helpers.js';

const names = (html: string) => [...html.matchAll(/<tr data-row>\s*<td>(\w+) · ([^<]+)<\/td>/g)].map((m) => `${m[1]}:${m[2]}`).sort();

describe(`accounts page (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    for (const unit of ['muhendislik-fakultesi', 'sks', 'kurumsal-iletisim']) for (const p of ['x', 'facebook']) await seedAccount(db.prisma, unit, p);
    await db.prisma.account.updateMany({ where: { unitId: 'sks', platform: 'x' }, data: { status: 'needs_reauth' } });
    for (let i = 0; i < 26; i++) {
      await db.prisma.account.create({
        data: { platform: 'youtube', externalId: `yt-${i}`, name: `kanal-${String(i).padStart(2, '0')}`, unitId: 'kurumsal-iletisim', credentials: 'x' },
      });
    }
    app = await webApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('filters by platform, state and unit; pages; a representative never sees another unit', async () => {
    const comms = new Agent(app);
    await comms.login('iletisimci');
    expect(names((await comms.get('/accounts?platform=x')).body)).toEqual(['x:kurumsal-iletisim x', 'x:muhendislik-fakultesi x', 'x:sks x']);
    expect(names((await comms.get('/accounts?durum=needs_reauth')).body)).toEqual(['x:sks x']);
    expect(names((await comms.get('/accounts?birim=sks&platform=facebook')).body)).toEqual(['facebook:sks facebook']);
    const first = await comms.get('/accounts?platform=youtube');
    expect(first.body).toMatch(/Sayfa 1 \/ 2/);
    expect(names(first.body)).toHaveLength(25);
    expect(first.body).toContain('href="/accounts?platform=youtube&amp;sayfa=2"');
    expect(names((await comms.get('/accounts?platform=youtube&sayfa=2')).body)).toEqual(['youtube:kanal-25']);
    const rep = new Agent(app);
    await rep.login('muh-temsilci');
    expect(names((await rep.get('/accounts')).body)).toEqual(['facebook:muhendislik-fakultesi facebook', 'x:muhendislik-fakultesi x']);
    expect(names((await rep.get('/accounts?birim=sks')).body)).toEqual([]);
  });
  it('the rules page lists shadow mode per account and switches it (accounts.manage only)', async () => {
    const comms = new Agent(app);
    await comms.login('iletisimci');
    const page = await comms.get('/rules');
    expect(page.body).toMatch(/Gölge kip \(hesap başına\)/);
    const acct = await db.prisma.account.findFirstOrThrow({ where: { unitId: 'sks', platform: 'facebook' } });
    const res = await comms.post(`/accounts/${acct.id}/shadow-on`, { geri: '/rules' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/rules');
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: acct.id } })).dryRun).toBe(true);
    expect((await comms.post(`/accounts/${acct.id}/shadow-off`, { geri: 'https://example.org/' })).headers.location).toBe('/accounts');
    const mgmt = new Agent(app);
    await mgmt.login('rektorluk');
    const read = await mgmt.get('/rules');
    expect(read.body).toMatch(/data-account/);
    expect(read.body).not.toMatch(/shadow-on/);
    expect((await mgmt.post(`/accounts/${acct.id}/shadow-on`, { geri: '/rules' })).statusCode).toBe(403);
  });
});
