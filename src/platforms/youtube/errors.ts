import { PlatformError } from '../contract.js';
import { isTransportFailure } from '../transport.js';

/**
 * Maps gaxios errors from the YouTube client to the closed `PlatformError` union. Errors are
 * recognised by shape (`status`, `response.data.error.errors[0].reason`, `code`) because gaxios is
 * not a direct dependency:
 * - `quotaExceeded` / `dailyLimitExceeded` → `rate_limit`, retry after the next midnight Pacific time
 *   (when Google resets the daily quota);
 * - 429, `rateLimitExceeded`, `userRateLimitExceeded` → `rate_limit` (Retry-After or one minute);
 * - 401, `authError`, `insufficientPermissions` → `auth`;
 * - 5xx, timeouts and network errors → `retryable`;
 * - other 4xx (forbidden, not found, bad request, a rejected comment) → `invalid`;
 * - anything else → `fatal`.
 */

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const AUTH_REASONS = new Set(['authError', 'insufficientPermissions', 'youtubeSignupRequired', 'forbiddenNoToken']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'TimeoutError',
  'AbortError',
  'UND_ERR_SOCKET',
]);
export const DEFAULT_RATE_RETRY_MS = 60_000;

interface GaxiosLike {
  message?: string;
  status?: number;
  code?: string | number;
  name?: string;
  response?: { status?: number; headers?: unknown; data?: { error?: { message?: string; errors?: Array<{ reason?: string }> } } };
}

/** Milliseconds until the next midnight in America/Los_Angeles (approximate on DST change days). */
export function msUntilPacificMidnight(now: Date = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = (get('hour') * 3600 + get('minute') * 60 + get('second')) * 1000 + now.getMilliseconds();
  return Math.max(1000, 24 * 3600_000 - elapsed);
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

export function toPlatformError(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (typeof err !== 'object' || err === null) return new PlatformError('fatal', `YouTube ${what} failed: ${String(err)}`, { cause: err });
  const e = err as GaxiosLike;
  const status = e.status ?? e.response?.status;
  const reason = e.response?.data?.error?.errors?.[0]?.reason;
  const message = `YouTube ${what} failed: ${status ?? e.code ?? ''} ${reason ?? ''} ${e.response?.data?.error?.message ?? e.message ?? ''}`
    .replace(/\s+/g, ' ')
    .trim();
  const details = { ...(status !== undefined ? { status } : {}), code: reason ?? e.code ?? status, cause: err };
  if (reason && QUOTA_REASONS.has(reason)) return new PlatformError('rate_limit', message, { ...details, retryAfterMs: msUntilPacificMidnight() });
  if (status === 429 || (reason && RATE_REASONS.has(reason))) {
    const after = Number(header(e.response?.headers, 'retry-after'));
    return new PlatformError('rate_limit', message, { ...details, retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : DEFAULT_RATE_RETRY_MS });
  }
  if (status === 401 || (reason && AUTH_REASONS.has(reason))) return new PlatformError('auth', message, details);
  if (status !== undefined && status >= 500) return new PlatformError('retryable', message, details);
  if (status !== undefined && status >= 400) return new PlatformError('invalid', message, details);
  // gaxios reports its own timeout as a plain Error whose `cause` is an AbortError, with no status.
  if (status === undefined && (NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.name)) || e.name === 'GaxiosError' || isTransportFailure(err))) {
    return new PlatformError('retryable', message, details);
  }
  return new PlatformError('fatal', message, details);
}
