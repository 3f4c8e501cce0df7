import type { Platform } from '../core/platform.js';

/**
 * The one contract every platform connector implements. Connectors are thin: they translate between
 * the platform's SDK and these types, and they classify every failure into a `PlatformError`.
 * They never retry on their own (the worker owns retry policy) and never touch the database.
 */

/** What a platform lets an account do with other people's comments. */
export interface Capabilities {
  hide: boolean; // reversible hide (FB, IG, X replies in own conversations)
  unhide: boolean;
  delete: boolean; // permanent removal of someone else's comment (FB, IG)
  hold: boolean; // hold for review (YouTube heldForReview)
  reject: boolean; // YouTube `rejected`: final, cannot be published again
  reply: boolean;
}

export type ModerationKind = 'hide' | 'unhide' | 'delete' | 'hold' | 'publish' | 'reject';

/** A comment as read from a platform, before any processing. */
export interface RemoteComment {
  externalId: string;
  postId: string;
  parentId?: string;
  authorId?: string;
  authorName?: string;
  text: string;
  publishedAt: Date;
  updatedAt?: Date;
  /** State as the platform reports it, when it does. */
  state?: 'visible' | 'hidden' | 'held' | 'rejected';
}

/** Opaque per-account polling state, persisted by the worker as JSON between polls. */
export type PollCursor = Record<string, unknown>;

export interface PollResult {
  comments: RemoteComment[];
  cursor: PollCursor;
  /** Platform ids of previously seen comments that the platform no longer returns, when it can tell. */
  removed?: string[];
  /** API calls made (and quota units spent, for YouTube) during this poll. */
  calls: number;
  quotaUnits?: number;
}

export interface AccountCredentials {
  accessToken: string;
  /** X OAuth 1.0a user context, when used instead of a bearer token. */
  accessSecret?: string;
  appKey?: string;
  appSecret?: string;
}

export interface ConnectorAccount {
  platform: Platform;
  externalId: string;
  credentials: AccountCredentials;
}

export interface Connector {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  /** Fetch comments newer than the cursor (and edits where the platform shows them). */
  poll(cursor: PollCursor | null): Promise<PollResult>;
  /** Apply a moderation action. Must be safe to call again after a crash (the platform call is idempotent or checked). */
  moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }>;
  /**
   * The comment's moderation state as the platform reports it now ('deleted' when it is gone). Used
   * after a crash to learn whether an interrupted action already took effect before repeating it.
   * Absent on platforms whose API cannot tell (X does not report whether a reply is hidden).
   */
  currentState?(comment: { externalId: string; postId: string }): Promise<'visible' | 'hidden' | 'held' | 'rejected' | 'deleted'>;
  /** Post a public reply under a comment. */
  reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }>;
}

export type PlatformErrorKind = 'auth' | 'rate_limit' | 'retryable' | 'invalid' | 'fatal';

/** The closed union of platform failures. `retryAfterMs` is set for rate limits and quotas. */
export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
    readonly details: { status?: number; code?: string | number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** Where each SDK sends its requests; tests and the demo point these at the emulator. */
export interface PlatformEndpoints {
  graphUrl?: string; // default https://graph.facebook.com
  xApiUrl?: string; // default https://api.x.com
  youtubeRootUrl?: string; // default https://youtube.googleapis.com/
}
