import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { addUser, mayApprove } from '../../src/users/users.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makePdf, PNG_1x1 } from '../helpers/documents.js';
import { mailConfig, silentLogger } from '../mail/helpers.js';
import { runBekci } from '../helpers/cli.js';

/** Runs `bekci …` in-process against the test database; returns exit code, stdout, stderr. */
function cli(db: TestDb, config: Config) {
  return (...argv: string[]) => runBekci(db, config, argv);
}

describe(`users and the mail CLI (${dbLabel()})`, () => {
  let db: TestDb;
  let sink: SmtpSink;
  let config: Config;
  let run: ReturnType<typeof cli>;
  const dir = mkdtempSync(join(tmpdir(), 'bekci-cli-'));
  beforeAll(async () => {
    db = await createTestDb();
    sink = new SmtpSink();
    config = mailConfig(await sink.listen(), {}, { units: [{ id: 'iletisim-fakultesi', name: 'İletişim Fakültesi', kind: 'academic' }] });
    run = cli(db, config);
  });
  afterAll(async () => {
    await sink.close();
    await db.drop();
  });

  it('adds users with roles; unit roles need a known unit (created from configuration)', async () => {
    expect((await run('users', 'add', 'ayse', '--role', 'approver', '--unit', 'iletisim-fakultesi', '--email', 'ayse@universite.edu.tr')).code).toBe(0);
    expect(await db.prisma.unit.findUnique({ where: { id: 'iletisim-fakultesi' } })).toMatchObject({ kind: 'academic', name: 'İletişim Fakültesi' });
    expect((await run('users', 'add', 'ali', '--role', 'approver', '--unit', 'sks')).code).toBe(0); // a directorate id
    const noUnit = await run('users', 'add', 'veli', '--role', 'staff');
    expect(noUnit.code).toBe(1);
    expect(noUnit.err).toMatch(/--unit gerekli/);
    expect((await run('users', 'add', 'x1', '--role', 'approver', '--unit', 'uydurma')).err).toMatch(/Bilinmeyen birim/);
    // An unknown role is a usage error (exit 2) listing the roles; the service layer refuses it too (below).
    const badRole = await run('users', 'add', 'x2', '--role', 'patron');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toMatch(/izin verilenler: admin, /);
    await expect(addUser(db.prisma, config, { name: 'x2', role: 'patron' })).rejects.toThrow(/Bilinmeyen rol/);
    expect((await run('users', 'add', 'ayse', '--role', 'admin')).err).toMatch(/zaten var/);
    expect((await run('users', 'add', 'mudur', '--role', 'admin')).code).toBe(0);
    const list = await run('users', 'list', '--json');
    expect(
      JSON.parse(list.out)
        .map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['ali', 'ayse', 'mudur']);
    expect(mayApprove({ role: 'admin', unitId: null }, { id: 'sks', kind: 'directorate' })).toBe(true);
    await expect(addUser(db.prisma, config, { name: 'y', role: 'comms' })).rejects.toThrow(/kullanıcı adı/);
  });

  it('mail request → approve → send --once → status, through the command line', async () => {
    const csv = join(dir, 'liste.csv');
    writeFileSync(csv, 'email,name\nbir@example.org,Bir\niki@example.org,İki\nbozuk-adres,X\n');
    const imp = await run('mail', 'groups', 'import', csv, '--group', 'mezunlar', '--kind', 'list');
    expect(imp.code).toBe(1);
    expect(imp.out).toMatch(/2 alıcı eklendi/);
    expect(imp.err).toMatch(/satır 4: geçersiz adres/);
    expect((await run('mail', 'groups', 'list')).out).toMatch(/mezunlar\tlist\t2 alıcı/);
    const doc = join(dir, 'Tören Programı.pdf');
    writeFileSync(doc, makePdf('Mezuniyet toreni programi'));
    const poster = join(dir, 'afiş.png');
    writeFileSync(poster, PNG_1x1);
    const fake = join(dir, 'sahte.pdf');
    writeFileSync(fake, 'düz metin, PDF değil');
    const body = join(dir, 'metin.md');
    writeFileSync(body, 'Sevgili mezunlarımız,\n\nMezuniyet töreni **Cuma** günü. [Program](https://universite.edu.tr/toren)');
    const args = [
      'mail',
      'request',
      '--unit',
      'iletisim-fakultesi',
      '--subject',
      'Mezuniyet töreni daveti',
      '--body-file',
      body,
      '--group',
      'mezunlar',
      '--reply-to',
      'iletisim@universite.edu.tr',
      '--purpose',
      'davet',
      '--json',
    ];
    const bad = await run(...args, '--attach', fake);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Ek türü kabul edilmiyor: sahte\.pdf/);
    const req = await run(...args, '--attach', doc, '--attach', poster);
    expect(req.code).toBe(0);
    const { id, status, pii } = JSON.parse(req.out);
    expect(status).toBe('requested');
    expect(pii).toEqual([]);
    const show = JSON.parse((await run('mail', 'show', id, '--json')).out);
    expect(Object.keys(show)).toEqual(['subject', 'from', 'replyTo', 'text', 'html', 'attachments', 'state']);
    expect(show).toMatchObject({ subject: 'Mezuniyet töreni daveti', replyTo: 'iletisim@universite.edu.tr', state: 'requested' });
    expect(show.attachments).toEqual([
      { filename: 'Tören Programı.pdf', contentType: 'application/pdf', size: makePdf('Mezuniyet toreni programi').length },
      { filename: 'afiş.png', contentType: 'image/png', size: PNG_1x1.length },
    ]);
    expect(show.text).toContain('Mezuniyet töreni Cuma günü. Program (https://universite.edu.tr/toren)');
    expect(show.html).toContain('<strong>Cuma</strong>');
    const htmlFile = join(dir, 'onizleme.html');
    const shown = await run('mail', 'show', id, '--html', htmlFile);
    expect(shown.out).toMatch(/^Subject: Mezuniyet töreni daveti$/m);
    expect(shown.out).toMatch(/Tören Programı\.pdf \(application\/pdf/);
    expect(readFileSync(htmlFile, 'utf8')).toBe(show.html);
    const hash = /--hash ([0-9a-f]{12})/.exec(shown.out)![1]!;
    const listed = JSON.parse((await run('mail', 'list', '--state', 'onay-bekliyor', '--unit', 'iletisim-fakultesi', '--json')).out);
    expect(listed.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(listed[0]).toMatchObject({ state: 'requested', attachments: 2 });
    expect((await run('mail', 'list', '--state', 'uydurma')).code).toBe(2);
    expect((await run('mail', 'approve', id, '--by', 'ali')).err).toMatch(/onaylayamaz/);
    expect((await run('mail', 'approve', id, '--by', 'ayse', '--hash', hash)).code).toBe(0);
    expect(JSON.parse((await run('mail', 'list', '--state', 'approved', '--json')).out)).toHaveLength(1);
    const sent = await run('mail', 'send', '--once');
    expect(sent.out).toMatch(/Gönderildi: 2/);
    expect(JSON.parse((await run('mail', 'status', id, '--json')).out)).toEqual({ id, status: 'sent', sent: 2, failed: 0, pending: 0 });
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { mailRequestId: id } });
    expect(row.body).toContain('Mezuniyet töreni Cuma günü.');
    expect((await run('mail', 'reject', id, '--by', 'ayse', '--reason', 'geç')).err).toMatch(/reddedilemez/);
    expect((await run('mail', 'status', 'yok', '--json')).code).toBe(1);
    // The dispatcher also exists as a long-running component.
    const d = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger(), idleMs: 10 });
    d.start();
    await d.close();
  });
});
