import { createHash } from 'node:crypto';
import type { PollCursor, RemoteComment } from '../contract.js';

/**
 * Incremental polling state shared by the Facebook and Instagram connectors.
 *
 * The cursor keeps, per post (media), a watermark: the creation time of the newest comment seen.
 * Each poll re-reads comments created from `watermark - rereadMs` on, so recent edits are noticed,
 * and uses a small hash per recently seen comment to return only new or changed ones. Posts older
 * than `maxPostAgeDays` leave the cursor, so its size stays bounded.
 */

export interface PollTuning {
  /** Posts older than this are no longer polled. Default 14. */
  maxPostAgeDays: number;
  /** How far below the watermark comments are re-read to catch edits. Default 15 minutes. */
  rereadMs: number;
  /** Upper bound on comment pages read per post in one poll. Default 20. */
  maxPagesPerPost: number;
  /** Upper bound on post (media) list pages read in one poll. Default 4. */
  maxPostPages: number;
}

export const DEFAULT_TUNING: PollTuning = { maxPostAgeDays: 14, rereadMs: 15 * 60_000, maxPagesPerPost: 20, maxPostPages: 4 };

interface PostState {
  /** Watermark (ms), absent until a comment was seen. */
  wm?: number;
  /** Post creation (ms). */
  at: number;
  /** Last comment count the platform reported, where it reports one. */
  n?: number;
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
  return createHash('sha1').update(`${c.text}\u0000${c.state ?? ''}`).digest('base64url').slice(0, 12);
}

/** One poll's bookkeeping. Feed it posts and comments, then take `result()`. */
export class PollSession {
  private readonly cursor: GraphPollCursor;
  private readonly out: RemoteComment[] = [];
  private readonly removed: string[] = [];
  private readonly fetched = new Set<string>();
  readonly horizon: number;

  constructor(
    cursor: PollCursor | null,
    readonly tuning: PollTuning,
    now = Date.now(),
  ) {
    this.cursor = readCursor(cursor);
    this.horizon = now - tuning.maxPostAgeDays * 86_400_000;
  }

  /** Registers a post seen in the listing; false when it is too old to poll. */
  notePost(id: string, createdAt: Date): boolean {
    if (createdAt.getTime() < this.horizon) return false;
    this.cursor.posts[id] ??= { at: createdAt.getTime() };
    return true;
  }

  /**
   * Comments created at or after this time (ms) are (re-)read. Graph timestamps have one-second
   * resolution, so the bound is inclusive: a comment from the watermark's second is never skipped.
   */
  floor(postId: string): number {
    const wm = this.cursor.posts[postId]?.wm;
    return wm === undefined ? Number.NEGATIVE_INFINITY : wm - this.tuning.rereadMs;
  }

  /** Last reported comment count, if any. */
  lastCount(postId: string): number | undefined {
    return this.cursor.posts[postId]?.n;
  }

  setCount(postId: string, n: number): void {
    const p = this.cursor.posts[postId];
    if (p) p.n = n;
  }

  /**
   * Offers a fetched comment; it is returned by the poll when new or changed since last seen.
   * Returns 'new' when the comment was not in the cursor.
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
    const post = this.cursor.posts[c.postId];
    if (post && (post.wm === undefined || t > post.wm)) post.wm = t;
    return outcome;
  }

  /**
   * Call after reading a post's comments down to `floorMs` (or to the end). Seen comments in that
   * range that were not fetched again have been removed from the platform.
   */
  completePost(postId: string, floorMs: number): void {
    for (const [id, e] of Object.entries(this.cursor.seen)) {
      if (e.p === postId && e.t >= floorMs && !this.fetched.has(id)) {
        this.removed.push(id);
        delete this.cursor.seen[id];
      }
    }
  }

  /** Drops old posts and hashes that will never be re-read; returns the poll's outcome. */
  result(): { comments: RemoteComment[]; removed: string[]; cursor: PollCursor } {
    for (const [id, p] of Object.entries(this.cursor.posts)) {
      if (p.at < this.horizon) delete this.cursor.posts[id];
    }
    for (const [id, e] of Object.entries(this.cursor.seen)) {
      const post = this.cursor.posts[e.p];
      if (!post || (post.wm !== undefined && e.t < post.wm - this.tuning.rereadMs)) delete this.cursor.seen[id];
    }
    return { comments: this.out, removed: this.removed, cursor: this.cursor as unknown as PollCursor };
  }
}
