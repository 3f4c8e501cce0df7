import { Page } from 'facebook-nodejs-business-sdk';
import type { GraphClient, GraphList } from '../graph/client.js';
import { isMissingObject } from '../graph/errors.js';
import { listingSignal, type PollSession } from '../graph/poll-session.js';
import { parseGraphDate } from '../graph/time.js';
import { FB_COMMENT_FIELDS, toRemoteComment, type FbCommentJson, type FbPostJson } from './mapper.js';

const POSTS_PER_PAGE = 25;
const COMMENTS_PER_PAGE = 50;
/** Page size of a backlog read (Graph's maximum for the comments edge). */
const BACKLOG_PER_PAGE = 100;

/**
 * Page feed with each post's newest comments (all levels, newest first) in the same request, and
 * what tells whether a post changed at all: its `updated_time` (the last comment or edit on it) and
 * its comment count.
 */
const FEED_FIELDS = [
  'id',
  'created_time',
  'updated_time',
  `comments.limit(${COMMENTS_PER_PAGE}).filter(stream).order(reverse_chronological).summary(true){${FB_COMMENT_FIELDS.join(',')}}`,
];

/**
 * Graph times have one-second resolution: activity in the second `updated_time` names may go on after
 * the feed was read, so a post active less than this long before the poll has no signal yet (it is read
 * again at the next poll). Covers the second itself and some clock difference.
 */
const OPEN_SECOND_MS = 2_000;

/**
 * What the feed says about a post's comments: last activity (comment or edit), count and the nested
 * newest page. The same value twice means nothing to read (see PollSession.unchanged).
 */
function signalOf(post: FbPostJson, now: number): string | undefined {
  const count = post.comments?.summary?.total_count;
  const activity = parseGraphDate(post.updated_time)?.getTime();
  if (activity === undefined || count === undefined || activity + OPEN_SECOND_MS > now) return undefined;
  return listingSignal([post.updated_time, count, post.comments?.data ?? []]);
}

/**
 * One Facebook poll.
 * 1. The Page feed (newest posts first) with each post's 50 newest comments nested: one request while
 *    the Page has at most 25 posts in the window. A post whose nested page reaches its watermark is
 *    done.
 * 2. A post with more new comments than that has a backlog: its comments are read oldest first
 *    (`GET /{post-id}/comments?filter=stream&order=chronological&since=<watermark>`), at most
 *    `maxPagesPerPost` pages per poll, and the watermark follows the pages read. The next polls go on
 *    from the watermark until a page has no `next`; then the post is back to step 1.
 * 3. Posts in the cursor that the feed no longer shows (older than the window, beyond the feed page
 *    cap, deleted) get a last read the same way, and leave the cursor when nothing is left unread.
 */
export async function pollFacebook(client: GraphClient, pageId: string, session: PollSession): Promise<void> {
  const page = new Page(pageId, {}, undefined, client.api);
  let feed = await client.run('facebook feed', () => page.getFeed(FEED_FIELDS, { limit: POSTS_PER_PAGE }));
  for (let pages = 1; ; pages += 1) {
    let oldest = Number.POSITIVE_INFINITY;
    const toRead: FbPostJson[] = [];
    for (const item of feed) {
      const post = item.exportAllData() as FbPostJson;
      const created = parseGraphDate(post.created_time);
      if (!post.id || !created) continue;
      oldest = Math.min(oldest, created.getTime());
      if (session.notePost(post.id, created) && !session.unchanged(post.id, signalOf(post, session.now))) toRead.push(post);
    }
    // The seen hashes of every post read again on this feed page, in one go.
    await session.load(toRead.map((p) => p.id!));
    for (const post of toRead) await readPost(client, session, post.id!, post.comments, signalOf(post, session.now));
    if (!feed.hasNext() || pages >= session.tuning.maxPostPages || oldest < session.horizon) break;
    const current = feed;
    feed = await client.run('facebook feed page', () => current.next());
  }
  for (const id of session.leftPosts()) await readLeftPost(client, session, id);
}

