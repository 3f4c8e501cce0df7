import { IGUser } from 'facebook-nodejs-business-sdk';
import type { GraphClient } from '../graph/client.js';
import { isMissingObject } from '../graph/errors.js';
import { listingSignal, type PollSession } from '../graph/poll-session.js';
import { parseGraphDate } from '../graph/time.js';
import { COMMENTS_PER_PAGE, IG_COMMENT_FIELDS, toRemoteComment, type IgCommentJson, type IgList, type IgMediaJson } from './mapper.js';

const MEDIA_PER_PAGE = 25;
const MEDIA_FIELDS = ['id', 'timestamp', 'comments_count', `comments.limit(${COMMENTS_PER_PAGE}){${IG_COMMENT_FIELDS.join(',')}}`];

/**
 * One Instagram poll. The comments edge lists top-level comments newest first, with no date filter
 * and no other order, so:
 * 1. the media list brings each media's newest comments (and their first replies) nested: one
 *    request in the common case; a media whose nested page reaches the watermark is done;
 * 2. otherwise the walk goes on page by page, at most `maxPagesPerPost` pages per poll. When it has
 *    to stop early, the watermark stays and the walk's `after` cursor is kept (`PostState.s`): the
 *    next poll continues it before anything else, and once it reaches the watermark, the newest time
 *    the walk started from becomes the watermark. Comments that arrive meanwhile are above the walk
 *    and are read by the next walk from the top. (Meta advises against storing cursors; if one is
 *    refused, the walk restarts from the top: nothing is lost, but comments already returned in the
 *    interrupted walk may be returned again.)
 * 3. a reply under an older comment is noticed through `comments_count`: the count stored at the
 *    last in-sync poll plus the new comments found since then is compared with the current count;
 *    when it falls short, the whole media is walked to the end (resumable in the same way).
 * 4. media in the cursor that the list no longer shows get a last read, then leave the cursor.
 */
export async function pollInstagram(client: GraphClient, igUserId: string, session: PollSession): Promise<void> {
  const user = new IGUser(igUserId, {}, undefined, client.api);
  let media = await client.run('instagram media', () => user.getMedia(MEDIA_FIELDS, { limit: MEDIA_PER_PAGE }));
  for (let pages = 1; ; pages += 1) {
    let oldest = Number.POSITIVE_INFINITY;
    const toRead: IgMediaJson[] = [];
    for (const item of media) {
      const m = item.exportAllData() as IgMediaJson;
      const created = parseGraphDate(m.timestamp);
      if (!m.id || !created) continue;
      oldest = Math.min(oldest, created.getTime());
      if (session.notePost(m.id, created) && !session.unchanged(m.id, signalOf(m))) toRead.push(m);
    }
    // The seen hashes of every media read again on this page of the list, in one go.
    await session.load(toRead.map((m) => m.id!));
    for (const m of toRead) await readMedia(client, session, m.id!, m);
    if (!media.hasNext() || pages >= session.tuning.maxPostPages || oldest < session.horizon) break;
    const current = media;
    media = await client.run('instagram media page', () => current.next());
  }
  for (const id of session.leftPosts()) {
    session.markLeft(id);
    try {
      const m = await client.get<IgMediaJson>('instagram media item', [id], { fields: MEDIA_FIELDS.join(',') });
      await readMedia(client, session, id, m);
    } catch (err) {
      if (!isMissingObject(err)) throw err;
      session.dropPost(id);
    }
  }
}

/**
 * What the media list says about a media's comments: its comment count (replies included) and the
 * nested page of its newest comments with their first replies. The same value twice means nothing to
 * read (see PollSession.unchanged).
 */
function signalOf(m: IgMediaJson): string | undefined {
  if (m.comments_count === undefined) return undefined;
  return listingSignal([m.comments_count, m.comments?.data ?? []]);
}

interface WalkResult {
  /** New comments offered. */
  found: number;
  /** Reached its end: the floor (quick walk) or the last page (full walk). */
  done: boolean;
  /** Nothing was left unread, replies included. */
  complete: boolean;
  /** Where to go on when not done. */
  after?: string;
  /** Pages fetched. */
  pages: number;
}

