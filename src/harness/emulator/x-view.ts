import type { EmulatorState } from './state.js';
import type { EmuAccount, EmuResponse } from './types.js';
import type { QueryTweet } from './x-query.js';

/**
 * How the X module sees the shared state: the account's own posts are conversation roots, comments
 * are replies. X gives every edit a new id; `XVersions` keeps the id chain of each edited reply so a
 * tweet is always served under its newest id with the whole `edit_history_tweet_ids`.
 */

/** One tweet as X would serve it, whatever it is in the state (root post or reply). */
export interface XTweet extends QueryTweet {
  /** The state key (a post id or the first id of a reply's edit chain). */
  key: string;
  editHistory: string[];
  authorId: string;
  authorName: string;
  createdAt: Date;
  inReplyToUserId?: string;
  isRoot: boolean;
  rootAccountId: string;
}

/** Tracks edit chains. Call `sync()` before each request so edits made through the state get ids. */
export class XVersions {
  private readonly chains = new Map<string, { ids: string[]; at: number[] }>();
  private readonly byVersion = new Map<string, string>();

  constructor(private readonly state: EmulatorState) {}

  sync(): void {
    for (const c of this.state.comments.values()) {
      if (c.platform !== 'x') continue;
      let chain = this.chains.get(c.id);
      if (!chain) {
        chain = { ids: [c.id], at: [c.createdAt.getTime()] };
        this.chains.set(c.id, chain);
        this.byVersion.set(c.id, c.id);
      }
      if (c.updatedAt.getTime() > chain.at[chain.at.length - 1]!) {
        const id = this.state.nextId();
        chain.ids.push(id);
        chain.at.push(c.updatedAt.getTime());
        this.byVersion.set(id, c.id);
      }
    }
  }

  /** The state key for any id of an edit chain (or the id itself). */
  keyOf(id: string): string {
    return this.byVersion.get(id) ?? id;
  }

  chainOf(key: string): string[] {
    return this.chains.get(key)?.ids ?? [key];
  }
}

/** X handles are `[A-Za-z0-9_]{1,15}`; display names are free text. */
export function handleOf(name: string, id: string): string {
  const h = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]/g, '')
    .slice(0, 15);
  return h || `u${id.slice(-14)}`;
}

export function allTweets(state: EmulatorState, versions: XVersions): XTweet[] {
  const out: XTweet[] = [];
  const accounts = new Map<string, EmuAccount>();
  for (const a of state.accounts.values()) if (a.platform === 'x') accounts.set(a.id, a);
  const authors = new Map<string, string>();
  for (const c of state.comments.values()) if (c.platform === 'x' && !authors.has(c.authorId)) authors.set(c.authorId, c.authorName);
  const nameOf = (id: string): string | undefined => accounts.get(id)?.name ?? authors.get(id);
  for (const p of state.posts.values()) {
    if (p.platform !== 'x') continue;
    const name = nameOf(p.accountId) ?? 'account';
    out.push({
      key: p.id,
      id: p.id,
      editHistory: [p.id],
      text: p.text,
      conversationId: p.id,
      authorId: p.accountId,
      authorName: name,
      authorUsername: handleOf(name, p.accountId),
      createdAt: p.createdAt,
      isRoot: true,
      rootAccountId: p.accountId,
    });
  }
  for (const c of state.comments.values()) {
    if (c.platform !== 'x' || c.state === 'deleted') continue;
    const chain = versions.chainOf(c.id);
    const parent = c.parentId ? state.comments.get(c.parentId) : undefined;
    const parentAuthor = parent ? parent.authorId : c.accountId;
    const parentName = parent ? parent.authorName : (nameOf(c.accountId) ?? 'account');
    const latest = chain[chain.length - 1]!;
    out.push({
      key: c.id,
      id: latest,
      editHistory: chain,
      text: c.text,
      conversationId: c.postId,
      inReplyToTweetId: parent ? versions.chainOf(parent.id).at(-1)! : c.postId,
      inReplyToUserId: parentAuthor,
      inReplyToUsername: handleOf(parentName, parentAuthor),
      authorId: c.authorId,
      authorName: c.authorName,
      authorUsername: handleOf(c.authorName, c.authorId),
      createdAt: chain.length > 1 ? c.updatedAt : c.createdAt,
      isRoot: false,
      rootAccountId: c.accountId,
    });
  }
  return out;
}

/** Numeric id comparison (ids are decimal strings of varying length). */
export function cmpId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Renders a tweet with the default fields plus those asked for in `tweet.fields`. */
export function renderTweet(t: XTweet, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: t.editHistory };
  if (fields.has('author_id')) out.author_id = t.authorId;
  if (fields.has('created_at')) out.created_at = t.createdAt.toISOString();
  if (fields.has('conversation_id')) out.conversation_id = t.conversationId;
  if (fields.has('in_reply_to_user_id') && t.inReplyToUserId) out.in_reply_to_user_id = t.inReplyToUserId;
  if (fields.has('referenced_tweets') && t.inReplyToTweetId) out.referenced_tweets = [{ type: 'replied_to', id: t.inReplyToTweetId }];
  return out;
}

export function renderUser(t: XTweet, fields: Set<string>): Record<string, unknown> {
  const u: Record<string, unknown> = { id: t.authorId, name: t.authorName, username: t.authorUsername };
  if (fields.has('protected')) u.protected = false;
  return u;
}

/** An RFC 7807 problem, the way X API v2 reports most errors. */
export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: { title, detail, type: 'about:blank', status, ...extra },
  };
}
