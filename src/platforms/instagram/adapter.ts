import { IGComment, IGUser } from 'facebook-nodejs-business-sdk';
import type { Capabilities, Connector, ModerationKind, PollCursor, PollResult } from '../contract.js';
import { PlatformError } from '../contract.js';
import type { GraphClient } from '../graph/client.js';
import { isMissingObject, toPlatformError } from '../graph/errors.js';
import { PollSession, type PollTuning } from '../graph/poll-session.js';
import { parseGraphDate } from '../graph/time.js';
import {
  COMMENTS_PER_PAGE,
  IG_COMMENT_FIELDS,
  toRemoteComment,
  type IgCommentJson,
  type IgList,
  type IgMediaJson,
} from './mapper.js';

const MEDIA_PER_PAGE = 25;
const MEDIA_FIELDS = ['id', 'timestamp', 'comments_count', `comments.limit(${COMMENTS_PER_PAGE}){${IG_COMMENT_FIELDS.join(',')}}`];

/**
 * Instagram professional account connector (Instagram Graph API through Facebook Login). One poll
 * reads the media list with each media's newest top-level comments and their first replies nested
 * (one request in the common case). The comments edge has no date filter and lists top-level
 * comments only, newest first; a new reply under an older comment is noticed through
 * `comments_count`, which then triggers a full walk of that media's comments.
 */
export class InstagramConnector implements Connector {
  readonly platform = 'instagram' as const;
  readonly capabilities: Capabilities = { hide: true, unhide: true, delete: true, hold: false, reject: false, reply: true };

  constructor(
    private readonly igUserId: string,
    private readonly client: GraphClient,
    private readonly tuning: PollTuning,
  ) {}

  async poll(cursor: PollCursor | null): Promise<PollResult> {
    const start = this.client.calls;
    try {
      const session = new PollSession(cursor, this.tuning);
      const user = new IGUser(this.igUserId, {}, undefined, this.client.api);
      let media = await this.client.run('instagram media', () => user.getMedia(MEDIA_FIELDS, { limit: MEDIA_PER_PAGE }));
      for (let pages = 1; ; pages += 1) {
        let oldest = Number.POSITIVE_INFINITY;
        for (const item of media) {
          const m = item.exportAllData() as IgMediaJson;
          const created = parseGraphDate(m.timestamp);
          if (!m.id || !created) continue;
          oldest = Math.min(oldest, created.getTime());
          if (session.notePost(m.id, created)) await this.readMedia(session, m.id, m);
        }
        if (!media.hasNext() || pages >= this.tuning.maxPostPages || oldest < session.horizon) break;
        const current = media;
        media = await this.client.run('instagram media page', () => current.next());
      }
      return { ...session.result(), calls: this.client.calls - start };
    } catch (err) {
      throw toPlatformError(err, 'instagram poll');
    }
  }

  /** One media: a quick pass down to the re-read floor, then a full walk if the count disagrees. */
  private async readMedia(session: PollSession, id: string, m: IgMediaJson): Promise<void> {
    const floor = session.floor(id);
    const before = session.lastCount(id);
    const quick = await this.walk(session, id, m.comments, floor, false);
    const count = m.comments_count;
    if (count !== undefined && before !== undefined && count > before + quick.found && !quick.complete) {
      const full = await this.walk(session, id, m.comments, floor, true);
      if (full.complete) session.completePost(id, floor);
    } else if (quick.complete) {
      session.completePost(id, floor);
    }
    if (count !== undefined) session.setCount(id, count);
  }

  /**
   * Walks top-level comments newest first, offering everything from `floor` on including nested
   * replies. Stops at the floor unless `full`. `complete` means nothing was left unread.
   */
  private async walk(
    session: PollSession,
    mediaId: string,
    first: IgList<IgCommentJson> | undefined,
    floor: number,
    full: boolean,
  ): Promise<{ found: number; complete: boolean }> {
    let page = first ?? {};
    let found = 0;
    let complete = true;
    const offer = (raw: IgCommentJson, parentId?: string): void => {
      const c = toRemoteComment(raw, mediaId, parentId);
      if (c && c.publishedAt.getTime() >= floor && session.offer(c) === 'new') found += 1;
    };
    for (let pages = 1; ; pages += 1) {
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
          replies = await this.client.getUrl<IgCommentJson>('instagram replies page', replies.paging.next);
          for (const r of replies.data ?? []) offer(r, raw.id);
        }
      }
      const next = page.paging?.next;
      if (!next) return { found, complete };
      if ((reachedFloor && !full) || pages >= this.tuning.maxPagesPerPost) return { found, complete: false };
      page = await this.client.getUrl<IgCommentJson>('instagram comments page', next);
    }
  }

  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    const node = new IGComment(comment.externalId, {}, undefined, this.client.api);
    if (kind === 'hide' || kind === 'unhide') {
      return { response: await this.client.run(`instagram ${kind}`, () => node.update([], { hide: kind === 'hide' })) };
    }
    if (kind === 'delete') {
      try {
        return { response: await this.client.run('instagram delete', () => node.delete([])) };
      } catch (err) {
        if (isMissingObject(err)) return { response: { success: true, alreadyDeleted: true } };
        throw err;
      }
    }
    throw new PlatformError('invalid', `instagram: moderation '${kind}' is not supported`);
  }

  async currentState(comment: { externalId: string; postId: string }): Promise<'visible' | 'hidden' | 'deleted'> {
    try {
      const raw = (await this.client.run('instagram comment state', () => this.client.api.call('GET', [comment.externalId], { fields: 'id,hidden' }))) as { hidden?: boolean };
      return raw.hidden ? 'hidden' : 'visible';
    } catch (err) {
      if (isMissingObject(err)) return 'deleted';
      throw err;
    }
  }

  /** Instagram threads are one level deep: a reply to a reply goes under its top-level comment. */
  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    const target = await this.topLevelOf(comment.externalId);
    const node = new IGComment(target, {}, undefined, this.client.api);
    const created = await this.client.run('instagram reply', () => node.createReply([], { message: text }));
    if (!created.id) throw new PlatformError('fatal', 'instagram reply: no id in the answer');
    return { externalId: created.id };
  }

  private async topLevelOf(id: string): Promise<string> {
    const raw = (await this.client.run('instagram comment', () => this.client.api.call('GET', [id], { fields: 'id,parent_id' }))) as IgCommentJson;
    return raw.parent_id ?? id;
  }
}
