import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { openDb, type Db } from '../../src/db/index.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig, silentLogger } from './helpers.js';

/**
 * A transport that "dies" after `okSends` messages: later sends never return, like a process that was
 * killed. With `acceptThenDie`, the fatal send reaches the server first (death between the server's
 * acceptance and the database commit).
 */
function dyingTransport(port: number, okSends: number, acceptThenDie = false): { transport: Transporter; real: Transporter } {
  const real = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections: 3 });
  let n = 0;
  const never = new Promise<never>(() => undefined);
  const transport = {
    sendMail: async (msg: SendMailOptions) => {
      n++;
      if (n <= okSends) return real.sendMail(msg);
      if (acceptThenDie && n === okSends + 1) await real.sendMail(msg);
      return never;
    },
    close: () => undefined,
  } as unknown as Transporter;
  return { transport, real };
}

describe(`crash, resume and concurrency (${dbLabel()})`, () => {
  let db: TestDb;
  let sink: SmtpSink;
  let config: Config;
  beforeAll(async () => {
    db = await createTestDb();
    sink = new SmtpSink();
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

  const enqueue = async (n: number, tag: string): Promise<string[]> => {
    const to: string[] = [];
    for (let i = 0; i < n; i++) {
      const addr = `${tag}${i}@example.org`;
      to.push(addr);
      await enqueueMail(db.prisma, { kind: 'escalation', to: addr, subject: 'SLA aşıldı', body: 'Çağrı süresinde yanıtlanmadı.', dedupeKey: `${tag}:${i}` });
    }
    return to;
  };

  it('a dispatcher that dies mid-send is finished by another without duplicates', async () => {
    const to = await enqueue(20, 'crash');
    const lockMs = 60_000;
    const dying = dyingTransport(sink.port, 7);
    const a = new MailDispatcher({
      prisma: db.prisma,
      config: { ...config, workerId: 'olen-isci' },
      logger: silentLogger(),
      transport: dying.transport,
      lockMs,
      batchSize: 10,
    });
    void a.runOnce(); // never finishes: the "process" hangs forever after 7 sends
    await waitFor(async () => (await db.prisma.outboxMessage.count({ where: { status: 'sent' } })) === 7);
    await new Promise((r) => setTimeout(r, 100));
    const stuck = await db.prisma.outboxMessage.count({ where: { status: 'sending' } });
    expect(stuck).toBeGreaterThan(0);
    // Before the lock expires nobody touches the dead worker's rows.
    const early = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger(), lockMs });
    await early.runOnce();
    await early.close();
    expect(await db.prisma.outboxMessage.count({ where: { status: 'sending' } })).toBe(stuck);
    const later = Date.now() + lockMs + 1_000;
    const b = new MailDispatcher({
      prisma: db.prisma,
      config: { ...config, workerId: 'yeni-isci' },
      logger: silentLogger(),
      now: () => new Date(later),
      lockMs,
    });
    await b.runOnce();
    await b.close();
    dying.real.close();
    expect(await db.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(20);
    expect([...sink.byRecipient.keys()].sort()).toEqual([...to].sort());
    expect([...sink.byRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(await db.prisma.delivery.count({ where: { outcome: 'interrupted' } })).toBe(stuck);
  });

  it('the only duplicate window (accepted, then death before the commit) repeats the same Message-ID', async () => {
    await enqueue(5, 'pencere');
    const dying = dyingTransport(sink.port, 2, true);
    const a = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger(), transport: dying.transport, batchSize: 5 });
    void a.runOnce();
    await waitFor(async () => sink.messages.length >= 3);
    // The two good sends are committed by the (still alive) first worker before its lock could expire.
    await waitFor(async () => (await db.prisma.outboxMessage.count({ where: { status: 'sent' } })) === 2);
    const later = Date.now() + 10 * 60_000;
    const b = new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger(), now: () => new Date(later) });
    await b.runOnce();
    await b.close();
    dying.real.close();
    expect(sink.byRecipient.size).toBe(5);
    const twice = [...sink.byMessageId.entries()].filter(([, n]) => n > 1);
    expect(twice.length).toBeLessThanOrEqual(1);
    expect(sink.byMessageId.size).toBe(5); // a repeat carries the same Message-ID
  });

  it('concurrent dispatchers on one database never send a row twice', async () => {
    const to = await enqueue(60, 'es');
    // PostgreSQL: three clients, as three worker processes would have. SQLite is single-process by
    // design (better-sqlite3 waits for locks synchronously, so several connections in one event loop
    // would block each other); there the dispatchers share one client and still race for rows.
    const pg = dbLabel() === 'postgresql';
    const clients: Db[] = pg ? await Promise.all([openDb(db.url), openDb(db.url), openDb(db.url)]) : [db, db, db];
    const ds = clients.map(
      (c, i) => new MailDispatcher({ prisma: c.prisma, config: { ...config, workerId: `isci-${i}` }, logger: silentLogger(), batchSize: 5 }),
    );
    const results = await Promise.all(ds.map((d) => d.runOnce()));
    await Promise.all(ds.map((d) => d.close()));
    if (pg) await Promise.all(clients.map((c) => c.close()));
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(60);
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    expect(sink.byRecipient.size).toBe(to.length);
    expect([...sink.byRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(await db.prisma.delivery.count()).toBe(60);
  });
});

async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
