/**
 * Ticket mail through the mail module's outbox, in the institutional template (HTML + text). Every
 * message has a dedupe key naming the event and the recipient, so enqueueing twice (a retried job,
 * two workers) sends it once. When the institution's mailbox is configured (`mail.inbox.address`),
 * mail about one ticket replies to a signed plus-address naming it, so a directorate can answer the
 * ticket by replying (src/mail/inbound). With `mail.consoleUrl`, mails link to the ticket in the console.
 */
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { enqueueMail, type EnqueueMailInput, type OutboxKind } from '../mail/outbox.js';
import { renderTemplate } from '../mail/template.js';
import { mailTokenKey, ticketReplyAddress } from '../mail/tokens.js';
import { KIND_TR, STATUS_TR, type Tx } from './deps.js';
import { PRIORITY_TR, type TicketPriority } from '../routing/priority.js';

type MailClient = Pick<Prisma, 'outboxMessage' | 'meta'> | Tx;

/** The configuration ticket mail is rendered with. */
export type TicketMailConfig = Pick<Config, 'university' | 'mail'>;

export interface TicketMailView {
  id: string;
  number: number;
  kind: string;
  status: string;
  summary: string;
  dueAt: Date | null;
  unitName: string;
  /** urgent | normal | low; absent for older callers (treated as normal). */
  priority?: string;
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

/** A comment's text shown literally: Markdown punctuation escaped, quoted. */
function quoted(text: string): string {
  return clip(text)
    .split('\n')
    .map((l) => `> ${l.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1')}`)
    .join('\n');
}

const ticketUrl = (config: TicketMailConfig, n: number): string | undefined =>
  config.mail.consoleUrl ? `${config.mail.consoleUrl.replace(/\/+$/, '')}/tickets/${n}` : undefined;

interface TicketMailSpec {
  kind: OutboxKind;
  to: string;
  dedupeKey: string;
  subject: string;
  markdown: string;
  ticket?: TicketMailView;
  replyable?: boolean;
}

/** A ticket mail rendered in the institutional template, ready for the outbox (not yet queued). */
async function buildTicketMail(prisma: MailClient, config: TicketMailConfig, input: TicketMailSpec): Promise<EnqueueMailInput> {
  const url = input.ticket ? ticketUrl(config, input.ticket.number) : undefined;
  const inbox = config.mail.inbox.address;
  const replyTo = input.ticket && input.replyable && inbox ? ticketReplyAddress(await mailTokenKey(prisma), inbox, input.ticket.number) : null;
  const footer = [
    ...(replyTo ? ['Bu e-postayı **yanıtlayarak** kayda yanıt verebilirsiniz: yanıtınız (alıntı ve imza olmadan) kaydın yanıtı olarak işlenir.'] : []),
    'Bu ileti bekci tarafından otomatik gönderilmiştir.',
  ];
  const body = renderTemplate({
    university: config.university,
    subject: input.subject,
    markdown: input.markdown,
    ...(url ? { action: { label: 'Kaydı konsolda aç', url } } : {}),
    footer,
  });
  return {
    kind: input.kind,
    to: input.to,
    dedupeKey: input.dedupeKey,
    ticketId: input.ticket?.id ?? null,
    subject: input.subject,
    body: body.text,
    html: body.html,
    replyTo,
  };
}

async function enqueueTicketMail(prisma: MailClient, config: TicketMailConfig, input: TicketMailSpec): Promise<boolean> {
  const res = await enqueueMail(prisma, await buildTicketMail(prisma, config, input));
  return res.created;
}

/**
 * Mail for a new ticket, sent at once to the directorate or representative (and, for an urgent
 * ticket, to top management). An urgent ticket says so in the subject and the first line; raising
 * a ticket to urgent later sends a second, separately deduplicated mail.
 */
export async function mailNewTicket(prisma: MailClient, t: TicketMailView, to: string, config: TicketMailConfig): Promise<void> {
  await enqueueMail(prisma, await newTicketMail(prisma, t, to, config));
}

/**
 * The new-ticket mail of `mailNewTicket`, rendered but not queued: the batch opener writes many in one
 * statement. `prisma` is read only for the reply-address key.
 */
export async function newTicketMail(prisma: MailClient, t: TicketMailView, to: string, config: TicketMailConfig): Promise<EnqueueMailInput> {
  const kind = KIND_TR[t.kind] ?? t.kind;
  const urgent = t.priority === 'urgent';
  return buildTicketMail(prisma, config, {
    kind: 'ticket_new',
    to,
    dedupeKey: `ticket:${t.id}:${urgent ? 'urgent' : 'new'}:${to}`,
    ticket: t,
    replyable: true,
    subject: `[bekci] ${urgent ? 'ACİL — ' : ''}Yeni ${kind} #${t.number}${urgent ? ` (${t.unitName})` : ''}`,
    markdown: [
      'Merhaba,',
      '',
      ...(urgent
        ? ['**ACİL:** Bu kayıt güvenlik, sağlık, taciz, kendine zarar verme ya da kişisel verilerin ifşası bildiriyor olabilir; lütfen hemen ilgilenin.', '']
        : []),
      `Sosyal medya hesaplarımızdan gelen bir ${kind} ${urgent ? 'şu birime' : 'biriminize'} (**${t.unitName}**) yönlendirildi.`,
      '',
      `- Kayıt no: **#${t.number}**`,
      `- Öncelik: **${PRIORITY_TR[(t.priority ?? 'normal') as TicketPriority] ?? t.priority}**`,
      `- Son yanıt zamanı: **${formatTime(t.dueAt, config.university.timezone)}**`,
      '',
      'Yorum (kişisel veriler çıkarılmıştır):',
      '',
      quoted(t.summary),
      '',
      config.mail.inbox.address
        ? 'Yanıtınızı bu e-postayı yanıtlayarak ya da konsoldan girebilirsiniz.'
        : `Yanıtınızı "bekci tickets answer ${t.number} --text ... --by KULLANICI" ile girebilirsiniz.`,
    ].join('\n'),
  });
}

/** Warning that a ticket's SLA is about to be breached. */
export async function mailSlaWarning(prisma: MailClient, t: TicketMailView, to: string, config: TicketMailConfig): Promise<void> {
  await enqueueTicketMail(prisma, config, {
    kind: 'sla_warning',
    to,
    dedupeKey: `ticket:${t.id}:sla-warning:${to}`,
    ticket: t,
    replyable: true,
    subject: `[bekci] Süre dolmak üzere: #${t.number}`,
    markdown: [
      `#${t.number} numaralı ${KIND_TR[t.kind] ?? t.kind} henüz yanıtlanmadı (durum: ${STATUS_TR[t.status] ?? t.status}).`,
      '',
      `Son yanıt zamanı: **${formatTime(t.dueAt, config.university.timezone)}**. Bu zamana kadar yanıtlanmazsa üst yönetime iletilecek.`,
      '',
      quoted(t.summary),
    ].join('\n'),
  });
}

/** Escalation to top management after the SLA is breached. */
export async function mailEscalation(prisma: MailClient, t: TicketMailView, to: string, config: TicketMailConfig): Promise<void> {
  await enqueueTicketMail(prisma, config, {
    kind: 'escalation',
    to,
    dedupeKey: `ticket:${t.id}:escalation:${to}`,
    ticket: t,
    subject: `[bekci] Süresi aşıldı: #${t.number} (${t.unitName})`,
    markdown: [
      `${t.unitName} birimine yönlendirilen #${t.number} numaralı ${KIND_TR[t.kind] ?? t.kind} süresi içinde yanıtlanmadı.`,
      '',
      `Son yanıt zamanı: ${formatTime(t.dueAt, config.university.timezone)} — durum: ${STATUS_TR[t.status] ?? t.status}.`,
      '',
      quoted(t.summary),
    ].join('\n'),
  });
}

/** The daily list of a unit's open tickets. */
export async function mailDigest(
  prisma: MailClient,
  unitId: string,
  day: string,
  tickets: TicketMailView[],
  to: string,
  config: TicketMailConfig,
): Promise<boolean> {
  const tz = config.university.timezone;
  const lines = tickets.map((t) => {
    const url = ticketUrl(config, t.number);
    const ref = url ? `[#${t.number}](${url})` : `#${t.number}`;
    const summary = clip(t.summary.replace(/\s+/g, ' '), 140).replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
    return `- ${ref} [${STATUS_TR[t.status] ?? t.status}] son: ${formatTime(t.dueAt, tz)} — ${summary}`;
  });
  return enqueueTicketMail(prisma, config, {
    kind: 'ticket_digest',
    to,
    dedupeKey: `ticket-digest:${unitId}:${day}:${to}`,
    subject: `[bekci] Günlük özet ${day}: ${tickets.length} açık kayıt`,
    markdown: [`${tickets[0]?.unitName ?? unitId} birimine yönlendirilmiş ve henüz kapanmamış kayıtlar (${tickets.length}):`, '', ...lines].join('\n'),
  });
}
