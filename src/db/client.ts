import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DbProvider } from '../config/index.js';
import type { PrismaClient } from './generated/sqlite/client.js';
import { checkSqliteBinding } from './sqlite-binding.js';

/**
 * One Prisma client type for both providers. The two generated clients differ only in the provider
 * they were generated for; their model API is identical because both come from prisma/models.prisma.
 */
export type Prisma = PrismaClient;

export interface Db {
  readonly prisma: Prisma;
  readonly provider: DbProvider;
  /** PostgreSQL schema in use (tests isolate themselves with `?schema=`), or undefined. */
  readonly schema: string | undefined;
  /** Idempotent. */
  close(): Promise<void>;
}

export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

/** `file:./data/bekci.db` → absolute path, relative to the working directory. */
export function sqlitePath(url: string, cwd = process.cwd()): string {
  const raw = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return resolve(cwd, raw);
}

/** Splits `?schema=` off a PostgreSQL URL (node-postgres does not understand it). */
export function pgConnection(url: string): { connectionString: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

export interface OpenDbOptions {
  /** Called for every SQL statement the client sends (benchmarks count statements with it). */
  onQuery?: (query: string) => void;
}

/** Opens the database named by `url` through the matching driver adapter. Does not migrate. */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  const log = (options.onQuery ? { log: [{ level: 'query', emit: 'event' }] } : {}) as object;
  const provider = providerOf(url);
  let prisma: Prisma;
  let schema: string | undefined;
  if (provider === 'sqlite') {
    await checkSqliteBinding();
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('./generated/sqlite/client.js')]);
    prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 15_000 }), ...log });
    // WAL lets readers (CLI commands) work while the worker writes.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 15000');
    // better-sqlite3 runs every statement on the event loop, so a commit waiting for fsync holds
    // every timer and request of the worker. In WAL mode NORMAL syncs at checkpoints only: the database
    // stays consistent; a power cut may lose the last commits, which the worker repeats safely (a poll
    // whose cursor did not move is read again; an action whose outcome is lost is checked first).
    await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  } else {
    const conn = pgConnection(url);
    schema = conn.schema;
    const [{ PrismaPg }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgresql/client.js')]);
    const adapter = new PrismaPg(
      { connectionString: conn.connectionString, max: 5, ...(schema ? { options: `-c search_path="${schema}"` } : {}) },
      schema ? { schema } : undefined,
    );
    prisma = new PrismaClient({ adapter, ...log }) as unknown as Prisma;
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (ev) => onQuery(ev.query));
  }
  let closing: Promise<void> | undefined;
  return {
    prisma,
    provider,
    schema,
    close: () => (closing ??= prisma.$disconnect()),
  };
}
