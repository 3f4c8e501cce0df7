import { createHash } from 'node:crypto';
import type { EmuComment, EmuResponse } from './types.js';

/** JSON shapes of the YouTube Data API v3 (Discovery schemas Comment, CommentThread, list responses, errors). */

export type YtStatus = 'published' | 'heldForReview' | 'likelySpam' | 'rejected';

/** How the shared comment state reads on YouTube; `hidden` (a Graph notion) counts as held. */
export function ytStatus(c: EmuComment): YtStatus | undefined {
  switch (c.state) {
    case 'visible':
      return 'published';
    case 'held':
    case 'hidden':
      return 'heldForReview';
    case 'rejected':
      return 'rejected';
    default:
      return undefined;
  }
}

export function etag(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\r?\n/g, '<br>');
}

export interface RenderOptions {
  plainText: boolean;
  /** moderationStatus is not set when comments are requested by id. */
  withStatus: boolean;
}

export function renderComment(c: EmuComment, opts: RenderOptions): Record<string, unknown> {
  const snippet: Record<string, unknown> = {
    channelId: c.accountId,
    videoId: c.postId,
    textDisplay: opts.plainText ? c.text : html(c.text),
    textOriginal: c.text,
    authorDisplayName: c.authorName,
    authorProfileImageUrl: `https://yt3.ggpht.com/emulator/${encodeURIComponent(c.authorId)}`,
    authorChannelUrl: `http://www.youtube.com/channel/${encodeURIComponent(c.authorId)}`,
    authorChannelId: { value: c.authorId },
    canRate: true,
    viewerRating: 'none',
    likeCount: 0,
    publishedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
  if (c.parentId) snippet.parentId = c.parentId;
  const status = ytStatus(c);
  if (opts.withStatus && status) snippet.moderationStatus = status;
  const body = { kind: 'youtube#comment', id: c.id, snippet };
  return { kind: body.kind, etag: etag(body), id: c.id, snippet };
}

export function renderThread(
  top: EmuComment,
  replies: EmuComment[],
  totalReplyCount: number,
  parts: Set<string>,
  opts: RenderOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'youtube#commentThread', id: top.id };
  if (parts.has('snippet')) {
    out.snippet = {
      channelId: top.accountId,
      videoId: top.postId,
      topLevelComment: renderComment(top, opts),
      canReply: true,
      totalReplyCount,
      isPublic: true,
    };
  }
  if (parts.has('replies') && replies.length > 0) out.replies = { comments: replies.map((r) => renderComment(r, opts)) };
  return { kind: out.kind, etag: etag(out), ...out };
}

export function listResponse(kind: string, items: unknown[], total: number, perPage: number, nextPageToken?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { kind, etag: etag(items) };
  if (nextPageToken) body.nextPageToken = nextPageToken;
  body.pageInfo = { totalResults: total, resultsPerPage: perPage };
  body.items = items;
  return body;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

/** Google's JSON error envelope: `{"error":{code,message,errors:[{message,domain,reason,…}],status}}`. */
export function ytError(
  code: number,
  reason: string,
  message: string,
  domain = 'youtube.api',
  extra: { location?: string; locationType?: string } = {},
): EmuResponse {
  return {
    status: code,
    body: { error: { code, message, errors: [{ message, domain, reason, ...extra }], status: STATUS_TEXT[code] ?? 'UNKNOWN' } },
  };
}

export const QUOTA_MESSAGE = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';

export function quotaExceeded(): EmuResponse {
  return ytError(403, 'quotaExceeded', QUOTA_MESSAGE, 'youtube.quota');
}

export function authError(): EmuResponse {
  return ytError(
    401,
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    'global',
    { location: 'Authorization', locationType: 'header' },
  );
}

export function paramError(reason: string, parameter: string, message: string): EmuResponse {
  return ytError(400, reason, message, 'youtube.parameter', { location: parameter, locationType: 'parameter' });
}
