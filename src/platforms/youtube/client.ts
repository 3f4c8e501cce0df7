import { auth, youtube, type youtube_v3 } from '@googleapis/youtube';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../contract.js';

/** Default API root used by the generated client. */
export const YOUTUBE_DEFAULT_ROOT = 'https://youtube.googleapis.com/';
export const YOUTUBE_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS;

/**
 * Builds the YouTube client for one channel's OAuth access token (Bearer, no refresh: token refresh
 * belongs to the credential store). `rootUrl` must be passed per API instance: `google.options` does
 * not redirect. gaxios retries GET/DELETE on 429/5xx by default; `retry: false` leaves retry policy to
 * the worker.
 */
export function createYouTubeClient(accessToken: string, rootUrl?: string, timeoutMs = YOUTUBE_TIMEOUT_MS): youtube_v3.Youtube {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: accessToken });
  const root = rootUrl ? (rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`) : YOUTUBE_DEFAULT_ROOT;
  return youtube({ version: 'v3', auth: oauth, rootUrl: root, retry: false, timeout: timeoutMs });
}
