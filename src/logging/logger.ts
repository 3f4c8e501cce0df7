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
        // Interpolation arguments (`%o`, `%s`) reach the message text after formatting, so each one is
        // scrubbed before; errors are left to the `err` serializer.
        const scrubbed = args.map((a) =>
          typeof a === 'string' ? scrubString(a) : a && typeof a === 'object' && !(a instanceof Error) ? scrub(a) : a,
        ) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const dest = settings.destination ?? process.stderr;
  const usePretty = settings.format === 'pretty' || (settings.format === 'auto' && (dest as { isTTY?: boolean }).isTTY === true);
  const root = usePretty
    ? pino(
        options,
        pretty({
          destination: dest,
          colorize: (dest as { isTTY?: boolean }).isTTY === true,
          sync: true,
          ignore: 'pid,hostname,app',
          translateTime: 'SYS:HH:MM:ss',
        }),
      )
    : pino(options, dest as pino.DestinationStream);
  // Child bindings (`log.child({ account })`) are serialised once when the child is made, outside the
  // log formatter, so they are scrubbed here. Children inherit this method, grandchildren included.
  const makeChild = Object.getPrototypeOf(root).child as Logger['child'];
  root.child = function (this: Logger, bindings, childOptions) {
    return makeChild.call(this, scrub(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return root;
}
