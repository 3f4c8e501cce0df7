import { FacebookAdsApi, type GraphParams } from 'facebook-nodejs-business-sdk';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../contract.js';
import { GraphTimeoutError, toPlatformError } from './errors.js';

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

/**
 * Points the SDK at `url`. The SDK reads its base from the static getter `FacebookAdsApi.GRAPH`, so
 * the base is PROCESS-GLOBAL: all Facebook and Instagram connectors in one process share one base
 * URL, and the last call wins. Plain assignment does not work (getter only), so the getter is
 * redefined. Idempotent for the same URL.
 */
export function setGraphBaseUrl(url: string = DEFAULT_GRAPH_URL): void {
  const base = url.replace(/\/+$/, '');
  if (FacebookAdsApi.GRAPH === base) return;
  Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => base, configurable: true });
}

/** A raw Graph list answer. */
export interface GraphList<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

export interface GraphClientOptions {
  /** Per-request timeout; the SDK's transport has none. Default `DEFAULT_REQUEST_TIMEOUT_MS`. */
  timeoutMs?: number;
}

/**
 * One account's Graph session: its own `FacebookAdsApi` (never the SDK's global default), so
 * accounts with different tokens can run concurrently. The crash reporter is off and response
 * headers are kept. Every request goes through `run`, which counts it, bounds its duration and
 * turns any failure into a `PlatformError`.
 */
export class GraphClient {
  readonly api: FacebookAdsApi;
  private count = 0;
  private readonly timeoutMs: number;

  constructor(accessToken: string, opts: GraphClientOptions = {}) {
    this.api = new FacebookAdsApi(accessToken, 'en_US', false);
    this.api.setShowHeader(true);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** Requests made so far; callers take differences around an operation. */
  get calls(): number {
    return this.count;
  }

  /** Runs one SDK request. Rejects only with `PlatformError`. */
  async run<T>(what: string, request: () => Promise<T>): Promise<T> {
    this.count += 1;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GraphTimeoutError(this.timeoutMs)), this.timeoutMs);
    });
    const call = Promise.resolve().then(request);
    // If the timeout wins, the late request's outcome must not become an unhandled rejection.
    call.catch(() => undefined);
    try {
      return await Promise.race([call, timeout]);
    } catch (err) {
      throw toPlatformError(err, what);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Follows an absolute `paging.next` link (it carries the token and all parameters). */
  getUrl<T>(what: string, url: string): Promise<GraphList<T>> {
    return this.run(what, async () => (await this.api.call('GET', url)) as GraphList<T>);
  }

  /** `GET /{id}[/{edge}]` with parameters, answered as raw JSON. */
  get<T>(what: string, path: string[], params: GraphParams): Promise<T> {
    return this.run(what, async () => (await this.api.call('GET', path, params)) as T);
  }

  /** `POST /{id}` with parameters, e.g. `{is_hidden: true}`. */
  post(what: string, path: string[], params: GraphParams): Promise<unknown> {
    return this.run(what, () => this.api.call('POST', path, params));
  }
}
