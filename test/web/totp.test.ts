/**
 * TOTP second factor over HTTP (Fastify inject) with a controlled clock: enrolment, two-step sign-in,
 * wrong code, replay, clock skew, lockout, per-role requirement with forced enrolment, admin reset.
 */
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { beginTotpEnrolment, confirmTotpEnrolment, rotateTotpSecrets, verifyTotp } from '../../src/auth/totp.js';
import { createLogger } from '../../src/logging/logger.js';
import { generateKey, Vault } from '../../src/secrets/index.js';
import { buildWebApp } from '../../src/web/app.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { Agent, seedRoleUsers, webConfig } from './helpers.js';
import { runBekci } from '../helpers/cli.js';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

describe(`console TOTP (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let config: Config;
  let clock = T0;
  let secret = '';
  const code = (at = clock) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
  const tick = (steps = 1) => (clock += steps * 30_000);

  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    config = webConfig(db, { maxFailedLogins: 4, lockMinutes: 10 });
    app = await buildWebApp({ db, config, logger: createLogger({ level: 'silent', format: 'json' }), now: () => new Date(clock) });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('enrols: the secret is shown once with a QR SVG, stored sealed, and activated only by a right code', async () => {
    const a = new Agent(app);
    expect((await a.login('sks-personel')).headers.location).toBe('/tickets');
    const start = await a.get('/hesap/totp');
    expect(start.statusCode).toBe(200);
    expect(start.body).not.toMatch(/data-secret/);
    const shown = await a.post('/hesap/totp/baslat', {});
    expect(shown.statusCode).toBe(200);
    secret = /<code data-secret>([A-Z2-7 ]+)<\/code>/.exec(shown.body)![1]!.replace(/ /g, '');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(shown.body).toMatch(/<svg[^>]*>/);
    expect(shown.body).not.toMatch(/<script(?! src="\/static\/)/);
    expect(shown.body).toContain(`otpauth://totp/`);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } });
    expect(row.totpPending).toMatch(/^v1:/);
    expect(row.totpPending).not.toContain(secret);
    expect(row.totpEnabledAt).toBeNull();

    const wrong = await a.post('/hesap/totp/onayla', { code: code(clock - 10 * 30_000) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/Doğrulama kodu hatalı/);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } })).totpEnabledAt).toBeNull();
    // Without the CSRF token the confirmation is refused.
    expect((await a.post('/hesap/totp/onayla', { code: code() }, null)).statusCode).toBe(403);
    const ok = await a.post('/hesap/totp/onayla', { code: code() });
    expect(ok.statusCode).toBe(303);
    const on = await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } });
    expect(on.totpEnabledAt).not.toBeNull();
    expect(on.totpSecret).toMatch(/^v1:/);
    expect(on.totpSecret).not.toContain(secret);
    expect(on.totpPending).toBeNull();
    expect((await a.get('/hesap')).body).toMatch(/etkin/);
    // Enrolled: the enrolment page no longer shows (or makes) a secret.
    expect((await a.get('/hesap/totp')).statusCode).toBe(302);
    expect(await db.prisma.auditLog.count({ where: { action: 'user.totp.enable', actor: 'sks-personel' } })).toBe(1);
  });

  it('signs in in two steps; the pending step grants nothing; wrong codes and replays are refused', async () => {
    tick();
    const a = new Agent(app);
    const first = await a.login('sks-personel');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/login/totp');
    expect((await a.get('/tickets')).headers.location).toBe('/login');
    expect((await a.get('/hesap')).headers.location).toBe('/login');
    const form = await a.get('/login/totp');
    expect(form.body).toMatch(/name="_csrf"/);
    expect(form.body).toMatch(/name="code"/);
    expect((await a.post('/login/totp', { code: code() }, null)).statusCode).toBe(403);
    const bad = await a.post('/login/totp', { code: '000000' === code() ? '111111' : '000000' });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toMatch(/Doğrulama kodu hatalı/);
    const used = code();
    const good = await a.post('/login/totp', { code: used });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/tickets');
    expect((await a.get('/tickets')).statusCode).toBe(200);
    expect(await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } })).toMatchObject({ failedLogins: 0 });

    // The same code again, in the same 30 seconds, from another browser: refused.
    const b = new Agent(app);
    await b.login('sks-personel');
    const replay = await b.post('/login/totp', { code: used });
    expect(replay.statusCode).toBe(401);
    expect((await b.get('/tickets')).statusCode).toBe(302);
    // One step of clock skew is accepted: the phone is 30 s behind, after the server moved on.
    tick(2);
    expect((await b.post('/login/totp', { code: code(clock - 30_000) })).statusCode).toBe(303);
    // Two steps behind is too old.
    tick(3);
    const c = new Agent(app);
    await c.login('sks-personel');
    expect((await c.post('/login/totp', { code: code(clock - 2 * 30_000) })).statusCode).toBe(401);
  });

  it('locks the account after repeated wrong codes, like wrong passwords (a right password does not reset the count)', async () => {
    tick();
    await db.prisma.user.update({ where: { name: 'sks-personel' }, data: { failedLogins: 0 } });
    const a = new Agent(app);
    await a.login('sks-personel');
    expect((await a.post('/login/totp', { code: '12345' })).statusCode).toBe(401);
    expect((await a.post('/login/totp', { code: 'abcdef' })).statusCode).toBe(401);
    // Signing in with the password again keeps the two failures.
    await a.login('sks-personel');
    expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } })).failedLogins).toBe(2);
    expect((await a.post('/login/totp', { code: code(clock - 5 * 30_000) })).statusCode).toBe(401);
    const locked = await a.post('/login/totp', { code: code(clock - 6 * 30_000) });
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toMatch(/geçici olarak kilitli/);
    expect(await db.prisma.auditLog.count({ where: { action: 'auth.lock', actor: 'sks-personel' } })).toBe(1);
    // The pending session is gone and the right password is refused while locked.
    expect((await a.get('/login/totp')).headers.location).toBe('/login');
    expect((await a.login('sks-personel')).statusCode).toBe(401);
    clock += 11 * 60_000;
    expect((await a.login('sks-personel')).headers.location).toBe('/login/totp');
    expect((await a.post('/login/totp', { code: code() })).statusCode).toBe(303);
  });

  it('an admin requires TOTP per role (audited); members not enrolled can only enrol', async () => {
    const comms = new Agent(app);
    await comms.login('iletisimci');
    expect((await comms.post('/kullanicilar/totp-zorunlu', { roles: 'approver' })).statusCode).toBe(403);
    expect((await comms.get('/kullanicilar')).statusCode).toBe(403);
    const admin = new Agent(app);
    await admin.login('yonetici');
    const page = await admin.get('/kullanicilar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/sks-personel[\s\S]*?<td>etkin<\/td>/);
    const approvers = await admin.get('/kullanicilar?rol=approver');
    expect([...approvers.body.matchAll(/<tr data-row>\s*<td>([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['sks-onayci']);
    const unknown = await admin.post('/kullanicilar/totp-zorunlu', { roles: ['approver', 'hacker'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/Bilinmeyen rol: hacker/);
    expect((await admin.post('/kullanicilar/totp-zorunlu', { roles: 'approver' }, null)).statusCode).toBe(403);
    expect(await db.prisma.meta.count({ where: { key: 'web.totpRequiredRoles' } })).toBe(0);
    expect((await admin.post('/kullanicilar/totp-zorunlu', { roles: ['approver', 'management'] })).statusCode).toBe(303);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'settings.totp_roles' } });
    expect(audit.actor).toBe('yonetici');
    expect((await admin.get('/kullanicilar')).body).toMatch(/value="approver" checked/);

    const appr = new Agent(app);
    expect((await appr.login('sks-onayci')).statusCode).toBe(303);
    const mail = await appr.get('/mail');
    expect(mail.statusCode).toBe(302);
    expect(mail.headers.location).toBe('/hesap/totp');
    expect((await appr.get('/hesap')).headers.location).toBe('/hesap/totp');
    const forced = await appr.get('/hesap/totp');
    expect(forced.statusCode).toBe(200);
    expect(forced.body).toMatch(/zorunlu/);
    expect(forced.body).not.toMatch(/href="\/mail"/);
    const token = /name="_csrf" value="([^"]+)"/.exec(forced.body)![1]!;
    const post = await appr.post('/mail/nope0000000/approve', { justification: 'x' }, token);
    expect(post.statusCode).toBe(403);
    // Enrolling frees them.
    const shown = await appr.post('/hesap/totp/baslat', {}, token);
    const s2 = /<code data-secret>([A-Z2-7 ]+)<\/code>/.exec(shown.body)![1]!.replace(/ /g, '');
    expect((await appr.post('/hesap/totp/onayla', { code: TOTP.generate({ secret: Secret.fromBase32(s2), timestamp: clock }) }, token)).statusCode).toBe(303);
    expect((await appr.get('/mail')).statusCode).toBe(200);
    // A required role cannot turn it off.
    tick();
    const off = await appr.post('/hesap/totp/kapat', { code: TOTP.generate({ secret: Secret.fromBase32(s2), timestamp: clock }) });
    expect(off.statusCode).toBe(400);
    expect(off.body).toMatch(/zorunlu/);
  });

  it('an admin resets a lost TOTP from the CLI (service-layer checked) and the console', async () => {
    const run = (...argv: string[]) => runBekci(db, config, argv);
    const denied = await run('users', 'totp-reset', 'sks-personel', '--by', 'iletisimci');
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/Yetki yok/);
    // The required roles from the command line too (same service function, same check).
    expect((await run('users', 'totp-roles', '--by', 'yonetici')).out.trim()).toBe('approver,management');
    expect((await run('users', 'totp-roles', 'comms', '--by', 'iletisimci')).err).toMatch(/Yetki yok/);
    expect((await run('users', 'totp-roles', 'approver,comms', '--by', 'yonetici')).out.trim()).toBe('comms,approver');
    expect((await run('users', 'totp-roles', '-', '--by', 'yonetici')).out.trim()).toBe('yok');
    expect((await run('users', 'totp-roles', 'approver,management', '--by', 'yonetici')).code).toBe(0);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } })).totpSecret).not.toBeNull();
    const ok = await run('users', 'totp-reset', 'sks-personel', '--by', 'yonetici');
    expect(ok.code).toBe(0);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-personel' } });
    expect(row.totpSecret).toBeNull();
    expect(row.totpEnabledAt).toBeNull();
    expect(await db.prisma.webSession.count({ where: { userId: row.id } })).toBe(0);
    // Staff do not require TOTP: the password alone signs in again.
    expect((await new Agent(app).login('sks-personel')).headers.location).toBe('/tickets');
    // The console's reset button does the same for the approver.
    const admin = new Agent(app);
    await admin.login('yonetici');
    expect((await admin.post('/kullanicilar/totp-sifirla', { name: 'sks-onayci' })).statusCode).toBe(303);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'sks-onayci' } })).totpEnabledAt).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { action: 'user.totp.reset' } })).toBe(2);
  });
  it('`secrets rotate` re-seals TOTP secrets with the new master key; codes keep working', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { name: 'muh-temsilci' } });
    const begun = await beginTotpEnrolment(db.prisma, config, user.id);
    tick();
    expect(
      await confirmTotpEnrolment(db.prisma, config, user.id, TOTP.generate({ secret: Secret.fromBase32(begun.secret), timestamp: clock }), new Date(clock)),
    ).toBe(true);
    const before = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret!;
    const rotated = { ...config, secrets: { ...config.secrets, secretKey: generateKey(), secretKeyOld: config.secrets.secretKey } } as Config;
    expect(await rotateTotpSecrets(db.prisma, Vault.fromConfig(rotated))).toBe(1);
    const after = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret!;
    expect(after.split(':')[1]).not.toBe(before.split(':')[1]);
    expect(await rotateTotpSecrets(db.prisma, Vault.fromConfig(rotated))).toBe(0);
    tick();
    const onlyNew = { ...rotated, secrets: { secretKey: rotated.secrets.secretKey } } as Config;
    expect(await verifyTotp(db.prisma, onlyNew, user.id, TOTP.generate({ secret: Secret.fromBase32(begun.secret), timestamp: clock }), new Date(clock))).toBe(
      'ok',
    );
  });
  it('without BEKCI_SECRET_KEY enrolment is refused as an installation problem, nothing stored', async () => {
    const keyless = await buildWebApp({ db, config: { ...config, secrets: {} } as Config, logger: createLogger({ level: 'silent', format: 'json' }) });
    try {
      const a = new Agent(keyless);
      await a.login('ki-personel');
      const res = await a.post('/hesap/totp/baslat', {});
      expect(res.statusCode).toBe(503);
      expect(res.body).toMatch(/Kurulum eksik[\s\S]*BEKCI_SECRET_KEY/);
      expect((await db.prisma.user.findUniqueOrThrow({ where: { name: 'ki-personel' } })).totpPending).toBeNull();
      const admin = new Agent(keyless);
      await admin.login('yonetici');
      const refused = await admin.post('/kullanicilar/totp-zorunlu', { roles: 'staff' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatch(/önce BEKCI_SECRET_KEY tanımlanmalı/);
    } finally {
      await keyless.close();
    }
  });
});
