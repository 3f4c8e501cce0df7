import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Platform } from '../core/platform.js';
import { PlatformError, type AccountCredentials } from '../platforms/contract.js';
import { exchangeAuthorizationCode, type OAuthClient, type TokenEndpoints } from '../platforms/auth/refresh.js';
import { AccountError, addAccount, type AddAccountInput } from './service.js';

/** Exactly the scopes each connector needs: read comments, moderate them, reply; X adds offline.access for a refresh token. */
export const CONNECT_SCOPES: Partial<Record<Platform, readonly string[]>> = {
  youtube: ['https://www.googleapis.com/auth/youtube.force-ssl'],
  x: ['tweet.read', 'users.read', 'tweet.write', 'tweet.moderate.write', 'offline.access'],
};

export const AUTHORIZE_URLS: Partial<Record<Platform, string>> = {
  youtube: 'https://accounts.google.com/o/oauth2/v2/auth',
  x: 'https://x.com/i/oauth2/authorize',
};

export interface ConnectOptions {
  platform: Platform;
  client: OAuthClient;
  endpoints?: TokenEndpoints;
  /** Override of the authorisation page (tests: the emulator's). */
  authorizeUrl?: string;
  /** Shown to the user (the CLI prints it); the user opens it in a browser. */
  onUrl: (url: string) => void;
  /** How long to wait for the browser to come back. */
  timeoutMs?: number;
}

const b64url = (buf: Buffer): string => buf.toString('base64url');

/**
 * The OAuth 2.0 authorisation code flow of an installed app (RFC 8252): a one-shot HTTP listener on
 * 127.0.0.1, `state` against forged callbacks, PKCE (S256) so an intercepted code is useless. Returns
 * the tokens; the caller verifies them with one read and stores them.
 */
export async function authorizeWithLoopback(opts: ConnectOptions): Promise<AccountCredentials> {
  const scopes = CONNECT_SCOPES[opts.platform];
  const base = opts.authorizeUrl ?? AUTHORIZE_URLS[opts.platform];
  if (!scopes || !base) throw new AccountError(`${opts.platform} için tarayıcıyla bağlanma yok; anahtarı \`bekci accounts add\` ile verin.`);
  const state = b64url(randomBytes(24));
  const verifier = b64url(randomBytes(48));
  const challenge = b64url(createHash('sha256').update(verifier).digest());

  let settle!: { resolve: (code: string) => void; reject: (e: Error) => void };
  const codePromise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const ok = url.searchParams.get('state') === state && url.searchParams.get('code');
    res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(ok ? 'Bekçi yetkilendirildi; bu pencereyi kapatabilirsiniz.' : 'Yetkilendirme tamamlanamadı; komut satırına bakın.');
    if (url.searchParams.get('error')) settle.reject(new AccountError(`Yetkilendirme reddedildi: ${url.searchParams.get('error')}`));
    else if (!ok) settle.reject(new AccountError('Geri dönüş isteği bu oturuma ait değil (state uyuşmuyor). Hiçbir şey kaydedilmedi.'));
    else settle.resolve(url.searchParams.get('code')!);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const timer = setTimeout(
    () => settle.reject(new AccountError('Tarayıcıdan yanıt gelmedi (süre doldu). Hiçbir şey kaydedilmedi.')),
    opts.timeoutMs ?? 5 * 60_000,
  );
  try {
    const url = new URL(base);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', opts.client.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', scopes.join(' '));
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    // Google issues a refresh token only for offline access, and again only when consent is shown.
    if (opts.platform === 'youtube') {
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
    }
    opts.onUrl(url.toString());
    const code = await codePromise;
    try {
      return await exchangeAuthorizationCode(opts.platform, { code, redirectUri, verifier }, opts.client, opts.endpoints);
    } catch (err) {
      const kind = err instanceof PlatformError ? err.kind : 'retryable';
      throw new AccountError(`Yetkilendirme kodu anahtara çevrilemedi (${kind}). Hiçbir şey kaydedilmedi.`);
    }
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
}

/** Authorises in the browser, then stores the account exactly like `accounts add` (which tries the token with one read first). */
export async function connectAccount(
  deps: Parameters<typeof addAccount>[0],
  input: Omit<AddAccountInput, 'credentials'> & Omit<ConnectOptions, 'platform'>,
  actor: string,
) {
  const { client, endpoints, authorizeUrl, onUrl, timeoutMs, ...account } = input;
  const credentials = await authorizeWithLoopback({
    platform: account.platform as Platform,
    client,
    onUrl,
    ...(endpoints ? { endpoints } : {}),
    ...(authorizeUrl ? { authorizeUrl } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return addAccount(deps, { ...account, credentials }, actor);
}
