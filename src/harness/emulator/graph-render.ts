import { serializeFields, type FieldNode } from './graph-fields.js';
import { DEFAULT_FIELDS, EDGES, FIELDS, type GraphCtx, type GraphNode } from './graph-nodes.js';
import { cutPage, pagingOf, parseLimit, sortItems } from './graph-paging.js';

/** Renders Graph nodes and edges with field selection, nested edges and absolute paging links. */

/** Thrown for a field that the node type does not have; graph.ts turns it into error #100. */
export class UnknownFieldError extends Error {}

const fieldList = (names: string[]): FieldNode[] => names.map((name) => ({ name, modifiers: {} }));

function isNode(v: unknown): v is GraphNode {
  return typeof v === 'object' && v !== null && 'type' in v && 'value' in v && 'id' in v;
}

function pickObject(value: Record<string, unknown>, sub: FieldNode): Record<string, unknown> {
  if (!sub.children) return value;
  const out: Record<string, unknown> = {};
  for (const c of sub.children) if (value[c.name] !== undefined) out[c.name] = value[c.name];
  return out;
}

export function renderNode(ctx: GraphCtx, node: GraphNode, fields: FieldNode[] | undefined): Record<string, unknown> {
  const wanted = fields ?? fieldList(DEFAULT_FIELDS[node.type]);
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    const edge = EDGES[node.type]?.[f.name];
    if (edge) {
      out[f.name] = renderEdge(ctx, node, f.name, (n) => f.modifiers[n], f.children, true);
      continue;
    }
    const fn = FIELDS[node.type][f.name];
    if (!fn) throw new UnknownFieldError(`Tried accessing nonexisting field (${f.name}) on node type (${node.type})`);
    const v = fn(node, ctx, f);
    if (v === undefined) continue;
    if (isNode(v)) out[f.name] = renderNode(ctx, v, f.children ?? fieldList(['id']));
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) out[f.name] = pickObject(v as Record<string, unknown>, f);
    else out[f.name] = v;
  }
  // Graph always returns the id of a node, even when not asked for it.
  if (out.id === undefined) out.id = node.id;
  return out;
}

/**
 * Renders `{data, paging, summary?}` for one edge. Top-level edges reuse the request URL for their
 * links; nested edges (field expansion) link to `/{node-id}/{edge}` with the nested selection.
 */
export function renderEdge(
  ctx: GraphCtx,
  node: GraphNode,
  edgeName: string,
  param: (name: string) => string | undefined,
  fields: FieldNode[] | undefined,
  nested: boolean,
): Record<string, unknown> {
  const edge = EDGES[node.type]?.[edgeName];
  if (!edge) throw new UnknownFieldError(`Unknown path components: /${edgeName}`);
  const listed = edge(node, ctx, param);
  const sorted = sortItems(listed.items, listed.order);
  const page = cutPage(sorted, listed.order, { limit: parseLimit(param('limit')), after: param('after'), before: param('before') });

  const link = (which: 'after' | 'before', cursor: string): string => {
    let url: URL;
    if (nested) {
      url = new URL(`${ctx.base}/${node.id}/${edgeName}`);
      if (ctx.req.token) url.searchParams.set('access_token', ctx.req.token);
      if (fields) url.searchParams.set('fields', serializeFields(fields));
      for (const k of ['limit', 'filter', 'order', 'since', 'summary']) {
        const v = param(k);
        if (v !== undefined) url.searchParams.set(k, v);
      }
    } else {
      url = new URL(ctx.req.url.href);
    }
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.set(which, cursor);
    return url.href;
  };

  const out: Record<string, unknown> = { data: page.items.map((i) => renderNode(ctx, i.node, fields)) };
  const paging = pagingOf(page, link);
  if (paging) out.paging = paging;
  if (param('summary') === 'true' || param('summary') === '1') {
    out.summary = {
      order: listed.order === 'asc' ? 'chronological' : 'reverse_chronological',
      total_count: listed.items.length,
      can_comment: true,
    };
  }
  return out;
}
