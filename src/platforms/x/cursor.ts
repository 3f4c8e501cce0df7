import type { PollCursor } from '../contract.js';

/**
 * The X poll cursor (persisted JSON, bounded):
 * - `mentionsSinceId` / `searchSinceId`: the `since_id` watermarks of the mentions timeline and of
 *   the search over the active conversations (`meta.newest_id` of a query's first page);
 * - `conversations`: the account's own conversation roots active in the last 7 days → last activity
 *   (at most `MAX_TRACKED`, most recent first);
 * - `lag`: conversations not searched with the others in recent polls (beyond the per-poll cap) →
 *   the `since_id` up to which they have been searched; they are searched in turn, a few per poll;
 * - `pending`: queries cut short by the page cap, to continue with their own `since_id` and page
 *   token until drained (`m` = mentions, else the search query `q`).
 */

export interface PendingQuery {
  m?: 1;
  q?: string;
  /** The query's `since_id` (absent on none). */
  s?: string;
  /** `pagination_token` / `next_token` of the next page. */
  t: string;
}

export interface XCursor {
  mentionsSinceId?: string;
  searchSinceId?: string;
  conversations?: Record<string, string>;
  lag?: Record<string, string>;
  pending?: PendingQuery[];
}

export const MAX_TRACKED = 600;
const isId = (v: unknown): v is string => typeof v === 'string' && /^\d{1,19}$/.test(v);

export function parseXCursor(cursor: PollCursor | null): XCursor {
  const c = (cursor ?? {}) as Record<string, unknown>;
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const out: XCursor = { conversations: {}, lag: {}, pending: [] };
  if (isId(c.mentionsSinceId)) out.mentionsSinceId = c.mentionsSinceId;
  if (isId(c.searchSinceId)) out.searchSinceId = c.searchSinceId;
  for (const [k, v] of Object.entries(obj(c.conversations))) if (isId(k) && typeof v === 'string') out.conversations![k] = v;
  for (const [k, v] of Object.entries(obj(c.lag))) if (isId(k) && isId(v)) out.lag![k] = v;
  for (const p of Array.isArray(c.pending) ? c.pending : []) {
    const e = obj(p);
    if (typeof e.t !== 'string' || (e.m !== 1 && typeof e.q !== 'string')) continue;
    out.pending!.push({ ...(e.m === 1 ? { m: 1 as const } : { q: e.q as string }), ...(isId(e.s) ? { s: e.s } : {}), t: e.t });
  }
  return out;
}

/** Drops empty parts so an idle cursor stays as small as before. */
export function compactXCursor(c: XCursor): PollCursor {
  const out: Record<string, unknown> = { conversations: c.conversations ?? {} };
  if (c.mentionsSinceId) out.mentionsSinceId = c.mentionsSinceId;
  if (c.searchSinceId) out.searchSinceId = c.searchSinceId;
  if (c.lag && Object.keys(c.lag).length > 0) out.lag = c.lag;
  if (c.pending && c.pending.length > 0) out.pending = c.pending;
  return out;
}

const QUERY_LIMIT = 512;

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
