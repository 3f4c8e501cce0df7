import type { TwitterApi } from 'twitter-api-v2';
import type { PollCursor, PollResult, RemoteComment } from '../contract.js';
import { toPlatformError } from './errors.js';
import { X_TIMEOUT_MS } from './client.js';
import { compactXCursor, conversationQueries, MAX_TRACKED, parseXCursor, type PendingQuery } from './cursor.js';
import { maxId, originalId, repliedTo, toRemoteComment, type XPage, type XTweetData, type XUserData } from './mapper.js';

/**
 * One X poll:
 * 1. queries cut short by the page cap in earlier polls are continued first (same query, same
 *    `since_id`, stored page token), at most `maxPages` pages each;
 * 2. `GET /2/users/:id/mentions?since_id=…` — mentions, which include every direct reply to the
 *    account (a reply mentions the author it answers). Direct replies to the account's own root posts
 *    reveal the account's active conversations;
 * 3. `GET /2/tweets/search/recent?query=(conversation_id:A OR …) is:reply&since_id=…` for the
 *    `maxConversations` most recently active conversations (chunked to the 512-character limit) —
 *    deeper replies in the account's own threads, which mention only the person they answer;
 * 4. one more search for the conversations beyond that cap (`lag`), oldest `since_id` first, so each
 *    is searched in turn from where it was left.
 * A query that reaches the page cap still moves its watermark to its first page's `meta.newest_id`:
 * everything above the cap point was read, and the rest (down to the old `since_id`) is kept as a
 * pending continuation. While `maxPending` continuations wait, steps 2-4 are skipped (watermarks stay).
 * The first poll has no watermark: it takes at most `BACKFILL_PAGES` pages per query as its start.
 */

export interface XTuning {
  maxPages: number;
  maxConversations: number;
  maxPending: number;
}

export const X_DEFAULT_TUNING: XTuning = { maxPages: 20, maxConversations: 60, maxPending: 8 };

export const X_FIELDS = {
  'tweet.fields': 'author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids',
  expansions: 'author_id',
  'user.fields': 'username',
  max_results: 100,
} as const;

const SEARCH_WINDOW_MS = 7 * 24 * 3600 * 1000; // recent search covers seven days
const BACKFILL_PAGES = 3;
const SEARCH = 'tweets/search/recent';

interface Pages {
  newest?: string;
  tweets: XTweetData[];
  /** Token of the next page when the page cap stopped the query. */
  next?: string;
}

export class XPoll {
  calls = 0;
  readonly comments = new Map<string, RemoteComment>();
  /** Original id → newest version id, for acting on edited replies. */
  readonly latest = new Map<string, string>();
  private readonly mentionsPath: string;
  private started = false;

  constructor(
    private readonly client: TwitterApi,
    private readonly userId: string,
    private readonly tuning: XTuning = X_DEFAULT_TUNING,
  ) {
    this.mentionsPath = `users/${userId}/mentions`;
  }

