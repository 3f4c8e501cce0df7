import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One message as the loopback sink received it. */
export interface SinkMessage {
  from: string;
  to: string[];
  /** Raw headers (unfolded lines up to the blank line). */
  headers: string;
  messageId: string | undefined;
  size: number;
}

export interface SinkOptions {
  port?: number;
  /** Keep raw headers of each message (tests); the benchmark only counts. */
  keepHeaders?: boolean;
  /** Return an SMTP error for a recipient, e.g. `{ code: 550, message: '…' }`. */
  rejectRecipient?: (address: string) => { code: number; message: string } | undefined;
}

/**
 * An in-process SMTP server on 127.0.0.1 that accepts everything (no auth, no TLS) and keeps what it
 * got. Used by the tests and by `bekci mail bench`; never exposed beyond loopback.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** Message-ID → how many times it arrived. */
  readonly byMessageId = new Map<string, number>();
  /** Recipient address → how many messages it got. */
  readonly byRecipient = new Map<string, number>();
  private server: SMTPServer | undefined;
  port = 0;

  constructor(private readonly opts: SinkOptions = {}) {}

  async listen(port = this.opts.port ?? 0): Promise<number> {
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (addr, _session, cb) => {
        const rej = this.opts.rejectRecipient?.(addr.address);
        if (!rej) return cb();
        const err = Object.assign(new Error(rej.message), { responseCode: rej.code });
        cb(err);
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        let head = '';
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (head.length < 16_384 && !head.includes('\r\n\r\n')) {
            chunks.push(c);
            head = Buffer.concat(chunks).toString('utf8');
          }
        });
        stream.on('end', () => {
          const headers = (head.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' ');
          const messageId = /^message-id:\s*(.+)$/im.exec(headers)?.[1]?.trim();
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.record({ from, to, headers: this.opts.keepHeaders === false ? '' : headers, messageId, size });
          cb();
        });
      },
    };
    this.server = new SMTPServer(options);
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  private record(m: SinkMessage): void {
    this.messages.push(m);
    if (m.messageId) this.byMessageId.set(m.messageId, (this.byMessageId.get(m.messageId) ?? 0) + 1);
    for (const r of m.to) this.byRecipient.set(r, (this.byRecipient.get(r) ?? 0) + 1);
    if (this.opts.keepHeaders === false) this.messages.length = 0;
  }

  /** Stops listening. Open connections are closed. Safe to call twice. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
