/**
 * Who may file a mail request and import recipient groups is decided in the service layer: the CLI's
 * `--by` gets the same answer as the console (a representative only for their own unit; roles without
 * the right refused).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDenied } from '../../src/access/authz.js';
import type { Config } from '../../src/config/index.js';
import { importGroupCsv } from '../../src/mail/groups.js';
import { createMailRequest, editMailRequest } from '../../src/mail/requests.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedUsers } from '../helpers/seed.js';
import { mailConfig } from './helpers.js';
import { runBekci } from '../helpers/cli.js';

describe(`mail request and group import scope (${dbLabel()})`, () => {
  let db: TestDb;
  let config: Config;
  const dir = mkdtempSync(join(tmpdir(), 'bekci-scope-'));
  const request = (by: string, unit: string) => ({ unit, subject: 'Duyuru', body: 'Metin', groups: ['liste'], replyTo: 'birim@universite.edu.tr', by });
  const run = (...argv: string[]) => runBekci(db, config, argv);

  beforeAll(async () => {
    db = await createTestDb();
    config = mailConfig(2525);
    await seedUsers(db.prisma, [
      { name: 'muh-temsilci', role: 'representative', unitId: 'muhendislik-fakultesi' },
      { name: 'sks-personel', role: 'staff', unitId: 'sks' },
      { name: 'sks-onayci', role: 'approver', unitId: 'sks' },
      { name: 'iletisimci', role: 'comms', unitId: 'kurumsal-iletisim' },
    ]);
    await importGroupCsv(db.prisma, { csv: 'email\nbir@example.org\n', group: 'liste' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('createMailRequest: a representative files for their own unit only; staff and approvers not at all', async () => {
    const own = await createMailRequest(db.prisma, config, request('muh-temsilci', 'muhendislik-fakultesi'));
    expect(own.status).toBe('requested');
    await expect(createMailRequest(db.prisma, config, request('muh-temsilci', 'sks'))).rejects.toThrow(AccessDenied);
    await expect(createMailRequest(db.prisma, config, request('muh-temsilci', 'sks'))).rejects.toThrow(/yalnızca kendi birimi/);
    await expect(createMailRequest(db.prisma, config, request('sks-personel', 'sks'))).rejects.toThrow(AccessDenied);
    await expect(createMailRequest(db.prisma, config, request('sks-onayci', 'sks'))).rejects.toThrow(/duyuru postası talebi/);
    expect((await createMailRequest(db.prisma, config, request('iletisimci', 'sks'))).status).toBe('requested');
    // Editing follows the same rule.
    await expect(editMailRequest(db.prisma, config, own.id, { subject: 'Değişti', by: 'iletisimci' })).resolves.toMatchObject({ revision: 2 });
    const sksReq = await db.prisma.mailRequest.findFirstOrThrow({ where: { unitId: 'sks' } });
    await expect(editMailRequest(db.prisma, config, sksReq.id, { subject: 'Başkasının', by: 'muh-temsilci' })).rejects.toThrow(AccessDenied);
    expect(await db.prisma.mailRequest.count({ where: { requestedBy: { in: ['sks-personel', 'sks-onayci'] } } })).toBe(0);
    expect(await db.prisma.mailRequest.count({ where: { requestedBy: 'muh-temsilci', unitId: 'sks' } })).toBe(0);
  });

  it("the CLI's --by gets the same check", async () => {
    const body = join(dir, 'metin.md');
    writeFileSync(body, 'Duyuru metni');
    const args = (by: string, unit: string) => [
      'mail',
      'request',
      '--unit',
      unit,
      '--subject',
      'CLI',
      '--body-file',
      body,
      '--group',
      'liste',
      '--reply-to',
      'a@universite.edu.tr',
      '--by',
      by,
    ];
    const other = await run(...args('muh-temsilci', 'sks'));
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/Yetki yok: .*yalnızca kendi birimi/);
    const own = await run(...args('muh-temsilci', 'muhendislik-fakultesi'));
    expect(own.code).toBe(0);
    expect(own.out).toMatch(/^[a-z0-9]+$/m);
  });

  it('group import: --by must be able to manage recipient groups (service layer)', async () => {
    await expect(importGroupCsv(db.prisma, { csv: 'email\nx@example.org\n', group: 'rep-liste', by: 'muh-temsilci' })).rejects.toThrow(AccessDenied);
    const csv = join(dir, 'l.csv');
    writeFileSync(csv, 'email\niki@example.org\n');
    const denied = await run('mail', 'groups', 'import', csv, '--group', 'rep-liste', '--by', 'muh-temsilci');
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/Yetki yok/);
    expect(await db.prisma.recipientGroup.count({ where: { name: 'rep-liste' } })).toBe(0);
    const ok = await run('mail', 'groups', 'import', csv, '--group', 'rep-liste', '--by', 'iletisimci');
    expect(ok.code).toBe(0);
    expect(
      (await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'mail.group.import', entityType: 'recipient_group' }, orderBy: { at: 'desc' } })).actor,
    ).toBe('iletisimci');
  });
});
