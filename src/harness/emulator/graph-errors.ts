import { randomBytes } from 'node:crypto';
import type { EmulatorState } from './state.js';
import type { EmuPlatform, EmuResponse, Fault, FaultKind, TransportFault } from './types.js';

/** Graph error answers and usage headers, shared by the Facebook and Instagram halves of graph.ts. */

export interface GraphErrorInput {
  status: number;
  code: number;
  message: string;
  subcode?: number;
  type?: string;
  transient?: boolean;
  headers?: Record<string, string>;
}

function traceId(): string {
  return randomBytes(8)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 11);
}

export function graphError(e: GraphErrorInput): EmuResponse {
  return {
    status: e.status,
    headers: {
      ...(e.code === 190 ? { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${e.message}"` } : {}),
      ...e.headers,
    },
    body: {
      error: {
        message: e.message,
        type: e.type ?? 'OAuthException',
        code: e.code,
        ...(e.subcode !== undefined ? { error_subcode: e.subcode } : {}),
        ...(e.transient !== undefined ? { is_transient: e.transient } : {}),
        fbtrace_id: traceId(),
      },
    },
  };
}

/** The answer for an unknown, revoked or expired token. */
export function tokenError(state: EmulatorState, token: string | undefined): EmuResponse {
  if (token && state.revokedTokens.has(token)) {
    return graphError({
      status: 400,
      code: 190,
      subcode: 463,
      message: 'Error validating access token: Session has expired on Thursday, 01-Jan-2026 00:00:00 PST.',
    });
  }
  return graphError({ status: 400, code: 190, subcode: 467, message: 'Invalid OAuth access token - Cannot parse access token' });
}

export function notFound(id: string): EmuResponse {
  return graphError({
    status: 400,
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  });
}

export function invalidParam(message: string): EmuResponse {
  return graphError({ status: 400, code: 100, message: `(#100) ${message}` });
}

/**
 * `X-App-Usage` and `X-Business-Use-Case-Usage`, as percentages of the (emulated) allowance.
 * `regainMinutes` > 0 marks the account as throttled.
 */
export function usageHeaders(state: EmulatorState, platform: EmuPlatform, objectId: string, regainMinutes = 0): Record<string, string> {
  const pct = regainMinutes > 0 ? 100 : Math.min(99, state.calls[platform] % 100);
  const entry = {
    type: platform === 'instagram' ? 'instagram' : 'pages',
    call_count: pct,
    total_cputime: Math.floor(pct / 2),
    total_time: Math.floor(pct / 2),
    estimated_time_to_regain_access: regainMinutes,
  };
  return {
    'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) }),
    'x-business-use-case-usage': JSON.stringify({ [objectId]: [entry] }),
  };
}

/** The Graph error for an injected fault. For `rate_limit`, `fault.delayMs` holds the advertised wait in seconds. */
export function faultResponse(
  state: EmulatorState,
  kind: Exclude<FaultKind, TransportFault>,
  platform: EmuPlatform,
  objectId: string,
  fault: Fault,
): EmuResponse {
  const ig = platform === 'instagram';
  switch (kind) {
    case 'rate_limit': {
      const minutes = Math.max(1, Math.ceil((fault.delayMs ?? 60) / 60));
      return graphError({
        status: 400,
        code: ig ? 80002 : 80001,
        message: ig
          ? '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.'
          : '(#80001) There have been too many calls to this Page account. Wait a bit and try again.',
        headers: usageHeaders(state, platform, objectId, minutes),
      });
    }
    case 'server_error':
      return graphError({
        status: 500,
        code: ig ? 2 : 1,
        transient: true,
        message: ig ? 'An unexpected error has occurred. Please retry your request later.' : 'An unknown error occurred',
        headers: usageHeaders(state, platform, objectId),
      });
    case 'expired_token':
      return graphError({
        status: 400,
        code: 190,
        subcode: 463,
        message: 'Error validating access token: Session has expired on Thursday, 01-Jan-2026 00:00:00 PST.',
      });
    case 'quota_exceeded':
      return graphError({
        status: 400,
        code: ig ? 17 : 4,
        transient: true,
        message: ig ? '(#17) User request limit reached' : '(#4) Application request limit reached',
        headers: usageHeaders(state, platform, objectId, 60),
      });
  }
}
