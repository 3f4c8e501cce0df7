/**
 * Cursor paging for Graph edges: `{"data":[…],"paging":{"cursors":{"before","after"},"previous","next"}}`.
 * Cursors encode the sort key (time, id) of an item, so they stay valid when items are added or
 * removed between two page requests.
 */

export interface Sortable {
  id: string;
  createdAt: Date;
}

export type Order = 'asc' | 'desc';

interface Key {
  t: number;
  id: string;
}

function compareKey(a: Key, b: Key): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const keyOf = (x: Sortable): Key => ({ t: x.createdAt.getTime(), id: x.id });

export function encodeCursor(x: Sortable): string {
  return Buffer.from(`${x.createdAt.getTime()}:${x.id}`).toString('base64url');
}

function decodeCursor(c: string): Key | undefined {
  const m = /^(\d+):(.+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? { t: Number(m[1]), id: m[2]! } : undefined;
}

export function sortItems<T extends Sortable>(items: T[], order: Order): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * compareKey(keyOf(a), keyOf(b)));
}

export interface PageRequest {
  limit: number;
  after?: string | null;
  before?: string | null;
}

export interface PageOf<T> {
  items: T[];
  hasNext: boolean;
  hasPrevious: boolean;
}

/** Cuts one page from an already sorted list. */
export function cutPage<T extends Sortable>(sorted: T[], order: Order, req: PageRequest): PageOf<T> {
  const sign = order === 'asc' ? 1 : -1;
  const after = req.after ? decodeCursor(req.after) : undefined;
  const before = req.before ? decodeCursor(req.before) : undefined;
  if (before) {
    const head = sorted.filter((x) => sign * compareKey(keyOf(x), before) < 0);
    const items = head.slice(Math.max(0, head.length - req.limit));
    return { items, hasNext: true, hasPrevious: head.length > items.length };
  }
  const rest = after ? sorted.filter((x) => sign * compareKey(keyOf(x), after) > 0) : sorted;
  const items = rest.slice(0, req.limit);
  return { items, hasNext: rest.length > items.length, hasPrevious: Boolean(after) && items.length > 0 };
}

/** Parses `limit`, with Graph's default of 25 and a ceiling of 100. */
export function parseLimit(v: string | null | undefined, fallback = 25): number {
  const n = Number(v);
  if (!v || !Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(100, Math.floor(n));
}

/** Builds the paging object; `link(cursorParam, value)` turns a cursor into an absolute URL. */
export function pagingOf<T extends Sortable>(
  page: PageOf<T>,
  link: (param: 'after' | 'before', cursor: string) => string,
): Record<string, unknown> | undefined {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (!first || !last) return undefined;
  const cursors = { before: encodeCursor(first), after: encodeCursor(last) };
  return {
    cursors,
    ...(page.hasPrevious ? { previous: link('before', cursors.before) } : {}),
    ...(page.hasNext ? { next: link('after', cursors.after) } : {}),
  };
}
