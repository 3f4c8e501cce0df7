import { IGComment } from 'facebook-nodejs-business-sdk';
import { PlatformError } from '../contract.js';
import { GraphConnector } from '../graph/connector.js';
import type { PollSession } from '../graph/poll-session.js';
import type { IgCommentJson } from './mapper.js';
import { pollInstagram } from './poll.js';

/**
 * Instagram professional account connector (Instagram Graph API through Facebook Login). One poll
 * reads the media list with each media's newest top-level comments and their first replies nested
 * (one request in the common case). The comments edge has no date filter and lists top-level
 * comments only, newest first; a new reply under an older comment is noticed through
 * `comments_count`, which then triggers a full walk of that media's comments. Walks cut short by
 * the page cap go on at the next poll (see poll.ts).
 */
export class InstagramConnector extends GraphConnector {
  readonly platform = 'instagram' as const;
  protected readonly hiddenField = 'hidden';
  protected readonly hideParam = 'hide';
  protected readonly repliesEdge = 'replies';
  protected readonly textField = 'text';

  protected readComments(session: PollSession): Promise<void> {
    return pollInstagram(this.client, this.ownerId, session);
  }

  protected commentNode(id: string): IGComment {
    return new IGComment(id, {}, undefined, this.client.api);
  }

  /** Instagram threads are one level deep: a reply to a reply goes under its top-level comment. */
  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    const target = await this.threadOf(comment.externalId);
    const created = await this.client.run('instagram reply', () => this.commentNode(target).createReply([], { message: text }));
    if (!created.id) throw new PlatformError('fatal', 'instagram reply: no id in the answer');
    return { externalId: created.id };
  }

  protected async threadOf(id: string): Promise<string> {
    const raw = (await this.client.run('instagram comment', () => this.client.api.call('GET', [id], { fields: 'id,parent_id' }))) as IgCommentJson;
    return raw.parent_id ?? id;
  }
}
