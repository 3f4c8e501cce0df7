import { createHash } from 'node:crypto';
import type { PollCursor, RemoteComment, SeenChanges, SeenStore } from '../contract.js';

/**
 * Incremental polling state shared by the Facebook and Instagram connectors.
 *
 * The cursor keeps, per post (media), a watermark: every comment created at or before it has been
 * read. Each poll re-reads comments created from `watermark - rereadMs` on, so recent edits are
 * noticed, and uses a small hash per recently seen comment to return only new or changed ones.
 *
 * Backlogs: a poll reads at most `maxPagesPerPost` comment pages per post. The watermark only moves
 * over what was actually read (`commit`); when a post has more unread comments than that, the post
 * keeps a resume position and the next polls continue from it until the backlog is drained:
 * - Facebook (`backlog`): the comments are read oldest first with `since` = the watermark, and the
 *   watermark advances page by page;
 * - Instagram (`scan`): the comments edge is newest first without a date filter, so the `after`
 *   cursor of the interrupted walk is kept, with the newest time the walk started from (`top`),
 *   which becomes the watermark once the walk reaches the old watermark.
 * Posts older than `maxPostAgeDays`, or no longer in the listing's first pages, get one last read
 * and leave the cursor once they have no backlog, so its size stays bounded.
 *
 * A post is read again only when the listing says something changed: the connector passes what the
 * listing reports about it (comment count, last activity) and a post in sync whose report is the same
 * as at its last complete read is skipped without looking at its comments (`unchanged`).
 *
 * The hashes live in the worker's `SeenStore` (a table of their own) when one is given: they are
 * loaded only for the posts read again, and their changes come back in `result().seen`. Without a
 * store (tools, tests) they are kept in the cursor as `seen`.
 */

export interface PollTuning {
  /** Posts older than this are no longer polled. Default 14. */
  maxPostAgeDays: number;
  /** How far below the watermark comments are re-read to catch edits. Default 15 minutes. */
  rereadMs: number;
  /** Upper bound on comment pages read per post in one poll (the rest waits for the next poll). Default 20. */
  maxPagesPerPost: number;
  /** Upper bound on post (media) list pages read in one poll. Default 4. */
  maxPostPages: number;
}

export const DEFAULT_TUNING: PollTuning = { maxPostAgeDays: 14, rereadMs: 15 * 60_000, maxPagesPerPost: 20, maxPostPages: 4 };

/** An interrupted newest-first walk (Instagram). */
export interface ScanState {
  /** Graph `after` cursor of the next page to read. */
  a: string;
  /** Newest comment time (ms) when the walk started: the watermark once it completes. */
  top: number;
  /** 1 when walking to the end (replies under older comments), not just to the watermark. */
  full?: 1;
  /** New comments found since the last comment count was stored. */
  f: number;
}

export interface PostState {
  /** Watermark (ms), absent until a comment was read. */
  wm?: number;
  /** Post creation (ms). */
  at: number;
  /** Last comment count the platform reported while in sync, where it reports one. */
  n?: number;
  /** Facebook: 1 while a backlog is read oldest first from the watermark. */
  b?: 1;
  /** Instagram: an interrupted walk. */
  s?: ScanState;
  /** 1 once the post left the listing window: it leaves the cursor when its backlog is drained. */
  o?: 1;
  /** What the listing reported about the post at its last complete read in sync (see `unchanged`). */
  g?: string;
}

interface SeenEntry {
  p: string; // post id
  t: number; // comment creation (ms)
  h: string; // text + state hash
}

