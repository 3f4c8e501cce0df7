import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerOf } from '../db/client.js';

/**
 * A throw-away database next to `base`: its own schema on the same PostgreSQL server, or a temporary
 * SQLite file when `base` is SQLite or absent. For benchmarks and tests; `cleanup` removes it.
 */
export function scratchDatabase(base: string | undefined, prefix = 'scratch'): { url: string; cleanup: () => Promise<void> } {
  if (base && providerOf(base) === 'postgresql') {
    const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
    const u = new URL(base);
    u.searchParams.set('schema', schema);
    return {
      url: u.toString(),
      cleanup: async () => {
        const { default: pg } = await import('pg');
        const server = new URL(u);
        server.searchParams.delete('schema');
        const client = new pg.Client({ connectionString: server.toString() });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `bekci-${prefix}-`));
  return { url: `file:${join(dir, 'bekci.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}
