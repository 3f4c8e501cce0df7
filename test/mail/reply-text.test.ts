import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { isDsn, parseDsn } from '../../src/mail/inbound/dsn.js';
import { extractReply } from '../../src/mail/inbound/reply-text.js';
import { markdownToText } from '../../src/mail/markdown.js';

describe('reply text: quote and signature removed', () => {
  const answer = 'Merhaba,\nsorun giderildi.';
  it.each([
    ['Gmail (Türkçe)', `${answer}\n\n30 Kas 2026 Pzt, 10:00 tarihinde bekci <iletisim@universite.edu.tr> şunu yazdı:\n> Yeni şikâyet #41\n> ...\n`],
    ['Gmail (English, two lines)', `${answer}\n\nOn Mon, 30 Nov 2026 at 10:00, bekci <iletisim@universite.edu.tr>\nwrote:\n> New ticket\n`],
    [
      'Outlook (Türkçe)',
      `${answer}\n\n________________________________\nKimden: bekci <iletisim@universite.edu.tr>\nGönderildi: 30 Kasım 2026 Pazartesi 10:00\nKonu: [bekci] Yeni şikâyet #41\n\nSosyal medya…`,
    ],
    ['Outlook (English)', `${answer}\n\n-----Original Message-----\nFrom: bekci\nSent: Monday\n`],
    ['Thunderbird with signature', `${answer}\n\n-- \nAli Yılmaz\nBilgi İşlem Daire Başkanlığı\n`],
    ['phone', `${answer}\n\niPhone'umdan gönderildi`],
    ['only quoted lines at the end', `${answer}\n> alıntı\n> alıntı`],
  ])('%s', (_name, text) => {
    expect(extractReply(text)).toBe(answer);
  });
  it('a reply that is only a quote is empty (left for a person)', () => {
    expect(extractReply('> sadece alıntı\n> başka satır\n')).toBe('');
  });
});

describe('Markdown to the text part', () => {
  it('writes links out, numbers ordered lists, keeps Turkish characters', () => {
    expect(
      markdownToText('# Duyuru\n\n1. **Kayıt** için [buraya](https://u.edu.tr/kayit) tıklayın\n2. _Şubat_ ayında\n\nİletişim: <mailto:oidb@u.edu.tr>'),
    ).toBe('Duyuru\n\n1. Kayıt için buraya (https://u.edu.tr/kayit) tıklayın\n2. Şubat ayında\n\nİletişim: oidb@u.edu.tr');
  });
});

describe('delivery status notifications', () => {
  it('reads recipients, status and the original Message-ID; a 4.x.x delay is not a hard bounce', async () => {
    const raw = Buffer.from(
      [
        'From: MAILER-DAEMON@mx.example.org',
        'To: bekci@universite.edu.tr',
        'Subject: Delivery Status Notification',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'Delivery delayed / failed.',
        '',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.org',
        '',
        'Final-Recipient: rfc822; Gec@Example.org',
        'Action: delayed',
        'Status: 4.4.1',
        'Diagnostic-Code: smtp; 451 try later',
        '',
        'Final-Recipient: rfc822; yok@example.org',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 no such user',
        '',
        '--b1',
        'Content-Type: message/rfc822',
        '',
        'Message-ID: <abc.bekci@universite.edu.tr>',
        'Subject: Duyuru',
        '',
        'metin',
        '',
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const mail = await simpleParser(raw);
    expect(isDsn(mail)).toBe(true);
    const dsn = parseDsn(mail, raw);
    expect(dsn.originalMessageId).toBe('<abc.bekci@universite.edu.tr>');
    expect(dsn.recipients).toEqual([
      { recipient: 'gec@example.org', action: 'delayed', status: '4.4.1', hard: false, reason: '4.4.1 451 try later' },
      { recipient: 'yok@example.org', action: 'failed', status: '5.1.1', hard: true, reason: '5.1.1 550 5.1.1 no such user' },
    ]);
    expect(isDsn(await simpleParser('From: a@b.c\r\nSubject: x\r\n\r\nmerhaba\r\n'))).toBe(false);
  });
});
