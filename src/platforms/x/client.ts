import http from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { DEFAULT_REQUEST_TIMEOUT_MS, type AccountCredentials } from '../contract.js';

/** The SDK's fixed API origin; it has no base-URL setting. */
export const X_DEFAULT_ORIGIN = 'https://api.x.com';

/**
 * Per-request timeout for callers that pass one explicitly. The client built here overrides it on
 * every request with the configured timeout (the SDK has none by default, so a stalled socket would
 * hang a poll forever).
 */
export const X_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS;

/**
 * Builds the SDK client. OAuth 1.0a user context when app key/secret and access secret are all
 * present, otherwise the access token is sent as a Bearer token (OAuth 2.0 user token, or an app-only
 * token for read-only use). A non-default `apiUrl` (the emulator) is reached by rewriting each request
 * URL in a plugin; an `http:` target also needs a plain `http.Agent`, because the SDK always uses
 * `https.request`.
 */
export function createXClient(credentials: AccountCredentials, apiUrl?: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): TwitterApi {
  const target = apiUrl?.replace(/\/+$/, '');
  const redirect = target && target !== X_DEFAULT_ORIGIN ? target : undefined;
  // One plugin sets the configured timeout on every request (the SDK has no client-wide setting) and,
  // for a non-default origin, rewrites the URL.
  const configure: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }): void {
      params.timeout = timeoutMs;
      if (redirect) params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, redirect);
    },
  };
  const settings: { plugins: ITwitterApiClientPlugin[]; httpAgent?: http.Agent } = { plugins: [configure] };
  if (redirect?.startsWith('http:')) settings.httpAgent = new http.Agent({ keepAlive: true });
  const { accessToken, accessSecret, appKey, appSecret } = credentials;
  if (appKey && appSecret && accessSecret) {
    return new TwitterApi({ appKey, appSecret, accessToken, accessSecret }, settings);
  }
  return new TwitterApi(accessToken, settings);
}
