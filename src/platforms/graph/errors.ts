import { PlatformError } from '../contract.js';
import { isTransportFailure } from '../transport.js';

/**
 * Maps whatever the Graph SDK throws to the closed `PlatformError` union. The SDK does not export
 * its `FacebookRequestError` class, so errors are recognised by shape:
 * `{ name: 'FacebookRequestError', status, response: {code, error_subcode, is_transient}, headers }`.
 */

/** Used when a throttling error carries no usable `estimated_time_to_regain_access`. */
export const DEFAULT_RETRY_AFTER_MS = 5 * 60_000;

const AUTH_CODES = new Set([190, 102]);
const THROTTLE_CODES = new Set([4, 17, 32, 341, 613, 80001, 80002]);
const TRANSIENT_CODES = new Set([1, 2]);

interface GraphErrorBody {
  message?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  type?: string;
}

interface SdkRequestError {
  name: 'FacebookRequestError';
  message: string;
  status: number | null;
  response: GraphErrorBody | null;
  headers: Record<string, unknown> | null;
}

function isSdkRequestError(err: unknown): err is SdkRequestError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'FacebookRequestError';
}

/** Thrown by the client when a request takes longer than its timeout. */
export class GraphTimeoutError extends Error {
  constructor(ms: number) {
    super(`Graph request timed out after ${ms} ms`);
    this.name = 'GraphTimeoutError';
  }
}

function header(headers: Record<string, unknown> | null, name: string): string | undefined {
  if (!headers) return undefined;
  const v = headers[name] ?? headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** Largest `estimated_time_to_regain_access` (minutes) in `X-Business-Use-Case-Usage`, as ms. */
export function regainAccessMs(headers: Record<string, unknown> | null): number | undefined {
  const raw = header(headers, 'x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
    let minutes = 0;
    for (const entries of Object.values(parsed)) {
      for (const e of Array.isArray(entries) ? entries : []) minutes = Math.max(minutes, Number(e.estimated_time_to_regain_access) || 0);
    }
    return minutes > 0 ? minutes * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Classifies any thrown value; `what` names the operation for the message. */
export function toPlatformError(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof GraphTimeoutError) return new PlatformError('retryable', `${what}: ${err.message}`, { cause: err });
  if (!isSdkRequestError(err)) {
    const msg = err instanceof Error ? err.message : String(err);
    return new PlatformError(isTransportFailure(err) ? 'retryable' : 'fatal', `${what}: ${msg}`, { cause: err });
  }
  const body = err.response ?? {};
  const code = typeof body.code === 'number' ? body.code : undefined;
  const status = err.status ?? undefined;
  const message = `${what}: ${body.message ?? err.message}`;
  const details = { ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}), cause: err };

  if (status === undefined) {
    // "The request was made but no response was received" means a network failure; anything else
    // failed while building the request and will fail again.
    const network = isTransportFailure(err);
    return new PlatformError(network ? 'retryable' : 'fatal', message, details);
  }
  if ((code !== undefined && AUTH_CODES.has(code)) || status === 401) return new PlatformError('auth', message, details);
  if ((code !== undefined && THROTTLE_CODES.has(code)) || status === 429) {
    const retryAfterMs = regainAccessMs(err.headers) ?? DEFAULT_RETRY_AFTER_MS;
    return new PlatformError('rate_limit', message, { ...details, retryAfterMs });
  }
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || body.is_transient === true || status >= 500) {
    return new PlatformError('retryable', message, details);
  }
  if (code === 100 || code === 10 || (code !== undefined && code >= 200 && code <= 299) || (status >= 400 && status < 500)) {
    return new PlatformError('invalid', message, details);
  }
  return new PlatformError('fatal', message, details);
}

/** True for Graph's "object does not exist" answer (code 100, subcode 33), e.g. after a delete. */
export function isMissingObject(err: unknown): boolean {
  const cause = err instanceof PlatformError ? err.details.cause : err;
  return isSdkRequestError(cause) && cause.response?.code === 100 && cause.response.error_subcode === 33;
}
