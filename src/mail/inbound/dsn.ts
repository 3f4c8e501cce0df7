import type { ParsedMail } from 'mailparser';

/** One recipient's status from a delivery status notification (RFC 3464). */
export interface DsnRecipient {
  recipient: string;
  action: string;
  status: string;
  /** 5.x.x with action "failed": the address will not work; stop sending to it. */
  hard: boolean;
  reason: string;
}

export interface Dsn {
  recipients: DsnRecipient[];
  /** Message-ID of the original message, from the returned headers. */
  originalMessageId: string | undefined;
}

/** True for `multipart/report; report-type=delivery-status`. */
export function isDsn(mail: ParsedMail): boolean {
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return ct?.value?.toLowerCase() === 'multipart/report' && (ct.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
}

function fields(block: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of block
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return m;
}

const typed = (v: string | undefined): string => (v ?? '').replace(/^[a-z0-9-]+\s*;\s*/i, '').trim();

/** The parts of a multipart message: headers (unfolded, lower-cased names) and body, from the raw source. */
function rawParts(source: string, boundary: string): Array<{ type: string; encoding: string; body: string }> {
  const out: Array<{ type: string; encoding: string; body: string }> = [];
  for (const chunk of source.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const text = chunk.replace(/^\r?\n/, '');
    const cut = text.search(/\r?\n\r?\n/);
    const head = fields(cut < 0 ? text : text.slice(0, cut));
    const body = cut < 0 ? '' : text.slice(cut).replace(/^\r?\n\r?\n/, '');
    out.push({
      type: (head.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase(),
      encoding: (head.get('content-transfer-encoding') ?? '').toLowerCase(),
      body,
    });
  }
  return out;
}

const decoded = (p: { encoding: string; body: string }): string =>
  p.encoding === 'base64' ? Buffer.from(p.body.replace(/\s+/g, ''), 'base64').toString('utf8') : p.body;

/**
 * Reads a DSN from its raw source (mailparser folds the machine-readable part into the text): the
 * per-recipient fields of the message/delivery-status part and the original Message-ID from the
 * returned headers or message.
 */
export function parseDsn(mail: ParsedMail, source: Buffer): Dsn {
  const ct = mail.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  const boundary = ct?.params?.['boundary'];
  const parts = boundary ? rawParts(source.toString('utf8'), boundary) : [];
  const recipients: DsnRecipient[] = [];
  const status = parts.find((p) => /^message\/(global-)?delivery-status$/.test(p.type));
  if (status) {
    // First block: per-message fields; then one block per recipient, separated by blank lines.
    for (const b of decoded(status)
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .slice(1)) {
      const f = fields(b);
      const recipient = typed(f.get('final-recipient') ?? f.get('original-recipient')).toLowerCase();
      if (!recipient) continue;
      const action = (f.get('action') ?? '').toLowerCase();
      const code = f.get('status') ?? '';
      const diagnostic = typed(f.get('diagnostic-code'));
      recipients.push({ recipient, action, status: code, hard: action === 'failed' && code.startsWith('5'), reason: `${code} ${diagnostic}`.trim() || action });
    }
  }
  const original = parts.find((p) => /^(message\/rfc822|text\/rfc822-headers|message\/global-headers|message\/global)$/.test(p.type));
  const originalMessageId = original ? /^message-id:\s*(<[^>\s]+>)/im.exec(decoded(original))?.[1] : undefined;
  return { recipients, originalMessageId };
}
