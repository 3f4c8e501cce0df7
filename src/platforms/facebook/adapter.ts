import { Comment, Page } from 'facebook-nodejs-business-sdk';
import type { Capabilities, Connector, ModerationKind, PollCursor, PollResult } from '../contract.js';
import { PlatformError } from '../contract.js';
import type { GraphClient, GraphList } from '../graph/client.js';
import { isMissingObject, toPlatformError } from '../graph/errors.js';
import { PollSession, type PollTuning } from '../graph/poll-session.js';
import { parseGraphDate } from '../graph/time.js';
import { FB_COMMENT_FIELDS, toRemoteComment, type FbCommentJson, type FbPostJson } from './mapper.js';

const POSTS_PER_PAGE = 25;
const COMMENTS_PER_PAGE = 50;

/** Page feed with each post's newest comments (all levels, newest first) in the same request. */
const FEED_FIELDS = [
  'id',
  'created_time',
  'updated_time',
  `comments.limit(${COMMENTS_PER_PAGE}).filter(stream).order(reverse_chronological){${FB_COMMENT_FIELDS.join(',')}}`,
];

/**
 * Facebook Page connector. One poll reads the Page feed with nested comments (one request while the
 * Page has at most 25 posts in the polling window) and follows a post's comment paging only when
 * more new comments arrived on it than one nested page holds.
 */
export class FacebookConnector implements Connector {
  readonly platform = 'facebook' as const;
  readonly capabilities: Capabilities = { hide: true, unhide: true, delete: true, hold: false, reject: false, reply: true };

  constructor(
    private readonly pageId: string,
    private readonly client: GraphClient,
    private readonly tuning: PollTuning,
  ) {}

  async poll(cursor: PollCursor | null): Promise<PollResult> {
    const start = this.client.calls;
    try {
      const session = new PollSession(cursor, this.tuning);
      const page = new Page(this.pageId, {}, undefined, this.client.api);
      let feed = await this.client.run('facebook feed', () => page.getFeed(FEED_FIELDS, { limit: POSTS_PER_PAGE }));
      for (let pages = 1; ; pages += 1) {
        let oldest = Number.POSITIVE_INFINITY;
        for (const item of feed) {
          const post = item.exportAllData() as FbPostJson;
          const created = parseGraphDate(post.created_time);
          if (!post.id || !created) continue;
          oldest = Math.min(oldest, created.getTime());
          if (session.notePost(post.id, created)) await this.readPostComments(session, post.id, post.comments);
        }
        if (!feed.hasNext() || pages >= this.tuning.maxPostPages || oldest < session.horizon) break;
        const current = feed;
        feed = await this.client.run('facebook feed page', () => current.next());
      }
      return { ...session.result(), calls: this.client.calls - start };
    } catch (err) {
      throw toPlatformError(err, 'facebook poll');
    }
  }

  /** Walks one post's comments, newest first, down to the post's re-read floor. */
  private async readPostComments(session: PollSession, postId: string, nested: FbPostJson['comments']): Promise<void> {
    const floor = session.floor(postId);
    let page: GraphList<FbCommentJson> = { data: nested?.data ?? [], ...(nested?.paging ? { paging: nested.paging } : {}) };
    for (let pages = 1; ; pages += 1) {
      let reachedFloor = false;
      for (const raw of page.data) {
        const c = toRemoteComment(raw, postId);
        if (!c) continue;
        if (c.publishedAt.getTime() < floor) reachedFloor = true;
        else session.offer(c);
      }
      const next = page.paging?.next;
      if (reachedFloor || !next) return session.completePost(postId, floor);
      // Bounded work per poll: with defaults, over 1000 new comments on one post between two polls
      // would leave the oldest of them unread.
      if (pages >= this.tuning.maxPagesPerPost) return;
      page = await this.client.getUrl<FbCommentJson>('facebook comments page', next);
    }
  }

  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    const node = new Comment(comment.externalId, {}, undefined, this.client.api);
    if (kind === 'hide' || kind === 'unhide') {
      const response = await this.client.run(`facebook ${kind}`, () => node.update([], { is_hidden: kind === 'hide' }));
      return { response };
    }
    if (kind === 'delete') {
      try {
        return { response: await this.client.run('facebook delete', () => node.delete([])) };
      } catch (err) {
        // Deleting twice (e.g. a retry after a crash) finds nothing: the goal is reached.
        if (isMissingObject(err)) return { response: { success: true, alreadyDeleted: true } };
        throw err;
      }
    }
    throw new PlatformError('invalid', `facebook: moderation '${kind}' is not supported`);
  }

  async currentState(comment: { externalId: string; postId: string }): Promise<'visible' | 'hidden' | 'deleted'> {
    try {
      const raw = (await this.client.run('facebook comment state', () => this.client.api.call('GET', [comment.externalId], { fields: 'id,is_hidden' }))) as { is_hidden?: boolean };
      return raw.is_hidden ? 'hidden' : 'visible';
    } catch (err) {
      if (isMissingObject(err)) return 'deleted';
      throw err;
    }
  }

  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    const node = new Comment(comment.externalId, {}, undefined, this.client.api);
    const created = await this.client.run('facebook reply', () => node.createComment([], { message: text }));
    if (!created.id) throw new PlatformError('fatal', 'facebook reply: no id in the answer');
    return { externalId: created.id };
  }
}
