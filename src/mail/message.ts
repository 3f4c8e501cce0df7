import type { Config } from '../config/index.js';
import { UNSUBSCRIBE_PLACEHOLDER } from './preview.js';

/** The fields of an outbox row a message is built from. */
export interface OutboxMessageFields {
  id: string;
  kind: string;
  toAddress: string;
  replyTo: string | null;
  subject: string;
  body: string;
  html: string | null;
  mailRequestId: string | null;
  ticketId: string | null;
}

/** What the dispatcher adds to an announcement row: its documents and its list. */
export interface MessageExtras {
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
  /** List-Id's group; with `unsubscribeUrl`, List-Unsubscribe + one-click (RFC 8058). */
  list?: { scope: string; unsubscribeUrl?: string | undefined } | undefined;
}

export interface BuiltMessage {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
  messageId: string;
  headers: Record<string, string>;
  list?: { id: { url: string; comment?: string }; unsubscribe?: Array<{ url: string; comment?: string } | string> };
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

/** The domain of the configured sender (`Ad <kutu@alan.adi>` → `alan.adi`). */
export function senderDomain(from: string): string {
  const m = /@([^\s>]+)>?\s*$/.exec(from.trim());
  return m?.[1]?.toLowerCase() ?? 'bekci.invalid';
}

/** The institution's domain for Message-IDs and List-Ids: `mail.messageIdDomain`, else the sender's. */
export const institutionDomain = (mail: Pick<Config['mail'], 'from' | 'messageIdDomain'>): string => mail.messageIdDomain ?? senderDomain(mail.from);

/** Stable per outbox row: a re-send after a crash carries the same Message-ID. */
export function messageIdFor(outboxId: string, domain: string): string {
  return `<${outboxId}.bekci@${domain}>`;
}

/**
 * The nodemailer message for one outbox row. Everything is UTF-8: nodemailer encodes Turkish subjects
 * and names as RFC 2047 words and attachment names as RFC 2231 parameters. Notifications (every kind
 * except announcements) carry `Auto-Submitted: auto-generated` so that auto-responders stay quiet;
 * announcements carry the requesting unit's address in Reply-To so answers reach the unit directly,
 * their documents as real attachments, and List-Id / List-Unsubscribe when their group asks for it.
 * The message is DKIM-signed when a key is configured (BEKCI_DKIM_KEY).
 */
export function buildMessage(row: OutboxMessageFields, config: Pick<Config, 'mail' | 'secrets'>, extras: MessageExtras = {}): BuiltMessage {
  const domain = institutionDomain(config.mail);
  const headers: Record<string, string> = {};
  if (row.kind !== 'announcement') headers['Auto-Submitted'] = 'auto-generated';
  else headers['Precedence'] = 'bulk';
  let text = row.body;
  let html = row.html ?? undefined;
  let list: BuiltMessage['list'];
  if (extras.list) {
    const unsubscribe = extras.list.unsubscribeUrl;
    list = { id: { url: `${extras.list.scope.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.liste.${domain}`, comment: extras.list.scope } };
    if (unsubscribe) {
      list.unsubscribe = [{ url: unsubscribe }];
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    text = text.split(UNSUBSCRIBE_PLACEHOLDER).join(unsubscribe ?? '');
    if (html) html = html.split(UNSUBSCRIBE_PLACEHOLDER).join(unsubscribe ? unsubscribe.replace(/&/g, '&amp;') : '#');
  }
  const dkimDomain = config.mail.dkim.domain ?? senderDomain(config.mail.from);
  return {
    from: config.mail.from,
    to: row.toAddress,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    text,
    ...(html ? { html } : {}),
    ...(extras.attachments?.length ? { attachments: extras.attachments.map((a) => ({ ...a })) } : {}),
    messageId: messageIdFor(row.id, domain),
    headers,
    ...(list ? { list } : {}),
    ...(config.secrets.dkimKey ? { dkim: { domainName: dkimDomain, keySelector: config.mail.dkim.selector, privateKey: config.secrets.dkimKey } } : {}),
  };
}
