import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';

/**
 * Builds the pooled SMTP transport from the configuration. `BEKCI_SMTP_URL` (`smtp://user:pass@host:587`,
 * `smtps://…` for implicit TLS) wins over `mail.smtp`; pool size comes from `mail.poolSize`. Rate limiting
 * is done by the dispatcher (it also applies to injected transports), not by nodemailer.
 */
export function createMailTransport(config: Pick<Config, 'mail' | 'secrets'>): Transporter {
  const { smtp, poolSize } = config.mail;
  const common = {
    pool: true as const,
    maxConnections: poolSize,
    maxMessages: 500,
    // Bounded timeouts: a send must finish well within the dispatcher's claim lock.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    requireTLS: smtp.requireTLS,
    tls: { rejectUnauthorized: smtp.rejectUnauthorized },
  };
  if (config.secrets.smtpUrl) return nodemailer.createTransport({ ...common, url: config.secrets.smtpUrl });
  return nodemailer.createTransport({
    ...common,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
  });
}

/** How a failed SMTP attempt is handled. */
export type SmtpFailureKind =
  /** The server refused this message for good (5xx): recorded as failed, never retried. */
  | 'permanent'
  /** The server answered 4xx: retried with backoff up to `mail.maxAttempts`. */
  | 'temporary'
  /** No usable server (refused, timeout, TLS, auth): nothing is wrong with the message; the batch waits. */
  | 'unavailable';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** The server's answer or the error text, for the Delivery row. */
  response: string;
  code?: number;
}

const UNAVAILABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'EMAXLIMIT']);

/** Classifies a nodemailer error. Auth failures count as unavailability: every message would fail alike. */
export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (err ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const text = String(e.response ?? e.message ?? err).slice(0, 1000);
  const errCode = typeof e.code === 'string' ? e.code : '';
  if (errCode === 'EAUTH' || (code === undefined && UNAVAILABLE_CODES.has(errCode))) {
    return { kind: 'unavailable', response: text, ...(code ? { code } : {}) };
  }
  if (code !== undefined && code >= 500) return { kind: 'permanent', response: text, code };
  if (code !== undefined && code >= 400) return { kind: 'temporary', response: text, code };
  if (errCode === 'EMESSAGE' || errCode === 'EENVELOPE') return { kind: 'permanent', response: text };
  // Unknown local errors (e.g. the socket closed mid-message): treat as the server being unreachable.
  return { kind: 'unavailable', response: text };
}
