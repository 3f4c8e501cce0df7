import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb, type Db } from '../../src/db/index.js';

/**
 * A fresh, migrated database for one test file. With DATABASE_URL=postgresql://… (as .ci/run sets it
 * for its second pass) each call gets its own schema on that server; otherwise a temporary SQLite file.
 */
export interface TestDb extends Db {
  url: string;
  drop(): Promise<void>;
}

export function testDbUrl(): { url: string; cleanup: () => Promise<void> } {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const u = new URL(base);
    u.searchParams.set('schema', schema);
    return {
      url: u.toString(),
      cleanup: async () => {
        const { default: pg } = await import('pg');
        u.searchParams.delete('schema');
        const client = new pg.Client({ connectionString: u.toString() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bekci-test-'));
  return { url: `file:${join(dir, 'test.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createTestDb(): Promise<TestDb> {
  const { url, cleanup } = testDbUrl();
  await migrate(url);
  const db = await openDb(url);
  return {
    ...db,
    url,
    drop: async () => {
      await db.close();
      await cleanup();
    },
  };
}

export const dbLabel = (): string => (/^postgres/.test(process.env.DATABASE_URL ?? '') ? 'postgresql' : 'sqlite');
