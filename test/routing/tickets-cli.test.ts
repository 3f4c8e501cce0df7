import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { openTicketForComment } from '../../src/tickets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig } from '../mail/helpers.js';
import { makeComment } from './helpers.js';
import { runBekci } from '../helpers/cli.js';

describe(`bekci tickets list (${dbLabel()})`, () => {
  let db: TestDb;
  let config: Config;
  const run = (...argv: string[]) => runBekci(db, config, argv);
  beforeAll(async () => {
    db = await createTestDb();
    config = mailConfig(0, {}, { units: [{ id: 'hukuk-fakultesi', name: 'Hukuk Fakültesi', kind: 'academic' }] } as Partial<Config>);
    const router = loadRouter(config.routing.file);
    await syncUnits(db.prisma, router, config);
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim');
    await openTicketForComment(
      { prisma: db.prisma, router, config },
      { commentId, accountUnitId: 'kurumsal-iletisim', platform: 'x', authorId: 'a', kind: 'complaint', redactedText: 'Yemekhanede yemekler soğuk.' },
    );
  });
  afterAll(async () => db?.drop());

  it('an unknown --directorate is an error listing the known ids', async () => {
    const r = await run('tickets', 'list', '--directorate', 'nope');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/Bilinmeyen birim: nope\. Bilinen birimler: .*hukuk-fakultesi.*sks/);
  });

  it('a known directorate or unit without tickets lists nothing; one with tickets lists them', async () => {
    expect(await run('tickets', 'list', '--directorate', 'hukuk-fakultesi')).toMatchObject({ code: 0, out: 'Kayıt yok.\n' });
    const sks = await run('tickets', 'list', '--directorate', 'sks');
    expect(sks.code).toBe(0);
    expect(sks.out).toMatch(/^#1 .* sks /);
  });
});
