import type { TwitterApi } from 'twitter-api-v2';
import type { PollCursor, PollResult, RemoteComment } from '../contract.js';
import { toPlatformError } from './errors.js';
import { X_TIMEOUT_MS } from './client.js';
import { maxId, originalId, repliedTo, toRemoteComment, type XPage, type XTweetData, type XUserData } from './mapper.js';

/**
 * One X poll:
 * 1. `GET /2/users/:id/mentions?since_id=…` — mentions, which include every direct reply to the
 *    account (a reply mentions the author it answers). Direct replies to the account's own root posts
 *    reveal the account's active conversations.
 * 2. `GET /2/tweets/search/recent?query=(conversation_id:A OR …) is:reply&since_id=…` for those
 *    conversations (chunked to the 512-character query limit) — deeper replies in the account's own
 *    threads, which mention only the person they answer.
 * Each endpoint keeps its own `since_id` watermark (the first page's `meta.newest_id`).
 */

export interface XCursor {
  mentionsSinceId?: string;
  searchSinceId?: string;
  /** The account's own conversation roots seen active recently: id → last activity (ISO). */
  conversations?: Record<string, string>;
}

export const X_FIELDS = {
  'tweet.fields': 'author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids',
  expansions: 'author_id',
  'user.fields': 'username',
  max_results: 100,
} as const;

const SEARCH_WINDOW_MS = 7 * 24 * 3600 * 1000; // recent search covers seven days
const MAX_CONVERSATIONS = 60;
const QUERY_LIMIT = 512;
/** The first poll backfills at most this many pages per endpoint; later polls page to the watermark. */
const BACKFILL_PAGES = 3;
const MAX_PAGES = 20;

export function parseXCursor(cursor: PollCursor | null): XCursor {
  const c = (cursor ?? {}) as Record<string, unknown>;
  const id = (v: unknown): string | undefined => (typeof v === 'string' && /^\d+$/.test(v) ? v : undefined);
  const conv = c.conversations && typeof c.conversations === 'object' ? (c.conversations as Record<string, unknown>) : {};
  const out: XCursor = { conversations: {} };
  const m = id(c.mentionsSinceId);
  const s = id(c.searchSinceId);
  if (m) out.mentionsSinceId = m;
  if (s) out.searchSinceId = s;
  for (const [k, v] of Object.entries(conv)) if (id(k) && typeof v === 'string') out.conversations![k] = v;
  return out;
}

/** Groups conversation ids into `(conversation_id:A OR conversation_id:B …) is:reply` queries under the limit. */
export function conversationQueries(ids: string[]): string[] {
  const queries: string[] = [];
  let terms: string[] = [];
  const build = (t: string[]): string => `(${t.join(' OR ')}) is:reply`;
  for (const id of ids) {
    const next = [...terms, `conversation_id:${id}`];
    if (terms.length > 0 && build(next).length > QUERY_LIMIT) {
      queries.push(build(terms));
      terms = [`conversation_id:${id}`];
    } else terms = next;
  }
  if (terms.length > 0) queries.push(build(terms));
  return queries;
}

export class XPoll {
  calls = 0;
  readonly comments = new Map<string, RemoteComment>();
  /** Original id → newest version id, for acting on edited replies. */
  readonly latest = new Map<string, string>();

  constructor(
    private readonly client: TwitterApi,
    private readonly userId: string,
  ) {}

  async run(cursor: PollCursor | null): Promise<PollResult> {
    const c = parseXCursor(cursor);
    const conversations = { ...c.conversations };
    const mentions = await this.pages(`users/${this.userId}/mentions`, {}, 'pagination_token', c.mentionsSinceId);
    for (const t of mentions.tweets) {
      // A direct reply whose parent is the conversation root, addressed to us: the root is our post.
      if (t.conversation_id && t.in_reply_to_user_id === this.userId && repliedTo(t) === t.conversation_id) {
        conversations[t.conversation_id] = latestIso(conversations[t.conversation_id], t.created_at);
      }
    }
    const cutoff = Date.now() - SEARCH_WINDOW_MS;
    const active = Object.entries(conversations)
      .filter(([, at]) => Date.parse(at) >= cutoff)
      .sort((a, b) => b[1].localeCompare(a[1]))
      .slice(0, MAX_CONVERSATIONS);
    let searchNewest = c.searchSinceId;
    const kept = Object.fromEntries(active);
    for (const query of conversationQueries(active.map(([id]) => id))) {
      const r = await this.pages('tweets/search/recent', { query }, 'next_token', c.searchSinceId);
      searchNewest = maxId(searchNewest, r.newest);
      // Deeper replies keep a conversation active too.
      for (const t of r.tweets) if (t.conversation_id && kept[t.conversation_id]) kept[t.conversation_id] = latestIso(kept[t.conversation_id], t.created_at);
    }
    const next: XCursor = { conversations: kept };
    const mentionsNewest = maxId(c.mentionsSinceId, mentions.newest);
    if (mentionsNewest) next.mentionsSinceId = mentionsNewest;
    if (searchNewest) next.searchSinceId = searchNewest;
    return { comments: [...this.comments.values()], cursor: next as PollCursor, calls: this.calls };
  }

  /** Fetches pages newest-first down to `sinceId`; returns the newest id seen and the tweets. */
  private async pages(path: string, extra: Record<string, string>, tokenParam: string, sinceId: string | undefined): Promise<{ newest?: string; tweets: XTweetData[] }> {
    const tweets: XTweetData[] = [];
    let newest: string | undefined;
    let token: string | undefined;
    const limit = sinceId ? MAX_PAGES : BACKFILL_PAGES;
    for (let page = 0; page < limit; page += 1) {
      const query: Record<string, string | number> = { ...X_FIELDS, ...extra };
      if (sinceId) query.since_id = sinceId;
      if (token) query[tokenParam] = token;
      let res: XPage;
      try {
        this.calls += 1;
        res = await this.client.v2.get<XPage>(path, query, { timeout: X_TIMEOUT_MS });
      } catch (err) {
        throw toPlatformError(err, `GET ${path.replace(/\d+/, ':id')}`);
      }
      if (page === 0) newest = res.meta?.newest_id;
      this.collect(res);
      tweets.push(...(res.data ?? []));
      token = res.meta?.next_token;
      if (!token) break;
    }
    return newest ? { newest, tweets } : { tweets };
  }

  private collect(page: XPage): void {
    const users = new Map<string, XUserData>((page.includes?.users ?? []).map((u) => [u.id, u]));
    for (const t of page.data ?? []) {
      if (t.author_id === this.userId) continue; // the account's own replies are not moderated
      const rc = toRemoteComment(t, users);
      this.comments.set(rc.externalId, rc);
      this.latest.set(originalId(t), t.id);
    }
  }
}

function latestIso(a: string | undefined, b: string | undefined): string {
  const now = new Date().toISOString();
  const candidates = [a, b].filter((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  return candidates.sort().at(-1) ?? now;
}
