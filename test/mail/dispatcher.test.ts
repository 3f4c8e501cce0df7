import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig, silentLogger } from './helpers.js';

describe(`MailDispatcher (${dbLabel()})`, () => {
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

  const enqueue = async (n: number, kind = 'ticket_new'): Promise<void> => {
    for (let i = 0; i < n; i++) {
      await enqueueMail(db.prisma, {
        kind,
        to: `kisi${i}@example.org`,
        subject: 'Şikâyet: öğrenci işleri',
        body: 'Merhaba, çağrı açıldı.',
        dedupeKey: `t:${kind}:${i}`,
      });
    }
  };

  it('sends every pending row once, with a stable Message-ID and Auto-Submitted', async () => {
    const sink = new SmtpSink();
    const port = await sink.listen();
    await enqueue(12);
    const d = new MailDispatcher({ prisma: db.prisma, config: mailConfig(port), logger: silentLogger() });
    expect(await d.runOnce()).toEqual({ sent: 12, failed: 0, retried: 0 });
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    await d.close();
    await d.close();
    await sink.close();
    expect(sink.messages).toHaveLength(12);
    expect([...sink.byRecipient.values()].every((n) => n === 1)).toBe(true);
    const rows = await db.prisma.outboxMessage.findMany();
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(r.messageId).toBe(`<${r.id}.bekci@universite.edu.tr>`);
      expect(sink.byMessageId.get(r.messageId!)).toBe(1);
    }
    const h = sink.messages[0]!.headers;
    expect(h).toMatch(/^Auto-Submitted: auto-generated$/im);
    expect(h).toMatch(/^Subject: =\?UTF-8\?/im);
  });

  it('SMTP down: rows stay pending with backoff, then all go out once it is back', async () => {
    const sink = new SmtpSink();
    const port = await sink.listen();
    await sink.close(); // nothing listens on `port` now
    await enqueue(6);
    let clock = Date.now();
    const d = new MailDispatcher({ prisma: db.prisma, config: mailConfig(port), logger: silentLogger(), now: () => new Date(clock) });
    const down = await d.runOnce();
    expect(down.sent).toBe(0);
    expect(down.failed).toBe(0);
    expect(down.retried).toBeGreaterThan(0);
    const rows = await db.prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.status === 'pending' && r.nextAttemptAt.getTime() > clock && r.attempts === 0)).toBe(true);
    expect(await db.prisma.delivery.count({ where: { outcome: 'temporary_failure' } })).toBeGreaterThan(0);
    // Not due yet: nothing happens.
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    const back = new SmtpSink();
    await back.listen(port);
    clock += 60 * 60_000;
    expect((await d.runOnce()).sent).toBe(6);
    await d.close();
    await back.close();
    expect(back.byRecipient.size).toBe(6);
    expect([...back.byRecipient.values()].every((n) => n === 1)).toBe(true);
  });

  it('a permanent 5xx is recorded as failed with the server answer; 4xx is retried up to maxAttempts', async () => {
    const sink = new SmtpSink({
      rejectRecipient: (a) =>
        a.startsWith('kisi0@')
          ? { code: 550, message: 'Böyle bir posta kutusu yok' }
          : a.startsWith('kisi1@')
            ? { code: 451, message: 'Geçici hata' }
            : undefined,
    });
    const port = await sink.listen();
    await enqueue(3);
    let clock = Date.now();
    const d = new MailDispatcher({ prisma: db.prisma, config: mailConfig(port, { maxAttempts: 3 }), logger: silentLogger(), now: () => new Date(clock) });
    expect(await d.runOnce()).toEqual({ sent: 1, failed: 1, retried: 1 });
    clock += 3_600_000;
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    clock += 3_600_000;
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    await d.close();
    await sink.close();
    const byAddr = new Map((await db.prisma.outboxMessage.findMany({ include: { deliveries: true } })).map((r) => [r.toAddress, r]));
    const perm = byAddr.get('kisi0@example.org')!;
    expect(perm.status).toBe('failed');
    expect(perm.deliveries).toHaveLength(1);
    expect(perm.deliveries[0]!.outcome).toBe('permanent_failure');
    expect(perm.deliveries[0]!.response).toMatch(/550.*posta kutusu yok/);
    const temp = byAddr.get('kisi1@example.org')!;
    expect(temp.status).toBe('failed');
    expect(temp.attempts).toBe(3);
    expect(temp.deliveries.map((x) => x.outcome)).toEqual(['temporary_failure', 'temporary_failure', 'temporary_failure']);
  });
});
