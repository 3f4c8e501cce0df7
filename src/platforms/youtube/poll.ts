import type { youtube_v3 } from '@googleapis/youtube';
import type { PollCursor, PollResult, RemoteComment } from '../contract.js';
import { parseYouTubeCursor, type ReplyWalk, type ThreadWalk, type YouTubeCursor } from './cursor.js';
import { toPlatformError } from './errors.js';
import { changedAt, toRemoteComment } from './mapper.js';

export { parseYouTubeCursor, type YouTubeCursor } from './cursor.js';

/**
 * One YouTube poll. The API has no `since` filter, so:
 * 1. page `commentThreads.list?allThreadsRelatedToChannelId=…&order=time&part=snippet,replies`
 *    (1 unit per page, newest threads first) until the top-level comments are older than the
 *    watermark minus `REPLY_LOOKBACK_MS` — threads in that window are re-read so new replies and
 *    edits on them are seen;
 * 2. for a thread whose `totalReplyCount` exceeds the inline replies and changed since the last poll,
 *    page `comments.list?parentId=…` (1 unit per page);
 * 3. report every comment whose publish/update time is after the watermark (ties resolved with the
 *    ids already reported at the watermark).
 * Bounded work: at most `maxThreadPages` thread pages and `maxReplyPages` reply pages per thread per
 * poll. A listing cut short keeps the watermark and its pageToken (see cursor.ts): the next polls
 * continue it before anything else, and only once it is drained does the watermark move (to the
 * newest time of the listing's first page). Reply listings cut short continue the same way.
 * Replies added to threads older than the lookback window, and held or rejected comments, are not
 * seen (the default listing shows published comments only).
 */

export const REPLY_LOOKBACK_MS = 24 * 3600_000;

export interface YouTubeTuning {
  maxThreadPages: number;
  maxReplyPages: number;
}

export const YOUTUBE_DEFAULT_TUNING: YouTubeTuning = { maxThreadPages: 20, maxReplyPages: 10 };

type Thread = youtube_v3.Schema$CommentThread;
type Pass = 'reply' | 'walk' | 'fresh';

