import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { approveMailRequest } from '../../mail/approval.js';
import { checkDocument } from '../../mail/attachments.js';
import { importGroupCsv } from '../../mail/groups.js';
import { processInboundSource } from '../../mail/inbound/inbox.js';
import { previewAnnouncement } from '../../mail/preview.js';
import { createMailRequest } from '../../mail/requests.js';
import { addUser } from '../../users/users.js';
import { makePdf } from '../pdf.js';
import type { Harness } from './harness.js';

export interface MailDemoReport {
  announcement: {
    id: string;
    subject: string;
    state: string;
    sent: number;
    attachments: Array<{ filename: string; contentType: string; size: number }>;
    previewHash: string;
  };
  ticketByMail: { number: number; unit: string; from: string; replyTo: string; answer: string | null; status: string; outcome: string } | { skipped: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The mail half of the demo, on the harness the comment demo ran on:
 * 1. a unit's announcement in Markdown with a PDF attached is requested, previewed, approved with the
 *    preview's hash and sent by the worker's dispatcher to a student list (to the local SMTP sink);
 * 2. the directorate answers the first ticket by replying to its notification mail: the reply goes
 *    through the same code the IMAP mailbox pass uses (no IMAP server in the demo) and becomes the
 *    ticket's answer, quote and signature removed.
 */
export async function runMailDemo(h: Harness): Promise<MailDemoReport> {
  const { prisma } = h.db;
  const config = h.config;
  await importGroupCsv(prisma, {
    group: 'ogrenciler',
    kind: 'students',
    csv: 'email,name\nayse.yilmaz@ogr.universite.edu.tr,Ayşe Yılmaz\nmehmet.oz@ogr.universite.edu.tr,Mehmet Öz\nsule.cakir@ogr.universite.edu.tr,Şule Çakır\n',
    actor: 'demo',
  });
  if (!(await prisma.user.findUnique({ where: { name: 'sks-onay' } }))) await addUser(prisma, config, { name: 'sks-onay', role: 'approver', unit: 'sks' });
  // The unit's representative files the request; its approver approves it (the service layer checks both).
  if (!(await prisma.user.findUnique({ where: { name: 'sks-temsilci' } }))) {
    await addUser(prisma, config, { name: 'sks-temsilci', role: 'representative', unit: 'sks' });
  }
  const doc = await checkDocument('Bahar Şenliği Programı.pdf', makePdf('Bahar Senligi programi: 14-16 Mayis, ana kampus'), config.mail.attachments);
  const req = await createMailRequest(prisma, config, {
    unit: 'sks',
    subject: 'Bahar Şenliği başlıyor!',
    body: '**Bahar Şenliği** 14–16 Mayıs’ta ana kampüste.\n\n- Konserler\n- Söyleşiler\n\nAyrıntılar [etkinlik sayfasında](https://universite.edu.tr/bahar-senligi); program ektedir.',
    groups: ['öğrenci'],
    replyTo: 'sks@universite.edu.tr',
    purpose: 'davet',
    attachments: [doc],
    by: 'sks-temsilci',
  });
  const preview = (await previewAnnouncement(prisma, config, req.id))!;
  await approveMailRequest(prisma, config, req.id, { by: 'sks-onay', hash: preview.hash });
  for (let i = 0; i < 100; i++) {
    const r = await prisma.mailRequest.findUniqueOrThrow({ where: { id: req.id } });
    if (r.status === 'sent' || r.status === 'failed') break;
    await sleep(200);
  }
  const final = await prisma.mailRequest.findUniqueOrThrow({ where: { id: req.id } });
  const announcement = {
    id: req.id,
    subject: preview.subject,
    state: final.status,
    sent: await prisma.outboxMessage.count({ where: { mailRequestId: req.id, status: 'sent' } }),
    attachments: preview.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    previewHash: preview.hash.slice(0, 12),
  };

  const note = await prisma.outboxMessage.findFirst({ where: { kind: 'ticket_new', status: 'sent', replyTo: { not: null } }, orderBy: { createdAt: 'asc' } });
  const ticket = note?.ticketId ? await prisma.ticket.findUnique({ where: { id: note.ticketId }, include: { unit: true } }) : null;
  if (!note || !ticket) return { announcement, ticketByMail: { skipped: 'yanıtlanabilir bir kayıt bildirimi yok' } };
  const from = ticket.unit.email ?? note.toAddress;
  const answer = 'Merhaba, bildiriminiz için teşekkürler. Konu ilgili birimimize iletildi ve bu hafta içinde giderilecek.';
  const raw = await new MailComposer({
    from: `${ticket.unit.name} <${from}>`,
    to: note.replyTo!,
    subject: `Re: ${note.subject}`,
    inReplyTo: note.messageId ?? undefined,
    references: note.messageId ? [note.messageId] : [],
    messageId: `<demo-yanit-${ticket.number}@universite.edu.tr>`,
    text: `${answer}\n\n-- \n${ticket.unit.name}\n\n${new Date().toLocaleDateString('tr-TR')} tarihinde bekci şunu yazdı:\n> ${note.body.split('\n').slice(0, 6).join('\n> ')}\n`,
  })
    .compile()
    .build();
  const outcome = await processInboundSource({ prisma, config }, `demo:1:${ticket.number}`, raw, new Date());
  const after = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
  return {
    announcement,
    ticketByMail: {
      number: ticket.number,
      unit: ticket.unitId,
      from,
      replyTo: note.replyTo!,
      answer: after.answer,
      status: after.status,
      outcome: outcome?.status ?? 'duplicate',
    },
  };
}
