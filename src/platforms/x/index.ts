import type { TwitterApi } from 'twitter-api-v2';
import {
  expectPlatform,
  platformCall,
  PlatformError,
  type ActionKind,
  type Capabilities,
  type Connector,
  type ConnectorAccount,
  type ConnectorLimits,
  type ModerationKind,
  type PlatformEndpoints,
  type PollCursor,
  type PollResult,
} from '../contract.js';
import { createXClient } from './client.js';
import { toPlatformError } from './errors.js';
import { X_DEFAULT_TUNING, XPoll, type XTuning } from './poll.js';

export type { XTuning } from './poll.js';

/**
 * X (API v2) connector.
 *
 * Capabilities: X lets the author of a conversation hide and unhide replies in it
 * (`PUT /2/tweets/:id/hidden`), and reply. Other people's posts cannot be deleted, and there is no
 * hold/reject, so `delete`, `hold`, `publish` and `reject` are refused with `PlatformError('invalid')`
 * before any API call. Hiding a reply outside the account's own conversations fails with 403 → `invalid`.
 *
 * Needs a user-context token: OAuth 2.0 user token with scopes `tweet.read users.read
 * tweet.moderate.write tweet.write offline.access`, or OAuth 1.0a (app key/secret + access token/secret).
 */
export const X_CAPABILITIES: Capabilities = Object.freeze({
  hide: true,
  unhide: true,
  delete: false,
  hold: false,
  reject: false,
  reply: true,
});

/**
 * X counts requests per endpoint, per user and 15-minute window (hide/unhide 50, posting, search and
 * mentions each their own), so a spent hide limit leaves polling and replies untouched.
 */
export const X_LIMITS: ConnectorLimits = Object.freeze({
  rateLimitScope: 'endpoint',
  endpointOf: (kind: ActionKind): string => (kind === 'reply' ? 'POST /2/tweets' : 'PUT /2/tweets/:id/hidden'),
});

const call = <T>(what: string, fn: () => Promise<T>): Promise<T> => platformCall(toPlatformError, what, fn);

/** Timeline pages (100 tweets each) read when looking for the account's own reply. */
const FIND_REPLY_TIMELINE_PAGES = 3;

interface XTweetLite {
  id: string;
  text: string;
  author_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}
interface XTweetPage {
  data?: XTweetLite[];
  meta?: { next_token?: string };
}

/** Remembered newest version ids of edited replies (bounded; the oldest entries are dropped first). */
const MAX_REMEMBERED_EDITS = 5000;

class XConnector implements Connector {
  readonly platform = 'x' as const;
  readonly capabilities = X_CAPABILITIES;
  readonly limits = X_LIMITS;
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly client: TwitterApi,
    private readonly userId: string,
    private readonly tuning: XTuning,
  ) {}

  poll(cursor: PollCursor | null): Promise<PollResult> {
    return call('poll', async () => {
      const poll = new XPoll(this.client, this.userId, this.tuning);
      const result = await poll.run(cursor);
      for (const [orig, id] of poll.latest) this.remember(orig, id);
      return result;
    });
  }

  /** Idempotent: hiding a hidden reply (or unhiding a visible one) succeeds again. */
  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    if (kind !== 'hide' && kind !== 'unhide') {
      throw new PlatformError('invalid', `X cannot ${kind} a reply: only hide and unhide are supported`, { code: 'unsupported_action' });
    }
    return call(`${kind} reply`, async () => ({
      response: await this.client.v2.put(`tweets/${this.idFor(comment.externalId)}/hidden`, { hidden: kind === 'hide' }),
    }));
  }

  reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    return call('reply', async () => {
      const res = await this.client.v2.post<{ data: { id: string } }>('tweets', { text, reply: { in_reply_to_tweet_id: this.idFor(comment.externalId) } });
      return { externalId: res.data.id };
    });
  }

  /**
   * The account's own reply to the comment with the same text. Read first from the account's own
   * timeline (`GET /2/users/:id/tweets`), which shows a tweet as soon as it is posted; recent search
   * lags behind writes by seconds to minutes, so a reply whose answer was lost would not be found
   * there yet and would be posted again. Search (7 days) remains the fallback for a reply older than
   * the timeline pages read.
   */
  findReply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string } | null> {
    const parents = new Set([comment.externalId, this.idFor(comment.externalId)]);
    const isOwnReply = (t: XTweetLite): boolean =>
      (t.referenced_tweets ?? []).some((r) => r.type === 'replied_to' && parents.has(r.id)) && sameText(t.text, text);
    return call('find reply', async () => {
      let token: string | undefined;
      for (let page = 0; page < FIND_REPLY_TIMELINE_PAGES; page++) {
        const res = await this.client.v2.get<XTweetPage>(`users/${this.userId}/tweets`, {
          'tweet.fields': 'referenced_tweets',
          exclude: 'retweets',
          max_results: 100,
          ...(token ? { pagination_token: token } : {}),
        });
        const own = (res.data ?? []).find(isOwnReply);
        if (own) return { externalId: own.id };
        token = res.meta?.next_token;
        if (!token) break;
      }
      const res = await this.client.v2.get<XTweetPage>('tweets/search/recent', {
        query: `in_reply_to_tweet_id:${this.idFor(comment.externalId)}`,
        'tweet.fields': 'author_id,referenced_tweets',
        max_results: 100,
      });
      const own = (res.data ?? []).find((t) => t.author_id === this.userId && isOwnReply(t));
      return own ? { externalId: own.id } : null;
    });
  }

  /** Acts on the newest version of an edited reply when this connector has seen it. */
  private idFor(externalId: string): string {
    return this.latest.get(externalId) ?? externalId;
  }

  private remember(orig: string, id: string): void {
    if (orig === id) return;
    this.latest.delete(orig);
    this.latest.set(orig, id);
    if (this.latest.size > MAX_REMEMBERED_EDITS) this.latest.delete(this.latest.keys().next().value!);
  }
}

/** X may prefix a reply with the handles it answers and normalises whitespace. */
function sameText(posted: string, wanted: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/^(@\w+\s+)+/, '')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(posted) === norm(wanted);
}

/**
 * Creates the X connector for one account (`externalId` = the X user id). `endpoints.xApiUrl`
 * redirects the SDK (tests and the demo point it at the emulator). `options.tuning` lowers or raises
 * the per-poll caps (pages per query, conversations searched together, pending continuations).
 */
export function createXConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}, options: { tuning?: Partial<XTuning> } = {}): Connector {
  expectPlatform(account, 'x', 'createXConnector');
  return new XConnector(createXClient(account.credentials, endpoints.xApiUrl, endpoints.requestTimeoutMs), account.externalId, {
    ...X_DEFAULT_TUNING,
    ...options.tuning,
  });
}
