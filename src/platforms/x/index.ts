import type { TwitterApi } from 'twitter-api-v2';
import {
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

  async poll(cursor: PollCursor | null): Promise<PollResult> {
    try {
      const poll = new XPoll(this.client, this.userId, this.tuning);
      const result = await poll.run(cursor);
      for (const [orig, id] of poll.latest) this.remember(orig, id);
      return result;
    } catch (err) {
      throw toPlatformError(err, 'poll');
    }
  }

  /** Idempotent: hiding a hidden reply (or unhiding a visible one) succeeds again. */
  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    if (kind !== 'hide' && kind !== 'unhide') {
      throw new PlatformError('invalid', `X cannot ${kind} a reply: only hide and unhide are supported`, { code: 'unsupported_action' });
    }
    try {
      const res = await this.client.v2.put(`tweets/${this.idFor(comment.externalId)}/hidden`, { hidden: kind === 'hide' });
      return { response: res };
    } catch (err) {
      throw toPlatformError(err, `${kind} reply`);
    }
  }

  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    try {
      const res = await this.client.v2.post<{ data: { id: string } }>('tweets', { text, reply: { in_reply_to_tweet_id: this.idFor(comment.externalId) } });
      return { externalId: res.data.id };
    } catch (err) {
      throw toPlatformError(err, 'reply');
    }
  }

  /**
   * Recent search for direct replies to the comment, keeping the account's own with the same text.
   * Recent search covers 7 days, which is far longer than any retry of a reply waits.
   */
  async findReply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string } | null> {
    try {
      const res = await this.client.v2.get<{ data?: Array<{ id: string; text: string; author_id?: string }> }>('tweets/search/recent', {
        query: `in_reply_to_tweet_id:${this.idFor(comment.externalId)}`,
        'tweet.fields': 'author_id',
        max_results: 100,
      });
      const own = (res.data ?? []).find((t) => t.author_id === this.userId && sameText(t.text, text));
      return own ? { externalId: own.id } : null;
    } catch (err) {
      throw toPlatformError(err, 'find reply');
    }
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
  if (account.platform !== 'x') throw new Error(`createXConnector: account platform is ${account.platform}`);
  return new XConnector(createXClient(account.credentials, endpoints.xApiUrl, endpoints.requestTimeoutMs), account.externalId, {
    ...X_DEFAULT_TUNING,
    ...options.tuning,
  });
}
