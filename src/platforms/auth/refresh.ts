import type { Platform } from '../../core/platform.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, PlatformError, type AccountCredentials } from '../contract.js';

/** An OAuth client registered with a platform (YouTube: Google Cloud OAuth client; X: app; Facebook: app). */
export interface OAuthClient {
  clientId: string;
  /** Absent for a public client (X with PKCE only). */
  clientSecret?: string;
}

export type OAuthClients = Partial<Record<Platform, OAuthClient>>;

/** Where the token endpoints live; defaults are the real ones, tests point them at the emulator. */
export interface TokenEndpoints {
  googleTokenUrl?: string; // default https://oauth2.googleapis.com/token
  xApiUrl?: string; // default https://api.x.com (token endpoint /2/oauth2/token)
  graphUrl?: string; // default https://graph.facebook.com (debug_token)
  instagramGraphUrl?: string; // default https://graph.instagram.com (refresh_access_token)
  requestTimeoutMs?: number;
}

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GRAPH_VERSION = 'v21.0';

/** The outcome of a refresh: what replaces the stored credentials' token fields. */
export interface RefreshedToken {
  accessToken: string;
  /** Set when the platform rotated the refresh token (X always does). */
  refreshToken?: string;
  /** ISO time the new access token expires. */
  expiresAt?: string;
}

const trim = (url: string): string => url.replace(/\/+$/, '');

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    // Timeouts and dropped connections: the token endpoint may be back in a moment.
    throw new PlatformError('retryable', `token endpoint unreachable: ${err instanceof Error ? err.name : 'error'}`, { cause: err });
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // Some proxies answer HTML on 5xx; the status decides.
  }
  return { status: res.status, body };
}

/** 4xx from a token endpoint means the grant is gone (revoked, expired, wrong client): re-authorise. */
function classify(status: number, body: Record<string, unknown>, what: string): PlatformError {
  const code = typeof body.error === 'string' ? body.error : ((body.error as { code?: number } | undefined)?.code ?? status);
  if (status === 429) return new PlatformError('rate_limit', `${what}: rate limited`, { status, code, retryAfterMs: 60_000 });
  if (status >= 400 && status < 500) return new PlatformError('auth', `${what}: ${String(code)}`, { status, code });
  return new PlatformError('retryable', `${what}: HTTP ${status}`, { status, code });
}

function expiresAt(body: Record<string, unknown>, now: Date): string | undefined {
  const sec = Number(body.expires_in);
  return Number.isFinite(sec) && sec > 0 ? new Date(now.getTime() + sec * 1000).toISOString() : undefined;
}

function accessToken(body: Record<string, unknown>, what: string): string {
  if (typeof body.access_token !== 'string' || !body.access_token) throw new PlatformError('retryable', `${what}: no access_token in answer`);
  return body.access_token;
}

/**
 * Posts an OAuth 2.0 token request to Google (YouTube) or X. Google takes the client secret in the
 * form; a confidential X client authenticates with HTTP Basic, a public (PKCE-only) one sends
 * client_id alone. A non-200 answer is classified with `what`.
 */
