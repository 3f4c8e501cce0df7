#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { AccessDenied } from '../access/authz.js';
import { ConfigError } from '../config/index.js';
import { MigrationError } from '../db/index.js';
import { SecretKeyError } from '../secrets/index.js';
import { CliError, createCliContext, type CliContext } from './context.js';
import { registerCommands } from './commands.js';

/** Builds the `bekci` program. Exported for tests, which run commands in-process. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('bekci')
    .description('Bekçi: üniversitenin resmi sosyal medya hesaplarını temiz tutar, geri bildirimleri ilgili birime yönlendirir')
    .version('0.1.0')
    .showHelpAfterError('(yardım için: --help)')
    .configureOutput({ outputError: (text, write) => write(turkishUsageError(text)) })
    .exitOverride();
  registerCommands(program, ctx);
  return program;
}

/** Commander's usage errors, in Turkish (commander itself has no translations). */
const USAGE_ERRORS: Array<[RegExp, string]> = [
  [/^error: unknown command '(.*)'/, "hata: bilinmeyen komut '$1'"],
  [/^error: unknown option '(.*)'/, "hata: bilinmeyen seçenek '$1'"],
  [/^error: missing required argument '(.*)'/, "hata: '$1' argümanı gerekli"],
  [/^error: required option '(.*)' not specified/, "hata: '$1' seçeneği gerekli"],
  [/^error: option '(.*)' argument missing/, "hata: '$1' seçeneğinin değeri eksik"],
  [/^error: too many arguments(.*)/, 'hata: fazla argüman$1'],
];

export function turkishUsageError(text: string): string {
  for (const [re, tr] of USAGE_ERRORS) if (re.test(text)) return text.replace(re, tr);
  return text;
}

/** Messages users can act on are printed without a stack trace. */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof ConfigError) return { message: err.message, exitCode: 2 };
  if (err instanceof AccessDenied) return { message: `Yetki yok: ${err.message}`, exitCode: 1 };
  if (err instanceof SecretKeyError || err instanceof MigrationError) return { message: `Hata: ${err.message}`, exitCode: 1 };
  return { message: `Beklenmeyen hata: ${err instanceof Error ? err.message : String(err)}`, exitCode: 1 };
}

export async function runCli(argv: string[], ctx: CliContext = createCliContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Help and version exit 0; every other parse error (unknown command or option, missing argument) is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { message, exitCode } = describeError(err);
    ctx.err(message);
    if (!(err instanceof CliError || err instanceof ConfigError || err instanceof AccessDenied) && process.env.BEKCI_DEBUG) ctx.err(String((err as Error).stack));
    return exitCode;
  } finally {
    await ctx.close();
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/bekci')) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
