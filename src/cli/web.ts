/** `bekci web`: the web console, and the helpers `start --web` and `demo --web` share. */
import type { Command } from 'commander';
import type { Config } from '../config/index.js';
import { CliError, type CliContext } from './context.js';

/** Resolves on the first SIGTERM or SIGINT. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGTERM', term);
      process.off('SIGINT', int);
      resolve(signal);
    };
    const term = on('SIGTERM');
    const int = on('SIGINT');
    process.once('SIGTERM', term);
    process.once('SIGINT', int);
  });
}

/** `--host`/`--port` over `web.host`/`web.port`, validated. */
export function webAddress(config: Config, o: { host?: string; port?: string }): { host: string; port: number } {
  const port = o.port === undefined ? config.web.port : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`Geçersiz port: ${o.port} (0–65535)`, 2);
  const host = o.host ?? config.web.host;
  if (!host.trim()) throw new CliError('Geçersiz adres (--host)', 2);
  return { host, port };
}

export function registerWebCommands(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description('web konsolunu başlatır (varsayılan http://127.0.0.1:8080; SIGTERM/SIGINT ile kapanır)')
    .option('--host <adres>', 'dinlenecek adres (web.host)')
    .option('--port <port>', 'dinlenecek port (web.port)')
    .action(async (o: { host?: string; port?: string }) => {
      const config = ctx.config();
      const addr = webAddress(config, o);
      const db = await ctx.db();
      const { startWeb } = await import('../web/serve.js');
      const web = await startWeb({ db, config, logger: ctx.logger() }, addr);
      ctx.logger().info({ url: web.url }, 'web konsolu çalışıyor');
      ctx.err(`Web konsolu: ${web.url}`);
      await untilSignal();
      await web.close();
    });
}
