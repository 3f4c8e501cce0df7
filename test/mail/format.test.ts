import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMailRequest } from '../../src/mail/approval.js';
import { AttachmentError, checkDocument } from '../../src/mail/attachments.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { importGroupCsv } from '../../src/mail/groups.js';
import { previewAnnouncement } from '../../src/mail/preview.js';
import { createMailRequest } from '../../src/mail/requests.js';
import { unsubscribe } from '../../src/mail/suppression.js';
import { addUser } from '../../src/users/users.js';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeDocx, makePdf, PNG_1x1 } from '../helpers/documents.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { mailConfig, silentLogger } from './helpers.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe(`formatted announcements with attachments (${dbLabel()})`, () => {
  let db: TestDb;
  let smtp: RawSmtp;
  let config: Config;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const dkimKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  beforeAll(async () => {
    db = await createTestDb();
    smtp = new RawSmtp();
    const base = mailConfig(await smtp.listen(), { unsubscribeUrl: 'https://bekci.universite.edu.tr/abonelik', messageIdDomain: 'universite.edu.tr' });
    config = {
      ...base,
      university: { ...base.university, name: 'Örnek Üniversitesi', logoUrl: 'https://universite.edu.tr/logo.png' },
      secrets: { ...base.secrets, dkimKey },
    } as Config;
    await importGroupCsv(db.prisma, { group: 'ogrenciler', kind: 'students', csv: 'email\nali@ogr.universite.edu.tr\nşule@ogr.universite.edu.tr\n' });
    await importGroupCsv(db.prisma, { group: 'akademik-personel', kind: 'academic', csv: 'email\nhoca@universite.edu.tr\n' });
    await addUser(db.prisma, config, { name: 'onayci', role: 'approver', unit: 'sks' });
  });
  afterAll(async () => {
    await smtp.close();
    await db.drop();
  });

  const limits = (): Config['mail']['attachments'] => config.mail.attachments;
  const send = async (): Promise<void> => {
    const d = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger() });
    await d.runOnce();
    await d.close();
  };

  it('Markdown becomes HTML in the template with a text part; Turkish subject and file names, attachment bytes, DKIM, List-Unsubscribe', async () => {
    const pdf = await checkDocument('Bahar Şenliği Programı.pdf', makePdf('Bahar Senligi programi: 14 Mayis'), limits());
    const docx = await checkDocument('Başvuru Formu – Güz.docx', await makeDocx(['Başvuru formu', 'Ad Soyad: ____']), limits());
    const png = await checkDocument('afiş.png', PNG_1x1, limits());
    const { id, pii } = await createMailRequest(db.prisma, config, {
      unit: 'sks',
      subject: 'Bahar Şenliği başlıyor: çığlık, ödül, ÜÇ gün!',
      body: '**Bahar Şenliği** 14 Mayıs’ta başlıyor.\n\nAyrıntılar [etkinlik sayfası](https://universite.edu.tr/senlik) üzerinde.\n\n- konser\n- söyleşi\n\n<script>alert(1)</script>',
      groups: ['öğrenci'],
      replyTo: 'sks@universite.edu.tr',
      attachments: [pdf, docx, png],
    });
    expect(pii).toEqual([]);
    const preview = (await previewAnnouncement(db.prisma, config, id))!;
    expect(preview.attachments.map((a) => a.filename)).toEqual(['Bahar Şenliği Programı.pdf', 'Başvuru Formu – Güz.docx', 'afiş.png']);
    const { hash } = await approveMailRequest(db.prisma, config, id, { by: 'onayci', hash: preview.hash.slice(0, 12) });
    expect(hash).toBe(preview.hash);
    await send();

    const got = await smtp.parsedFor('şule@ogr.universite.edu.tr');
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.subject).toBe('Bahar Şenliği başlıyor: çığlık, ödül, ÜÇ gün!');
    expect(m.from?.value).toEqual([{ name: 'Kurumsal İletişim', address: 'iletisim@universite.edu.tr' }]);
    expect(m.replyTo?.text).toBe('sks@universite.edu.tr');
    expect(m.messageId).toMatch(/^<[^@]+@universite\.edu\.tr>$/);
    // HTML part: Markdown rendered, raw HTML escaped, template with name and logo, lang=tr.
    expect(m.html).toContain('<strong>Bahar Şenliği</strong>');
    expect(m.html).toMatch(/<a href="https:\/\/universite\.edu\.tr\/senlik"[^>]*>etkinlik sayfası<\/a>/);
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('<html lang="tr"');
    expect(m.html).toContain('src="https://universite.edu.tr/logo.png" alt="Örnek Üniversitesi"');
    expect(m.html).not.toMatch(/<style|<link/);
    // Text part: no Markdown marks, links written out.
    expect(m.text).toContain('Bahar Şenliği 14 Mayıs’ta başlıyor.');
    expect(m.text).toContain('etkinlik sayfası (https://universite.edu.tr/senlik)');
    expect(m.text).toContain('• konser');
    expect(m.text).not.toContain('**');
    // Real attachments, names decoded, bytes intact.
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['Bahar Şenliği Programı.pdf', 'application/pdf'],
      ['Başvuru Formu – Güz.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['afiş.png', 'image/png'],
    ]);
    expect(m.attachments.map((a) => sha(a.content))).toEqual([pdf.sha256, docx.sha256, png.sha256]);
    // DKIM and list headers.
    const dkim = (m.headerLines.find((h) => h.key === 'dkim-signature')?.line ?? '').replace(/\r?\n[ \t]+/g, ' ');
    expect(dkim).toMatch(/\bd=universite\.edu\.tr;/);
    expect(dkim).toMatch(/\bs=bekci;/);
    expect(dkim).toMatch(/\bb=[A-Za-z0-9+/= ]{40,}/);
    const unsub = m.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(unsub).toMatch(/<https:\/\/bekci\.universite\.edu\.tr\/abonelik\?t=[a-z0-9]+\.[A-Za-z0-9_-]{22}>/);
    expect(m.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(m.headerLines.find((h) => h.key === 'list-id')?.line).toMatch(/<ogrenciler\.liste\.universite\.edu\.tr>/);
    // The per-recipient link is in the body too, never the placeholder.
    const link = /abonelik\?t=([A-Za-z0-9_.-]+)/.exec(unsub)![1]!;
    expect(m.text).toContain(`abonelik?t=${link}`);
    expect(m.html).not.toContain('bekci.invalid');
    // The link names a stored subscription, not the address (no personal data in URLs).
    const [subscriptionId] = link.split('.');
    expect(await db.prisma.mailSubscription.findUnique({ where: { id: subscriptionId! } })).toMatchObject({ scope: 'ogrenciler' });
    expect(decodeURIComponent(link)).not.toContain('@');
    for (const part of link.split('.')) expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain('universite.edu.tr');

    // Unsubscribing through the link's token stops the next mail of that list to that address only.
    expect(await unsubscribe(db.prisma, link)).toEqual({ scope: 'ogrenciler', already: false });
    expect(await unsubscribe(db.prisma, `${link.slice(0, -1)}${link.endsWith('0') ? '1' : '0'}`)).toBeUndefined();
    const second = await createMailRequest(db.prisma, config, {
      unit: 'sks',
      subject: 'İkinci duyuru',
      body: 'Merhaba',
      groups: ['ogrenciler'],
      replyTo: 'sks@universite.edu.tr',
    });
    await approveMailRequest(db.prisma, config, second.id, { by: 'onayci' });
    await send();
    const rows = await db.prisma.outboxMessage.findMany({ where: { mailRequestId: second.id } });
    expect(rows.map((r) => r.toAddress)).toEqual(['ali@ogr.universite.edu.tr']);
  });

  it('a group not marked for unsubscribe gets no List-Unsubscribe; no DKIM without a key', async () => {
    const plain = { ...config, secrets: { ...config.secrets, dkimKey: undefined } } as Config;
    const { id } = await createMailRequest(db.prisma, plain, {
      unit: 'sks',
      subject: 'Akademik kurul',
      body: 'Toplantı *Salı* günü.',
      groups: ['akademik'],
      replyTo: 'sks@universite.edu.tr',
    });
    await approveMailRequest(db.prisma, plain, id, { by: 'onayci' });
    const d = new MailDispatcher({ prisma: db.prisma, config: plain, logger: silentLogger() });
    await d.runOnce();
    await d.close();
    const [m] = await smtp.parsedFor('hoca@universite.edu.tr');
    expect(m!.html).toContain('<em>Salı</em>');
    expect(m!.headers.has('list-unsubscribe')).toBe(false);
    expect(m!.headers.has('dkim-signature')).toBe(false);
  });

  it('the KVKK check reads PDF and DOCX attachments', async () => {
    const pdf = await checkDocument('liste.pdf', makePdf('Ogrenci: Ayse, TC kimlik 10000000146'), limits());
    const r1 = await createMailRequest(db.prisma, config, {
      unit: 'sks',
      subject: 'Liste',
      body: 'Ekteki liste.',
      groups: ['akademik'],
      replyTo: 'sks@universite.edu.tr',
      attachments: [pdf],
    });
    expect(r1.pii).toEqual([{ type: 'tckn', count: 1 }]);
    await expect(approveMailRequest(db.prisma, config, r1.id, { by: 'onayci' })).rejects.toThrow(/kişisel veri/);
    const docx = await checkDocument('form.docx', await makeDocx(['İletişim: 0532 123 45 67']), limits());
    const r2 = await createMailRequest(db.prisma, config, {
      unit: 'sks',
      subject: 'Form',
      body: '',
      groups: ['akademik'],
      replyTo: 'sks@universite.edu.tr',
      attachments: [docx],
    });
    expect(r2.pii.map((p) => p.type)).toEqual(['phone']);
  });

  it('attachment type is checked by content, and size limits apply', async () => {
    const pdf = makePdf('x');
    await expect(checkDocument('rapor.docx', pdf, limits())).rejects.toThrow(/uzantısı içeriğiyle uyuşmuyor/);
    await expect(checkDocument('program.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'), limits())).rejects.toThrow(AttachmentError);
    await expect(checkDocument('metin.pdf', Buffer.from('%PDX düz metin'), limits())).rejects.toThrow(/kabul edilmiyor/);
    await expect(checkDocument('büyük.pdf', pdf, { ...limits(), maxBytes: 100 })).rejects.toThrow(/çok büyük/);
    await expect(checkDocument('resim.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), limits())).rejects.toThrow(/kabul edilmiyor/);
  });
});
