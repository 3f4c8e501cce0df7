import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { PlatformError } from '../contract.js';
import { isTransportFailure } from '../transport.js';

/**
 * Maps whatever twitter-api-v2 throws to the closed `PlatformError` union:
 * - `ApiResponseError` 429 (or 420) → `rate_limit`, waiting until `x-user-limit-24hour-reset` when the
 *   daily user cap is spent, else until `x-rate-limit-reset`;
 * - 401, and 403 problems about the client/authentication type → `auth`;
 * - 5xx → `retryable`; other 4xx (forbidden target, not found, bad request) → `invalid`;
 * - `ApiRequestError` (network, timeout) and `ApiPartialResponseError` (cut-off body) → `retryable`;
 * - anything else → `fatal` (a bug, not a platform condition).
 */

/** Used when a 429 carries no usable reset header: one X rate-limit window. */
export const DEFAULT_RETRY_AFTER_MS = 15 * 60_000;

const AUTH_PROBLEMS = ['client-forbidden', 'unsupported-authentication', 'not-authorized-for-resource'];

export function toPlatformError(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const data = (err.data ?? {}) as { title?: string; detail?: string; type?: string };
    const msg = `X ${what} failed: HTTP ${status} ${data.title ?? ''} ${data.detail ?? err.message}`.replace(/\s+/g, ' ').trim();
    const details = { status, code: data.type ?? status, cause: err };
    if (err.rateLimitError) {
      const day = err.rateLimit?.userDay;
      const resetS = day && day.remaining === 0 && Number.isFinite(day.reset) ? day.reset : err.rateLimit?.reset;
      const retryAfterMs = resetS && Number.isFinite(resetS) ? Math.max(1000, resetS * 1000 - Date.now()) : DEFAULT_RETRY_AFTER_MS;
      return new PlatformError('rate_limit', msg, { ...details, retryAfterMs });
    }
    if (err.isAuthError) return new PlatformError('auth', msg, details);
    if (status === 403 && AUTH_PROBLEMS.some((p) => (data.type ?? '').endsWith(p))) return new PlatformError('auth', msg, details);
    if (status >= 500) return new PlatformError('retryable', msg, details);
    if (status >= 400) return new PlatformError('invalid', msg, details);
    return new PlatformError('fatal', msg, details);
  }
  if (err instanceof ApiRequestError || err instanceof ApiPartialResponseError) {
    return new PlatformError('retryable', `X ${what} failed: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (isTransportFailure(err)) return new PlatformError('retryable', `X ${what} failed: ${message}`, { cause: err });
  return new PlatformError('fatal', `X ${what} failed unexpectedly: ${message}`, { cause: err });
}
