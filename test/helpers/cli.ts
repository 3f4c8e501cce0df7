import { runCli } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import type { Config } from '../../src/config/index.js';
import type { Db } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/logger.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `bekci …` in-process against `db` with `config`; returns the exit code and what it printed
 * (each printed piece ends in one newline). `process.exitCode` is left as it was found.
 */
export async function runBekci(db: Db, config: Config | (() => Config), argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  const ctx: CliContext = {
    config: typeof config === 'function' ? config : () => config,
    db: async () => db,
    logger: () => createLogger({ level: 'silent', format: 'json' }),
    out: (t) => void (out += line(t)),
    err: (t) => void (err += line(t)),
    close: async () => undefined,
  };
  process.exitCode = undefined;
  const code = await runCli(argv, ctx);
  process.exitCode = undefined;
  return { code, out, err };
}
