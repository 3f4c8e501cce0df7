import type { Account } from '../db/generated/sqlite/client.js';
import type { Config } from '../config/index.js';
import { recordAccountFailure } from '../moderation/account-health.js';
import type { ModerationDeps } from '../moderation/deps.js';
import { PlatformError, type AccountCredentials } from '../platforms/contract.js';
import { checkFacebookToken, refreshAccessToken, type OAuthClients, type TokenEndpoints } from '../platforms/auth/refresh.js';
import type { Platform } from '../core/platform.js';
import { audit } from '../audit/audit.js';

/**
 * When a token is renewed, per platform. YouTube (about 1 h) and X (2 h) access tokens are refreshed
 * a few minutes before they expire, so that no poll ever goes out with a dead token. Instagram Login
 * tokens (60 days) may be refreshed once they are a day old; renewing in the last 10 days leaves room
 * for outages. Facebook Page tokens do not expire but can be invalidated (password change, app
 * removal): `debug_token` checks them daily.
 */
export const REFRESH_MARGIN_MS: Record<Platform, number> = {
  youtube: 5 * 60_000,
  x: 10 * 60_000,
  instagram: 10 * 24 * 3600_000,
  facebook: 0,
};
export const FACEBOOK_CHECK_EVERY_MS = 24 * 3600_000;

/** The OAuth clients configured through the environment (see src/config). */
export function oauthClients(config: Pick<Config, 'secrets'>): OAuthClients {
  return (config.secrets.oauth ?? {}) as OAuthClients;
}

type Deps = Pick<ModerationDeps, 'prisma' | 'vault' | 'config' | 'logger' | 'actor' | 'now'> & { tokenEndpoints?: TokenEndpoints };

/**
 * The account's credentials, renewed first when they are due (see REFRESH_MARGIN_MS). The new token
 * (and a rotated refresh token) is stored encrypted before it is used, so a crash right after a
 * refresh never leaves only a spent refresh token on disk. Returns null when the account was parked
 * (`needs_reauth`, admins alerted once) or backed off: the caller skips this poll.
 */
export async function freshCredentials(deps: Deps, account: Account): Promise<AccountCredentials | null> {
  const creds = deps.vault.open<AccountCredentials>(account.credentials);
  const platform = account.platform as Platform;
  const now = deps.now?.() ?? new Date();
  const expiry = creds.expiresAt ? Date.parse(creds.expiresAt) : NaN;
  const clients = oauthClients(deps.config);
  try {
    if (platform === 'facebook') {
      const client = clients.facebook;
      const last = creds.checkedAt ? Date.parse(creds.checkedAt) : 0;
      if (!client?.clientSecret || now.getTime() - last < FACEBOOK_CHECK_EVERY_MS) return creds;
      const validity = await checkFacebookToken(creds, client, deps.tokenEndpoints);
      if (!validity.valid) throw new PlatformError('auth', 'facebook: debug_token says the Page token is not valid');
      return await store(deps, account, creds, { ...creds, checkedAt: now.toISOString() }, false);
    }
    if (!Number.isFinite(expiry) || expiry - now.getTime() > REFRESH_MARGIN_MS[platform]) return creds;
    if (platform !== 'instagram' && !creds.refreshToken) return creds; // nothing to refresh with; the platform will say when it dies
    const refreshed = await refreshAccessToken(platform, creds, clients, deps.tokenEndpoints, now);
    const next: AccountCredentials = { ...creds, accessToken: refreshed.accessToken, checkedAt: now.toISOString() };
    if (refreshed.refreshToken) next.refreshToken = refreshed.refreshToken;
    if (refreshed.expiresAt) next.expiresAt = refreshed.expiresAt;
    else delete next.expiresAt;
    return await store(deps, account, creds, next, true);
  } catch (err) {
    const e = err instanceof PlatformError ? err : new PlatformError('retryable', String(err));
    // A refresh that failed for a passing reason while the old token still works is not worth a missed poll.
    if (e.kind !== 'auth' && (!Number.isFinite(expiry) || expiry > now.getTime())) {
      deps.logger.warn({ accountId: account.id, platform, kind: e.kind }, 'erişim anahtarı yenilenemedi; eski anahtarla devam ediliyor');
      return creds;
    }
    if (e.kind === 'invalid') return creds; // our configuration, not the account: logged above or by config check
    await recordAccountFailure(deps as ModerationDeps, account, e);
    return null;
  }
}

async function store(deps: Deps, account: Account, before: AccountCredentials, next: AccountCredentials, refreshed: boolean): Promise<AccountCredentials> {
  const sealed = deps.vault.seal(next);
  // Only replace what we read: a `rotate-token` in between wins, and its token is used next poll.
  const res = await deps.prisma.account.updateMany({ where: { id: account.id, credentials: account.credentials }, data: { credentials: sealed } });
  if (res.count === 0) return before;
  account.credentials = sealed;
  if (refreshed) {
    await audit(deps.prisma, {
      actor: deps.actor,
      action: 'account.token_refreshed',
      entityType: 'account',
      entityId: account.id,
      data: { expiresAt: next.expiresAt ?? null },
    });
    deps.logger.info({ accountId: account.id, platform: account.platform }, 'erişim anahtarı yenilendi');
  }
  return next;
}
