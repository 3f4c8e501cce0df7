import { graphTime, parseGraphTime, type FieldNode } from './graph-fields.js';
import type { Order, Sortable } from './graph-paging.js';
import type { EmulatorState } from './state.js';
import type { EmuAccount, EmuComment, EmuPlatform, EmuPost, EmuRequest } from './types.js';

/**
 * Node types the Graph emulator serves, their fields (named as in Meta's official definitions:
 * Page, PagePost, Comment, IGUser, IGMedia, IGComment) and their edges.
 */

export interface GraphCtx {
  state: EmulatorState;
  req: EmuRequest;
  platform: EmuPlatform;
  account: EmuAccount;
  /** Origin + optional host prefix + version, e.g. `http://127.0.0.1:4000/v24.0`. */
  base: string;
}

export type GraphNode =
  | { type: 'Page' | 'IGUser'; id: string; value: EmuAccount }
  | { type: 'PagePost' | 'IGMedia'; id: string; value: EmuPost }
  | { type: 'Comment' | 'IGComment'; id: string; value: EmuComment };

export type NodeType = GraphNode['type'];

type FieldFn = (node: GraphNode, ctx: GraphCtx, sub: FieldNode) => unknown;

/** Lists an edge's items, already filtered and with the order they must be served in. */
export interface EdgeItems {
  type: NodeType;
  items: Array<Sortable & { node: GraphNode }>;
  order: Order;
}
export type EdgeFn = (node: GraphNode, ctx: GraphCtx, params: (name: string) => string | undefined) => EdgeItems;

const live = (c: EmuComment): boolean => c.state !== 'deleted';

/** The platform's live comments, listed once per read request (a nested listing asks for them per node). */
const liveOnRead = new WeakMap<GraphCtx, EmuComment[]>();

function commentsWhere(ctx: GraphCtx, pred: (c: EmuComment) => boolean): EmuComment[] {
  let all = ctx.req.method === 'GET' ? liveOnRead.get(ctx) : undefined;
  if (!all) {
    all = [...ctx.state.comments.values()].filter((c) => c.platform === ctx.platform && live(c));
    if (ctx.req.method === 'GET') liveOnRead.set(ctx, all);
  }
  return all.filter(pred);
}

const asComment = (type: 'Comment' | 'IGComment') => (c: EmuComment) => ({
  id: c.id,
  createdAt: c.createdAt,
  node: { type, id: c.id, value: c } as GraphNode,
});
const asPost = (type: 'PagePost' | 'IGMedia') => (p: EmuPost) => ({
  id: p.id,
  createdAt: p.createdAt,
  node: { type, id: p.id, value: p } as GraphNode,
});

function postsOf(ctx: GraphCtx, accountId: string): EmuPost[] {
  return [...ctx.state.posts.values()].filter((p) => p.platform === ctx.platform && p.accountId === accountId);
}

const fbOrder = (v: string | undefined): Order => (v === 'reverse_chronological' ? 'desc' : 'asc');

function fbComments(node: GraphNode, ctx: GraphCtx, param: (n: string) => string | undefined): EdgeItems {
  const since = parseGraphTime(param('since'));
  const stream = param('filter') === 'stream';
  const list =
    node.type === 'PagePost' ? commentsWhere(ctx, (c) => c.postId === node.id && (stream || !c.parentId)) : commentsWhere(ctx, (c) => c.parentId === node.id);
  return {
    type: 'Comment',
    items: list.filter((c) => !since || c.createdAt > since).map(asComment('Comment')),
    order: fbOrder(param('order')),
  };
}

const pagePosts: EdgeFn = (node, ctx) => ({
  type: 'PagePost',
  items: postsOf(ctx, node.id).map(asPost('PagePost')),
  order: 'desc',
});

export const EDGES: Partial<Record<NodeType, Record<string, EdgeFn>>> = {
  Page: { feed: pagePosts, posts: pagePosts, published_posts: pagePosts },
  PagePost: { comments: fbComments },
  Comment: { comments: fbComments },
  IGUser: {
    media: (node, ctx) => ({ type: 'IGMedia', items: postsOf(ctx, node.id).map(asPost('IGMedia')), order: 'desc' }),
  },
  // Top-level comments, newest first; replies oldest first.
  IGMedia: {
    comments: (node, ctx) => ({
      type: 'IGComment',
      items: commentsWhere(ctx, (c) => c.postId === node.id && !c.parentId).map(asComment('IGComment')),
      order: 'desc',
    }),
  },
  IGComment: {
    replies: (node, ctx) => ({
      type: 'IGComment',
      items: commentsWhere(ctx, (c) => c.parentId === node.id).map(asComment('IGComment')),
      order: 'asc',
    }),
  },
};

const account = (n: GraphNode): EmuAccount => n.value as EmuAccount;
const post = (n: GraphNode): EmuPost => n.value as EmuPost;
const comment = (n: GraphNode): EmuComment => n.value as EmuComment;

