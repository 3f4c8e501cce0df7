import type { youtube_v3 } from '@googleapis/youtube';
import type { PollCursor, PollResult, RemoteComment } from '../contract.js';
import { toPlatformError } from './errors.js';
import { changedAt, toRemoteComment } from './mapper.js';

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
 * Replies added to threads older than the lookback window, and held or rejected comments, are not
 * seen (the default listing shows published comments only).
 */

export interface YouTubeCursor {
  /** Latest publish/update time reported so far (ms since epoch). */
  watermark?: number;
  /** Ids reported with exactly `watermark` as their time. */
  atWatermark?: string[];
  /** Thread id → totalReplyCount at the last poll, for threads inside the lookback window. */
  replyCounts?: Record<string, number>;
}

export const REPLY_LOOKBACK_MS = 24 * 3600_000;
const MAX_THREAD_PAGES = 20;
const MAX_REPLY_PAGES = 10;

export function parseYouTubeCursor(cursor: PollCursor | null): YouTubeCursor {
  const c = (cursor ?? {}) as Record<string, unknown>;
  const out: YouTubeCursor = {};
  if (typeof c.watermark === 'number' && Number.isFinite(c.watermark)) out.watermark = c.watermark;
  if (Array.isArray(c.atWatermark)) out.atWatermark = c.atWatermark.filter((v): v is string => typeof v === 'string');
  if (c.replyCounts && typeof c.replyCounts === 'object') {
    out.replyCounts = Object.fromEntries(Object.entries(c.replyCounts as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
  }
  return out;
}

export async function pollYouTube(yt: youtube_v3.Youtube, channelId: string, cursor: PollCursor | null): Promise<PollResult> {
  const prev = parseYouTubeCursor(cursor);
  const seenAtMark = new Set(prev.atWatermark ?? []);
  const horizon = (prev.watermark ?? Date.now()) - REPLY_LOOKBACK_MS;
  const found = new Map<string, RemoteComment>();
  const counts: Record<string, number> = {};
  let calls = 0;
  let mark = prev.watermark ?? 0;
  let atMark = new Set(prev.atWatermark ?? []);

  const consider = (c: youtube_v3.Schema$Comment, postId: string): void => {
    const at = changedAt(c);
    const isNew = prev.watermark === undefined || at > prev.watermark || (at === prev.watermark && !seenAtMark.has(c.id ?? ''));
    const rc = isNew ? toRemoteComment(c, postId) : undefined;
    if (!rc) return;
    found.set(rc.externalId, rc);
    if (at > mark) {
      mark = at;
      atMark = new Set([rc.externalId]);
    } else if (at === mark) atMark.add(rc.externalId);
  };

  const call = async <T>(what: string, fn: () => Promise<{ data: T }>): Promise<T> => {
    calls += 1;
    try {
      return (await fn()).data;
    } catch (err) {
      throw toPlatformError(err, what);
    }
  };

  let pageToken: string | undefined;
  let done = false;
  for (let page = 0; page < MAX_THREAD_PAGES && !done; page += 1) {
    const data = await call('commentThreads.list', () =>
      yt.commentThreads.list({
        part: ['snippet', 'replies'], allThreadsRelatedToChannelId: channelId, order: 'time', maxResults: 100, textFormat: 'plainText',
        ...(pageToken ? { pageToken } : {}),
      }),
    );
    for (const thread of data.items ?? []) {
      const top = thread.snippet?.topLevelComment;
      if (!thread.id || !top) continue;
      if ((Date.parse(top.snippet?.publishedAt ?? '') || 0) < horizon) {
        done = true; // order=time: everything after this is older still
        break;
      }
      const postId = thread.snippet?.videoId ?? thread.snippet?.channelId ?? channelId;
      consider(top, postId);
      const inline = thread.replies?.comments ?? [];
      inline.forEach((r) => consider(r, postId));
      const total = thread.snippet?.totalReplyCount ?? inline.length;
      counts[thread.id] = total;
      if (total > inline.length && total !== prev.replyCounts?.[thread.id]) {
        let replyToken: string | undefined;
        for (let rp = 0; rp < MAX_REPLY_PAGES; rp += 1) {
          const replies = await call('comments.list', () =>
            yt.comments.list({ part: ['snippet'], parentId: thread.id!, maxResults: 100, textFormat: 'plainText', ...(replyToken ? { pageToken: replyToken } : {}) }),
          );
          (replies.items ?? []).forEach((r) => consider(r, postId));
          replyToken = replies.nextPageToken ?? undefined;
          if (!replyToken) break;
        }
      }
    }
    pageToken = data.nextPageToken ?? undefined;
    if (!pageToken) done = true;
  }

  const next: YouTubeCursor = { replyCounts: counts };
  if (mark > 0) {
    next.watermark = mark;
    next.atWatermark = [...atMark];
  }
  // Every call here costs 1 unit (list methods).
  return { comments: [...found.values()], cursor: next as PollCursor, calls, quotaUnits: calls };
}