export interface GraphPollCursor {
  v: 1;
  posts: Record<string, PostState>;
  /** Seen hashes, when the poll has no `SeenStore` to keep them in. */
  seen?: Record<string, SeenEntry>;
  /** Creation time (ms) of the newest post that left the window; older unknown posts are not adopted. */
  cut?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a stored cursor; anything unexpected starts afresh rather than failing the poll. */
export function readCursor(raw: PollCursor | null): GraphPollCursor {
  if (!raw || raw.v !== 1 || !isRecord(raw.posts) || (raw.seen !== undefined && !isRecord(raw.seen))) return { v: 1, posts: {} };
  return structuredClone(raw) as unknown as GraphPollCursor;
}

/**
 * A short digest of what a listing shows about a post (its comment count, last activity and the
 * nested page of its newest comments as returned): the same digest twice means nothing on the post
 * changed that a re-read could find, edits and hidden states in the nested page included.
 */
export function listingSignal(parts: unknown): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function hashOf(c: RemoteComment): string {
  return createHash('sha1')
    .update(`${c.text}\u0000${c.state ?? ''}`)
    .digest('base64url')
    .slice(0, 12);
}

/** One poll's bookkeeping. Feed it posts and comments, then take `result()`. */
export class PollSession {
  private readonly cursor: GraphPollCursor;
  private readonly out: RemoteComment[] = [];
  private readonly removed: string[] = [];
  private readonly fetched = new Set<string>();
  private readonly noted = new Set<string>();
  /** Newest comment time read per post in this poll. */
  private readonly readMax = new Map<string, number>();
  /** Seen hashes known to this poll: all of them without a store, those of the loaded posts with one. */
  private readonly seen = new Map<string, SeenEntry>();
  private readonly loaded = new Set<string>();
  /** Changes for the store. */
  private readonly put = new Set<string>();
  private readonly dropped = new Set<string>();
  private readonly droppedPosts = new Set<string>();
  readonly horizon: number;

  constructor(
    cursor: PollCursor | null,
    readonly tuning: PollTuning,
    /** When the poll started (ms). */
    readonly now = Date.now(),
    private readonly store?: SeenStore,
  ) {
    this.cursor = readCursor(cursor);
    this.horizon = now - tuning.maxPostAgeDays * 86_400_000;
    for (const [id, e] of Object.entries(this.cursor.seen ?? {})) {
      this.seen.set(id, e);
      // A cursor written before the hashes had a table of their own: they move there.
      if (store) this.put.add(id);
    }
    if (store) delete this.cursor.seen;
  }

  /**
   * Loads the stored hashes of these posts (one query for all; nothing without a store or when
   * already loaded). Call before offering a post's comments.
   */
  async load(postIds: readonly string[]): Promise<void> {
    if (!this.store) return;
    const need = [...new Set(postIds)].filter((id) => !this.loaded.has(id));
    if (need.length === 0) return;
    for (const id of need) this.loaded.add(id);
    for (const h of await this.store.forPosts(need)) {
      // What this poll already knows (a cursor's own hashes, a comment dropped meanwhile) wins.
      if (!this.seen.has(h.externalId) && !this.dropped.has(h.externalId)) this.seen.set(h.externalId, { p: h.postId, t: h.at, h: h.hash });
    }
  }

  /**
   * True when the post is in sync (no backlog, no interrupted walk) and the listing reports the same
   * `signal` about it (comment count, last activity) as at its last complete read: nothing to read.
   */
  unchanged(postId: string, signal: string | undefined): boolean {
    const p = this.cursor.posts[postId];
    return !!p && signal !== undefined && p.g === signal && p.b === undefined && p.s === undefined;
  }

  /** Records the listing's `signal` for a post read completely in sync in this poll (see `unchanged`). */
  markRead(postId: string, signal: string | undefined): void {
    const p = this.cursor.posts[postId];
    if (!p) return;
    if (signal === undefined || p.b !== undefined || p.s !== undefined) delete p.g;
    else p.g = signal;
  }

  /** Registers a post seen in the listing; false when it is too old (or left the window before). */
  notePost(id: string, createdAt: Date): boolean {
    const at = createdAt.getTime();
    if (at < this.horizon) return false;
    if (!this.cursor.posts[id] && this.cursor.cut !== undefined && at <= this.cursor.cut) return false;
    const p = (this.cursor.posts[id] ??= { at });
    delete p.o;
    this.noted.add(id);
    return true;
  }

  /**
   * Posts in the cursor that the listing did not show in this poll (too old, beyond the listing's
   * page cap, or deleted). Each gets a last read; see `finishLeft`.
   */
  leftPosts(): string[] {
    return Object.keys(this.cursor.posts).filter((id) => !this.noted.has(id));
  }

  /** Marks a post as out of the window; `result()` drops it once it has no backlog. */
  markLeft(id: string): void {
    const p = this.cursor.posts[id];
    if (p) p.o = 1;
  }

  /** Forgets a post at once (it no longer exists). */
  dropPost(id: string): void {
    delete this.cursor.posts[id];
    this.droppedPosts.add(id);
  }

  state(postId: string): PostState | undefined {
    return this.cursor.posts[postId];
  }

