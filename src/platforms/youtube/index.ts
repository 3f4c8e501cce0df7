import type { youtube_v3 } from '@googleapis/youtube';
import {
  PlatformError, type Capabilities, type Connector, type ConnectorAccount, type ModerationKind, type PlatformEndpoints, type PollCursor, type PollResult,
} from '../contract.js';
import { createYouTubeClient } from './client.js';
import { toPlatformError } from './errors.js';
import { pollYouTube, YOUTUBE_DEFAULT_TUNING, type YouTubeTuning } from './poll.js';

export type { YouTubeTuning } from './poll.js';

/**
 * YouTube Data API v3 connector. Moderation goes through `comments.setModerationStatus` (50 units):
 * - `hide` and `hold` → `heldForReview` (reversible: the comment disappears from public view and
 *   waits in YouTube Studio's review queue);
 * - `unhide` and `publish` → `published`;
 * - `reject` → `rejected`: FINAL, it also hides the replies and can never be published again. The
 *   worker uses it only for `delete` decisions.
 * `delete` itself is refused (`comments.delete` works only for the comment's author), as YouTube's
 * documentation says to remove someone else's comment by rejecting it.
 * Replies use `comments.insert` (50 units). Needs the channel owner's OAuth token with scope
 * `https://www.googleapis.com/auth/youtube.force-ssl`.
 */
export const YOUTUBE_CAPABILITIES: Capabilities = Object.freeze({
  hide: true,
  unhide: true,
  delete: false,
  hold: true,
  reject: true,
  reply: true,
});

export const YOUTUBE_UNITS = { list: 1, setModerationStatus: 50, insert: 50 } as const;

const STATUS: Partial<Record<ModerationKind, 'heldForReview' | 'published' | 'rejected'>> = {
  hide: 'heldForReview',
  hold: 'heldForReview',
  unhide: 'published',
  publish: 'published',
  reject: 'rejected',
};

class YouTubeConnector implements Connector {
  readonly platform = 'youtube' as const;
  readonly capabilities = YOUTUBE_CAPABILITIES;

  constructor(
    private readonly yt: youtube_v3.Youtube,
    private readonly channelId: string,
    private readonly tuning: YouTubeTuning,
  ) {}

  async poll(cursor: PollCursor | null): Promise<PollResult> {
    try {
      return await pollYouTube(this.yt, this.channelId, cursor, this.tuning);
    } catch (err) {
      throw toPlatformError(err, 'poll');
    }
  }

  /** Idempotent for the same status; any status change after `rejected` fails with `invalid`. */
  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    const moderationStatus = STATUS[kind];
    if (!moderationStatus) {
      throw new PlatformError('invalid', `YouTube cannot ${kind} someone else's comment; use reject (final) instead`, { code: 'unsupported_action' });
    }
    try {
      const res = await this.yt.comments.setModerationStatus({ id: [comment.externalId], moderationStatus });
      return { response: { status: res.status, moderationStatus, quotaUnits: YOUTUBE_UNITS.setModerationStatus } };
    } catch (err) {
      throw toPlatformError(err, `setModerationStatus(${moderationStatus})`);
    }
  }

  /** comments.list by id (1 unit). The owner sees moderationStatus; a rejected or deleted comment is not returned. */
  async currentState(comment: { externalId: string; postId: string }): Promise<'visible' | 'held' | 'deleted'> {
    try {
      const res = await this.yt.comments.list({ part: ['snippet'], id: [comment.externalId], textFormat: 'plainText' });
      const item = res.data.items?.[0];
      if (!item) return 'deleted';
      const status = item.snippet?.moderationStatus;
      return status === 'heldForReview' || status === 'likelySpam' ? 'held' : 'visible';
    } catch (err) {
      throw toPlatformError(err, 'comments.list(id)');
    }
  }

  async reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    try {
      const res = await this.yt.comments.insert({ part: ['snippet'], requestBody: { snippet: { parentId: comment.externalId, textOriginal: text } } });
      if (!res.data.id) throw new PlatformError('fatal', 'YouTube comments.insert returned no id');
      return { externalId: res.data.id };
    } catch (err) {
      throw toPlatformError(err, 'comments.insert');
    }
  }
}

/**
 * Creates the YouTube connector for one channel (`externalId` = channel id, `credentials.accessToken`
 * = the owner's OAuth access token). `endpoints.youtubeRootUrl` redirects the client. `options.tuning`
 * changes the per-poll page caps.
 */
export function createYouTubeConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}, options: { tuning?: Partial<YouTubeTuning> } = {}): Connector {
  if (account.platform !== 'youtube') throw new Error(`createYouTubeConnector: account platform is ${account.platform}`);
  return new YouTubeConnector(createYouTubeClient(account.credentials.accessToken, endpoints.youtubeRootUrl), account.externalId, { ...YOUTUBE_DEFAULT_TUNING, ...options.tuning });
}
