import { createHash } from 'node:crypto';
import type { PollCursor, RemoteComment } from '../contract.js';

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
}

interface SeenEntry {
  p: string; // post id
  t: number; // comment creation (ms)
  h: string; // text + state hash
}

export interface GraphPollCursor {
  v: 1;
  posts: Record<string, PostState>;
  seen: Record<string, SeenEntry>;
  /** Creation time (ms) of the newest post that left the window; older unknown posts are not adopted. */
  cut?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a stored cursor; anything unexpected starts afresh rather than failing the poll. */
export function readCursor(raw: PollCursor | null): GraphPollCursor {
  if (!raw || raw.v !== 1 || !isRecord(raw.posts) || !isRecord(raw.seen)) return { v: 1, posts: {}, seen: {} };
  return structuredClone(raw) as unknown as GraphPollCursor;
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
  readonly horizon: number;

  constructor(
    cursor: PollCursor | null,
    readonly tuning: PollTuning,
    now = Date.now(),
  ) {
    this.cursor = readCursor(cursor);
    this.horizon = now - tuning.maxPostAgeDays * 86_400_000;
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
    const before = this.cursor.seen[c.externalId];
    const outcome = !before ? 'new' : before.h !== h ? 'changed' : 'same';
    if (outcome !== 'same') this.out.push(c);
    this.cursor.seen[c.externalId] = { p: c.postId, t, h };
    const max = this.readMax.get(c.postId);
    if (max === undefined || t > max) this.readMax.set(c.postId, t);
    return outcome;
  }

  /**
   * Call after reading a post's comments from `floorMs` to the newest in this poll. Seen comments
   * in that range that were not fetched again have been removed from the platform.
   */
  completePost(postId: string, floorMs: number): void {
    for (const [id, e] of Object.entries(this.cursor.seen)) {
      if (e.p === postId && e.t >= floorMs && !this.fetched.has(id)) {
        this.removed.push(id);
        delete this.cursor.seen[id];
      }
    }
  }

  /**
   * Drops posts that left the window once drained, and hashes that will never be re-read;
   * returns the poll's outcome.
   */
  result(): { comments: RemoteComment[]; removed: string[]; cursor: PollCursor } {
    for (const [id, p] of Object.entries(this.cursor.posts)) {
      const pending = p.b !== undefined || p.s !== undefined;
      if (pending) continue; // never dropped with unread comments
      if (p.o !== undefined || p.at < this.horizon) {
        delete this.cursor.posts[id];
        this.cursor.cut = Math.max(this.cursor.cut ?? Number.NEGATIVE_INFINITY, p.at);
      }
    }
    const { rereadMs } = this.tuning;
    for (const [id, e] of Object.entries(this.cursor.seen)) {
      const post = this.cursor.posts[e.p];
      const low = post?.wm === undefined ? Number.NEGATIVE_INFINITY : post.wm - rereadMs;
      // Inside an interrupted walk, comments between the watermark and the walk's top are not read again.
      const skipped = post?.s !== undefined && e.t > (post.wm ?? Number.NEGATIVE_INFINITY) && e.t < post.s.top - rereadMs;
      if (!post || e.t < low || skipped) delete this.cursor.seen[id];
    }
    return { comments: this.out, removed: this.removed, cursor: this.cursor as unknown as PollCursor };
  }
}
