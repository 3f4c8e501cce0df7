import type { Config } from '../config/index.js';

/** The fields of an outbox row a message is built from. */
export interface OutboxMessageFields {
  id: string;
  kind: string;
  toAddress: string;
  replyTo: string | null;
  subject: string;
  body: string;
}

export interface BuiltMessage {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The domain of the configured sender (`Ad <kutu@alan.adi>` → `alan.adi`). */
export function senderDomain(from: string): string {
  const m = /@([^\s>]+)>?\s*$/.exec(from.trim());
  return m?.[1]?.toLowerCase() ?? 'bekci.invalid';
}

/** Stable per outbox row: a re-send after a crash carries the same Message-ID. */
export function messageIdFor(outboxId: string, from: string): string {
  return `<${outboxId}.bekci@${senderDomain(from)}>`;
}

/**
 * The nodemailer message for one outbox row. Everything is UTF-8 (nodemailer encodes Turkish
 * subjects as RFC 2047 words). Notifications (every kind except announcements) carry
 * `Auto-Submitted: auto-generated` so that auto-responders stay quiet; announcements carry the
 * requesting unit's address in Reply-To so answers reach the unit directly.
 */
export function buildMessage(row: OutboxMessageFields, config: Pick<Config, 'mail'>): BuiltMessage {
  const headers: Record<string, string> = {};
  if (row.kind !== 'announcement') headers['Auto-Submitted'] = 'auto-generated';
  else headers['Precedence'] = 'bulk';
  return {
    from: config.mail.from,
    to: row.toAddress,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    text: row.body,
    messageId: messageIdFor(row.id, config.mail.from),
    headers,
  };
}
