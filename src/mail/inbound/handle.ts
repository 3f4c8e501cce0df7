import type { ParsedMail } from 'mailparser';
import type { Config } from '../../config/index.js';
import type { Prisma } from '../../db/index.js';
import { audit } from '../../audit/audit.js';
import { enqueueMail } from '../outbox.js';
import { renderTemplate } from '../template.js';
import { mailTokenKey, ticketFromAddress } from '../tokens.js';
import { isDsn, parseDsn } from './dsn.js';
import { extractReply } from './reply-text.js';

export type InboundKind = 'ticket_reply' | 'bounce' | 'announcement_reply' | 'unknown';
export type InboundStatus = 'processed' | 'forwarded' | 'needs_person' | 'duplicate';

export interface InboundOutcome {
  kind: InboundKind;
  status: InboundStatus;
  reason?: string;
  ticketId?: string;
  outboxId?: string;
}

export interface InboundDeps {
  prisma: Prisma;
  config: Pick<Config, 'mail' | 'university'>;
}

type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

const address = (a: ParsedMail['from'] | ParsedMail['to']): string[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((x) => x.value)
    .map((v) => (v.address ?? '').toLowerCase())
    .filter(Boolean);

/** `a***@domain`: enough for a person to recognise a sender in a list, not the address itself. */
export const redactSender = (a: string | undefined): string | null => (a ? a.replace(/^(.)[^@]*/, '$1***') : null);

function referencedIds(mail: ParsedMail): string[] {
  const refs = [mail.inReplyTo, ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
  return refs.flatMap((r) => (r ?? '').match(/<[^<>\s]+>/g) ?? []);
}

/**
 * Decides what one inbound message is and acts on it inside `tx`, where the caller also records the
 * message (so the effect and the "processed" mark commit together, once):
 * - a delivery status notification marks the recipient's delivery failed with the reason; a hard
 *   bounce also suppresses the address for every future mail;
 * - a reply to a ticket mail (signed reply address, or In-Reply-To one of our ticket Message-IDs)
 *   from an address allowed for the ticket's unit (its users' addresses, the unit's address) becomes
 *   the ticket's answer, quote and signature removed; the public reply still waits for approval;
 * - a reply to an announcement is forwarded to the requesting unit;
 * - anything else, or anything doubtful, is left for a person (`needs_person`), never dropped.
 */
export async function handleInbound(tx: Tx, deps: InboundDeps, mail: ParsedMail, source: Buffer, now: Date): Promise<InboundOutcome> {
  if (isDsn(mail)) return handleBounce(tx, mail, source, now);
  const refs = referencedIds(mail);
  const ours = refs.length
    ? await tx.outboxMessage.findMany({ where: { messageId: { in: refs } }, select: { id: true, kind: true, ticketId: true, mailRequestId: true } })
    : [];
  const inbox = deps.config.mail.inbox.address;
  let ticketNumber: number | undefined;
  if (inbox) {
    const key = await mailTokenKey(tx);
    const rcpts = [
      ...address(mail.to),
      ...address(mail.cc),
      ...((mail.headers.get('delivered-to') as string | undefined) ? [String(mail.headers.get('delivered-to')).toLowerCase()] : []),
    ];
    for (const r of rcpts) ticketNumber ??= ticketFromAddress(key, inbox, r);
  }
  const viaRef = ours.find((o) => o.ticketId);
  if (ticketNumber !== undefined || viaRef) {
    const ticket =
      ticketNumber !== undefined
        ? await tx.ticket.findUnique({ where: { number: ticketNumber }, include: { unit: true } })
        : await tx.ticket.findUnique({ where: { id: viaRef!.ticketId! }, include: { unit: true } });
    if (!ticket) return { kind: 'ticket_reply', status: 'needs_person', reason: 'yanıtlanan kayıt bulunamadı' };
    return answerByMail(tx, mail, ticket, now);
  }
  const announcement = ours.find((o) => o.kind === 'announcement' && o.mailRequestId);
  if (announcement) return forwardToUnit(tx, deps, mail, announcement.mailRequestId!, announcement.id);
  return { kind: 'unknown', status: 'needs_person', reason: 'bekci iletisine yanıt değil' };
}

async function answerByMail(
  tx: Tx,
  mail: ParsedMail,
  ticket: { id: string; number: number; status: string; assignee: string | null; unitId: string; unit: { email: string | null } },
  now: Date,
): Promise<InboundOutcome> {
  const base = { kind: 'ticket_reply' as const, ticketId: ticket.id };
  const from = address(mail.from)[0];
  if (!from) return { ...base, status: 'needs_person', reason: 'gönderen adresi yok' };
  const user = await tx.user.findFirst({ where: { email: { equals: from }, unitId: ticket.unitId, disabled: false } });
  const unitAddress = ticket.unit.email?.toLowerCase() === from;
  if (!user && !unitAddress) return { ...base, status: 'needs_person', reason: 'gönderen bu kaydın birimi adına yanıt veremez' };
  if (ticket.status === 'closed') return { ...base, status: 'needs_person', reason: `#${ticket.number} kapalı` };
  const text = extractReply(mail.text ?? '');
  if (!text) return { ...base, status: 'needs_person', reason: 'yanıtta alıntı dışında metin yok' };
  const actor = user?.name ?? `e-posta:${ticket.unitId}`;
  const res = await tx.ticket.updateMany({
    where: { id: ticket.id, status: ticket.status },
    data: { status: 'answered', answer: text, replyStatus: 'pending_approval', assignee: ticket.assignee ?? user?.name ?? null, updatedAt: now },
  });
  if (res.count !== 1) return { ...base, status: 'needs_person', reason: 'kayıt bu sırada değişti' };
  await tx.ticketEvent.create({
    data: { ticketId: ticket.id, type: 'answered', actor, createdAt: now, data: { from: ticket.status, to: 'answered', via: 'mail', length: text.length } },
  });
  await audit(tx, {
    actor,
    action: 'ticket.answer',
    entityType: 'ticket',
    entityId: ticket.id,
    data: { number: ticket.number, from: ticket.status, to: 'answered', via: 'mail' },
  });
  return { ...base, status: 'processed' };
}

async function handleBounce(tx: Tx, mail: ParsedMail, source: Buffer, now: Date): Promise<InboundOutcome> {
  const dsn = parseDsn(mail, source);
  if (!dsn.recipients.length) return { kind: 'bounce', status: 'needs_person', reason: 'teslim raporu okunamadı' };
  let outboxId: string | undefined;
  for (const r of dsn.recipients) {
    const row =
      (dsn.originalMessageId ? await tx.outboxMessage.findFirst({ where: { messageId: dsn.originalMessageId, toAddress: { equals: r.recipient } } }) : null) ??
      (await tx.outboxMessage.findFirst({ where: { toAddress: r.recipient, status: 'sent' }, orderBy: { sentAt: 'desc' } }));
    if (r.action !== 'failed') {
      if (row)
        await tx.delivery.create({ data: { outboxId: row.id, attempt: row.attempts, outcome: 'delayed', response: r.reason.slice(0, 1000), createdAt: now } });
      continue;
    }
    if (row) {
      outboxId ??= row.id;
      await tx.outboxMessage.update({ where: { id: row.id }, data: { status: 'failed', lastError: `geri döndü: ${r.reason}`.slice(0, 1000) } });
      await tx.delivery.create({ data: { outboxId: row.id, attempt: row.attempts, outcome: 'bounced', response: r.reason.slice(0, 1000), createdAt: now } });
    }
    if (r.hard) await suppressTx(tx, r.recipient, r.reason);
  }
  return { kind: 'bounce', status: 'processed', ...(outboxId ? { outboxId } : {}) };
}

/** `suppress` inside the caller's transaction (an existing suppression is left as it is). */
async function suppressTx(tx: Tx, email: string, reason: string): Promise<void> {
  const exists = await tx.mailSuppression.findUnique({ where: { email_scope: { email, scope: '*' } } });
  if (!exists) await tx.mailSuppression.create({ data: { email, scope: '*', reason: 'hard_bounce', detail: reason.slice(0, 500) } });
}

async function forwardToUnit(tx: Tx, deps: InboundDeps, mail: ParsedMail, requestId: string, outboxId: string): Promise<InboundOutcome> {
  const req = await tx.mailRequest.findUnique({ where: { id: requestId }, include: { unit: true } });
  const to = req?.replyTo ?? req?.unit.email;
  if (!req || !to) return { kind: 'announcement_reply', status: 'needs_person', reason: 'talep eden birimin adresi yok', outboxId };
  const from = mail.from?.text ?? '(gönderen yok)';
  const subject = `İletilen yanıt: ${mail.subject ?? req.subject}`;
  const body = renderTemplate({
    university: deps.config.university,
    subject,
    markdown: [
      `"${req.subject.replace(/([\\`*_[\]<>])/g, '\\$1')}" duyurunuza gelen bir yanıt kurumsal posta kutusuna ulaştı ve size iletildi.`,
      '',
      `Gönderen: ${from.replace(/([\\`*_[\]<>])/g, '\\$1')}`,
      '',
      (mail.text ?? '')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n'),
    ].join('\n'),
  });
  const key = `inbound-forward:${mail.messageId ?? `${requestId}:${from}:${mail.date?.toISOString() ?? ''}`}:${to}`;
  await enqueueMail(tx, {
    kind: 'announcement_reply',
    to,
    dedupeKey: key,
    subject,
    body: body.text,
    html: body.html,
    replyTo: mail.replyTo?.value[0]?.address ?? mail.from?.value[0]?.address ?? null,
    mailRequestId: null,
  });
  return { kind: 'announcement_reply', status: 'forwarded', outboxId };
}