async function postTokenRequest(
  platform: 'youtube' | 'x',
  client: OAuthClient,
  params: URLSearchParams,
  endpoints: TokenEndpoints,
  what: string,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  let url: string;
  if (platform === 'youtube') {
    url = endpoints.googleTokenUrl ?? GOOGLE_TOKEN_URL;
    if (client.clientSecret) params.set('client_secret', client.clientSecret);
  } else {
    url = `${trim(endpoints.xApiUrl ?? 'https://api.x.com')}/2/oauth2/token`;
    if (client.clientSecret) headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  }
  const { status, body } = await call(url, { method: 'POST', headers, body: params.toString() }, endpoints.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  if (status !== 200) throw classify(status, body, what);
  return body;
}

/**
 * Exchanges a refresh token (YouTube, X) or a long-lived token (Instagram Login) for a new access
 * token. Throws a `PlatformError`: `auth` when the grant is no longer good, `retryable` when the
 * endpoint could not be reached or failed.
 */
export async function refreshAccessToken(
  platform: Platform,
  credentials: AccountCredentials,
  clients: OAuthClients,
  endpoints: TokenEndpoints = {},
  now: Date = new Date(),
): Promise<RefreshedToken> {
  const timeout = endpoints.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (platform === 'youtube' || platform === 'x') {
    const client = clients[platform];
    if (!credentials.refreshToken) throw new PlatformError('auth', `${platform}: no refresh token stored`);
    if (!client) throw new PlatformError('auth', `${platform}: OAuth client id not configured`);
    const params = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: client.clientId });
    const body = await postTokenRequest(platform, client, params, endpoints, `${platform} token refresh`);
    const refreshed: RefreshedToken = { accessToken: accessToken(body, platform) };
    if (typeof body.refresh_token === 'string' && body.refresh_token) refreshed.refreshToken = body.refresh_token;
    const exp = expiresAt(body, now);
    if (exp) refreshed.expiresAt = exp;
    return refreshed;
  }
  if (platform === 'instagram') {
    const url = new URL(`${trim(endpoints.instagramGraphUrl ?? 'https://graph.instagram.com')}/refresh_access_token`);
    url.searchParams.set('grant_type', 'ig_refresh_token');
    url.searchParams.set('access_token', credentials.accessToken);
    const { status, body } = await call(url.toString(), { method: 'GET' }, timeout);
    if (status !== 200) throw classify(status, body, 'instagram token refresh');
    const refreshed: RefreshedToken = { accessToken: accessToken(body, 'instagram') };
    const exp = expiresAt(body, now);
    if (exp) refreshed.expiresAt = exp;
    return refreshed;
  }
  throw new PlatformError('invalid', `${platform}: tokens are not refreshed`);
}

/** What `debug_token` says about a Facebook Page token. */
export interface TokenValidity {
  valid: boolean;
  /** ISO expiry; absent for a token that never expires (Page tokens from a long-lived user token). */
  expiresAt?: string;
  scopes: string[];
}

/** Asks Graph's `debug_token` whether a Page token is still valid (needs the app id and secret). */
export async function checkFacebookToken(credentials: AccountCredentials, client: OAuthClient, endpoints: TokenEndpoints = {}): Promise<TokenValidity> {
  if (!client.clientSecret) throw new PlatformError('invalid', 'facebook: app secret not configured');
  const url = new URL(`${trim(endpoints.graphUrl ?? 'https://graph.facebook.com')}/${GRAPH_VERSION}/debug_token`);
  url.searchParams.set('input_token', credentials.accessToken);
  url.searchParams.set('access_token', `${client.clientId}|${client.clientSecret}`);
  const { status, body } = await call(url.toString(), { method: 'GET' }, endpoints.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  // An error here is about the app token, not the Page token: not a reason to park the account.
  if (status !== 200) throw new PlatformError(status >= 500 ? 'retryable' : 'invalid', `facebook debug_token: HTTP ${status}`, { status });
  const data = (body.data ?? {}) as { is_valid?: boolean; expires_at?: number; scopes?: string[] };
  const out: TokenValidity = { valid: data.is_valid === true, scopes: Array.isArray(data.scopes) ? data.scopes : [] };
  if (typeof data.expires_at === 'number' && data.expires_at > 0) out.expiresAt = new Date(data.expires_at * 1000).toISOString();
  return out;
}

/**
 * The second half of the authorisation code flow with PKCE (YouTube via Google, X): the code from the
 * loopback callback for an access token and a refresh token.
 */
export async function exchangeAuthorizationCode(
  platform: Platform,
  grant: { code: string; redirectUri: string; verifier: string },
  client: OAuthClient,
  endpoints: TokenEndpoints = {},
  now: Date = new Date(),
): Promise<AccountCredentials> {
  if (platform !== 'youtube' && platform !== 'x') throw new PlatformError('invalid', `${platform}: no authorization code flow`);
  const params = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.verifier,
    client_id: client.clientId,
  });
  const body = await postTokenRequest(platform, client, params, endpoints, `${platform} code exchange`);
  const creds: AccountCredentials = { accessToken: accessToken(body, platform), checkedAt: now.toISOString() };
  if (typeof body.refresh_token === 'string' && body.refresh_token) creds.refreshToken = body.refresh_token;
  const exp = expiresAt(body, now);
  if (exp) creds.expiresAt = exp;
  return creds;
}
