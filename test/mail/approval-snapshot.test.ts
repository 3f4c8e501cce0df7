import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMailRequest } from '../../src/mail/approval.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { importGroupCsv } from '../../src/mail/groups.js';
import { previewAnnouncement } from '../../src/mail/preview.js';
import { createMailRequest, editMailRequest } from '../../src/mail/requests.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { addUser } from '../../src/users/users.js';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig, silentLogger } from './helpers.js';

describe(`what was approved is what is sent (${dbLabel()})`, () => {
  let db: TestDb;
  let sink: SmtpSink;
  let config: Config;
  beforeAll(async () => {
    db = await createTestDb();
    sink = new SmtpSink();
    config = mailConfig(await sink.listen());
    await importGroupCsv(db.prisma, { group: 'idari', kind: 'administrative', csv: 'email\nbir@universite.edu.tr\niki@universite.edu.tr\n' });
    await addUser(db.prisma, config, { name: 'onayci', role: 'approver', unit: 'idari-isler' });
  });
  afterAll(async () => {
    await sink.close();
    await db.drop();
  });
  const base = {
    unit: 'idari-isler',
    subject: 'Bakım çalışması',
    body: 'Cumartesi **09.00–12.00** arası elektrik kesintisi.',
    groups: ['idari'],
    replyTo: 'idari@universite.edu.tr',
  };
  const run = async (c: Config = config): Promise<void> => {
    const d = new MailDispatcher({ prisma: db.prisma, config: c, logger: silentLogger() });
    await d.runOnce();
    await d.close();
  };

  it('approval records the hash of the preview; a stale preview hash is refused; an edit needs a new approval', async () => {
    const { id } = await createMailRequest(db.prisma, config, base);
    const seen = (await previewAnnouncement(db.prisma, config, id))!;
    await editMailRequest(db.prisma, config, id, { body: 'Cumartesi **10.00–13.00** arası elektrik kesintisi.' });
    await expect(approveMailRequest(db.prisma, config, id, { by: 'onayci', hash: seen.hash.slice(0, 12) })).rejects.toThrow(/artık güncel değil/);
    const now = (await previewAnnouncement(db.prisma, config, id))!;
    expect(now.hash).not.toBe(seen.hash);
    await approveMailRequest(db.prisma, config, id, { by: 'onayci', hash: now.hash });
    const approval = await db.prisma.mailApproval.findFirstOrThrow({ where: { requestId: id, decision: 'approved' } });
    expect(approval.contentHash).toBe(now.hash);
    // Edited after approval: back to requested, nothing goes out.
    await editMailRequest(db.prisma, config, id, { subject: 'Bakım çalışması (güncel)' });
    await run();
    expect(await db.prisma.outboxMessage.count({ where: { mailRequestId: id } })).toBe(0);
    expect((await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } })).status).toBe('requested');
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    await run();
    const rows = await db.prisma.outboxMessage.findMany({ where: { mailRequestId: id } });
    const final = (await previewAnnouncement(db.prisma, config, id))!;
    expect(rows).toHaveLength(2);
    for (const r of rows) expect([r.subject, r.body, r.html]).toEqual([final.subject, final.text, final.html]);
  });

  it('a change of the rendered mail between approval and sending (template configuration) sends nothing and asks again', async () => {
    const { id } = await createMailRequest(db.prisma, config, { ...base, subject: 'Şablon değişirse' });
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    const renamed = { ...config, university: { ...config.university, name: 'Başka Üniversite' } } as Config;
    await run(renamed);
    expect(await db.prisma.outboxMessage.count({ where: { mailRequestId: id } })).toBe(0);
    const req = await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } });
    expect(req.status).toBe('requested');
    expect(await db.prisma.auditLog.count({ where: { entityId: id, action: 'mail.approval_stale' } })).toBe(1);
  });

  it('recipients are frozen at approval: an address imported after it does not receive the mail', async () => {
    const { id } = await createMailRequest(db.prisma, config, { ...base, subject: 'Dondurulmuş alıcılar' });
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    // The late address must be stored strictly after the approval (timestamps have millisecond resolution).
    await new Promise((r) => setTimeout(r, 50));
    await importGroupCsv(db.prisma, { group: 'idari', csv: 'email\nsonradan@universite.edu.tr\n' });
    await run();
    const to = (await db.prisma.outboxMessage.findMany({ where: { mailRequestId: id } })).map((r) => r.toAddress).sort();
    expect(to).toEqual(['bir@universite.edu.tr', 'iki@universite.edu.tr']);
    expect(sink.byRecipient.get('sonradan@universite.edu.tr')).toBeUndefined();
  });
});