  async run(cursor: PollCursor | null): Promise<PollResult> {
    const c = parseXCursor(cursor);
    // Only the very first poll of an account is a bounded backfill. After it, everything the API
    // returns is new, even when that first poll found nothing to take a watermark from.
    this.started = cursor !== null;
    const conversations = { ...c.conversations };
    const pending: PendingQuery[] = [];
    const noteMentions = (tweets: XTweetData[]): void => {
      for (const t of tweets) {
        // A direct reply whose parent is the conversation root, addressed to us: the root is our post.
        if (t.conversation_id && t.in_reply_to_user_id === this.userId && repliedTo(t) === t.conversation_id) {
          conversations[t.conversation_id] = latestIso(conversations[t.conversation_id], t.created_at);
        }
      }
    };
    for (const p of c.pending ?? []) {
      const r = p.m ? await this.pages(this.mentionsPath, {}, 'pagination_token', p.s, p.t) : await this.pages(SEARCH, { query: p.q! }, 'next_token', p.s, p.t);
      if (p.m) noteMentions(r.tweets);
      if (r.next) pending.push({ ...p, t: r.next });
    }
    if (pending.length >= this.tuning.maxPending) {
      return this.result({ ...c, conversations, pending });
    }

    const mentions = await this.pages(this.mentionsPath, {}, 'pagination_token', c.mentionsSinceId);
    noteMentions(mentions.tweets);
    if (mentions.next && (c.mentionsSinceId || this.started)) pending.push({ m: 1, ...(c.mentionsSinceId ? { s: c.mentionsSinceId } : {}), t: mentions.next });
    const mentionsSinceId = maxId(c.mentionsSinceId, mentions.newest);

    const cutoff = Date.now() - SEARCH_WINDOW_MS;
    const active = Object.entries(conversations)
      .filter(([, at]) => Date.parse(at) >= cutoff)
      .sort((a, b) => b[1].localeCompare(a[1]))
      .slice(0, MAX_TRACKED);
    const kept = Object.fromEntries(active);
    const since = c.searchSinceId;
    // A conversation searched on its own up to `lag` joins the others once that covers their `since_id`.
    const lag: Record<string, string> = {};
    for (const [id, s] of Object.entries(c.lag ?? {})) if (kept[id]) lag[id] = s;
    const behind = (id: string): boolean => lag[id] !== undefined && (since === undefined || cmpId(lag[id]!, since) < 0);
    const hot = active
      .map(([id]) => id)
      .filter((id) => !behind(id))
      .slice(0, this.tuning.maxConversations);
    const hotSet = new Set(hot);
    let searchNewest = since;
    const noteActivity = (tweets: XTweetData[]): void => {
      for (const t of tweets) if (t.conversation_id && kept[t.conversation_id]) kept[t.conversation_id] = latestIso(kept[t.conversation_id], t.created_at);
    };
    for (const query of conversationQueries(hot)) {
      const r = await this.pages(SEARCH, { query }, 'next_token', since, undefined, lag);
      searchNewest = maxId(searchNewest, r.newest);
      if (r.next && (since || this.started)) pending.push({ q: query, ...(since ? { s: since } : {}), t: r.next });
      noteActivity(r.tweets);
    }
    // Conversations not searched with the others this time are searched later from `since`.
    for (const id of Object.keys(kept)) if (!hotSet.has(id) && !behind(id) && since) lag[id] = maxId(lag[id], since)!;
    const lagging = Object.keys(lag).filter((id) => !hotSet.has(id));
    if (lagging.length > 0) {
      const oldest = lagging.map((id) => lag[id]!).sort(cmpId)[0]!;
      const group = lagging.filter((id) => lag[id] === oldest).sort((a, b) => kept[b]!.localeCompare(kept[a]!));
      const query = conversationQueries(group)[0]!;
      const r = await this.pages(SEARCH, { query }, 'next_token', oldest);
      if (r.next) pending.push({ q: query, s: oldest, t: r.next });
      noteActivity(r.tweets);
      // Searched up to now: past every id seen so far (the search above ran before this one).
      const upTo = maxId(maxId(searchNewest, mentionsSinceId), maxId(r.newest, maxOf(r.tweets, group)));
      for (const id of idsOf(query)) lag[id] = maxId(lag[id], upTo)!;
    }
    const searchSinceId = searchNewest;
    // Drop `lag` entries that the shared watermark covers and that no longer filter anything.
    for (const id of Object.keys(lag)) if (!kept[id] || (searchSinceId && cmpId(lag[id]!, searchSinceId) <= 0 && hotSet.has(id))) delete lag[id];
    return this.result({ conversations: kept, lag, pending, ...(mentionsSinceId ? { mentionsSinceId } : {}), ...(searchSinceId ? { searchSinceId } : {}) });
  }

  private result(next: Parameters<typeof compactXCursor>[0]): PollResult {
    return { comments: [...this.comments.values()], cursor: compactXCursor(next), calls: this.calls };
  }

  /**
   * Fetches pages newest first down to `sinceId`, from `token` when continuing. Stops at the page cap
   * (then `next` is set). `skipUpTo` hides tweets of conversations already searched up to an id.
   */
  private async pages(
    path: string,
    extra: Record<string, string>,
    tokenParam: string,
    sinceId: string | undefined,
    startToken?: string,
    skipUpTo: Record<string, string> = {},
  ): Promise<Pages> {
    const tweets: XTweetData[] = [];
    let newest: string | undefined;
    let token = startToken;
    const limit = sinceId || startToken || this.started ? this.tuning.maxPages : BACKFILL_PAGES;
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
      const data = (res.data ?? []).filter((t) => {
        const floor = t.conversation_id ? skipUpTo[t.conversation_id] : undefined;
        return floor === undefined || cmpId(t.id, floor) > 0;
      });
      this.collect({ ...res, data }, path === SEARCH);
      tweets.push(...data);
      token = res.meta?.next_token;
      if (!token) return newest ? { newest, tweets } : { tweets };
    }
    // A first poll's backfill ends here by design; otherwise the rest is continued later.
    return { ...(newest ? { newest } : {}), tweets, ...(sinceId || startToken || this.started ? { next: token! } : {}) };
  }

  private collect(page: XPage, search: boolean): void {
    const users = new Map<string, XUserData>((page.includes?.users ?? []).map((u) => [u.id, u]));
    for (const t of page.data ?? []) {
      if (t.author_id === this.userId) continue; // the account's own replies are not moderated
      // Replies addressed to the account are mentions: the mentions stream returns them.
      if (search && t.in_reply_to_user_id === this.userId) continue;
      const rc = toRemoteComment(t, users);
      this.comments.set(rc.externalId, rc);
      this.latest.set(originalId(t), t.id);
    }
  }
}

function idsOf(query: string): string[] {
  return [...query.matchAll(/conversation_id:(\d+)/g)].map((m) => m[1]!);
}

/** Compares numeric id strings. */
function cmpId(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function maxOf(tweets: XTweetData[], ids: string[]): string | undefined {
  const set = new Set(ids);
  let out: string | undefined;
  for (const t of tweets) if (t.conversation_id && set.has(t.conversation_id)) out = maxId(out, t.id);
  return out;
}

function latestIso(a: string | undefined, b: string | undefined): string {
  const now = new Date().toISOString();
  const candidates = [a, b].filter((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  return candidates.sort().at(-1) ?? now;
}
