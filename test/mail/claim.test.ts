import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import type { Prisma } from '../../src/db/index.js';
import { claimBatch } from '../../src/mail/claim.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { recordFailure, recordSent } from '../../src/mail/record.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig, silentLogger } from './helpers.js';

/**
 * The database as the dispatcher sees it, with failures injected: the next `failTransactions`
 * interactive transactions (the post-send records) and every `delivery.create` of an `interrupted`
 * note while `failInterrupted` is set reject.
 */
function faulty(prisma: Prisma): { prisma: Prisma; faults: { failTransactions: number; failInterrupted: boolean } } {
  const faults = { failTransactions: 0, failInterrupted: false };
  const delivery = new Proxy(prisma.delivery, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop === 'create') {
        return (args: { data: { outcome: string } }) =>
          faults.failInterrupted && args.data.outcome === 'interrupted' ? Promise.reject(new Error('bağlantı koptu')) : target.create(args as never);
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const wrapped = new Proxy(prisma, {
    get(target, prop) {
      if (prop === 'delivery') return delivery;
      if (prop === '$transaction') {
        return (...args: unknown[]) => {
          if (faults.failTransactions > 0) {
            faults.failTransactions--;
            return Promise.reject(new Error('bağlantı koptu'));
          }
          return (target.$transaction as (...a: unknown[]) => unknown)(...args);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { prisma: wrapped, faults };
}

describe(`outbox claim ownership (${dbLabel()})`, () => {
  let db: TestDb;
  let sink: SmtpSink;
  let config: Config;
  beforeAll(async () => {
    db = await createTestDb();
    sink = new SmtpSink({ rejectRecipient: (a) => (a.startsWith('ret') ? { code: 550, message: 'Böyle bir posta kutusu yok' } : undefined) });
    config = mailConfig(await sink.listen());
  });
  afterAll(async () => {
    await sink.close();
    await db.drop();
  });
  beforeEach(async () => {
    await db.prisma.delivery.deleteMany();
    await db.prisma.outboxMessage.deleteMany();
    sink.messages.length = 0;
    sink.byRecipient.clear();
    sink.byMessageId.clear();
  });

  const enqueue = async (n: number, tag: string): Promise<void> => {
    for (let i = 0; i < n; i++) {
      await enqueueMail(db.prisma, {
        kind: 'escalation',
        to: `${tag}${i}@example.org`,
        subject: 'SLA aşıldı',
        body: 'Çağrı süresinde yanıtlanmadı.',
        dedupeKey: `${tag}:${i}`,
      });
    }
  };

  it('a worker whose claim expired cannot overwrite the row another worker took over', async () => {
    await enqueue(1, 'gec');
    const t0 = new Date();
    const a = await claimBatch(db.prisma, { owner: 'a', now: t0, lockMs: 1_000, limit: 10 });
    const b = await claimBatch(db.prisma, { owner: 'b', now: new Date(t0.getTime() + 5_000), lockMs: 60_000, limit: 10 });
    const row = a.rows[0]!;
    expect(b.rows.map((r) => r.id)).toEqual([row.id]);
    const failure = { kind: 'temporary' as const, code: 451, response: '451 Geçici hata' };
    expect(await recordFailure(db.prisma, row, 1, failure, { maxAttempts: 3, retryAt: t0 })).toBe('claim-lost');
    expect(await recordSent(db.prisma, row, 1, '<x@y>', '250 OK', t0)).toBe('claim-lost');
    const after = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'sending', lockedBy: b.token, attempts: 0, messageId: null, sentAt: null });
    const notes = await db.prisma.delivery.findMany({ where: { outboxId: row.id } });
    expect(notes).toHaveLength(2);
    expect(notes.every((d) => d.response?.includes('kilit başka bir çalışana geçmişti'))).toBe(true);
    // The current owner still records normally.
    expect(await recordSent(db.prisma, b.rows[0]!, 1, '<x@y>', '250 OK', t0)).toBe('recorded');
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'sent', lockedBy: null });
  });

  it("a late worker's permanent failure does not turn the new owner's sent row into failed", async () => {
    await enqueueMail(db.prisma, { kind: 'escalation', to: 'ret@example.org', subject: 'SLA aşıldı', body: 'x', dedupeKey: 'ret:0' });
    const real = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let started!: () => void;
    const inSend = new Promise<void>((r) => (started = r));
    const slow = {
      sendMail: async (msg: SendMailOptions) => {
        started();
        await gate; // outlives the lock
        return real.sendMail(msg);
      },
      close: () => undefined,
    } as unknown as Transporter;
    const a = new MailDispatcher({ prisma: db.prisma, config: { ...config, workerId: 'yavas' }, logger: silentLogger(), transport: slow, lockMs: 1_000 });
    const late = a.runOnce();
    await inSend;
    // Another worker takes the expired row, and its server accepts the message.
    const lenient = {
      sendMail: async () => ({ response: '250 OK' }),
      close: () => undefined,
    } as unknown as Transporter;
    const later = Date.now() + 10_000;
    const b = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger(), transport: lenient, now: () => new Date(later) });
    expect((await b.runOnce()).sent).toBe(1);
    open();
    expect(await late).toEqual({ sent: 0, failed: 1, retried: 0 });
    await a.close();
    await b.close();
    real.close();
    const row = await db.prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await db.prisma.delivery.findMany({ orderBy: { createdAt: 'asc' } })).map((d) => d.outcome)).toEqual(['interrupted', 'sent', 'permanent_failure']);
  });

  it('a failed write of a server acceptance is retried, and the row is not left in sending', async () => {
    await enqueue(4, 'yaz');
    const { prisma, faults } = faulty(db.prisma);
    faults.failTransactions = 2;
    const d = new MailDispatcher({ prisma, config, logger: silentLogger(), recordRetryMs: [10, 10, 10], batchSize: 4 });
    expect(await d.runOnce()).toEqual({ sent: 4, failed: 0, retried: 0 });
    await d.close();
    expect(faults.failTransactions).toBe(0);
    expect(await db.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(4);
    expect(await db.prisma.delivery.count({ where: { outcome: 'sent' } })).toBe(4);
    expect(sink.messages).toHaveLength(4);
  });

  it('acceptances whose write fails on every retry keep their claim', async () => {
    await enqueue(3, 'kayip');
    const { prisma, faults } = faulty(db.prisma);
    faults.failTransactions = Infinity; // the database refuses every record and every retry
    const d = new MailDispatcher({ prisma, config, logger: silentLogger(), recordRetryMs: [5, 5], batchSize: 3 });
    await expect(d.runOnce()).rejects.toThrow(/bağlantı koptu/);
    await d.close();
    expect(sink.messages).toHaveLength(3);
    // Not released (that would resend them at once): they wait for their lock to expire.
    const rows = await db.prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.status === 'sending' && r.lockedBy !== null)).toBe(true);
  });

  it('a batch that fails before sending gives its unsent rows back at once', async () => {
    await enqueue(3, 'geri');
    // Rows left by a dead worker: they are recovered, which first writes an `interrupted` note.
    const past = new Date(Date.now() - 60_000);
    await db.prisma.outboxMessage.updateMany({ data: { status: 'sending', lockedBy: 'olu#1', lockedUntil: past } });
    const { prisma, faults } = faulty(db.prisma);
    faults.failInterrupted = true;
    const d = new MailDispatcher({ prisma, config, logger: silentLogger(), batchSize: 3 });
    await expect(d.runOnce()).rejects.toThrow(/bağlantı koptu/);
    await d.close();
    const rows = await db.prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.status === 'pending' && r.lockedBy === null && r.lockedUntil === null)).toBe(true);
    expect(sink.messages).toHaveLength(0);
  });
});
