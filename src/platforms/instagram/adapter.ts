import { IGComment } from 'facebook-nodejs-business-sdk';
import type { Capabilities, Connector, ModerationKind, PollCursor, PollResult } from '../contract.js';
import { PlatformError } from '../contract.js';
import type { GraphClient } from '../graph/client.js';
import { isMissingObject, toPlatformError } from '../graph/errors.js';
import { PollSession, type PollTuning } from '../graph/poll-session.js';
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
      await pollInstagram(this.client, this.igUserId, session);
      return { ...session.result(), calls: this.client.calls - start };
    } catch (err) {
      throw toPlatformError(err, 'instagram poll');
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
