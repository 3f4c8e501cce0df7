/** The dashboard's figures from stored decisions, reviews and tickets (server-side SVG). */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket } from '../helpers/seed.js';
import { Agent, seedRoleUsers, webApp } from './helpers.js';

/** The value printed after a bar with this label in the chart titled `title`. */
function bar(html: string, title: string, label: string): number | undefined {
  const svg = html.split('<svg').find((s) => s.includes(`aria-label="${title}"`));
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = svg && new RegExp(`>${esc}</text><rect[^>]*></rect><text[^>]*>(\\d+)`).exec(svg);
  return m ? Number(m[1]) : undefined;
}

describe(`dashboard (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    app = await webApp(db);
    const decide = async (categories: string[], action: string, reviewStatus?: string) => {
      const { comment } = await seedTicket(db.prisma, { unitId: 'sks' });
      const d = await db.prisma.decision.create({
        data: {
          commentId: comment.id,
          version: 1,
          ruleSetVersion: 'test',
          categories,
          action,
          matchedRules: [{ id: `kural-${categories[0] ?? 'yok'}`, categories, action, reason: 'test', spans: [] }],
          evidence: {},
        },
      });
      if (reviewStatus) await db.prisma.reviewItem.create({ data: { commentId: comment.id, decisionId: d.id, reason: 'test', status: reviewStatus } });
    };
    await decide(['insult'], 'hide');
    await decide(['insult'], 'hide', 'approved');
    await decide(['insult', 'harassment'], 'delete');
    await decide(['advertising'], 'review');
    await decide([], 'allow');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts actions per category and human reversals per rule', async () => {
    const a = new Agent(app);
    await a.login('rektorluk');
    const page = await a.get('/dashboard');
    expect(page.statusCode).toBe(200);
    const t = 'İşlemler kategoriye göre (son 14 gün)';
    expect(bar(page.body, t, 'hakaret · gizle')).toBe(2);
    expect(bar(page.body, t, 'hakaret · sil')).toBe(1);
    expect(bar(page.body, t, 'taciz/tehdit · sil')).toBe(1);
    expect(bar(page.body, t, 'reklam/spam · incele')).toBe(1);
    expect(page.body).not.toMatch(/· izin ver/);
    expect(bar(page.body, 'İnsanların geri aldığı otomatik işlemler (kurala göre)', 'kural-insult')).toBe(1);
  });
});
