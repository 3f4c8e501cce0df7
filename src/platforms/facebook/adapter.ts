import { Comment } from 'facebook-nodejs-business-sdk';
import { PlatformError } from '../contract.js';
import { GraphConnector } from '../graph/connector.js';
import type { PollSession } from '../graph/poll-session.js';
import { pollFacebook } from './poll.js';

/**
 * Facebook Page connector. One poll reads the Page feed with nested comments (one request while the
 * Page has at most 25 posts in the polling window) and reads a post's comments oldest first only
 * when more new comments arrived on it than one nested page holds (see poll.ts).
 */
export class FacebookConnector extends GraphConnector {
  readonly platform = 'facebook' as const;
  protected readonly hiddenField = 'is_hidden';
  protected readonly hideParam = 'is_hidden';
  protected readonly repliesEdge = 'comments';
  protected readonly textField = 'message';

  protected readComments(session: PollSession): Promise<void> {
    return pollFacebook(this.client, this.ownerId, session);
  }

  protected commentNode(id: string): Comment {
    return new Comment(id, {}, undefined, this.client.api);
  }

  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    const created = await this.client.run('facebook reply', () => this.commentNode(comment.externalId).createComment([], { message: text }));
    if (!created.id) throw new PlatformError('fatal', 'facebook reply: no id in the answer');
    return { externalId: created.id };
  }

  /** Facebook threads are two levels deep: a reply to a reply joins its top-level comment. */
  protected async threadOf(id: string): Promise<string> {
    const raw = await this.client.get<{ id: string; parent?: { id?: string } }>('facebook comment', [id], { fields: 'id,parent{id}' });
    return raw.parent?.id ?? id;
  }
}