  /**
   * Comments created at or after this time (ms) are (re-)read. Graph timestamps have one-second
   * resolution, so the bound is inclusive: a comment from the watermark's second is never skipped.
   */
  floor(postId: string): number {
    const wm = this.cursor.posts[postId]?.wm;
    return wm === undefined ? Number.NEGATIVE_INFINITY : wm - this.tuning.rereadMs;
  }

  /** Last comment count stored while in sync, if any. */
  lastCount(postId: string): number | undefined {
    return this.cursor.posts[postId]?.n;
  }

  setCount(postId: string, n: number): void {
    const p = this.cursor.posts[postId];
    if (p) p.n = n;
  }

  /** Newest comment time read for the post in this poll. */
  newestRead(postId: string): number | undefined {
    return this.readMax.get(postId);
  }

  /**
   * Moves the watermark up to `t` (see `newestRead`). Call only once everything created up to that
   * time has been read.
   */
  commit(postId: string, t: number | undefined): void {
    const p = this.cursor.posts[postId];
    if (p && t !== undefined && (p.wm === undefined || t > p.wm)) p.wm = t;
  }

  /**
   * Offers a fetched comment; it is returned by the poll when new or changed since last seen.
   * Returns 'new' when the comment was not in the cursor. Does not move the watermark.
   */
  offer(c: RemoteComment): 'new' | 'changed' | 'same' {
    if (this.fetched.has(c.externalId)) return 'same';
    this.fetched.add(c.externalId);
    const t = c.publishedAt.getTime();
    const h = hashOf(c);
    const before = this.seen.get(c.externalId);
    const outcome = !before ? 'new' : before.h !== h ? 'changed' : 'same';
    if (outcome !== 'same') this.out.push(c);
    if (!before || before.h !== h || before.t !== t || before.p !== c.postId) {
      this.seen.set(c.externalId, { p: c.postId, t, h });
      this.put.add(c.externalId);
      this.dropped.delete(c.externalId);
    }
    const max = this.readMax.get(c.postId);
    if (max === undefined || t > max) this.readMax.set(c.postId, t);
    return outcome;
  }

  /**
   * Call after reading a post's comments from `floorMs` to the newest in this poll. Seen comments
   * in that range that were not fetched again have been removed from the platform.
   */
  completePost(postId: string, floorMs: number): void {
    for (const [id, e] of this.seen) {
      if (e.p === postId && e.t >= floorMs && !this.fetched.has(id)) {
        this.removed.push(id);
        this.forget(id);
      }
    }
  }

  private forget(id: string): void {
    this.seen.delete(id);
    this.put.delete(id);
    this.dropped.add(id);
  }

  /**
   * Drops posts that left the window once drained, and hashes that will never be re-read;
   * returns the poll's outcome.
   */
  result(): { comments: RemoteComment[]; removed: string[]; cursor: PollCursor; seen?: SeenChanges } {
    for (const [id, p] of Object.entries(this.cursor.posts)) {
      const pending = p.b !== undefined || p.s !== undefined;
      if (pending) continue; // never dropped with unread comments
      if (p.o !== undefined || p.at < this.horizon) {
        delete this.cursor.posts[id];
        this.droppedPosts.add(id);
        this.cursor.cut = Math.max(this.cursor.cut ?? Number.NEGATIVE_INFINITY, p.at);
      }
    }
    const { rereadMs } = this.tuning;
    for (const [id, e] of this.seen) {
      const post = this.cursor.posts[e.p];
      const low = post?.wm === undefined ? Number.NEGATIVE_INFINITY : post.wm - rereadMs;
      // Inside an interrupted walk, comments between the watermark and the walk's top are not read again.
      const skipped = post?.s !== undefined && e.t > (post.wm ?? Number.NEGATIVE_INFINITY) && e.t < post.s.top - rereadMs;
      if (!post || e.t < low || skipped) this.forget(id);
    }
    const base = { comments: this.out, removed: this.removed, cursor: this.cursor as unknown as PollCursor };
    if (!this.store) {
      this.cursor.seen = Object.fromEntries(this.seen);
      return base;
    }
    const put = [...this.put].map((externalId) => {
      const e = this.seen.get(externalId)!;
      return { externalId, postId: e.p, at: e.t, hash: e.h };
    });
    return { ...base, seen: { put, drop: [...this.dropped], dropPosts: [...this.droppedPosts] } };
  }
}
