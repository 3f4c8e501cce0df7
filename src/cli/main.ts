#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { debugRequested } from '../config/index.js';
import { BekciError, ERROR_CATALOGUE } from '../core/errors.js';
import { createCliContext, type CliContext } from './context.js';
import { registerCommands } from './commands.js';

/** Builds the `bekci` program. Exported for tests, which run commands in-process. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('bekci')
    .description('Bekçi: üniversitenin resmi sosyal medya hesaplarını temiz tutar, geri bildirimleri ilgili birime yönlendirir')
    .version('0.1.0')
    .showHelpAfterError('(yardım için: --help)')
    .configureOutput({
      writeOut: (text) => ctx.out(text),
      writeErr: (text) => ctx.err(text),
      outputError: (text, write) => write(turkishUsageError(text)),
    })
    .exitOverride();
  registerCommands(program, ctx);
  return program;
}

/** Commander's usage errors, in Turkish (commander itself has no translations). */
const USAGE_ERRORS: Array<[RegExp, string]> = [
  [/^error: unknown command '(.*)'/, "hata: bilinmeyen komut '$1'"],
  // `--token=VALUE`: the value may be a secret typed on the wrong option; only the option's name is shown.
  [/^error: unknown option '([^'=]*)=[^']*'/, "hata: bilinmeyen seçenek '$1' (verilen değer gösterilmedi)"],
  [/^error: unknown option '(.*)'/, "hata: bilinmeyen seçenek '$1'"],
  // A rejected value is not repeated (it could be anything pasted there); the allowed ones are listed.
  [/^error: option '(.*)' argument '.*' is invalid\. Allowed choices are (.*)\./, "hata: '$1' için geçersiz değer; izin verilenler: $2"],
  [
    /^error: command-argument value '.*' is invalid for argument '(.*)'\. Allowed choices are (.*)\./,
    "hata: '$1' argümanı için geçersiz değer; izin verilenler: $2",
  ],
  [/^error: option '(.*)' argument '.*' is invalid\. (.*)/, "hata: '$1' için geçersiz değer: $2"],
  [/^error: command-argument value '.*' is invalid for argument '(.*)'\. (.*)/, "hata: '$1' argümanı için geçersiz değer: $2"],
  [/^error: missing required argument '(.*)'/, "hata: '$1' argümanı gerekli"],
  [/^error: required option '(.*)' not specified/, "hata: '$1' seçeneği gerekli"],
  [/^error: option '(.*)' argument missing/, "hata: '$1' seçeneğinin değeri eksik"],
  [/^error: too many arguments(.*)/, 'hata: fazla argüman$1'],
];

export function turkishUsageError(text: string): string {
  const suggestion = (t: string) => t.replace(/\(Did you mean (.*)\?\)/, '(bunu mu demek istediniz: $1?)');
  for (const [re, tr] of USAGE_ERRORS) if (re.test(text)) return suggestion(text.replace(re, tr));
  return suggestion(text);
}

/**
 * The one place where errors become terminal output. Errors users can act on (`BekciError`, from any
 * layer) are printed as their Turkish message, shaped by the error catalogue (src/core/errors.ts), without
 * a stack trace; anything else is unexpected. Commands do not translate errors themselves.
 */
export function describeError(err: unknown): { message: string; exitCode: number; stack: boolean } {
  if (err instanceof BekciError) {
    const kind = ERROR_CATALOGUE[err.code];
    return { message: `${kind.prefix}${err.message}`, exitCode: err.exitCode, stack: kind.debugStack };
  }
  return { message: `Beklenmeyen hata: ${err instanceof Error ? err.message : String(err)}`, exitCode: 1, stack: true };
}

export async function runCli(argv: string[], ctx: CliContext = createCliContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Help and version exit 0; every other parse error (unknown command or option, missing argument) is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { message, exitCode, stack } = describeError(err);
    ctx.err(message);
    if (stack && debugRequested()) ctx.err(String((err as Error).stack));
    return exitCode;
  } finally {
    await ctx.close();
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/bekci')) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // A failed command may leave handles open (a pool, a timer, a half-started server): a fatal error
    // must end the process at once, never print and stay alive where a supervisor cannot see it.
    if (code !== 0) process.exit(code);
  });
}
