import http from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { AccountCredentials } from '../contract.js';

/** The SDK's fixed API origin; it has no base-URL setting. */
export const X_DEFAULT_ORIGIN = 'https://api.x.com';

/** Per-request timeout; the SDK has none by default, so a stalled socket would hang a poll forever. */
export const X_TIMEOUT_MS = 30_000;

/**
 * Builds the SDK client. OAuth 1.0a user context when app key/secret and access secret are all
 * present, otherwise the access token is sent as a Bearer token (OAuth 2.0 user token, or an app-only
 * token for read-only use). A non-default `apiUrl` (the emulator) is reached by rewriting each request
 * URL in a plugin; an `http:` target also needs a plain `http.Agent`, because the SDK always uses
 * `https.request`.
 */
export function createXClient(credentials: AccountCredentials, apiUrl?: string): TwitterApi {
  const settings: { plugins?: ITwitterApiClientPlugin[]; httpAgent?: http.Agent } = {};
  const target = apiUrl?.replace(/\/+$/, '');
  if (target && target !== X_DEFAULT_ORIGIN) {
    const rewrite: ITwitterApiClientPlugin = {
      onBeforeRequestConfig({ params }): void {
        params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, target);
      },
    };
    settings.plugins = [rewrite];
    if (target.startsWith('http:')) settings.httpAgent = new http.Agent({ keepAlive: true });
  }
  const { accessToken, accessSecret, appKey, appSecret } = credentials;
  if (appKey && appSecret && accessSecret) {
    return new TwitterApi({ appKey, appSecret, accessToken, accessSecret }, settings);
  }
  return new TwitterApi(accessToken, settings);
}
