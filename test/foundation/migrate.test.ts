import { afterEach, describe, expect, test } from 'vitest';
import { loadMigrations, migrate, MigrationError, openDb } from '../../src/db/index.js';
import { dbLabel, testDbUrl } from '../helpers/db.js';

describe(`migrations on ${dbLabel()}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  test('applying twice changes nothing the second time', async () => {
    const { url, cleanup } = testDbUrl();
    cleanups.push(cleanup);
    const first = await migrate(url);
    const shipped = loadMigrations(dbLabel() as 'sqlite' | 'postgresql');
    expect(first.applied).toEqual(shipped.map((m) => m.name));
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(shipped.length);

    const db = await openDb(url);
    try {
      await db.prisma.unit.create({ data: { id: 'sks', kind: 'directorate', name: 'Sağlık Kültür Spor' } });
      expect(await db.prisma.unit.count()).toBe(1);
    } finally {
      await db.close();
    }
  });

  test('a database migrated by a newer version is refused with a clear message', async () => {
    const { url, cleanup } = testDbUrl();
    cleanups.push(cleanup);
    await migrate(url);
    const db = await openDb(url);
    try {
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('future', 'x', '29990101000000_from_the_future', CURRENT_TIMESTAMP, 1)`,
      );
    } finally {
      await db.close();
    }
    const err = await migrate(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toContain('29990101000000_from_the_future');
    expect((err as Error).message).toMatch(/daha yeni/);
  });

  test('concurrent migrations of one database apply each migration once', async () => {
    const { url, cleanup } = testDbUrl();
    cleanups.push(cleanup);
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const total = results.reduce((n, r) => n + r.applied.length, 0);
    expect(total).toBe(loadMigrations(dbLabel() as 'sqlite' | 'postgresql').length);
  });
});
