import type { youtube_v3 } from '@googleapis/youtube';
import {
  expectPlatform,
  platformCall,
  PlatformError,
  type ActionKind,
  type Capabilities,
  type Connector,
  type ConnectorAccount,
  type ConnectorLimits,
  type ModerationKind,
  type PlatformEndpoints,
  type PollCursor,
  type PollResult,
} from '../contract.js';
import { createYouTubeClient } from './client.js';
import { toPlatformError } from './errors.js';
import { parseYouTubeCursor, pollYouTube, YOUTUBE_DEFAULT_TUNING, type YouTubeTuning } from './poll.js';

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

/** YouTube's quota day starts at midnight Pacific time. */
export function pacificDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(at);
}

/**
 * One daily quota per Google project covers every call (reads 1 unit, moderation and replies 50), so
 * an exhausted quota or a rate limit stops the whole account until it resets.
 */
export const YOUTUBE_LIMITS: ConnectorLimits = Object.freeze({
  rateLimitScope: 'account',
  endpointOf: (kind: ActionKind): string => (kind === 'reply' ? 'comments.insert' : 'comments.setModerationStatus'),
  quota: Object.freeze({
    dayOf: pacificDay,
    unitsFor: (kind: ActionKind): number => (kind === 'reply' ? YOUTUBE_UNITS.insert : YOUTUBE_UNITS.setModerationStatus),
  }),
});

const call = <T>(what: string, fn: () => Promise<T>): Promise<T> => platformCall(toPlatformError, what, fn);

/** Reply pages read when looking for the channel's own reply (100 replies each, 1 unit each). */
const FIND_REPLY_MAX_PAGES = 10;

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
  readonly limits = YOUTUBE_LIMITS;

  constructor(
    private readonly yt: youtube_v3.Youtube,
    private readonly channelId: string,
    private readonly tuning: YouTubeTuning,
  ) {}

  /** A thread walk is continued by page token, that is by position in the listing of published threads. */
  walkPending(cursor: PollCursor | null): boolean {
    return parseYouTubeCursor(cursor).walk !== undefined;
  }

  poll(cursor: PollCursor | null): Promise<PollResult> {
    return call('poll', () => pollYouTube(this.yt, this.channelId, cursor, this.tuning));
  }

  /** Idempotent for the same status; any status change after `rejected` fails with `invalid`. */
  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    const moderationStatus = STATUS[kind];
    if (!moderationStatus) {
      throw new PlatformError('invalid', `YouTube cannot ${kind} someone else's comment; use reject (final) instead`, { code: 'unsupported_action' });
    }
    return call(`setModerationStatus(${moderationStatus})`, async () => {
      const res = await this.yt.comments.setModerationStatus({ id: [comment.externalId], moderationStatus });
      return { response: { status: res.status, moderationStatus, quotaUnits: YOUTUBE_UNITS.setModerationStatus } };
    });
  }

  /** comments.list by id (1 unit). The owner sees moderationStatus; a rejected or deleted comment is not returned. */
  currentState(comment: { externalId: string; postId: string }): Promise<'visible' | 'held' | 'deleted'> {
    return call('comments.list(id)', async () => {
      const res = await this.yt.comments.list({ part: ['snippet'], id: [comment.externalId], textFormat: 'plainText' });
      const item = res.data.items?.[0];
      if (!item) return 'deleted';
      const status = item.snippet?.moderationStatus;
      return status === 'heldForReview' || status === 'likelySpam' ? 'held' : 'visible';
    });
  }

  reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }> {
    return call('comments.insert', async () => {
      const res = await this.yt.comments.insert({ part: ['snippet'], requestBody: { snippet: { parentId: comment.externalId, textOriginal: text } } });
      if (!res.data.id) throw new PlatformError('fatal', 'YouTube comments.insert returned no id');
      return { externalId: res.data.id };
    });
  }

  /** Replies sit under the top-level comment: find it (1 unit), then page its replies (1 unit per 100). */
  findReply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string } | null> {
    return call('comments.list(parentId)', async () => {
      const self = await this.yt.comments.list({ part: ['snippet'], id: [comment.externalId], textFormat: 'plainText' });
      const parentId = self.data.items?.[0]?.snippet?.parentId ?? comment.externalId;
      let pageToken: string | undefined;
      for (let page = 0; page < FIND_REPLY_MAX_PAGES; page++) {
        const res = await this.yt.comments.list({ part: ['snippet'], parentId, maxResults: 100, textFormat: 'plainText', ...(pageToken ? { pageToken } : {}) });
        const own = res.data.items?.find(
          (c) => c.snippet?.authorChannelId?.value === this.channelId && (c.snippet?.textOriginal ?? c.snippet?.textDisplay)?.trim() === text.trim(),
        );
        if (own?.id) return { externalId: own.id };
        pageToken = res.data.nextPageToken ?? undefined;
        if (!pageToken) return null;
      }
      return null;
    });
  }
}

/**
 * Creates the YouTube connector for one channel (`externalId` = channel id, `credentials.accessToken`
 * = the owner's OAuth access token). `endpoints.youtubeRootUrl` redirects the client. `options.tuning`
 * changes the per-poll page caps.
 */
export function createYouTubeConnector(
  account: ConnectorAccount,
  endpoints: PlatformEndpoints = {},
  options: { tuning?: Partial<YouTubeTuning> } = {},
): Connector {
  expectPlatform(account, 'youtube', 'createYouTubeConnector');
  return new YouTubeConnector(createYouTubeClient(account.credentials.accessToken, endpoints.youtubeRootUrl, endpoints.requestTimeoutMs), account.externalId, {
    ...YOUTUBE_DEFAULT_TUNING,
    ...options.tuning,
  });
}
