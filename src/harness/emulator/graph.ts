import { parseFields } from './graph-fields.js';
import { faultResponse, graphError, invalidParam, notFound, tokenError, usageHeaders } from './graph-errors.js';
import { resolveNode, type GraphCtx, type GraphNode } from './graph-nodes.js';
import { renderEdge, renderNode, UnknownFieldError } from './graph-render.js';
import type { EmulatorState } from './state.js';
import type { EmuAccount, EmuComment, EmuPlatform, EmuRequest, EmuResponse, PlatformModule } from './types.js';

/**
 * The Graph API subset used by the Facebook Page and Instagram connectors. Paths look like
 * `/v24.0/{id}[/{edge}]` (any version); an `/instagram` prefix or a `graph.instagram.com` Host stands
 * for Instagram Login's host. Which platform a request belongs to follows from its token's account
 * (then from the object id), so one module serves both products like the real Graph host does.
 */

const PATH = /^(\/instagram)?\/(v\d+\.\d+)\/(.+)$/;

function accountForToken(state: EmulatorState, token: string | undefined): EmuAccount | undefined {
  if (!token) return undefined;
  for (const a of state.accounts.values()) {
    if ((a.platform === 'facebook' || a.platform === 'instagram') && a.token === token) return a;
  }
  return undefined;
}

function platformOfId(state: EmulatorState, id: string): EmuPlatform | undefined {
  const bare = id.includes('_') ? id.slice(id.lastIndexOf('_') + 1) : id;
  const p = state.posts.get(bare)?.platform ?? state.comments.get(bare)?.platform;
  if (p) return p;
  if (state.accounts.has(`instagram:${bare}`)) return 'instagram';
  if (state.accounts.has(`facebook:${bare}`)) return 'facebook';
  return undefined;
}

const asBool = (v: unknown): boolean | undefined =>
  v === true || v === 'true' || v === '1' ? true : v === false || v === 'false' || v === '0' ? false : undefined;

export function createGraphModule(state: EmulatorState): PlatformModule {
  function claims(req: EmuRequest): EmuPlatform | undefined {
    const m = PATH.exec(req.url.pathname);
    if (!m) return undefined;
    const byToken = accountForToken(state, req.token)?.platform;
    if (byToken === 'facebook' || byToken === 'instagram') return byToken;
    const byId = platformOfId(state, m[3]!.split('/')[0] ?? '');
    if (byId === 'facebook' || byId === 'instagram') return byId;
    const igHost = String(req.headers.host ?? '').startsWith('graph.instagram.com');
    return m[1] || igHost ? 'instagram' : 'facebook';
  }

  function handle(req: EmuRequest, platform: EmuPlatform): EmuResponse {
    const account = state.accountByToken(platform, req.token);
    if (!account) return tokenError(state, req.token);
    const m = PATH.exec(req.url.pathname)!;
    const ctx: GraphCtx = { state, req, platform, account, base: `${req.url.origin}${m[1] ?? ''}/${m[2]}` };
    const res = route(ctx, m[3]!.split('/').filter(Boolean));
    res.headers = { ...usageHeaders(state, platform, account.id), ...res.headers };
    return res;
  }

  return {
    name: 'graph',
    claims,
    handle,
    fault(kind, req, platform, fault) {
      const objectId = accountForToken(state, req.token)?.id ?? '0';
      return faultResponse(state, kind, platform, objectId, fault);
    },
  };
}

function param(req: EmuRequest, name: string): string | undefined {
  const q = req.url.searchParams.get(name);
  if (q !== null) return q;
  const b = req.body?.[name];
  return b === undefined || b === null ? undefined : typeof b === 'string' ? b : JSON.stringify(b);
}

