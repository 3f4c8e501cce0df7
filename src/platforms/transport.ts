/**
 * Recognises failures of the transport under an SDK: a request that timed out, was aborted, or lost
 * its connection before a complete answer arrived. Each SDK wraps these differently (gaxios puts an
 * `AbortError` in `cause` with no status, twitter-api-v2 wraps socket errors in `ApiRequestError`, the
 * Graph SDK says "no response was received"), so the whole `cause` chain is searched by shape.
 *
 * Such a failure is always `retryable`: the platform may be down for a while, but nothing about the
 * request itself is wrong. It is also ambiguous for writes: the platform may have applied the call
 * before the answer was lost.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const NETWORK_NAMES = new Set(['AbortError', 'TimeoutError', 'FetchError', 'ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError', 'SocketError']);
const NETWORK_MESSAGE =
  /\b(timed? ?out|timeout|aborted|socket hang up|fetch failed|network (error|failure)|no response was received|premature close|ECONNRESET|ECONNREFUSED)\b/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  status?: unknown;
  response?: { status?: unknown } | null;
}

/** True when `err` (or anything in its `cause` chain) is a timeout or a network failure without an HTTP answer. */
export function isTransportFailure(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && typeof e === 'object' && e !== null; depth += 1) {
    const x = e as ErrorLike;
    // An HTTP status means the platform answered: the SDK's own classification applies.
    if (typeof x.status === 'number' || typeof x.response?.status === 'number') return false;
    if (typeof x.code === 'string' && NETWORK_CODES.has(x.code)) return true;
    if (typeof x.name === 'string' && NETWORK_NAMES.has(x.name)) return true;
    if (typeof x.message === 'string' && NETWORK_MESSAGE.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}
