/** The ticket page's due-time line: the SLA countdown for open tickets, nothing stray for closed ones. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket } from '../helpers/seed.js';
import { Agent, seedRoleUsers, webApp } from './helpers.js';

describe(`ticket page due time (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    app = await webApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('shows the countdown under the due time of an open ticket and no dash under a closed one', async () => {
    const open = (await seedTicket(db.prisma, { unitId: 'sks', text: 'açık kayıt' })).ticket;
    const closed = (await seedTicket(db.prisma, { unitId: 'sks', status: 'closed', text: 'kapalı kayıt' })).ticket;
    const a = new Agent(app);
    await a.login('sks-personel');
    const dueLine = async (n: number) => /<strong>Son yanıt zamanı:<\/strong>(.*?)<\/p>/s.exec((await a.get(`/tickets/${n}`)).body)![1]!;
    expect(await dueLine(open.number)).toMatch(/<br><span class="sla-(ok|warn)">[\d,]+ iş saati kaldı<\/span>$/);
    const line = await dueLine(closed.number);
    expect(line).not.toMatch(/—|<br>/);
    expect(line).toMatch(/\d{2}\.\d{2}\.\d{4}/);
  });
});