function route(ctx: GraphCtx, segs: string[]): EmuResponse {
  const [id, edge, extra] = segs;
  if (!id || extra !== undefined) return invalidParam('Unknown path components');
  const node = resolveNode(ctx, id);
  if (!node) return notFound(id);
  const method = ctx.req.method.toUpperCase();
  try {
    const fields = parseFields(param(ctx.req, 'fields'));
    if (method === 'GET' && !edge) return ok(renderNode(ctx, node, fields));
    if (method === 'GET' && edge) return ok(renderEdge(ctx, node, edge, (n) => param(ctx.req, n), fields, false));
    if (method === 'POST' && !edge) return update(ctx, node);
    if (method === 'DELETE' && !edge) return remove(ctx, node);
    if (method === 'POST' && edge) return create(ctx, node, edge);
  } catch (err) {
    if (err instanceof UnknownFieldError) return invalidParam(err.message);
    throw err;
  }
  return invalidParam(`Unsupported ${method} request`);
}

const ok = (body: unknown): EmuResponse => ({ status: 200, body });

function update(ctx: GraphCtx, node: GraphNode): EmuResponse {
  if (node.type === 'Comment') {
    const hidden = asBool(ctx.req.body?.is_hidden ?? param(ctx.req, 'is_hidden'));
    const message = param(ctx.req, 'message');
    if (hidden === undefined && message === undefined) return invalidParam('Param is_hidden or message is required');
    if (hidden !== undefined) {
      if (node.value.authorId === ctx.account.id) return invalidParam('Cannot hide a comment made by the Page');
      node.value.state = hidden ? 'hidden' : 'visible';
      ctx.state.recordMutation(ctx.platform, hidden ? 'hide' : 'unhide', node.id, ctx.account.id);
    }
    if (message !== undefined) {
      ctx.state.editComment(node.id, message);
      ctx.state.recordMutation(ctx.platform, 'edit', node.id, ctx.account.id);
    }
    return ok({ success: true });
  }
  if (node.type === 'IGComment') {
    const hide = asBool(ctx.req.body?.hide ?? param(ctx.req, 'hide'));
    if (hide === undefined) return invalidParam('The parameter hide is required');
    node.value.state = hide ? 'hidden' : 'visible';
    ctx.state.recordMutation(ctx.platform, hide ? 'hide' : 'unhide', node.id, ctx.account.id);
    return ok({ success: true });
  }
  return invalidParam(`Unsupported post request on ${node.type}`);
}

function remove(ctx: GraphCtx, node: GraphNode): EmuResponse {
  if (node.type !== 'Comment' && node.type !== 'IGComment') return invalidParam(`Unsupported delete request on ${node.type}`);
  node.value.state = 'deleted';
  node.value.updatedAt = ctx.state.now();
  ctx.state.recordMutation(ctx.platform, 'delete', node.id, ctx.account.id);
  return ok({ success: true });
}

function create(ctx: GraphCtx, node: GraphNode, edge: string): EmuResponse {
  const message = param(ctx.req, 'message');
  if (!message) return invalidParam('The parameter message is required');
  let postId: string;
  let parent: EmuComment | undefined;
  const repliedTo = node.id;
  if ((node.type === 'PagePost' || node.type === 'IGMedia') && edge === 'comments') {
    postId = node.id;
  } else if ((node.type === 'Comment' && edge === 'comments') || (node.type === 'IGComment' && edge === 'replies')) {
    parent = node.value;
    if (node.type === 'IGComment' && parent.parentId) return invalidParam('Replies can only be made to top-level comments');
    if (node.type === 'IGComment' && parent.state === 'hidden') return invalidParam('Cannot reply to a hidden comment');
    // Facebook threads are two levels deep: a reply to a reply joins the top-level thread.
    if (parent.parentId) parent = ctx.state.comments.get(parent.parentId) ?? parent;
    postId = parent.postId;
  } else {
    return graphError({ status: 400, code: 100, message: `(#100) Unsupported post request: /${edge}` });
  }
  const c = ctx.state.addComment({
    platform: ctx.platform,
    postId,
    text: message,
    authorId: ctx.account.id,
    authorName: ctx.account.name,
    ...(parent ? { parentId: parent.id } : {}),
  });
  ctx.state.recordMutation(ctx.platform, parent ? 'reply' : 'post', repliedTo, ctx.account.id);
  return ok({ id: c.id });
}
