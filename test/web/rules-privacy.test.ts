import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { seedTicket } from '../helpers/seed.js';
import { Agent, seedRoleUsers, webApp, webConfig } from './helpers.js';

describe(`rule editing and personal data requests in the console (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const rulesDir = mkdtempSync(join(tmpdir(), 'bekci-rules-test-'));

  beforeAll(async () => {
    cpSync('rules', rulesDir, { recursive: true });
    db = await createTestDb();
    await seedRoleUsers(db);
    const config = webConfig(db);
    app = await webApp(db, { ...config, rules: { ...config.rules, dir: rulesDir } });
    await seedTicket(db.prisma, { unitId: 'sks', text: 'Kantindeki tostlar bayat, berbat bir hizmet', authorName: 'ayse_k' });
    await seedTicket(db.prisma, { unitId: 'sks', text: 'Teşekkürler, harika bir etkinlikti', authorName: 'mehmet' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  const file = '10-insult.yaml';
  const addRule = (src: string) =>
    `${src.trimEnd()}\n  - id: test-bayat\n    categories: [insult]\n    action: hide\n    when:\n      terms:\n        list: [bayat]\n`;

  it('an invalid edit is refused with file:line problems and the file in force is unchanged', async () => {
    const before = readFileSync(join(rulesDir, file), 'utf8');
    const a = new Agent(app);
    await a.login('iletisimci');
    const check = await a.postHtmx(`/rules/dosya/${file}/dene`, { content: `${before}\n  - id: [bozuk` });
    expect(check.statusCode).toBe(400);
    expect(check.body).toMatch(/yüklenemiyor/);
    const save = await a.post(`/rules/dosya/${file}`, { content: 'rules: 12' });
    expect(save.statusCode).toBe(400);
    expect(save.body).toMatch(/dosya kaydedilmedi/);
    expect(readFileSync(join(rulesDir, file), 'utf8')).toBe(before);
    expect(await db.prisma.ruleFileVersion.count()).toBe(0);
  });

  it('"what would change" lists the stored comments whose decision differs; saving keeps versions and audits', async () => {
    const before = readFileSync(join(rulesDir, file), 'utf8');
    const edited = addRule(before);
    const comms = new Agent(app);
    await comms.login('iletisimci');
    const diff = await comms.postHtmx(`/rules/dosya/${file}/dene`, { content: edited, limit: '50' });
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.body).toMatch(/<strong>1<\/strong> tanesinin kararı değişir/);
    expect(diff.body).toContain('Kantindeki tostlar bayat');
    expect(diff.body).not.toContain('harika bir etkinlikti');
    // Management may look, not save.
    const mgmt = new Agent(app);
    await mgmt.login('rektorluk');
    expect((await mgmt.post(`/rules/dosya/${file}`, { content: edited })).statusCode).toBe(403);
    const saved = await comms.post(`/rules/dosya/${file}`, { content: edited });
    expect(saved.statusCode).toBe(303);
    expect(readFileSync(join(rulesDir, file), 'utf8')).toBe(edited);
    const versions = await db.prisma.ruleFileVersion.findMany({ orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.savedBy])).toEqual([
      [1, 'önceki dosya'],
      [2, 'iletisimci'],
    ]);
    expect(versions[0]!.content).toBe(before);
    expect(await db.prisma.auditLog.count({ where: { action: 'rules.edit', actor: 'iletisimci' } })).toBe(1);
    const play = await comms.postHtmx('/rules/playground', { text: 'tostlar bayat' });
    expect(play.body).toContain('test-bayat');
    expect((await comms.get('/rules/dosya/..%2Fpackage.json')).statusCode).toBe(404);
  });

  it('KVKK: find by author handle, export, delete with a destruction record kept three years; subject never in a URL', async () => {
    const admin = new Agent(app);
    await admin.login('yonetici');
    const found = await admin.post('/kvkk/ara', { subject: '@ayse_k' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Kantindeki tostlar bayat');
    expect(found.body).not.toContain('harika bir etkinlikti');
    const exported = await admin.post('/kvkk/disa-aktar', { subject: 'ayse_k' });
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    expect(JSON.parse(exported.body).comments).toHaveLength(1);
    const noReason = await admin.post('/kvkk/sil', { subject: 'ayse_k', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/Silme gerekçesi gerekli/);
    const del = await admin.post('/kvkk/sil', { subject: 'ayse_k', reason: 'KVKK başvurusu 2026/14' });
    expect(del.statusCode).toBe(200);
    expect(del.body).toMatch(/Silindi: 1 yorum/);
    expect(await db.prisma.comment.count({ where: { authorName: 'ayse_k' } })).toBe(0);
    expect(await db.prisma.comment.count({ where: { authorName: 'mehmet' } })).toBe(1);
    const rec = await db.prisma.destructionRecord.findFirstOrThrow();
    expect(rec.keepUntil.getTime() - rec.createdAt.getTime()).toBeGreaterThan(3 * 365 * 86_400_000);
    expect(JSON.stringify(rec)).not.toContain('ayse_k');
    const comms = new Agent(app);
    await comms.login('iletisimci');
    expect((await comms.post('/kvkk/ara', { subject: 'mehmet' })).statusCode).toBe(403);
  });
});
