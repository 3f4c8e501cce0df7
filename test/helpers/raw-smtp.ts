import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A loopback SMTP server for tests that keeps every message's raw bytes, for mailparser. */
export class RawSmtp {
  readonly raw: Array<{ to: string[]; data: Buffer }> = [];
  private server: SMTPServer | undefined;
  port = 0;

  /** `delayMs`: how long the server waits before accepting each message (a slow server). */
  constructor(private readonly opts: { delayMs?: number } = {}) {}

  async listen(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const accept = (): void => {
            this.raw.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), data: Buffer.concat(chunks) });
            cb();
          };
          if (this.opts.delayMs) setTimeout(accept, this.opts.delayMs);
          else accept();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  /** The messages received for `to`, parsed. */
  parsedFor(to: string): Promise<ParsedMail[]> {
    return Promise.all(this.raw.filter((m) => m.to.includes(to.toLowerCase())).map((m) => simpleParser(m.data)));
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
