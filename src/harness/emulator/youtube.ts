import type { EmulatorState } from './state.js';
import type { EmuAccount, EmuComment, EmuRequest, EmuResponse, PlatformModule } from './types.js';
import { authError, listResponse, paramError, quotaExceeded, renderComment, renderThread, ytError, ytStatus, type YtStatus } from './youtube-render.js';

/**
 * YouTube Data API v3 emulator: commentThreads.list, comments.list, comments.setModerationStatus,
 * comments.insert and comments.delete, with per-token daily quota accounting in `state.quotaUsed`.
 * Videos are the state's posts, the channel is the account; thread ids equal top-level comment ids.
 */

export interface YouTubeModuleOptions {
  /** Units per token per (never-ending) emulator day. Default 10,000 like a fresh Google project. */
  dailyQuota?: number;
}

/** Quota cost per method, from Google's quota cost table. */
export const YT_COST = { list: 1, setModerationStatus: 50, insert: 50, delete: 50 } as const;
const INLINE_REPLIES = 5;

interface Route {
  cost: number;
  run(account: EmuAccount): EmuResponse;
}

/** Creates the YouTube module over the shared state. */
export function createYouTubeModule(state: EmulatorState, options: YouTubeModuleOptions = {}): PlatformModule {
  const dailyQuota = options.dailyQuota ?? 10_000;
  const banned = new Set<string>(); // `${channelId}:${authorId}`
  let replyIndex: Map<string, EmuComment[]> | undefined;

  return {
    name: 'youtube',
    claims: (req) => (req.url.pathname.startsWith('/youtube/v3/') ? 'youtube' : undefined),

    handle(req: EmuRequest): EmuResponse {
      replyIndex = undefined;
      applyBans();
      const route = routeOf(req);
      if (!route) return ytError(404, 'notFound', `emulator: no YouTube route for ${req.method} ${req.url.pathname}`, 'global');
      const account = state.accountByToken('youtube', req.token);
      if (!account || !req.token) return authError();
      const used = state.quotaUsed.get(req.token) ?? 0;
      if (used + route.cost > dailyQuota) return quotaExceeded();
      // Google charges the method's cost even when the request turns out to be invalid.
      state.quotaUsed.set(req.token, used + route.cost);
      return route.run(account);
    },

    fault(kind, _req, _platform, fault): EmuResponse {
      switch (kind) {
        case 'quota_exceeded':
          return quotaExceeded();
        case 'rate_limit': {
          // Fault.delayMs carries the advertised wait in seconds for this kind (sent as Retry-After).
          const res = ytError(429, 'rateLimitExceeded', 'Too many requests. Please slow down.', 'youtube.quota');
          return fault.delayMs === undefined ? res : { ...res, headers: { 'retry-after': String(fault.delayMs) } };
        }
        case 'server_error':
          return ytError(503, 'backendError', 'Backend Error', 'global');
        case 'expired_token':
          return authError();
      }
    },
  };

  function applyBans(): void {
    if (banned.size === 0) return;
    for (const c of state.comments.values()) {
      if (c.platform === 'youtube' && c.state === 'visible' && banned.has(`${c.accountId}:${c.authorId}`)) c.state = 'rejected';
    }
  }

  function routeOf(req: EmuRequest): Route | undefined {
    const p = req.url.pathname;
    const q = req.url.searchParams;
    if (req.method === 'GET' && p === '/youtube/v3/commentThreads') return { cost: YT_COST.list, run: (a) => listThreads(a, q) };
    if (req.method === 'GET' && p === '/youtube/v3/comments') return { cost: YT_COST.list, run: () => listComments(q) };
    if (req.method === 'POST' && p === '/youtube/v3/comments/setModerationStatus') {
      return { cost: YT_COST.setModerationStatus, run: (a) => setModerationStatus(a, q) };
    }
    if (req.method === 'POST' && p === '/youtube/v3/comments') return { cost: YT_COST.insert, run: (a) => insert(a, q, req.body) };
    if (req.method === 'DELETE' && p === '/youtube/v3/comments') return { cost: YT_COST.delete, run: (a) => remove(a, q) };
    return undefined;
  }

  function listThreads(account: EmuAccount, q: URLSearchParams): EmuResponse {
    const parts = partsOf(q);
    if (parts.size === 0) return paramError('missingRequiredParameter', 'part', 'No filter selected. Expected one of: part');
    const filters = ['allThreadsRelatedToChannelId', 'channelId', 'videoId', 'id', 'postId'].filter((f) => q.has(f));
    if (filters.length !== 1) {
      return paramError(
        'incompatibleParameters',
        filters[0] ?? 'filter',
        'Exactly one of allThreadsRelatedToChannelId, channelId, id, postId, videoId is required.',
      );
    }
    const status = (q.get('moderationStatus') ?? 'published') as YtStatus;
    if (!['published', 'heldForReview', 'likelySpam', 'rejected'].includes(status)) {
      return paramError('invalidModerationStatus', 'moderationStatus', 'The moderationStatus parameter value is invalid.');
    }
    const plainText = q.get('textFormat') === 'plainText';
    const tops = topLevel();
    if (q.has('id')) {
      if (q.has('moderationStatus')) return paramError('incompatibleParameters', 'moderationStatus', 'moderationStatus cannot be used with id.');
      const ids = listParam(q, 'id');
      const items = tops
        .filter((c) => ids.includes(c.id) && ytStatus(c) !== 'rejected')
        .map((c) => renderThread(c, visibleReplies(c).slice(-INLINE_REPLIES).reverse(), visibleReplies(c).length, parts, { plainText, withStatus: false }));
      return { status: 200, body: listResponse('youtube#commentThreadListResponse', items, items.length, items.length) };
    }
    const channel = q.get('allThreadsRelatedToChannelId');
    const video = q.get('videoId');
    if (video && !state.posts.has(video))
      return ytError(404, 'videoNotFound', 'The video identified by the videoId parameter could not be found.', 'youtube.commentThread', {
        location: 'videoId',
        locationType: 'parameter',
      });
    const scope = tops.filter((c) => (channel ? c.accountId === channel : video ? c.postId === video : c.postId === (q.get('channelId') ?? q.get('postId'))));
    if (status !== 'published' && !scope.every((c) => c.accountId === account.id)) {
      return ytError(403, 'forbidden', 'The request is not properly authorized to retrieve the specified comment threads.', 'youtube.commentThread');
    }
    // Held threads: the top-level comment or at least one reply is held. Rejected threads are never listed.
    const matches = (c: EmuComment): boolean => ytStatus(c) === status;
    const threads = scope
      .filter((c) => ytStatus(c) !== 'rejected' && (matches(c) || (status === 'heldForReview' && repliesOf(c).some(matches))))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const paged = paginate(q, threads);
    if ('status' in paged) return paged;
    const items = paged.items.map((c) => {
      const replies = status === 'published' ? visibleReplies(c) : repliesOf(c).filter(matches);
      return renderThread(c, replies.slice(-INLINE_REPLIES).reverse(), replies.length, parts, { plainText, withStatus: true });
    });
    return { status: 200, body: listResponse('youtube#commentThreadListResponse', items, threads.length, paged.perPage, paged.next) };
  }

  function listComments(q: URLSearchParams): EmuResponse {
    if (partsOf(q).size === 0) return paramError('missingRequiredParameter', 'part', 'Required parameter: part');
    if (q.has('id') === q.has('parentId')) return paramError('incompatibleParameters', 'id', 'Exactly one of id and parentId is required.');
    const plainText = q.get('textFormat') === 'plainText';
    if (q.has('id')) {
      const ids = listParam(q, 'id');
      const items = [...state.comments.values()]
        .filter((c) => c.platform === 'youtube' && ids.includes(c.id) && ytStatus(c) !== undefined && ytStatus(c) !== 'rejected')
        // The channel owner (the only caller here) sees moderationStatus.
        .map((c) => renderComment(c, { plainText, withStatus: true }));
      return { status: 200, body: listResponse('youtube#commentListResponse', items, items.length, items.length) };
    }
    const parent = state.comments.get(q.get('parentId')!);
    const replies = parent && parent.platform === 'youtube' && ytStatus(parent) !== 'rejected' ? visibleReplies(parent) : [];
    const paged = paginate(q, replies);
    if ('status' in paged) return paged;
    const items = paged.items.map((c) => renderComment(c, { plainText, withStatus: true }));
    return { status: 200, body: listResponse('youtube#commentListResponse', items, replies.length, paged.perPage, paged.next) };
  }

  function setModerationStatus(account: EmuAccount, q: URLSearchParams): EmuResponse {
    const ids = listParam(q, 'id');
    if (ids.length === 0) return paramError('missingRequiredParameter', 'id', 'Required parameter: id');
    if (ids.length > 50) return paramError('invalidParameter', 'id', 'At most 50 comment ids may be given.');
    const status = q.get('moderationStatus');
    if (status !== 'heldForReview' && status !== 'published' && status !== 'rejected') {
      return paramError('invalidModerationStatus', 'moderationStatus', 'moderationStatus must be heldForReview, published or rejected.');
    }
    const ban = q.get('banAuthor') === 'true';
    if (ban && status !== 'rejected') {
      return ytError(
        400,
        'banWithoutReject',
        'The banAuthor parameter can only be used if the moderationStatus parameter value is rejected.',
        'youtube.comment',
      );
    }
    const targets: EmuComment[] = [];
    for (const id of ids) {
      const c = state.comments.get(id);
      if (!c || c.platform !== 'youtube' || c.state === 'deleted') {
        return ytError(404, 'commentNotFound', 'One or more comments could not be found.', 'youtube.comment', { location: 'id', locationType: 'parameter' });
      }
      if (c.accountId !== account.id) return ytError(403, 'forbidden', 'The comment cannot be moderated by this channel.', 'youtube.comment');
      if (c.state === 'rejected' && status !== 'rejected') {
        return ytError(400, 'operationNotSupported', 'A rejected comment cannot be published or held again.', 'youtube.comment');
      }
      targets.push(c);
    }
    for (const c of targets) {
      c.state = status === 'published' ? 'visible' : status === 'heldForReview' ? 'held' : 'rejected';
      state.recordMutation('youtube', status === 'published' ? 'publish' : status === 'heldForReview' ? 'hold' : 'reject', c.id, account.id);
      if (ban) banned.add(`${c.accountId}:${c.authorId}`);
    }
    return { status: 204 };
  }

  function insert(account: EmuAccount, q: URLSearchParams, body: Record<string, unknown> | undefined): EmuResponse {
    if (!partsOf(q).has('snippet')) return paramError('missingRequiredParameter', 'part', 'Required parameter: part=snippet');
    const snippet = (body?.snippet ?? {}) as { parentId?: unknown; textOriginal?: unknown };
    if (typeof snippet.textOriginal !== 'string' || snippet.textOriginal.length === 0) {
      return ytError(400, 'commentTextRequired', 'The comment resource must contain snippet.textOriginal.', 'youtube.comment');
    }
    const parent = typeof snippet.parentId === 'string' ? state.comments.get(snippet.parentId) : undefined;
    if (!parent || parent.platform !== 'youtube' || ytStatus(parent) === undefined || ytStatus(parent) === 'rejected') {
      return ytError(404, 'parentCommentNotFound', 'The specified parent comment could not be found.', 'youtube.comment');
    }
    const top = parent.parentId ? state.comments.get(parent.parentId)! : parent;
    const c = state.addComment({
      platform: 'youtube',
      postId: top.postId,
      parentId: top.id,
      text: snippet.textOriginal,
      authorId: account.id,
      authorName: account.name,
    });
    state.recordMutation('youtube', 'reply', parent.id, account.id);
    return { status: 200, body: renderComment(c, { plainText: false, withStatus: false }) };
  }

  function remove(account: EmuAccount, q: URLSearchParams): EmuResponse {
    const id = q.get('id');
    const c = id ? state.comments.get(id) : undefined;
    if (!c || c.platform !== 'youtube' || c.state === 'deleted') return ytError(404, 'commentNotFound', 'The comment could not be found.', 'youtube.comment');
    if (c.authorId !== account.id) return ytError(403, 'forbidden', 'Only the author of a comment can delete it.', 'youtube.comment');
    c.state = 'deleted';
    state.recordMutation('youtube', 'delete', c.id, account.id);
    return { status: 204 };
  }

  function topLevel(): EmuComment[] {
    return [...state.comments.values()].filter((c) => c.platform === 'youtube' && !c.parentId && c.state !== 'deleted');
  }
  function repliesOf(top: EmuComment): EmuComment[] {
    // Indexed once per request: a page of 100 threads must not scan every comment 100 times.
    if (!replyIndex) {
      replyIndex = new Map();
      for (const c of state.comments.values()) {
        if (c.platform !== 'youtube' || !c.parentId || c.state === 'deleted') continue;
        const list = replyIndex.get(c.parentId);
        if (list) list.push(c);
        else replyIndex.set(c.parentId, [c]);
      }
      for (const list of replyIndex.values()) list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    }
    return replyIndex.get(top.id) ?? [];
  }
  function visibleReplies(top: EmuComment): EmuComment[] {
    return repliesOf(top).filter((c) => ytStatus(c) === 'published');
  }
}

function partsOf(q: URLSearchParams): Set<string> {
  return new Set(listParam(q, 'part'));
}

/** Repeated (`id=a&id=b`) and comma-separated (`id=a,b`) forms are equivalent. */
function listParam(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function paginate<T>(q: URLSearchParams, all: T[]): { items: T[]; perPage: number; next?: string } | EmuResponse {
  const max = q.has('maxResults') ? Number(q.get('maxResults')) : 20;
  if (!Number.isInteger(max) || max < 1 || max > 100) return paramError('invalidParameter', 'maxResults', 'maxResults must be between 1 and 100.');
  let offset = 0;
  const token = q.get('pageToken');
  if (token) {
    const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) return paramError('invalidPageToken', 'pageToken', 'The request specifies an invalid page token.');
    offset = Number(m[1]);
  }
  const items = all.slice(offset, offset + max);
  const next = offset + max < all.length ? Buffer.from(`o:${offset + max}`).toString('base64url') : undefined;
  return { items, perPage: max, ...(next ? { next } : {}) };
}