/** One media: an interrupted walk first, then a walk from the newest comments, then the count check. */
async function readMedia(client: GraphClient, session: PollSession, id: string, m: IgMediaJson): Promise<void> {
  const state = session.state(id);
  if (!state) return;
  await session.load([id]);
  let budget = session.tuning.maxPagesPerPost;
  let found = 0;
  if (state.s) {
    const s = state.s;
    let first: IgList<IgCommentJson> | undefined;
    try {
      first = await fetchPage(client, id, s.a);
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'invalid') throw err;
      delete state.s; // the cursor is no longer accepted: start again from the top
    }
    if (first) {
      const r = await walk(client, session, id, first, session.floor(id), s.full === 1, budget - 1);
      if (!r.done) {
        session.markRead(id, undefined);
        return void Object.assign(s, { a: r.after!, f: s.f + r.found });
      }
      found = s.f + r.found;
      budget -= r.pages + 1;
      delete state.s;
      session.commit(id, s.top); // everything up to the walk's start has been read
    }
  }
  const floor = session.floor(id);
  const top = newestTopLevel(m.comments);
  const quick = await walk(client, session, id, m.comments ?? {}, floor, false, budget);
  found += quick.found;
  if (!quick.done) return startScan(session, id, quick, top, found, false);
  session.commit(id, session.newestRead(id));
  const count = m.comments_count;
  const before = session.lastCount(id);
  if (count !== undefined && before !== undefined && count > before + found && !quick.complete) {
    // A reply under an older comment: walk the whole media (the nested page again, at no cost).
    const full = await walk(client, session, id, m.comments ?? {}, floor, true, budget - quick.pages);
    found += full.found;
    if (!full.done) return startScan(session, id, full, top, found, true);
    if (full.complete) session.completePost(id, floor);
  } else if (quick.complete) {
    session.completePost(id, floor);
  }
  if (count !== undefined) session.setCount(id, count);
  session.markRead(id, signalOf(m));
}

function startScan(session: PollSession, id: string, r: WalkResult, top: number | undefined, found: number, full: boolean): void {
  const state = session.state(id)!;
  session.markRead(id, undefined);
  state.s = { a: r.after!, top: top ?? session.newestRead(id) ?? 0, f: found, ...(full ? { full: 1 as const } : {}) };
}

function newestTopLevel(list: IgList<IgCommentJson> | undefined): number | undefined {
  const first = list?.data?.[0];
  return parseGraphDate(first?.timestamp)?.getTime();
}

function fetchPage(client: GraphClient, mediaId: string, after: string): Promise<IgList<IgCommentJson>> {
  return client.get('instagram comments page', [mediaId, 'comments'], { fields: IG_COMMENT_FIELDS.join(','), limit: COMMENTS_PER_PAGE, after });
}

/**
 * Walks top-level comments newest first from `first`, offering everything from `floor` on including
 * nested replies, fetching at most `budget` more pages. Stops at the floor unless `full`.
 */
async function walk(
  client: GraphClient,
  session: PollSession,
  mediaId: string,
  first: IgList<IgCommentJson>,
  floor: number,
  full: boolean,
  budget: number,
): Promise<WalkResult> {
  let page = first;
  let found = 0;
  let complete = true;
  const offer = (raw: IgCommentJson, parentId?: string): void => {
    const c = toRemoteComment(raw, mediaId, parentId);
    if (c && c.publishedAt.getTime() >= floor && session.offer(c) === 'new') found += 1;
  };
  for (let pages = 0; ; pages += 1) {
    let reachedFloor = false;
    for (const raw of page.data ?? []) {
      const t = parseGraphDate(raw.timestamp)?.getTime() ?? 0;
      if (t < floor) reachedFloor = true;
      offer(raw);
      let replies = raw.replies ?? {};
      for (const r of replies.data ?? []) offer(r, raw.id);
      // Replies come oldest first, so new ones sit on the last page: read them all when needed.
      while (replies.paging?.next && raw.id) {
        if (!full && t < floor) {
          complete = false;
          break;
        }
        replies = await client.getUrl<IgCommentJson>('instagram replies page', replies.paging.next);
        for (const r of replies.data ?? []) offer(r, raw.id);
      }
    }
    const next = page.paging?.next;
    if (!next) return { found, done: true, complete, pages };
    if (reachedFloor && !full) return { found, done: true, complete: false, pages };
    const after = page.paging?.cursors?.after;
    // Bounded work per poll: the next poll goes on from `after`.
    if (pages >= budget && after) return { found, done: false, complete: false, after, pages };
    page = await client.getUrl<IgCommentJson>('instagram comments page', next);
  }
}