export async function pollYouTube(
  yt: youtube_v3.Youtube,
  channelId: string,
  cursor: PollCursor | null,
  tuning: YouTubeTuning = YOUTUBE_DEFAULT_TUNING,
): Promise<PollResult> {
  const prev = parseYouTubeCursor(cursor);
  const found = new Map<string, RemoteComment>();
  /** Reported comments: time and the pass that read them. */
  const reportedAt = new Map<string, { at: number; pass: Pass }>();
  let pass: Pass = 'reply';
  const ahead = { ...prev.ahead };
  const replyWalks: Record<string, ReplyWalk> = { ...prev.replies };
  const busyThreads = new Set(Object.keys(replyWalks)); // their replies come from their reply walk only
  let calls = 0;
  // Threshold: comments changed after it (ties: not listed in `atIds`) are reported.
  let threshold = prev.watermark;
  let atIds = new Set(prev.atWatermark ?? []);
  let seenMax = Number.NEGATIVE_INFINITY;
  let seenAtMax = new Set<string>();

  const consider = (c: youtube_v3.Schema$Comment, postId: string, over = threshold, overIds = atIds): void => {
    const at = changedAt(c);
    const id = c.id ?? '';
    if (over !== undefined && (at < over || (at === over && overIds.has(id)))) return;
    if (at > seenMax) [seenMax, seenAtMax] = [at, new Set([id])];
    else if (at === seenMax) seenAtMax.add(id);
    if (ahead[id] === at) return; // reported during a walk already
    const rc = toRemoteComment(c, postId);
    if (!rc) return;
    found.set(rc.externalId, rc);
    reportedAt.set(rc.externalId, { at, pass: over === threshold ? pass : 'reply' });
  };

  const call = async <T>(what: string, fn: () => Promise<{ data: T }>): Promise<T> => {
    calls += 1;
    try {
      return (await fn()).data;
    } catch (err) {
      throw toPlatformError(err, what);
    }
  };

  /** Reads one thread's replies from `token`, at most maxReplyPages pages; returns the walk left, if any. */
  const readReplies = async (threadId: string, postId: string, walk: ReplyWalk | undefined): Promise<number | undefined> => {
    let token = walk?.k;
    let n = walk?.n ?? 0;
    const over = walk ? walk.w : threshold;
    const overIds = walk ? new Set<string>() : atIds;
    for (let rp = 0; rp < tuning.maxReplyPages; rp += 1) {
      const replies = await call('comments.list', () =>
        yt.comments.list({ part: ['snippet'], parentId: threadId, maxResults: 100, textFormat: 'plainText', ...(token ? { pageToken: token } : {}) }),
      );
      (replies.items ?? []).forEach((r) => consider(r, postId, over, overIds));
      n += replies.items?.length ?? 0;
      token = replies.nextPageToken ?? undefined;
      if (!token) {
        delete replyWalks[threadId];
        return n;
      }
    }
    replyWalks[threadId] = { k: token!, v: postId, n, ...(over !== undefined ? { w: over } : {}) };
    busyThreads.add(threadId);
    return undefined;
  };

  const counts: Record<string, number> = prev.walk ? { ...prev.replyCounts } : {};
  for (const [threadId, walk] of Object.entries(prev.replies ?? {})) {
    const n = await readReplies(threadId, walk.v, walk);
    if (n !== undefined) counts[threadId] = n;
  }

  const readThread = async (thread: Thread): Promise<void> => {
    // part=snippet always carries the top-level comment.
    // eslint-disable-next-line @typescript-eslint/no-non-null-asserted-optional-chain
    const top = thread.snippet?.topLevelComment!;
    const postId = thread.snippet?.videoId ?? thread.snippet?.channelId ?? channelId;
    consider(top, postId);
    if (busyThreads.has(thread.id!)) return;
    const inline = thread.replies?.comments ?? [];
    const total = thread.snippet?.totalReplyCount ?? inline.length;
    if (total > inline.length && total !== prev.replyCounts?.[thread.id!]) {
      const n = await readReplies(thread.id!, postId, undefined);
      if (n !== undefined) counts[thread.id!] = total;
      return;
    }
    inline.forEach((r) => consider(r, postId));
    counts[thread.id!] = total;
  };

  /** Pages threads newest first; returns the walk to continue when the page cap stopped it. */
  const list = async (from: ThreadWalk | undefined, horizon: number, pageBudget: number): Promise<{ walk?: ThreadWalk; pages: number }> => {
    let pageToken = from?.k;
    let last: ThreadWalk | undefined = from;
    for (let page = 0; page < pageBudget; page += 1) {
      const data = await call('commentThreads.list', () =>
        yt.commentThreads.list({
          part: ['snippet', 'replies'],
          allThreadsRelatedToChannelId: channelId,
          order: 'time',
          maxResults: 100,
          textFormat: 'plainText',
          ...(pageToken ? { pageToken } : {}),
        }),
      );
      if (!last) last = firstPageMark(data.items ?? [], horizon);
      for (const thread of data.items ?? []) {
        const top = thread.snippet?.topLevelComment;
        if (!thread.id || !top) continue;
        const published = Date.parse(top.snippet?.publishedAt ?? '') || 0;
        // Threads added since the walk began shift later pages: skip those already read.
        if (published > last.b || (published === last.b && last.bi.includes(thread.id))) continue;
        if (published < horizon) return { pages: page + 1 }; // order=time: everything after this is older still
        await readThread(thread);
        last = published === last.b ? { ...last, bi: [...last.bi, thread.id] } : { ...last, b: published, bi: [thread.id] };
      }
      pageToken = data.nextPageToken ?? undefined;
      if (!pageToken) return { pages: page + 1 };
    }
    return { walk: { ...last!, k: pageToken! }, pages: pageBudget };
  };

  let budget = tuning.maxThreadPages;
  let walk: ThreadWalk | undefined;
  let continued = false; // the walk left is the one continued (not a new one)
  if (prev.walk) {
    pass = 'walk';
    const r = await list(prev.walk, prev.walk.h, budget);
    budget -= r.pages;
    if (r.walk) [walk, continued] = [r.walk, true];
    else {
      // Drained: everything up to the listing's first page has been read.
      threshold = prev.walk.t;
      atIds = new Set(prev.walk.ta);
    }
  }
  let freshDrained = false;
  if (!walk && (budget > 0 || !prev.walk)) {
    pass = 'fresh';
    const r = await list(undefined, (threshold ?? Date.now()) - REPLY_LOOKBACK_MS, budget);
    walk = r.walk;
    freshDrained = !walk;
  }

  const next: YouTubeCursor = { replyCounts: counts };
  if (freshDrained) {
    // The whole window was read: the watermark moves to the newest comment seen.
    const mark = Math.max(threshold ?? Number.NEGATIVE_INFINITY, seenMax);
    if (Number.isFinite(mark)) {
      next.watermark = mark;
      next.atWatermark = mark === seenMax ? [...seenAtMax, ...(mark === threshold ? atIds : [])] : [...atIds];
    }
  } else {
    // The watermark stays (or moves to a drained walk's top). Comments reported above what the next
    // listing will report are remembered, except those that the continuing walk will not read again.
    if (threshold !== undefined) [next.watermark, next.atWatermark] = [threshold, [...atIds]];
    const w = threshold ?? Number.NEGATIVE_INFINITY;
    for (const [id, at] of Object.entries(ahead)) if (at <= w) delete ahead[id];
    for (const [id, r] of reportedAt) {
      const sameWalk = walk && ((r.pass === 'walk' && continued) || (r.pass === 'fresh' && !continued));
      if (r.at > (sameWalk ? walk!.t : w)) ahead[id] = r.at;
    }
    if (walk) next.walk = walk;
    if (Object.keys(ahead).length > 0) next.ahead = ahead;
  }
  if (Object.keys(replyWalks).length > 0) next.replies = replyWalks;
  // Every call here costs 1 unit (list methods).
  return { comments: [...found.values()], cursor: next as PollCursor, calls, quotaUnits: calls };
}

/** The walk's start: the newest time on the first page becomes the watermark once it is drained. */
function firstPageMark(items: Thread[], horizon: number): ThreadWalk {
  let t = Number.NEGATIVE_INFINITY;
  let ta: string[] = [];
  for (const thread of items) {
    const comments = [thread.snippet?.topLevelComment, ...(thread.replies?.comments ?? [])];
    for (const c of comments) {
      if (!c?.id) continue;
      const at = changedAt(c);
      if (at > t) [t, ta] = [at, [c.id]];
      else if (at === t) ta.push(c.id);
    }
  }
  return { k: '', t, ta, h: horizon, b: Number.POSITIVE_INFINITY, bi: [] };
}
