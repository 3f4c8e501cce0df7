/**
 * Graph API `fields` parameter: a comma-separated list where each entry may carry modifiers and a
 * nested selection, e.g. `id,comments.limit(50).filter(stream){id,from{id,name}}`.
 */

export interface FieldNode {
  name: string;
  /** `.limit(50)` → { limit: '50' } */
  modifiers: Record<string, string>;
  /** Nested selection in braces, when given. */
  children?: FieldNode[];
}

/** Parses a `fields` string. Unknown syntax is tolerated: stray characters end up in field names. */
export function parseFields(input: string | null | undefined): FieldNode[] | undefined {
  if (input === null || input === undefined || input.trim() === '') return undefined;
  let pos = 0;
  const s = input;

  function parseList(): FieldNode[] {
    const out: FieldNode[] = [];
    while (pos < s.length) {
      const node = parseNode();
      if (node.name) out.push(node);
      if (s[pos] === ',') {
        pos += 1;
        continue;
      }
      break;
    }
    return out;
  }

  function readName(): string {
    const start = pos;
    while (pos < s.length && !',.{}()'.includes(s[pos]!)) pos += 1;
    return s.slice(start, pos).trim();
  }

  function parseNode(): FieldNode {
    const node: FieldNode = { name: readName(), modifiers: {} };
    while (s[pos] === '.') {
      pos += 1;
      const mod = readName();
      let value = '';
      if (s[pos] === '(') {
        const close = s.indexOf(')', pos);
        value = s.slice(pos + 1, close < 0 ? s.length : close);
        pos = close < 0 ? s.length : close + 1;
      }
      node.modifiers[mod] = value;
    }
    if (s[pos] === '{') {
      pos += 1;
      node.children = parseList();
      if (s[pos] === '}') pos += 1;
    }
    return node;
  }

  return parseList();
}

/** Inverse of parseFields, used to build `next` links for nested edges. */
export function serializeFields(nodes: FieldNode[]): string {
  return nodes
    .map((n) => {
      const mods = Object.entries(n.modifiers)
        .map(([k, v]) => `.${k}(${v})`)
        .join('');
      return `${n.name}${mods}${n.children ? `{${serializeFields(n.children)}}` : ''}`;
    })
    .join(',');
}

/** Graph's timestamp format: `2024-01-01T00:00:00+0000`. */
export function graphTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** Parses `since`/`until` values: unix seconds or anything Date understands. */
export function parseGraphTime(v: string | null | undefined): Date | undefined {
  if (!v) return undefined;
  const d = /^\d+$/.test(v) ? new Date(Number(v) * 1000) : new Date(v.replace(/\+0000$/, 'Z'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
