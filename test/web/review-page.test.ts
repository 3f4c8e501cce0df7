/** The review queue names what "approve" does: a hidden comment is restored ("Geri aç"), a visible one kept. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket } from '../helpers/seed.js';
import { Agent, seedRoleUsers, webApp } from './helpers.js';

describe(`review queue buttons (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    for (const [text, state] of [
      ['GIZLENMIS yorum', 'hidden'],
      ['GORUNUR yorum', 'visible'],
    ] as const) {
      const { comment } = await seedTicket(db.prisma, { unitId: 'sks', text });
      await db.prisma.comment.update({ where: { id: comment.id }, data: { platformState: state } });
      await db.prisma.reviewItem.create({ data: { commentId: comment.id, reason: 'test' } });
    }
    app = await webApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('labels approve as restore for a hidden comment, and states the platform state in Turkish', async () => {
    const a = new Agent(app);
    await a.login('iletisimci');
    const rows = (await a.get('/review')).body.split('<tr data-row>').slice(1);
    const hidden = rows.find((r) => r.includes('GIZLENMIS'))!;
    const visible = rows.find((r) => r.includes('GORUNUR'))!;
    expect(hidden).toMatch(/platformda: gizli/);
    expect(hidden).toMatch(/:approve" data-key="a" class="secondary">Geri aç</);
    expect(visible).toMatch(/platformda: görünür/);
    expect(visible).toMatch(/:approve" data-key="a" class="secondary">Onayla</);
  });
});
