import { loadConfig, type Config } from '../config/index.js';
import { BekciError } from '../core/errors.js';
import { migrate, openDb, type Db } from '../db/index.js';
import { createLogger, type Logger } from '../logging/logger.js';

/** A failure the user can act on, raised by a command itself: printed as its message only (no stack), with an exit code. */
export class CliError extends BekciError {
  constructor(message: string, exitCode = 1) {
    super(exitCode === 2 ? 'usage' : 'general', message, { exitCode });
  }
}

/**
 * What every command gets: configuration, database and logger, each created on first use and only
 * once, so that `bekci rules explain` never opens a database and `bekci config check` never connects.
 */
export interface CliContext {
  config(): Config;
  db(): Promise<Db>;
  logger(): Logger;
  /** Command output (stdout). */
  out(text: string): void;
  /** Messages for the person at the terminal (stderr). */
  err(text: string): void;
  /** Closes whatever was opened. Idempotent. */
  close(): Promise<void>;
}

export function createCliContext(io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {}): CliContext {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let config: Config | undefined;
  let logger: Logger | undefined;
  let db: Promise<Db> | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig()),
    logger: () => (logger ??= createLogger({ level: ctx.config().log.level, format: ctx.config().log.format, destination: stderr })),
    db: () =>
      (db ??= (async () => {
        const c = ctx.config();
        if (c.database.migrateOnStart) {
          const result = await migrate(c.databaseUrl);
          if (result.applied.length) ctx.logger().info({ applied: result.applied }, 'veritabanı güncellendi');
        }
        return openDb(c.databaseUrl);
      })()),
    out: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    close: async () => {
      if (db) await (await db.catch(() => undefined))?.close();
      logger?.flush();
    },
  };
  return ctx;
}
