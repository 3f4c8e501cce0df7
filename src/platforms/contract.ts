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

/** Everything the worker can ask a platform to do with a comment. */
export type ActionKind = ModerationKind | 'reply';

/**
 * A platform's limits, as the connector knows them, so that the worker applies them without knowing
 * which platform it talks to.
 */
export interface ConnectorLimits {
  /**
   * How far a `rate_limit` failure reaches. `account`: every call of the account stops until the
   * platform says (Graph's business use case limits, YouTube's project quota). `endpoint`: only calls
   * to the same endpoint stop (X counts each endpoint per user and window: hiding 50 per 15 minutes,
   * while reading goes on).
   */
  readonly rateLimitScope: 'account' | 'endpoint';
  /** The endpoint an action calls; actions of one endpoint share its limit. */
  endpointOf(kind: ActionKind): string;
  /** A daily budget of quota units shared by polls and actions, on platforms that have one (YouTube). */
  readonly quota?: QuotaModel;
}

/** A daily quota counted in units (YouTube Data API: 10,000 units per project per Pacific day). */
export interface QuotaModel {
  /** The quota day `at` falls in; the budget starts again when this changes. */
  dayOf(at: Date): string;
  /** Units one action costs. */
  unitsFor(kind: ActionKind): number;
}

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

/**
 * A short hash of a comment (text and state) as last read. Connectors that re-read recent comments to
 * notice edits (Facebook, Instagram) compare against these to return only new or changed comments.
 */
export interface SeenHash {
  externalId: string;
  postId: string;
  /** The comment's creation time (ms). */
  at: number;
  hash: string;
}

/**
 * Where the worker keeps seen hashes between polls (a table of their own, so the cursor stays small
 * and an unchanged poll writes nothing). A connector asks only for the posts it reads again.
 */
export interface SeenStore {
  forPosts(postIds: readonly string[]): Promise<SeenHash[]>;
}

/** What a poll changed in the seen hashes, to be stored with its cursor (same transaction). */
export interface SeenChanges {
  put: SeenHash[];
  /** Comments whose hashes are no longer needed (removed, or below their post's re-read window). */
  drop: string[];
  /** Posts that left the cursor: all their hashes go. */
  dropPosts: string[];
}

export interface PollResult {
  comments: RemoteComment[];
  cursor: PollCursor;
  /** Platform ids of previously seen comments that the platform no longer returns, when it can tell. */
  removed?: string[];
  /** Present when the poll was given a `SeenStore`: the hashes to store with the cursor. */
  seen?: SeenChanges;
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
  /** OAuth 2.0 refresh token (YouTube, X with offline.access); rotated by X on every refresh. */
  refreshToken?: string;
  /** ISO time the access token expires; absent when unknown or never (Facebook Page tokens). */
  expiresAt?: string;
  /** ISO time of the last validity check (Facebook `debug_token`) or refresh. */
  checkedAt?: string;
}

export interface ConnectorAccount {
  platform: Platform;
  externalId: string;
  credentials: AccountCredentials;
}

export interface Connector {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  readonly limits: ConnectorLimits;
  /**
   * True while the cursor holds a listing walked across several polls by position (YouTube's thread
   * listing cut by the page cap): a comment removed from the listing meanwhile (held, rejected) would
   * shift the pages still to read and make the walk skip as many comments. The worker holds the
   * account's moderation actions back until the walk is done. Absent: never.
   */
  walkPending?(cursor: PollCursor | null): boolean;
  /**
   * Fetch comments newer than the cursor (and edits where the platform shows them). With `seen`, the
   * connector reads seen hashes from it and returns their changes in `PollResult.seen` instead of
   * keeping them in the cursor (connectors that keep none ignore it).
   */
  poll(cursor: PollCursor | null, seen?: SeenStore): Promise<PollResult>;
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
  /**
   * The account's own reply with exactly this text under the comment (where `reply` puts it), or null.
   * Asked before a reply is sent again after an attempt whose outcome is unknown (a timeout, a dropped
   * connection, a crash), so that a reply the platform did post is never posted twice.
   */
  findReply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string } | null>;
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
  /** Per-request timeout of every SDK call (`worker.requestTimeoutMs`); default 15 s. */
  requestTimeoutMs?: number;
}

/** Used when no request timeout is configured (the configuration default). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** A platform's mapping of SDK failures onto the closed union (`what` names the call in the message). */
export type ErrorMapper = (err: unknown, what: string) => PlatformError;

/** Runs one platform call; any failure leaves it as the platform's `PlatformError`. */
export async function platformCall<T>(toError: ErrorMapper, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toError(err, what);
  }
}

/** A connector factory handed another platform's account is a programming mistake: a plain Error. */
export function expectPlatform(account: ConnectorAccount, platform: Platform, factory: string): void {
  if (account.platform !== platform) throw new Error(`${factory}: account platform is ${account.platform}`);
}
