import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { scrub, scrubString } from './scrub.js';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Where lines go; defaults to stderr so that command output on stdout stays machine-readable. */
  destination?: NodeJS.WritableStream;
}

/**
 * The one root logger. Every object and message passes through `scrub` before it is serialised:
 * secrets by key name, e-mail addresses, IBANs and long numbers by pattern.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: 'bekci' },
    formatters: {
      log: (obj) => scrub(obj) as Record<string, unknown>,
    },
    serializers: { err: (e: unknown) => scrub(e), error: (e: unknown) => scrub(e) },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const dest = settings.destination ?? process.stderr;
  const usePretty =
    settings.format === 'pretty' || (settings.format === 'auto' && (dest as { isTTY?: boolean }).isTTY === true);
  if (usePretty) {
    return pino(options, pretty({ destination: dest, colorize: (dest as { isTTY?: boolean }).isTTY === true, sync: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(options, dest as pino.DestinationStream);
}