/** A post the feed did not show: one last read (its backlog, or its newest comments). */
async function readLeftPost(client: GraphClient, session: PollSession, postId: string): Promise<void> {
  session.markLeft(postId);
  try {
    if (session.state(postId)?.b) return await readBacklog(client, session, postId, false);
    const post = await client.get<FbPostJson>('facebook post', [postId], { fields: FEED_FIELDS.join(',') });
    await readPost(client, session, postId, post.comments, signalOf(post, session.now));
  } catch (err) {
    if (!isMissingObject(err)) throw err;
    session.dropPost(postId); // the post is gone, and its comments with it
  }
}

/**
 * Reads one post's new comments, from its nested newest page or, when they do not fit, oldest first.
 * `signal` (what the feed said about the post) is remembered when the post ends up in sync.
 */
async function readPost(client: GraphClient, session: PollSession, postId: string, nested: FbPostJson['comments'], signal?: string): Promise<void> {
  const state = session.state(postId);
  if (!state) return;
  await session.load([postId]);
  if (state.b) {
    // A backlog continued from its watermark does not look at the re-read window below it: the post
    // is not taken as settled until a later poll has read that window again.
    session.markRead(postId, undefined);
    return readBacklog(client, session, postId, false);
  }
  const floor = session.floor(postId);
  let reachedFloor = false;
  for (const raw of nested?.data ?? []) {
    const c = toRemoteComment(raw, postId);
    if (!c) continue;
    if (c.publishedAt.getTime() < floor) reachedFloor = true;
    else session.offer(c);
  }
  if (reachedFloor || !nested?.paging?.next) {
    session.commit(postId, session.newestRead(postId));
    session.markRead(postId, signal);
    return session.completePost(postId, floor);
  }
  // More new comments than one nested page: the watermark stays until they are read in order.
  state.b = 1;
  session.markRead(postId, undefined);
  await readBacklog(client, session, postId, true, signal);
}

/**
 * Reads a post's comments oldest first from its watermark (from the re-read floor when `fromFloor`),
 * advancing the watermark page by page, for at most `maxPagesPerPost` pages. `since` has one-second
 * resolution and its bound may be exclusive, so the read starts one second early; the comments read
 * twice are recognised by their hashes.
 */
async function readBacklog(client: GraphClient, session: PollSession, postId: string, fromFloor: boolean, signal?: string): Promise<void> {
  const state = session.state(postId)!;
  await session.load([postId]);
  const from = fromFloor ? session.floor(postId) : (state.wm ?? Number.NEGATIVE_INFINITY);
  const since = Number.isFinite(from) ? Math.floor(from / 1000) - 1 : undefined;
  const params: Record<string, string | number> = {
    fields: FB_COMMENT_FIELDS.join(','),
    filter: 'stream',
    order: 'chronological',
    limit: BACKLOG_PER_PAGE,
    ...(since !== undefined && since > 0 ? { since } : {}),
  };
  let page = await client.get<GraphList<FbCommentJson>>('facebook comments', [postId, 'comments'], params);
  for (let pages = 1; ; pages += 1) {
    let newest: number | undefined;
    for (const raw of page.data ?? []) {
      const c = toRemoteComment(raw, postId);
      if (!c) continue;
      session.offer(c);
      newest = Math.max(newest ?? Number.NEGATIVE_INFINITY, c.publishedAt.getTime());
    }
    // Oldest first: everything up to the newest comment of this page has been read.
    session.commit(postId, newest);
    const next = page.paging?.next;
    if (!next) {
      delete state.b;
      // Read from the re-read floor to the end in the poll whose feed gave `signal`: in sync with it.
      session.markRead(postId, fromFloor ? signal : undefined);
      return session.completePost(postId, since !== undefined ? since * 1000 : Number.NEGATIVE_INFINITY);
    }
    if (pages >= session.tuning.maxPagesPerPost) return; // bounded work: the next poll goes on from here
    page = await client.getUrl<FbCommentJson>('facebook comments page', next);
  }
}
