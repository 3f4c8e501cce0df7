import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/mail/outbox.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';

describe(`enqueueMail (${dbLabel()})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates one row per dedupe key, also when called concurrently', async () => {
    const input = { kind: 'ticket_new', to: 'birim@universite.edu.tr', subject: 'Yeni talep', body: 'Gövde', dedupeKey: 'ticket:1:new:birim' };
    const first = await enqueueMail(db.prisma, input);
    expect(first.created).toBe(true);
    const again = await enqueueMail(db.prisma, input);
    expect(again).toEqual({ id: first.id, created: false });
    const many = await Promise.all(Array.from({ length: 5 }, () => enqueueMail(db.prisma, { ...input, dedupeKey: 'ticket:2:new:birim' })));
    expect(many.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(many.map((r) => r.id)).size).toBe(1);
    expect(await db.prisma.outboxMessage.count()).toBe(2);
  });
});
