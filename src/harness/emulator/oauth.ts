import { createHash, randomBytes } from 'node:crypto';
import { graphError } from './graph-errors.js';
import type { EmulatorState } from './state.js';
import type { EmuPlatform, EmuRequest, EmuResponse, PlatformModule } from './types.js';

/**
 * Token endpoints in each platform's shape: Google's `/token` (YouTube), X's `/2/oauth2/token`
 * (rotating refresh tokens), Instagram Login's `/refresh_access_token` and Graph's `debug_token`
 * (Facebook). Registered before the API modules, which would otherwise claim these paths.
 */
export function createOAuthModule(state: EmulatorState): PlatformModule {
  const field = (req: EmuRequest, name: string): string | undefined => {
    const v = req.url.searchParams.get(name) ?? req.body?.[name];
    return typeof v === 'string' ? v : undefined;
  };

  /** Authorisation codes waiting to be exchanged: account key, PKCE challenge, redirect URI, scope. */
  const codes = new Map<string, { key: string; challenge: string; redirectUri: string; scope: string }>();

  /**
   * The consent page, consented at once: redirects to `redirect_uri` with a code and the caller's
   * state. `login_hint` picks the account (default: the platform's first account).
   */
  function authorize(req: EmuRequest, platform: 'youtube' | 'x'): EmuResponse {
    const redirectUri = field(req, 'redirect_uri') ?? '';
    const hint = field(req, 'login_hint');
    const account = [...state.accounts.values()].find((a) => a.platform === platform && (!hint || a.id === hint));
    const challenge = field(req, 'code_challenge');
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri) || !account || !challenge || field(req, 'code_challenge_method') !== 'S256') {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    const code = randomBytes(12).toString('hex');
    codes.set(code, { key: `${account.platform}:${account.id}`, challenge, redirectUri, scope: field(req, 'scope') ?? '' });
    state.lastAuthorizeScopes[platform] = (field(req, 'scope') ?? '').split(' ').filter(Boolean);
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', field(req, 'state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  function codeGrant(req: EmuRequest, platform: 'youtube' | 'x'): EmuResponse {
    const entry = codes.get(field(req, 'code') ?? '');
    const verifier = field(req, 'code_verifier') ?? '';
    const account = entry ? state.accounts.get(entry.key) : undefined;
    if (
      !entry ||
      !account ||
      entry.redirectUri !== field(req, 'redirect_uri') ||
      createHash('sha256').update(verifier).digest('base64url') !== entry.challenge
    ) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Malformed auth code.' } };
    }
    codes.delete(field(req, 'code')!);
    const ttl = state.tokenTtlSec[platform] || (platform === 'youtube' ? 3599 : 7200);
    const issued = state.issueToken(account, ttl, true);
    return {
      status: 200,
      body: { access_token: issued.accessToken, expires_in: ttl, refresh_token: issued.refreshToken, scope: entry.scope, token_type: 'Bearer' },
    };
  }

  /** Refresh grant shared by Google and X; X rotates the refresh token, Google keeps it. */
  function refreshGrant(req: EmuRequest, platform: 'youtube' | 'x'): EmuResponse {
    if (field(req, 'grant_type') === 'authorization_code') return codeGrant(req, platform);
    const rt = field(req, 'refresh_token');
    const key = rt ? state.refreshTokens.get(rt) : undefined;
    const account = key ? state.accounts.get(key) : undefined;
    if (field(req, 'grant_type') !== 'refresh_token' || !rt || !account || account.platform !== platform) {
      return platform === 'youtube'
        ? { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }
        : { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' } };
    }
    if (platform === 'x') state.refreshTokens.delete(rt);
    const ttl = state.tokenTtlSec[platform] || (platform === 'youtube' ? 3599 : 7200);
    const issued = state.issueToken(account, ttl, platform === 'x', { keepPrevious: true });
    if (platform === 'youtube') {
      return {
        status: 200,
        body: { access_token: issued.accessToken, expires_in: ttl, scope: 'https://www.googleapis.com/auth/youtube.force-ssl', token_type: 'Bearer' },
      };
    }
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: ttl,
        access_token: issued.accessToken,
        scope: 'tweet.read users.read tweet.moderate.write offline.access',
        refresh_token: issued.refreshToken,
      },
    };
  }

  function igRefresh(req: EmuRequest): EmuResponse {
    const account = state.accountByToken('instagram', req.token);
    if (field(req, 'grant_type') !== 'ig_refresh_token' || !account) {
      return graphError({ status: 400, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    }
    const ttl = state.tokenTtlSec.instagram || 5_184_000;
    const issued = state.issueToken(account, ttl, false, { keepPrevious: true });
    return { status: 200, body: { access_token: issued.accessToken, token_type: 'bearer', expires_in: ttl } };
  }

  function debugToken(req: EmuRequest): EmuResponse {
    const input = field(req, 'input_token');
    if (!req.token?.includes('|')) return graphError({ status: 400, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    const expires = input ? state.tokenExpiresAt.get(input) : undefined;
    const account = state.accountByToken('facebook', input);
    return {
      status: 200,
      body: {
        data: {
          app_id: req.token.split('|')[0],
          type: 'PAGE',
          application: 'bekci',
          is_valid: !!account,
          expires_at: expires ? Math.floor(expires / 1000) : 0,
          scopes: account ? ['pages_show_list', 'pages_read_engagement', 'pages_manage_engagement', 'pages_read_user_content'] : [],
          ...(account ? { profile_id: account.id } : {}),
        },
      },
    };
  }

  const route = (req: EmuRequest): (() => EmuResponse) | undefined => {
    const p = req.url.pathname;
    if (req.method === 'GET' && p === '/o/oauth2/v2/auth') return () => authorize(req, 'youtube');
    if (req.method === 'GET' && p === '/i/oauth2/authorize') return () => authorize(req, 'x');
    if (req.method === 'POST' && p === '/token') return () => refreshGrant(req, 'youtube');
    if (req.method === 'POST' && p === '/2/oauth2/token') return () => refreshGrant(req, 'x');
    if (req.method === 'GET' && /^(\/instagram)?\/refresh_access_token$/.test(p)) return () => igRefresh(req);
    if (req.method === 'GET' && /^\/v\d+\.\d+\/debug_token$/.test(p)) return () => debugToken(req);
    return undefined;
  };
  const platformOf = (req: EmuRequest): EmuPlatform => {
    const p = req.url.pathname;
    return p === '/token' || p.startsWith('/o/')
      ? 'youtube'
      : p.startsWith('/i/')
        ? 'x'
        : p.startsWith('/2/')
          ? 'x'
          : p.includes('refresh_access_token')
            ? 'instagram'
            : 'facebook';
  };

  return {
    name: 'oauth',
    claims: (req) => (route(req) ? platformOf(req) : undefined),
    handle: (req) => route(req)!(),
    fault: (kind) => ({ status: kind === 'rate_limit' ? 429 : 503, body: { error: 'temporarily_unavailable' } }),
  };
}
