import type { RemoteComment } from '../contract.js';

/** The subset of an X API v2 tweet the connector asks for. */
export interface XTweetData {
  id: string;
  text: string;
  edit_history_tweet_ids?: string[];
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

export interface XUserData {
  id: string;
  name: string;
  username: string;
}

/** One page of search or timeline results. */
export interface XPage {
  data?: XTweetData[];
  includes?: { users?: XUserData[] };
  meta?: { result_count?: number; newest_id?: string; oldest_id?: string; next_token?: string };
}

/**
 * The stable identity of a tweet across edits. X gives every edit a new id and lists the chain,
 * oldest first, in `edit_history_tweet_ids`; search returns only the newest version. Keying on the
 * first id makes an edit reach the worker as a changed comment instead of a new one.
 */
export function originalId(t: XTweetData): string {
  return t.edit_history_tweet_ids?.[0] ?? t.id;
}

export function repliedTo(t: XTweetData): string | undefined {
  return t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
}

export function toRemoteComment(t: XTweetData, users: Map<string, XUserData>): RemoteComment {
  const edited = (t.edit_history_tweet_ids?.length ?? 1) > 1;
  const parsed = t.created_at ? new Date(t.created_at) : undefined;
  // A missing or unparseable time must not reach the database as an Invalid Date.
  const at = parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
  const parent = repliedTo(t);
  const author = t.author_id ? users.get(t.author_id) : undefined;
  const out: RemoteComment = {
    externalId: originalId(t),
    postId: t.conversation_id ?? t.id,
    text: t.text,
    // For an edit, created_at is the time of the newest version: the original time is not returned.
    publishedAt: at,
  };
  if (parent && parent !== t.conversation_id) out.parentId = parent;
  if (t.author_id) out.authorId = t.author_id;
  if (author) out.authorName = author.username;
  if (edited) out.updatedAt = at;
  return out;
}

/** Numeric comparison of decimal id strings (ids outgrow Number precision). */
export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}
