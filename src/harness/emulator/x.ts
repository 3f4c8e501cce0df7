import type { EmulatorState } from './state.js';
import type { EmuAccount, EmuPlatform, EmuRequest, EmuResponse, Fault, PlatformModule } from './types.js';
import { parseQuery, QuerySyntaxError } from './x-query.js';
import { allTweets, cmpId, handleOf, problem, renderTweet, renderUser, XVersions, type XTweet } from './x-view.js';

/**
 * X API v2 emulator: recent search (with an optional indexing lag, `state.xSearchLagMs`), mentions
 * and user timelines, hide/unhide replies, delete own posts and create replies. Every answer carries `x-rate-limit-*` headers; per-user 15-minute windows are
 * enforced with the documented limits.
 */

const WINDOW_S = 15 * 60;
const LIMITS: Record<string, number> = { search: 300, mentions: 300, timeline: 900, me: 75, hide: 50, delete: 50, create: 100 };
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/** Creates the X module over the shared state. */
export function createXModule(state: EmulatorState): PlatformModule {
  const versions = new XVersions(state);
  const windows = new Map<string, { remaining: number; reset: number }>();

  const rateHeaders = (token: string, endpoint: string): { headers: Record<string, string>; exhausted: boolean } => {
    const now = Math.floor(Date.now() / 1000);
    const key = `${token}|${endpoint}`;
    const limit = LIMITS[endpoint] ?? 300;
    let w = windows.get(key);
    if (!w || w.reset <= now) w = { remaining: limit, reset: now + WINDOW_S };
    const exhausted = w.remaining <= 0;
    if (!exhausted) w.remaining -= 1;
    windows.set(key, w);
    const headers = { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(w.remaining), 'x-rate-limit-reset': String(w.reset) };
    return { headers, exhausted };
  };

  return {
    name: 'x',
    claims: (req) => (req.url.pathname.startsWith('/2/') ? 'x' : undefined),

    handle(req: EmuRequest): EmuResponse {
      versions.sync();
      const route = routeOf(req);
      const token = tokenOf(req);
      const rl = rateHeaders(token ?? 'anonymous', route?.endpoint ?? 'unknown');
      if (!route) return problem(404, 'Not Found Error', `emulator: no X route for ${req.method} ${req.url.pathname}`, {}, rl.headers);
      const account = state.accountByToken('x', token);
      if (!account) return problem(401, 'Unauthorized', 'Unauthorized', {}, rl.headers);
      if (rl.exhausted) return problem(429, 'Too Many Requests', 'Too Many Requests', {}, rl.headers);
      const res = route.run(account);
      return { ...res, headers: { ...res.headers, ...rl.headers } };
    },

    fault(kind, req, _platform: EmuPlatform, fault: Fault): EmuResponse {
      const now = Math.floor(Date.now() / 1000);
      switch (kind) {
        case 'rate_limit': {
          // Fault.delayMs carries the seconds until the advertised reset for this kind.
          const reset = String(now + (fault.delayMs ?? WINDOW_S));
          return problem(
            429,
            'Too Many Requests',
            'Too Many Requests',
            {},
            { 'x-rate-limit-limit': '300', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset },
          );
        }
        case 'quota_exceeded': {
          const reset = String(now + 24 * 3600);
          return problem(
            429,
            'UsageCapExceeded',
            'Usage cap exceeded: Daily user limit',
            { type: 'https://api.twitter.com/2/problems/usage-capped', period: 'Daily', scope: 'Account' },
            {
              'x-rate-limit-limit': '300',
              'x-rate-limit-remaining': '299',
              'x-rate-limit-reset': String(now + WINDOW_S),
              'x-user-limit-24hour-limit': '17',
              'x-user-limit-24hour-remaining': '0',
              'x-user-limit-24hour-reset': reset,
            },
          );
        }
        case 'server_error':
          return problem(503, 'Service Unavailable', 'Service Unavailable', {}, rateHeaders(tokenOf(req) ?? 'anonymous', 'fault').headers);
        case 'expired_token':
          return problem(401, 'Unauthorized', 'Unauthorized', {}, rateHeaders(tokenOf(req) ?? 'anonymous', 'fault').headers);
      }
    },
  };

  function routeOf(req: EmuRequest): { endpoint: string; run: (a: EmuAccount) => EmuResponse } | undefined {
    const p = req.url.pathname;
    const q = req.url.searchParams;
    if (req.method === 'GET' && p === '/2/tweets/search/recent') return { endpoint: 'search', run: () => search(q) };
    if (req.method === 'GET' && p === '/2/users/me') {
      return { endpoint: 'me', run: (a) => ({ status: 200, body: { data: { id: a.id, name: a.name, username: handleFor(a) } } }) };
    }
    let m = /^\/2\/users\/(\d+)\/mentions$/.exec(p);
    if (req.method === 'GET' && m) return { endpoint: 'mentions', run: () => mentions(m![1]!, q) };
    m = /^\/2\/users\/(\d+)\/tweets$/.exec(p);
    if (req.method === 'GET' && m) return { endpoint: 'timeline', run: () => timeline(m![1]!, q) };
    m = /^\/2\/tweets\/(\d+)\/hidden$/.exec(p);
    if (req.method === 'PUT' && m) return { endpoint: 'hide', run: (a) => hide(a, m![1]!, req.body) };
    m = /^\/2\/tweets\/(\d+)$/.exec(p);
    if (req.method === 'DELETE' && m) return { endpoint: 'delete', run: (a) => remove(a, m![1]!) };
    if (req.method === 'POST' && p === '/2/tweets') return { endpoint: 'create', run: (a) => create(a, req.body) };
    return undefined;
  }

  function handleFor(a: EmuAccount): string {
    return handleOf(a.name, a.id);
  }

  function search(q: URLSearchParams): EmuResponse {
    const query = q.get('query');
    if (!query) return invalid('query', 'The `query` query parameter can not be empty');
    if (query.length > 512) return invalid('query', 'The `query` query parameter can not be longer than 512 characters');
    let pred;
    try {
      pred = parseQuery(query);
    } catch (e) {
      if (e instanceof QuerySyntaxError) return invalid('query', `There were errors processing your request: ${e.message}`);
      throw e;
    }
    const cutoff = Date.now() - SEVEN_DAYS_MS;
    // A tweet reaches the search index some time after it is written.
    const lag = state.xSearchLagMs;
    const indexed = (t: XTweet): boolean => lag <= 0 || t.createdAt.getTime() <= Date.now() - lag;
    return page(q, 10, (t) => t.createdAt.getTime() >= cutoff && indexed(t) && pred(t), 'next_token');
  }

  /** The user's own tweets, newest first, read from the timeline (no indexing lag); `exclude=replies` drops replies. */
  function timeline(userId: string, q: URLSearchParams): EmuResponse {
    const exclude = new Set((q.get('exclude') ?? '').split(',').filter(Boolean));
    for (const e of exclude)
      if (e !== 'replies' && e !== 'retweets') return invalid('exclude', `The \`exclude\` query parameter value [${e}] is not one of [replies,retweets]`);
    return page(q, 5, (t) => t.authorId === userId && !(exclude.has('replies') && !t.isRoot), 'pagination_token');
  }

  function mentions(userId: string, q: URLSearchParams): EmuResponse {
    const user = [...state.accounts.values()].find((a) => a.platform === 'x' && a.id === userId);
    const handle = user ? handleFor(user).toLowerCase() : undefined;
    return page(
      q,
      5,
      (t) => t.authorId !== userId && (t.inReplyToUserId === userId || (handle !== undefined && t.text.toLowerCase().includes(`@${handle}`))),
      'pagination_token',
    );
  }

  /** Newest first; `since_id`/`until_id` bound the ids, the page token carries the last id served. */
  function page(q: URLSearchParams, minResults: number, match: (t: XTweet) => boolean, tokenParam: string): EmuResponse {
    const max = q.has('max_results') ? Number(q.get('max_results')) : 10;
    if (!Number.isInteger(max) || max < minResults || max > 100) {
      return invalid('max_results', `The \`max_results\` query parameter value [${q.get('max_results')}] is not between ${minResults} and 100`);
    }
    const since = q.get('since_id');
    const until = q.get('until_id');
    for (const [name, v] of [
      ['since_id', since],
      ['until_id', until],
    ] as const) {
      if (v !== null && !/^\d{1,19}$/.test(v)) return invalid(name, `The \`${name}\` query parameter value [${v}] is not valid`);
    }
    const tokenValue = q.get(tokenParam) ?? q.get('next_token') ?? q.get('pagination_token');
    let before: string | undefined;
    if (tokenValue) {
      const decoded = Buffer.from(tokenValue, 'base64url').toString('utf8');
      if (!/^b:\d+$/.test(decoded)) return invalid(tokenParam, `The \`${tokenParam}\` query parameter value [${tokenValue}] is not valid`);
      before = decoded.slice(2);
    }
    const hits = allTweets(state, versions)
      .filter((t) => match(t))
      .filter((t) => (since === null || cmpId(t.id, since) > 0) && (until === null || cmpId(t.id, until) < 0))
      .filter((t) => before === undefined || cmpId(t.id, before) < 0)
      .sort((a, b) => cmpId(b.id, a.id));
    const slice = hits.slice(0, max);
    const fields = new Set((q.get('tweet.fields') ?? '').split(',').filter(Boolean));
    const userFields = new Set((q.get('user.fields') ?? '').split(',').filter(Boolean));
    const body: Record<string, unknown> = {};
    if (slice.length > 0) body.data = slice.map((t) => renderTweet(t, fields));
    const expansions = (q.get('expansions') ?? '').split(',');
    if (slice.length > 0 && expansions.includes('author_id')) {
      const users = new Map(slice.map((t) => [t.authorId, renderUser(t, userFields)]));
      body.includes = { users: [...users.values()] };
    }
    const meta: Record<string, unknown> = { result_count: slice.length };
    if (slice.length > 0) {
      meta.newest_id = slice[0]!.id;
      meta.oldest_id = slice[slice.length - 1]!.id;
    }
    if (hits.length > slice.length) meta.next_token = Buffer.from(`b:${slice[slice.length - 1]!.id}`).toString('base64url');
    body.meta = meta;
    return { status: 200, body };
  }

  function find(id: string): XTweet | undefined {
    const key = versions.keyOf(id);
    return allTweets(state, versions).find((t) => t.key === key);
  }

  function hide(account: EmuAccount, id: string, body: Record<string, unknown> | undefined): EmuResponse {
    if (typeof body?.hidden !== 'boolean') return invalid('hidden', 'The `hidden` field is required and must be a boolean');
    const t = find(id);
    if (!t) return notFound(id);
    if (t.isRoot || t.rootAccountId !== account.id || t.authorId === account.id) {
      return problem(403, 'Forbidden', 'You attempted to hide a Tweet you cannot hide. You can only hide replies to conversations you started.');
    }
    const c = state.comments.get(t.key)!;
    c.state = body.hidden ? 'hidden' : 'visible';
    state.recordMutation('x', body.hidden ? 'hide' : 'unhide', c.id, account.id);
    return { status: 200, body: { data: { hidden: body.hidden } } };
  }

  function remove(account: EmuAccount, id: string): EmuResponse {
    const t = find(id);
    if (!t) return notFound(id);
    if (t.authorId !== account.id) return problem(403, 'Forbidden', 'You are not allowed to delete a Tweet you did not author.');
    if (t.isRoot) state.posts.delete(t.key);
    else state.comments.get(t.key)!.state = 'deleted';
    state.recordMutation('x', 'delete', t.key, account.id);
    return { status: 200, body: { data: { deleted: true } } };
  }

  function create(account: EmuAccount, body: Record<string, unknown> | undefined): EmuResponse {
    const text = body?.text;
    if (typeof text !== 'string' || text.length === 0) return invalid('text', 'The `text` field is required');
    const reply = body?.reply as { in_reply_to_tweet_id?: unknown } | undefined;
    if (reply === undefined) {
      const post = state.addPost('x', account.id, text);
      state.recordMutation('x', 'post', post.id, account.id);
      return { status: 201, body: { data: { id: post.id, text } } };
    }
    const parentId = typeof reply.in_reply_to_tweet_id === 'string' ? reply.in_reply_to_tweet_id : '';
    const parent = find(parentId);
    if (!parent) return invalid('reply.in_reply_to_tweet_id', 'Your Tweet cannot be replied to: it was deleted or is not visible to you.');
    const c = state.addComment({
      platform: 'x',
      postId: parent.conversationId,
      text,
      authorId: account.id,
      authorName: account.name,
      ...(parent.isRoot ? {} : { parentId: parent.key }),
    });
    state.recordMutation('x', 'reply', parent.key, account.id);
    return { status: 201, body: { data: { id: c.id, text } } };
  }
}

/** Bearer token, or the `oauth_token` of an OAuth 1.0a header (user context). */
function tokenOf(req: EmuRequest): string | undefined {
  if (req.token) return req.token;
  const auth = String(req.headers.authorization ?? '');
  const m = /oauth_token="([^"]*)"/.exec(auth);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

function invalid(parameter: string, message: string): EmuResponse {
  return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', {
    type: 'https://api.twitter.com/2/problems/invalid-request',
    errors: [{ parameters: { [parameter]: [] }, message }],
  });
}

function notFound(id: string): EmuResponse {
  return problem(404, 'Not Found Error', `Could not find tweet with id: [${id}].`, {
    type: 'https://api.twitter.com/2/problems/resource-not-found',
    parameter: 'id',
    value: id,
    resource_id: id,
    resource_type: 'tweet',
  });
}
