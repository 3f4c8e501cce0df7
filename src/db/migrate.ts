import { BekciError } from '../core/errors.js';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbProvider } from '../config/index.js';
import { pgConnection, providerOf, sqlitePath } from './client.js';
import { mkdirSync } from 'node:fs';

/**
 * Applies the committed migrations in prisma/<provider>/migrations. Prisma's own `migrate deploy`
 * cannot run here (no engine downloads; its Wasm engine fails on PostgreSQL 15), so this does the same
 * job and keeps the same bookkeeping: the `_prisma_migrations` table with sha256 checksums of each
 * migration.sql, so a machine with Prisma's engines sees the same history.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('setup', message, options);
  }
}

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function migrationsDir(provider: DbProvider): string {
  return join(projectRoot, 'prisma', provider, 'migrations');
}

export function loadMigrations(provider: DbProvider): Migration[] {
  const dir = migrationsDir(provider);
  if (!existsSync(dir)) throw new MigrationError(`migrations folder missing: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Checks the recorded history against the migrations this version ships; returns those to apply. */
function plan(known: Migration[], rows: AppliedRow[]): Migration[] {
  const byName = new Map(known.map((m) => [m.name, m]));
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    const m = byName.get(row.migration_name);
    if (!m) {
      throw new MigrationError(
        `Veritabanı bu sürümden daha yeni bir bekci sürümüyle taşınmış (bilinmeyen migration: ${row.migration_name}). ` +
          "Bu sürümle çalıştırmak veriyi bozabilir; bekci'yi güncelleyin.",
      );
    }
    if (!row.finished_at) {
      throw new MigrationError(`Migration ${row.migration_name} yarım kalmış; veritabanını elle kontrol edin.`);
    }
    if (row.checksum !== m.checksum) {
      throw new MigrationError(`Migration ${row.migration_name} uygulandıktan sonra değiştirilmiş (checksum farklı).`);
    }
  }
  const done = new Set(rows.filter((r) => !r.rolled_back_at).map((r) => r.migration_name));
  return known.filter((m) => !done.has(m.name));
}

export async function migrate(url: string): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = loadMigrations(provider);
  return provider === 'sqlite' ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

async function migrateSqlite(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const { default: Database } = await import('better-sqlite3');
  const file = sqlitePath(url);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied: string[] = [];
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting together serialise here.
    const run = db.transaction(() => {
      const rows = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as AppliedRow[];
      const pending = plan(migrations, rows);
      for (const m of pending) {
        const id = randomUUID();
        db.prepare('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (?, ?, ?, ?)').run(id, m.checksum, m.name, Date.now());
        db.exec(m.sql);
        db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(Date.now(), id);
        applied.push(m.name);
      }
      return rows.length;
    });
    const before = run.immediate();
    return { applied, alreadyApplied: before };
  } finally {
    db.close();
  }
}

/** Arbitrary constant: the advisory lock that serialises concurrent migrations of one database. */
const MIGRATION_LOCK_KEY = 0x62656b63; // "bekc"

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const { default: pg } = await import('pg');
  const conn = pgConnection(url);
  const client = new pg.Client({ connectionString: conn.connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    if (conn.schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${conn.schema.replace(/"/g, '')}"`);
      await client.query(`SET search_path TO "${conn.schema.replace(/"/g, '')}"`);
    }
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const pending = plan(migrations, rows);
    const applied: string[] = [];
    for (const m of pending) {
      const id = randomUUID();
      // A migration that targets "public" explicitly must follow the configured schema instead.
      const sql = conn.schema ? m.sql.replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, '') : m.sql;
      await client.query('BEGIN');
      try {
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, m.checksum, m.name]);
        await client.query(sql);
        await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(`Migration ${m.name} uygulanamadı: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: rows.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
