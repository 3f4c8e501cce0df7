import { Comment } from 'facebook-nodejs-business-sdk';
import type { Capabilities, Connector, ModerationKind, PollCursor, PollResult } from '../contract.js';
import { PlatformError } from '../contract.js';
import type { GraphClient } from '../graph/client.js';
import { isMissingObject, toPlatformError } from '../graph/errors.js';
import { PollSession, type PollTuning } from '../graph/poll-session.js';
import { pollFacebook } from './poll.js';

/**
 * Facebook Page connector. One poll reads the Page feed with nested comments (one request while the
 * Page has at most 25 posts in the polling window) and reads a post's comments oldest first only
 * when more new comments arrived on it than one nested page holds (see poll.ts).
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
      await pollFacebook(this.client, this.pageId, session);
      return { ...session.result(), calls: this.client.calls - start };
    } catch (err) {
      throw toPlatformError(err, 'facebook poll');
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
