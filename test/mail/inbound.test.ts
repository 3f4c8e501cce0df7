import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMailRequest } from '../../src/mail/approval.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { importGroupCsv } from '../../src/mail/groups.js';
import { imapOptions, listNeedsPerson, runInboxPass } from '../../src/mail/inbound/inbox.js';
import { createMailRequest } from '../../src/mail/requests.js';
import { mailNewTicket } from '../../src/tickets/notify.js';
import { ensureUnit } from '../../src/users/units.js';
import { addUser } from '../../src/users/users.js';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { Dovecot } from '../helpers/dovecot.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { mailConfig, silentLogger } from './helpers.js';

const INBOX = 'bekci@universite.edu.tr';

async function compose(opts: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(opts).compile().build();
}

describe(`answering tickets and bounces through a real IMAP mailbox (${dbLabel()})`, () => {
  let db: TestDb;
  let smtp: RawSmtp;
  let dovecot: Dovecot;
  let config: Config;
  let imap: ImapFlow;

  beforeAll(async () => {
    db = await createTestDb();
    smtp = new RawSmtp();
    dovecot = new Dovecot({ [INBOX]: 'gizli-parola' });
    await dovecot.start();
    const base = mailConfig(await smtp.listen(), {
      inbox: { address: INBOX, mailbox: 'INBOX', needsPersonMailbox: 'bekci-insan', intervalSec: 60 },
      consoleUrl: 'https://bekci.universite.edu.tr',
    });
    config = { ...base, secrets: { ...base.secrets, imapUrl: dovecot.url(INBOX) } } as Config;
    await ensureUnit(db.prisma, config, 'bilgi-islem');
    await db.prisma.unit.update({ where: { id: 'bilgi-islem' }, data: { email: 'bidb@universite.edu.tr' } });
    await addUser(db.prisma, config, { name: 'ali', role: 'staff', unit: 'bilgi-islem', email: 'ali@universite.edu.tr' });
    await addUser(db.prisma, config, { name: 'baska', role: 'staff', unit: 'kutuphane', email: 'baska@universite.edu.tr' });
    imap = new ImapFlow(imapOptions(dovecot.url(INBOX)));
    await imap.connect();
  }, 60_000);
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await dovecot?.stop();
    await smtp?.close();
    await db?.drop();
  });

  const dispatch = async (): Promise<void> => {
    const d = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger() });
    await d.runOnce();
    await d.close();
  };
  /** Opens ticket `number` for Bilgi İşlem and sends its notification; returns the mail and its reply address. */
  const mailedTicket = async (number: number, kind: string, topic: string, summary: string, confidence: number) => {
    const ticket = await db.prisma.ticket.create({ data: { number, unitId: 'bilgi-islem', kind, topic, summary, confidence } });
    await mailNewTicket(
      db.prisma,
      { id: ticket.id, number, kind, status: 'open', summary, dueAt: null, unitName: 'Bilgi İşlem' },
      'bidb@universite.edu.tr',
      config,
    );
    await dispatch();
    const note = (await smtp.parsedFor('bidb@universite.edu.tr')).find((m) => m.subject?.includes(`#${number}`))!;
    return { ticket, note, replyTo: note.replyTo!.value[0]!.address! };
  };
  const pass = () => runInboxPass({ prisma: db.prisma, config, logger: silentLogger() });
  const count = async (box: string): Promise<number> => {
    const st = await imap.status(box, { messages: true });
    return st ? (st.messages ?? 0) : 0;
  };

  it('a directorate member replies to the ticket mail: the answer lands once, quote and signature stripped', async () => {
    const { ticket, note, replyTo } = await mailedTicket(41, 'complaint', 'wifi', 'Kütüphanede kablosuz ağ yine çalışmıyor', 0.9);
    expect(replyTo).toMatch(/^bekci\+t41-[0-9a-f]{12}@universite\.edu\.tr$/);
    expect(note.html).toContain('href="https://bekci.universite.edu.tr/tickets/41"');
    expect(note.text).toContain('Kaydı konsolda aç: https://bekci.universite.edu.tr/tickets/41');
    const reply = await compose({
      from: 'Ali Yılmaz <ali@universite.edu.tr>',
      to: replyTo,
      subject: `Re: ${note.subject}`,
      inReplyTo: note.messageId!,
      references: [note.messageId!],
      messageId: '<yanit-1@universite.edu.tr>',
      text: 'Merhaba,\nerişim noktası değiştirildi, sorun giderildi.\n\n-- \nAli Yılmaz\nBilgi İşlem Daire Başkanlığı\n\n30 Kas 2026 Pzt 10:00 tarihinde bekci <iletisim@universite.edu.tr> şunu yazdı:\n> Sosyal medya hesaplarımızdan gelen bir şikâyet\n> Kütüphanede kablosuz ağ yine çalışmıyor\n',
    });
    await imap.append('INBOX', reply);
    expect(await pass()).toMatchObject({ seen: 1, processed: 1, needsPerson: 0 });
    const after = await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after).toMatchObject({
      status: 'answered',
      answer: 'Merhaba,\nerişim noktası değiştirildi, sorun giderildi.',
      replyStatus: 'pending_approval',
      assignee: 'ali',
    });
    // Once: a second pass sees nothing new; a copy of the message (same Message-ID, new UID) only is recorded.
    expect(await pass()).toMatchObject({ seen: 0 });
    await imap.append('INBOX', reply);
    expect(await pass()).toMatchObject({ seen: 1, processed: 0, duplicates: 1 });
    expect(await db.prisma.ticketEvent.count({ where: { ticketId: ticket.id, type: 'answered' } })).toBe(1);
    expect(await db.prisma.inboundMail.count({ where: { ticketId: ticket.id, status: 'processed' } })).toBe(1);
  });

  it('a reply from a stranger, another unit or with a forged address is left for a person, never lost', async () => {
    const { ticket: t, note, replyTo } = await mailedTicket(42, 'request', 'eposta', 'E-posta kotası artırılabilir mi?', 0.8);
    const before = await count('INBOX');
    await imap.append(
      'INBOX',
      await compose({ from: 'yabanci@example.org', to: replyTo, subject: 'Re: kayıt', inReplyTo: note.messageId!, text: 'Ben de yanıt vereyim.' }),
    );
    await imap.append('INBOX', await compose({ from: 'baska@universite.edu.tr', to: replyTo, subject: 'Re: kayıt', text: 'Başka birimden yanıt.' }));
    await imap.append(
      'INBOX',
      await compose({ from: 'ali@universite.edu.tr', to: 'bekci+t42-000000000000@universite.edu.tr', subject: 'Re: kayıt', text: 'Sahte adres.' }),
    );
    expect(await pass()).toMatchObject({ seen: 3, processed: 0, needsPerson: 3 });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('open');
    expect(await count('INBOX')).toBe(before); // moved out of the inbox…
    expect(await count('bekci-insan')).toBe(3); // …into the box for a person
    const left = await listNeedsPerson(db.prisma);
    expect(left.map((l) => l.reason).sort()).toEqual([
      'bekci iletisine yanıt değil',
      'gönderen bu kaydın birimi adına yanıt veremez',
      'gönderen bu kaydın birimi adına yanıt veremez',
    ]);
    expect(left.every((l) => !l.sender?.includes('yabanci@') && !l.sender?.includes('baska@'))).toBe(true); // stored redacted
  });

  it('a bounce marks the delivery failed with the reason and stops later sends; other replies to an announcement go to the unit', async () => {
    await importGroupCsv(db.prisma, { group: 'duyuru-listesi', csv: 'email\nyok@universite.edu.tr\nvar@universite.edu.tr\n' });
    await addUser(db.prisma, config, { name: 'onayci', role: 'approver', unit: 'bilgi-islem' });
    const req = await createMailRequest(db.prisma, config, {
      unit: 'bilgi-islem',
      subject: 'Bakım duyurusu',
      body: 'Sistemler **Cumartesi** kapalı.',
      groups: ['duyuru-listesi'],
      replyTo: 'bidb@universite.edu.tr',
    });
    await approveMailRequest(db.prisma, config, req.id, { by: 'onayci' });
    await dispatch();
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { mailRequestId: req.id, toAddress: 'yok@universite.edu.tr' } });
    expect(row.status).toBe('sent');
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@universite.edu.tr>',
      `To: ${INBOX}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@universite.edu.tr>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="SINIR"',
      '',
      '--SINIR',
      'Content-Type: text/plain; charset=utf-8',
      '',
      "I'm sorry to have to inform you that your message could not be delivered.",
      '',
      '--SINIR',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.universite.edu.tr',
      '',
      'Final-Recipient: rfc822; yok@universite.edu.tr',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <yok@universite.edu.tr>: Recipient address rejected: User unknown',
      '',
      '--SINIR',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${row.messageId}`,
      'Subject: Bakım duyurusu',
      '',
      '--SINIR--',
      '',
    ].join('\r\n');
    await imap.append('INBOX', dsn);
    const other = (await db.prisma.outboxMessage.findFirstOrThrow({ where: { mailRequestId: req.id, toAddress: 'var@universite.edu.tr' } })).messageId!;
    await imap.append(
      'INBOX',
      await compose({
        from: 'var@universite.edu.tr',
        to: INBOX,
        subject: 'Re: Bakım duyurusu',
        inReplyTo: other,
        messageId: '<soru-1@universite.edu.tr>',
        text: 'Pazar günü de kapalı mı?',
      }),
    );
    expect(await pass()).toMatchObject({ seen: 2, processed: 1, forwarded: 1, needsPerson: 0 });
    const bounced = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id }, include: { deliveries: true } });
    expect(bounced.status).toBe('failed');
    expect(bounced.lastError).toMatch(/5\.1\.1.*User unknown/);
    expect(bounced.deliveries.map((d) => d.outcome)).toContain('bounced');
    expect(await db.prisma.mailSuppression.findMany({ select: { email: true, scope: true, reason: true } })).toEqual([
      { email: 'yok@universite.edu.tr', scope: '*', reason: 'hard_bounce' },
    ]);
    // The reply is forwarded to the requesting unit.
    const fwd = await db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'announcement_reply' } });
    expect(fwd).toMatchObject({ toAddress: 'bidb@universite.edu.tr', replyTo: 'var@universite.edu.tr' });
    expect(fwd.body).toContain('Pazar günü de kapalı mı?');
    // The next announcement to that list skips the bounced address; ticket mail to it is not sent either.
    const next = await createMailRequest(db.prisma, config, {
      unit: 'bilgi-islem',
      subject: 'İkinci bakım',
      body: 'Pazar da kapalı.',
      groups: ['duyuru-listesi'],
      replyTo: 'bidb@universite.edu.tr',
    });
    await approveMailRequest(db.prisma, config, next.id, { by: 'onayci' });
    await dispatch();
    expect((await db.prisma.outboxMessage.findMany({ where: { mailRequestId: next.id } })).map((r) => r.toAddress)).toEqual(['var@universite.edu.tr']);
  });
});
