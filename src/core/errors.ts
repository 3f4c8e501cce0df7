/**
 * The error catalogue: every failure a person can act on has a code, a Turkish title and an exit code.
 * Domain errors extend `BekciError` with their code and a Turkish, safe-to-show message (no secrets, no
 * personal data). The CLI turns them into output in ONE place (src/cli/main.ts `describeError`), and
 * the web console can do the same with the titles, so no command needs its own try/catch translation.
 */

/** How one kind of failure is shown. */
export interface ErrorKind {
  /** Turkish name of the kind, for headings and logs. */
  readonly title: string;
  /** Process exit code of the CLI. */
  readonly exitCode: number;
  /** Put before the message on the terminal (kept from earlier releases: users' scripts may match it). */
  readonly prefix: string;
  /** With BEKCI_DEBUG the CLI also prints the stack trace (for setup failures that need a closer look). */
  readonly debugStack: boolean;
}

const kind = (title: string, exitCode = 1, prefix = '', debugStack = false): ErrorKind => ({ title, exitCode, prefix, debugStack });

export const ERROR_CATALOGUE = {
  /** A command used the wrong way (arguments, options, files named on the command line). */
  usage: kind('Komut kullanımı', 2),
  /** The configuration file or environment is invalid. */
  config: kind('Yapılandırma', 2),
  /** The master key or the database schema is not usable: installation problems. */
  setup: kind('Kurulum', 1, 'Hata: ', true),
  /** Rule files do not load (file:line:column list). */
  rules: kind('Kural dosyaları'),
  /** routing.yaml does not load. */
  routing: kind('Yönlendirme dosyası'),
  /** Social media accounts: unknown platform, bad credentials, unknown account. */
  account: kind('Hesap'),
  /** Review decisions on held comments. */
  review: kind('İnceleme'),
  /** Tickets: unknown ticket, a transition not allowed, a reply nobody may approve. */
  ticket: kind('Bilet'),
  /** Users and their roles. */
  user: kind('Kullanıcı'),
  /** Announcement mail: requests, approvals, recipient groups, documents. */
  mail: kind('Duyuru postası'),
  /** Anything else the person can act on. */
  general: kind('Hata'),
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * The base of bekci's own errors: a failure the person at the terminal or in the console can act on,
 * whose message is already Turkish and safe to show. The CLI prints such errors without a stack trace.
 */
export class BekciError extends Error {
  /** The CLI's exit code: the catalogue's, unless this error says otherwise. */
  readonly exitCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { exitCode?: number },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = options?.exitCode ?? ERROR_CATALOGUE[code].exitCode;
  }
}
