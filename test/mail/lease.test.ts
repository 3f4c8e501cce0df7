import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { mailConfig, silentLogger } from './helpers.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const waitFor = async (cond: () => Promise<boolean>, ms: number): Promise<number> => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`koşul ${ms} ms içinde sağlanmadı`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
};

describe(`dispatcher leases and outages (${dbLabel()})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    await db.prisma.delivery.deleteMany();
    await db.prisma.outboxMessage.deleteMany();
  });
  const enqueue = async (n: number, tag: string): Promise<string[]> => {
    const to: string[] = [];
    for (let i = 0; i < n; i++) {
      to.push(`${tag}${i}@example.org`);
      await enqueueMail(db.prisma, { kind: 'escalation', to: to[i]!, subject: 'Süresi aşıldı', body: 'x', dedupeKey: `${tag}:${i}` });
    }
    return to;
  };

  it('a live but slow batch keeps its claim by heartbeat: another dispatcher never takes its rows', async () => {
    const sink = new SmtpSink();
    const port = await sink.listen();
    await enqueue(3, 'yavas');
    const real = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false });
    const slow = {
      sendMail: async (m: SendMailOptions) => {
        await new Promise((r) => setTimeout(r, 2_500)); // each send outlives the 2 s lease
        return real.sendMail(m);
      },
      close: () => undefined,
    } as unknown as Transporter;
    const config = mailConfig(port, { poolSize: 1 });
    const a = new MailDispatcher({
      prisma: db.prisma,
      config: { ...config, workerId: 'a' },
      logger: silentLogger(),
      transport: slow,
      lockMs: 2_000,
      batchSize: 3,
    });
    const b = new MailDispatcher({ prisma: db.prisma, config: { ...config, workerId: 'b' }, logger: silentLogger(), lockMs: 2_000 });
    const running = a.runOnce();
    let stolen = 0;
    const until = Date.now() + 7_000;
    while (Date.now() < until) {
      stolen += (await b.runOnce()).sent;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await running).sent).toBe(3);
    await a.close();
    await b.close();
    real.close();
    await sink.close();
    expect(stolen).toBe(0);
    expect([...sink.byRecipient.values()]).toEqual([1, 1, 1]);
    expect(await db.prisma.delivery.count({ where: { outcome: 'interrupted' } })).toBe(0);
  });

  it('a SIGKILLed dispatcher process: its rows come back within the lease (not minutes), each recipient is sent to once', async () => {
    const smtp = new RawSmtp({ delayMs: 150 });
    const port = await smtp.listen();
    const to = await enqueue(30, 'olum');
    const dir = mkdtempSync(join(tmpdir(), 'bekci-lease-'));
    writeFileSync(
      join(dir, 'bekci.yaml'),
      `mail:\n  from: "Kurumsal İletişim <iletisim@universite.edu.tr>"\n  ratePerSecond: 50\n  poolSize: 1\n  smtp:\n    host: 127.0.0.1\n    port: ${port}\n`,
    );
    const child = spawn(process.execPath, [CLI, 'mail', 'send'], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, BEKCI_CONFIG: join(dir, 'bekci.yaml'), BEKCI_LOG_LEVEL: 'silent', BEKCI_WORKER_ID: 'olecek' },
      stdio: 'ignore',
    });
    await waitFor(async () => smtp.raw.length >= 6, 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const held = await db.prisma.outboxMessage.count({ where: { status: 'sending' } });
    expect(held).toBeGreaterThan(0);
    const config = mailConfig(port);
    const b = new MailDispatcher({ prisma: db.prisma, config: { ...config, workerId: 'kurtarici' }, logger: silentLogger(), idleMs: 200 });
    b.start();
    // Default lease: 30 s without a heartbeat. The old fixed 5-minute lock would not come back here.
    const took = await waitFor(async () => (await db.prisma.outboxMessage.count({ where: { status: 'sent' } })) === 30, 45_000);
    await b.close();
    await smtp.close();
    expect(took).toBeLessThan(40_000);
    const got = smtp.raw.flatMap((m) => m.to);
    expect(new Set(got)).toEqual(new Set(to)); // nobody missing
    const dupes = got.length - new Set(got).size;
    expect(dupes).toBeLessThanOrEqual(1); // at most the one message accepted just before the kill (one lane)
  }, 90_000);

  it('after an SMTP outage of any length the next try is at most 30 s away', async () => {
    const port = await freePort(); // nothing listens here yet
    await enqueue(3, 'kesinti');
    let clock = Date.now();
    const d = new MailDispatcher({ prisma: db.prisma, config: mailConfig(port), logger: silentLogger(), now: () => new Date(clock) });
    // 20 failed rounds: with exponential backoff alone the wait would have grown to many minutes.
    for (let i = 0; i < 20; i++) {
      const r = await d.runOnce();
      expect(r.sent).toBe(0);
      const waits = (await db.prisma.outboxMessage.findMany({ where: { status: 'pending' } })).map((row) => row.nextAttemptAt.getTime() - clock);
      expect(waits).toHaveLength(3);
      expect(Math.max(...waits)).toBeLessThanOrEqual(30_000);
      clock += Math.max(Math.min(...waits), 0) + 1;
    }
    // Back: 30 s later every message has been tried again and sent.
    const back = new SmtpSink();
    await back.listen(port);
    clock += 30_000;
    const r = await d.runOnce();
    await d.close();
    await back.close();
    expect(r.sent).toBe(3);
  });
});
