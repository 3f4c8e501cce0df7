import { randomBytes } from 'node:crypto';
import type { DbProvider } from '../config/index.js';

/**
 * Hand-written SQL for the hot paths (ingest of a page, the ticket queue) on both providers: one
 * multi-row statement instead of one Prisma call per row. Values are always bound parameters.
 *
 * Column types need care because raw SQL bypasses Prisma's mapping: on SQLite the driver adapter
 * turns a `Date` into the same text Prisma writes and a boolean into 0/1; on PostgreSQL timestamps are
 * sent as ISO strings cast to `timestamp(3)` (Prisma's column type, UTC) and JSON as text cast to `jsonb`.
 */

/** Anything that runs raw SQL: a Prisma client or an interactive transaction. */
export interface RawRunner {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export type ColumnKind = 'text' | 'int' | 'bool' | 'ts' | 'json';

export interface Column {
  name: string;
  kind: ColumnKind;
}

/** Largest number of bound parameters per statement (SQLite allows 32,766; PostgreSQL 65,535). */
const MAX_PARAMS = 30_000;

/** Random bytes drawn from the CSPRNG in blocks: one call per 512 ids instead of one per id. */
let pool = Buffer.alloc(0);
let poolAt = 0;

/** A new primary key in the spirit of Prisma's cuid(): time-ordered prefix, random tail. */
export function newId(): string {
  if (poolAt + 8 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  const tail = pool.toString('hex', poolAt, poolAt + 8);
  poolAt += 8;
  return `c${Date.now().toString(36)}${tail}`;
}

export class Sql {
  constructor(readonly provider: DbProvider) {}

  /** The placeholder for parameter number `n` (1-based) of the given kind. */
  param(n: number, kind: ColumnKind = 'text'): string {
    if (this.provider === 'sqlite') return '?';
    if (kind === 'ts') return `$${n}::timestamp(3)`;
    if (kind === 'json') return `$${n}::jsonb`;
    return `$${n}`;
  }

  /** A JavaScript value as the driver must receive it for a column of this kind. */
  value(v: unknown, kind: ColumnKind): unknown {
    if (v === null || v === undefined) return null;
    switch (kind) {
      case 'ts':
        return this.provider === 'sqlite' ? v : (v as Date).toISOString();
      case 'json':
        return JSON.stringify(v);
      case 'bool':
        return this.provider === 'sqlite' ? (v ? 1 : 0) : !!v;
      default:
        return v;
    }
  }

  /** `"a", "b"` */
  static names(cols: readonly string[]): string {
    return cols.map((c) => `"${c}"`).join(', ');
  }

  /**
   * Multi-row INSERT, split into as few statements as the parameter limit allows. `conflict` names the
   * unique key for `ON CONFLICT (…) DO NOTHING`, or, with `update`, `DO UPDATE` of those columns from the
   * row offered (an upsert); `returning` lists columns to read back from the rows actually inserted
   * (rows skipped by the conflict clause are not returned).
   */
  async insertMany<R = Record<string, unknown>>(
    db: RawRunner,
    table: string,
    columns: readonly Column[],
    rows: ReadonlyArray<Record<string, unknown>>,
    opts: { conflict?: readonly string[]; update?: readonly string[]; returning?: readonly string[]; onStatement?: () => void } = {},
  ): Promise<R[]> {
    const out: R[] = [];
    if (rows.length === 0) return out;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => {
        const ph = columns.map((c) => {
          values.push(this.value(row[c.name], c.kind));
          return this.param(values.length, c.kind);
        });
        return `(${ph.join(', ')})`;
      });
      let sql = `INSERT INTO "${table}" (${Sql.names(columns.map((c) => c.name))}) VALUES ${tuples.join(', ')}`;
      if (opts.conflict) {
        sql += ` ON CONFLICT (${Sql.names(opts.conflict)}) `;
        sql += opts.update?.length ? `DO UPDATE SET ${opts.update.map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : 'DO NOTHING';
      }
      opts.onStatement?.();
      if (opts.returning?.length) {
        sql += ` RETURNING ${Sql.names(opts.returning)}`;
        out.push(...(await db.$queryRawUnsafe<R[]>(sql, ...values)));
      } else {
        await db.$executeRawUnsafe(sql, ...values);
      }
    }
    return out;
  }

  /** `IN (…)` placeholders for `values`, numbered from `first`. */
  inList(first: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.param(first + i)).join(', ');
  }
}

/**
 * Options for the interactive transactions of the bulk paths: Prisma's default (5 s) is too short for a
 * page of 100 comments on a loaded machine, and a transaction that outlives it is rolled back halfway.
 */
export const BULK_TX = { maxWait: 30_000, timeout: 120_000 } as const;
