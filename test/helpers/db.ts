import { migrate, openDb, type Db } from '../../src/db/index.js';
import { scratchDatabase } from '../../src/harness/scratch-db.js';

/**
 * A fresh, migrated database for one test file. With DATABASE_URL=postgresql://… (as .ci/run sets it
 * for its second pass) each call gets its own schema on that server; otherwise a temporary SQLite file.
 */
export interface TestDb extends Db {
  url: string;
  drop(): Promise<void>;
}

export function testDbUrl(): { url: string; cleanup: () => Promise<void> } {
  return scratchDatabase(process.env.DATABASE_URL, 't');
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
