import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { scrubString } from '../../src/logging/scrub.js';
import { generateKey } from '../../src/secrets/index.js';
import { Worker } from '../../src/worker/worker.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { createWorld, makeDue, type World } from '../helpers/world.js';
import { runBekci, type CliRun } from '../helpers/cli.js';

/** Runs `bekci …` in-process against `db`; returns exit code, stdout, stderr. */
function cli(db: TestDb, config: Config, ...argv: string[]): Promise<CliRun> {
  return runBekci(db, config, argv);
}

const SECRET = 'EAAGsekret0123456789abcdef';

describe(`strict command-line inputs (${dbLabel()})`, () => {
  let db: TestDb;
  let config: Config;
  const dir = mkdtempSync(join(tmpdir(), 'bekci-strict-'));
  beforeAll(async () => {
    db = await createTestDb();
    config = { ...loadConfig({ env: {}, cwd: dir }), secrets: { secretKey: generateKey() } } as Config;
  });
  afterAll(async () => db.drop());

  it('an enumerated value outside its list is a usage error (exit 2) that lists the allowed values, and changes nothing', async () => {
    const add = ['accounts', 'add', '--external-id', 'p1', '--name', 'Sayfa', '--unit', 'kurumsal-iletisim', '--token-stdin'];
    const cases: Array<[string[], RegExp]> = [
      [['accounts', 'dry-run', 'hesap-1', 'maybe'], /'mode' argümanı için geçersiz değer; izin verilenler: on, off/],
      [[...add, '--platform', 'tiktok'], /'--platform <platform>' için geçersiz değer; izin verilenler: facebook, instagram, x, youtube/],
      [['users', 'add', 'ali', '--role', 'king'], /'--role <rol>' için geçersiz değer; izin verilenler: admin/],
      [['tickets', 'list', '--status', 'lost'], /izin verilenler: open, assigned, answered, closed/],
      [['tickets', 'list', '--limit', 'çok'], /--limit en az 1 olan bir tam sayı olmalı/],
      [[...add, '--platform', 'x', '--interval', '0'], /--interval en az 1/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(db, config, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
    expect(await db.prisma.account.count()).toBe(0);
    expect(await db.prisma.user.count()).toBe(0);
    expect(await db.prisma.auditLog.count()).toBe(0);
  });

  it('never prints a secret given on an unknown option, nor a fragment of malformed JSON credentials', async () => {
    const required = ['--platform', 'facebook', '--external-id', 'p1', '--name', 'S', '--unit', 'kurumsal-iletisim'];
    const unknown = await cli(db, config, 'accounts', 'add', ...required, `--token=${SECRET}`);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/bilinmeyen seçenek '--token' \(verilen değer gösterilmedi\)/);
    expect(unknown.err + unknown.out).not.toContain('sekret');

    const file = join(dir, 'cred.json');
    writeFileSync(file, `{"accessToken": "${SECRET}", "appSecret": oops}`);
    const args = ['accounts', 'add', '--platform', 'facebook', '--external-id', 'p1', '--name', 'S', '--unit', 'kurumsal-iletisim', '--token-file'];
    const bad = await cli(db, config, ...args, file);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/geçersiz JSON/);
    expect(bad.err + bad.out).not.toMatch(/sekret|oops|EAAG/);

    const wrongPlace = await cli(db, config, ...args, SECRET);
    expect(wrongPlace.code).toBe(2);
    expect(wrongPlace.err + wrongPlace.out).not.toContain('sekret');
    expect(await db.prisma.account.count()).toBe(0);
  });
});

describe(`a review that cannot be carried out records nothing (${dbLabel()})`, () => {
  let world: World;
  let worker: Worker;
  beforeAll(async () => {
    world = await createWorld(['facebook']);
    worker = new Worker({ db: world.db, deps: world.deps, workerId: 'test-worker' });
    await world.db.prisma.user.create({ data: { name: 'ayse', role: 'comms' } });
  });
  afterAll(async () => {
    await worker.close();
    await world.close();
  });

  it('`review remove` without the master key exits non-zero and leaves the item open', async () => {
    const fb = world.post(0, 'BAK bu yoruma');
    await makeDue(world);
    await worker.tick();
    const item = await world.db.prisma.reviewItem.findFirstOrThrow({ where: { comment: { externalId: fb } } });
    const keyless = { ...world.config, secrets: {} } as Config;
    const r = await cli(world.db, keyless, 'review', 'remove', item.id, '--by', 'ayse');
    expect(r.code).not.toBe(0);
    expect((await world.db.prisma.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('open');
    expect(await world.db.prisma.platformAction.count({ where: { requestedBy: 'ayse' } })).toBe(0);
    expect(await world.db.prisma.auditLog.count({ where: { action: 'review.remove' } })).toBe(0);

    const ok = await cli(world.db, world.config, 'review', 'remove', item.id, '--by', 'ayse');
    expect(ok.code).toBe(0);
    expect((await world.db.prisma.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('removed');
  });
});

describe('the log scrubber redacts identifiers, not every long number', () => {
  it('keeps migration names, timestamps and platform ids readable', () => {
    for (const keep of ['20261122000000_init uygulandı', 'yorum 17841400000000000_123', 'ms=1732900000123', 'kimlik 1234567890123456']) {
      expect(scrubString(keep), keep).toBe(keep);
    }
  });

  it('still masks national ids, phones, cards and student numbers', () => {
    const cases = [
      'TC 10000000146',
      'eski no 12345678901',
      'tel 05321234567',
      'tel 0532 123 45 67',
      'kart 4111111111111111',
      'öğrenci 201912345',
      'cep 5321234567',
      '+90 532 123 45 67',
    ];
    for (const text of cases) expect(scrubString(text), text).toMatch(/\[NUMARA\]$/);
  });
});
