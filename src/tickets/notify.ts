/**
 * Ticket mail through the mail module's outbox. Every message has a dedupe key naming the event and
 * the recipient, so enqueueing twice (a retried job, two workers) sends it once.
 */
import { enqueueMail, type EnqueueMailInput } from '../mail/outbox.js';
import type { Prisma } from '../db/index.js';
import { KIND_TR, STATUS_TR, type Tx } from './deps.js';

type MailClient = Pick<Prisma, 'outboxMessage'> | Tx;

export interface TicketMailView {
  id: string;
  number: number;
  kind: string;
  status: string;
  summary: string;
  dueAt: Date | null;
  unitName: string;
}

/** Formats an instant for Turkish readers in the university's zone. */
export function formatTime(d: Date | null | undefined, timezone: string): string {
  if (!d) return '-';
  // Building a formatter costs far more than using one (toLocaleString builds one per call).
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('tr-TR', { timeZone: timezone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    formatters.set(timezone, f);
  }
  return f.format(d);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Mail for a new ticket, sent at once to the directorate or representative. */
export async function mailNewTicket(prisma: MailClient, t: TicketMailView, to: string, timezone: string): Promise<void> {
  await enqueueMail(prisma, newTicketMail(t, to, timezone));
}

/** The new-ticket mail, ready for the outbox (the batch opener writes many in one statement). */
export function newTicketMail(t: TicketMailView, to: string, timezone: string): EnqueueMailInput {
  return {
    kind: 'ticket_new',
    to,
    dedupeKey: `ticket:${t.id}:new:${to}`,
    ticketId: t.id,
    subject: `[bekci] Yeni ${KIND_TR[t.kind] ?? t.kind} #${t.number}`,
    body: [
      `Merhaba,`,
      ``,
      `Sosyal medya hesaplarımızdan gelen bir ${KIND_TR[t.kind] ?? t.kind} biriminize (${t.unitName}) yönlendirildi.`,
      ``,
      `Kayıt no: #${t.number}`,
      `Son yanıt zamanı: ${formatTime(t.dueAt, timezone)}`,
      ``,
      `Yorum (kişisel veriler çıkarılmıştır):`,
      clip(t.summary),
      ``,
      `Yanıtınızı "bekci tickets answer ${t.number} --text ... --by KULLANICI" ile girebilirsiniz.`,
    ].join('\n'),
  };
}

/** Warning that a ticket's SLA is about to be breached. */
export async function mailSlaWarning(prisma: MailClient, t: TicketMailView, to: string, timezone: string): Promise<void> {
  await enqueueMail(prisma, {
    kind: 'sla_warning',
    to,
    dedupeKey: `ticket:${t.id}:sla-warning:${to}`,
    ticketId: t.id,
    subject: `[bekci] Süre dolmak üzere: #${t.number}`,
    body: [
      `#${t.number} numaralı ${KIND_TR[t.kind] ?? t.kind} henüz yanıtlanmadı (durum: ${STATUS_TR[t.status] ?? t.status}).`,
      `Son yanıt zamanı: ${formatTime(t.dueAt, timezone)}. Bu zamana kadar yanıtlanmazsa üst yönetime iletilecek.`,
      ``,
      clip(t.summary),
    ].join('\n'),
  });
}

/** Escalation to top management after the SLA is breached. */
export async function mailEscalation(prisma: MailClient, t: TicketMailView, to: string, timezone: string): Promise<void> {
  await enqueueMail(prisma, {
    kind: 'escalation',
    to,
    dedupeKey: `ticket:${t.id}:escalation:${to}`,
    ticketId: t.id,
    subject: `[bekci] Süresi aşıldı: #${t.number} (${t.unitName})`,
    body: [
      `${t.unitName} birimine yönlendirilen #${t.number} numaralı ${KIND_TR[t.kind] ?? t.kind} süresi içinde yanıtlanmadı.`,
      `Son yanıt zamanı: ${formatTime(t.dueAt, timezone)} — durum: ${STATUS_TR[t.status] ?? t.status}.`,
      ``,
      clip(t.summary),
    ].join('\n'),
  });
}

/** The daily list of a unit's open tickets. */
export async function mailDigest(prisma: MailClient, unitId: string, day: string, tickets: TicketMailView[], to: string, timezone: string): Promise<boolean> {
  const lines = tickets.map((t) => `#${t.number} [${STATUS_TR[t.status] ?? t.status}] son: ${formatTime(t.dueAt, timezone)} — ${clip(t.summary.replace(/\s+/g, ' '), 140)}`);
  const res = await enqueueMail(prisma, {
    kind: 'ticket_digest',
    to,
    dedupeKey: `ticket-digest:${unitId}:${day}:${to}`,
    subject: `[bekci] Günlük özet ${day}: ${tickets.length} açık kayıt`,
    body: [`${tickets[0]?.unitName ?? unitId} birimine yönlendirilmiş ve henüz kapanmamış kayıtlar (${tickets.length}):`, '', ...lines].join('\n'),
  });
  return res.created;
}
