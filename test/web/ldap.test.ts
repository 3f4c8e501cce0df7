import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeFilterValue } from '../../src/auth/ldap.js';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedUsers } from '../helpers/seed.js';
import { startSlapd, type Slapd } from '../helpers/slapd.js';
import { Agent, webApp, webConfig } from './helpers.js';

describe(`LDAP sign-in against slapd on loopback (${dbLabel()})`, () => {
  let db: TestDb;
  let slapd: Slapd;
  let app: FastifyInstance;

  beforeAll(async () => {
    slapd = await startSlapd([
      { uid: 'ldap-personel', password: 'Dizin-Parolasi-2026' },
      { uid: 'yabanci', password: 'Yabanci-Parola-2026' },
    ]);
    db = await createTestDb();
    await seedUsers(db.prisma, [{ name: 'ldap-personel', role: 'staff', unitId: 'sks' }]);
    const base = webConfig(db, { maxFailedLogins: 3 });
    const config = {
      ...base,
      ldap: { ...base.ldap, enabled: true, url: slapd.url, baseDn: slapd.baseDn, bindDn: slapd.adminDn },
      secrets: { ...base.secrets, ldapBindPassword: slapd.adminPassword },
    } as Config;
    app = await webApp(db, config);
  });
  afterAll(async () => {
    await app?.close();
    await slapd?.stop();
    await db?.drop();
  });

  it('a bekci user signs in with the directory password; a directory-only person does not', async () => {
    const a = new Agent(app);
    const ok = await a.login('ldap-personel', 'Dizin-Parolasi-2026');
    expect(ok.statusCode).toBe(303);
    expect((await a.get('/tickets')).statusCode).toBe(200);
    expect(await db.prisma.auditLog.count({ where: { action: 'auth.login', actor: 'ldap-personel' } })).toBe(1);
    expect((await new Agent(app).login('yabanci', 'Yabanci-Parola-2026')).statusCode).toBe(401);
  });

  it('wrong passwords count towards the lockout; an empty password never binds; filter injection finds nobody', async () => {
    expect((await new Agent(app).login('ldap-personel', 'yanlis-parola-1')).statusCode).toBe(401);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'ldap-personel' } })).failedLogins).toBe(1);
    expect((await new Agent(app).post('/login', { username: 'ldap-personel', password: '' })).statusCode).toBe(400);
    expect((await new Agent(app).login('ldap-personel)(uid=*', 'Dizin-Parolasi-2026')).statusCode).toBe(401);
    expect(escapeFilterValue('a)(uid=*')).toBe('a\\29\\28uid=\\2a');
    await new Agent(app).login('ldap-personel', 'yanlis-parola-2');
    await new Agent(app).login('ldap-personel', 'yanlis-parola-3');
    expect((await new Agent(app).login('ldap-personel', 'Dizin-Parolasi-2026')).statusCode).toBe(401);
    await db.prisma.user.update({ where: { name: 'ldap-personel' }, data: { lockedUntil: null, failedLogins: 0 } });
  });

  it('TOTP follows the directory password: an LDAP user who enrolled signs in in two steps', async () => {
    const a = new Agent(app);
    await a.login('ldap-personel', 'Dizin-Parolasi-2026');
    const shown = await a.post('/hesap/totp/baslat', {});
    const secret = Secret.fromBase32(/<code data-secret>([A-Z2-7 ]+)<\/code>/.exec(shown.body)![1]!.replace(/ /g, ''));
    expect((await a.post('/hesap/totp/onayla', { code: TOTP.generate({ secret }) })).statusCode).toBe(303);
    const b = new Agent(app);
    const first = await b.login('ldap-personel', 'Dizin-Parolasi-2026');
    expect(first.headers.location).toBe('/login/totp');
    expect((await b.get('/tickets')).statusCode).toBe(302);
    expect((await b.post('/login/totp', { code: TOTP.generate({ secret, timestamp: Date.now() + 30_000 }) })).statusCode).toBe(303);
    expect((await b.get('/tickets')).statusCode).toBe(200);
  });

  it('the directory down: sign-in fails with the usual message, the console keeps running', async () => {
    await slapd.stop();
    const res = await new Agent(app).login('ldap-personel', 'Dizin-Parolasi-2026');
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatch(/Kullanıcı adı ya da parola hatalı/);
    expect((await new Agent(app).get('/healthz')).statusCode).toBe(200);
  });
});