function latestActivity(ctx: GraphCtx, p: EmuPost): Date {
  let t = p.createdAt.getTime();
  for (const c of commentsWhere(ctx, (x) => x.postId === p.id)) t = Math.max(t, c.updatedAt.getTime());
  return new Date(t);
}

/** Scalar and object fields per node type. A field function returning undefined omits the field. */
export const FIELDS: Record<NodeType, Record<string, FieldFn>> = {
  Page: { id: (n) => n.id, name: (n) => account(n).name },
  IGUser: { id: (n) => n.id, username: (n) => account(n).name, name: (n) => account(n).name },
  PagePost: {
    id: (n) => n.id,
    message: (n) => post(n).text,
    created_time: (n) => graphTime(post(n).createdAt),
    updated_time: (n, ctx) => graphTime(latestActivity(ctx, post(n))),
    from: (_n, ctx) => ({ id: ctx.account.id, name: ctx.account.name }),
    permalink_url: (n, ctx) => `https://www.facebook.com/${ctx.account.id}/posts/${n.id}`,
    is_hidden: () => false,
    is_published: () => true,
  },
  Comment: {
    id: (n) => n.id,
    message: (n) => comment(n).text,
    created_time: (n) => graphTime(comment(n).createdAt),
    from: (n) => ({ id: comment(n).authorId, name: comment(n).authorName }),
    parent: (n, ctx) => {
      const pid = comment(n).parentId;
      const p = pid ? ctx.state.comments.get(pid) : undefined;
      return p ? { type: 'Comment', id: p.id, value: p } : undefined; // rendered by the caller
    },
    is_hidden: (n) => comment(n).state === 'hidden',
    can_hide: (n, ctx) => comment(n).authorId !== ctx.account.id,
    can_remove: () => true,
    can_comment: (n) => !comment(n).parentId,
    can_like: () => true,
    comment_count: (n, ctx) => commentsWhere(ctx, (c) => c.parentId === n.id).length,
    like_count: () => 0,
    permalink_url: (n, ctx) => `https://www.facebook.com/${ctx.account.id}/posts/${comment(n).postId}?comment_id=${n.id}`,
  },
  IGMedia: {
    id: (n) => n.id,
    caption: (n) => post(n).text,
    timestamp: (n) => graphTime(post(n).createdAt),
    comments_count: (n, ctx) => commentsWhere(ctx, (c) => c.postId === n.id).length,
    like_count: () => 0,
    media_type: () => 'IMAGE',
    media_product_type: () => 'FEED',
    permalink: (n) => `https://www.instagram.com/p/${Buffer.from(n.id).toString('base64url').slice(0, 11)}/`,
    username: (_n, ctx) => ctx.account.name,
    is_comment_enabled: () => true,
  },
  IGComment: {
    id: (n) => n.id,
    text: (n) => comment(n).text,
    timestamp: (n) => graphTime(comment(n).createdAt),
    username: (n) => comment(n).authorName,
    from: (n) => ({ id: comment(n).authorId, username: comment(n).authorName }),
    hidden: (n) => comment(n).state === 'hidden',
    like_count: () => 0,
    parent_id: (n) => comment(n).parentId,
    media: (n, ctx) => {
      const p = ctx.state.posts.get(comment(n).postId);
      return p ? { type: 'IGMedia', id: p.id, value: p } : undefined; // rendered by the caller
    },
  },
};

/** Fields returned when a request names none. */
export const DEFAULT_FIELDS: Record<NodeType, string[]> = {
  Page: ['name', 'id'],
  IGUser: ['id'],
  PagePost: ['created_time', 'message', 'id'],
  Comment: ['created_time', 'from', 'message', 'id'],
  IGMedia: ['id'],
  IGComment: ['timestamp', 'text', 'id'],
};

/** Finds a node by id for the account behind the token; ids like `{page-id}_{post-id}` also resolve. */
export function resolveNode(ctx: GraphCtx, rawId: string): GraphNode | undefined {
  const id = rawId.includes('_') ? rawId.slice(rawId.lastIndexOf('_') + 1) : rawId;
  const ig = ctx.platform === 'instagram';
  const acc = ctx.state.accounts.get(`${ctx.platform}:${id}`);
  if (acc) return acc.id === ctx.account.id ? { type: ig ? 'IGUser' : 'Page', id, value: acc } : undefined;
  const p = ctx.state.posts.get(id);
  if (p) return p.platform === ctx.platform && p.accountId === ctx.account.id ? { type: ig ? 'IGMedia' : 'PagePost', id, value: p } : undefined;
  const c = ctx.state.comments.get(id);
  if (c && live(c) && c.platform === ctx.platform && c.accountId === ctx.account.id) {
    return { type: ig ? 'IGComment' : 'Comment', id, value: c };
  }
  return undefined;
}
