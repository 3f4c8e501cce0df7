import type { PollCursor } from '../contract.js';

/**
 * The YouTube poll cursor (persisted JSON, bounded by the caps of one poll).
 * - `watermark` / `atWatermark`: every comment published or updated at or before `watermark` in the
 *   polled window has been reported (the ids at exactly `watermark` are listed, for ties);
 * - `replyCounts`: thread id → `totalReplyCount` when last read, for threads inside the window;
 * - `walk`: a thread listing cut short by the page cap. It goes on from `k` (pageToken) with the old
 *   watermark, skipping the threads already read (`b`/`bi`: publish time and ids of the last one), down
 *   to `h`; once drained, `t` (the newest time on its first page) becomes the watermark;
 * - `ahead`: comments reported during a walk with a time above `t`, so they are not reported again;
 * - `replies`: reply listings (`comments.list?parentId`) cut short by the page cap: thread id →
 *   pageToken, video id, the watermark they report above and the replies read so far.
 */

export interface ThreadWalk {
  k: string;
  t: number;
  ta: string[];
  h: number;
  b: number;
  bi: string[];
}

export interface ReplyWalk {
  k: string;
  v: string;
  w?: number;
  n: number;
}

export interface YouTubeCursor {
  watermark?: number;
  atWatermark?: string[];
  replyCounts?: Record<string, number>;
  walk?: ThreadWalk;
  ahead?: Record<string, number>;
  replies?: Record<string, ReplyWalk>;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function parseYouTubeCursor(cursor: PollCursor | null): YouTubeCursor {
  const c = obj(cursor);
  const out: YouTubeCursor = {};
  if (num(c.watermark)) out.watermark = c.watermark;
  if (Array.isArray(c.atWatermark)) out.atWatermark = strs(c.atWatermark);
  if (c.replyCounts) out.replyCounts = Object.fromEntries(Object.entries(obj(c.replyCounts)).filter((e): e is [string, number] => num(e[1])));
  const w = obj(c.walk);
  if (typeof w.k === 'string' && num(w.t) && num(w.h) && num(w.b)) out.walk = { k: w.k, t: w.t, ta: strs(w.ta), h: w.h, b: w.b, bi: strs(w.bi) };
  const ahead = Object.entries(obj(c.ahead)).filter((e): e is [string, number] => num(e[1]));
  if (ahead.length > 0) out.ahead = Object.fromEntries(ahead);
  const replies: Record<string, ReplyWalk> = {};
  for (const [id, v] of Object.entries(obj(c.replies))) {
    const r = obj(v);
    if (typeof r.k === 'string' && typeof r.v === 'string' && num(r.n)) replies[id] = { k: r.k, v: r.v, n: r.n, ...(num(r.w) ? { w: r.w } : {}) };
  }
  if (Object.keys(replies).length > 0) out.replies = replies;
  return out;
}
