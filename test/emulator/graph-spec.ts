import { readFileSync } from 'node:fs';
import { parseFields, type FieldNode } from '../../src/harness/emulator/graph-fields.js';

/**
 * Checks Graph JSON and Graph requests against test/fixtures/specs/graph-fields.json, a compact copy
 * of Meta's official type definitions (see graph-fields.gen.mjs next to it).
 */

interface SpecApi {
  method: string;
  endpoint: string;
  return: string;
  params: Record<string, string>;
}
interface Spec {
  types: Record<string, { fields: Record<string, string>; apis: SpecApi[] }>;
  enums: Record<string, string[]>;
}

export const spec = JSON.parse(readFileSync(new URL('../fixtures/specs/graph-fields.json', import.meta.url), 'utf8')) as Spec;

/** Parameters every Graph request may carry, outside any node's own parameter list. */
const GENERIC_PARAMS = new Set(['access_token', 'fields', 'limit', 'after', 'before', 'id', 'summary']);
const GRAPH_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;

export function api(type: string, method: string, endpoint: string): SpecApi | undefined {
  return spec.types[type]?.apis.find((a) => a.method === method && a.endpoint === endpoint);
}

function checkValue(type: string, v: unknown, path: string, errors: string[]): void {
  const bad = (): void => void errors.push(`${path}: ${JSON.stringify(v)} is not a ${type}`);
  if (type === 'string') return typeof v === 'string' ? undefined : bad();
  if (type === 'bool') return typeof v === 'boolean' ? undefined : bad();
  if (type === 'datetime') return typeof v === 'string' && GRAPH_TIME.test(v) ? undefined : bad();
  if (type === 'int' || type === 'float') return typeof v === 'number' ? undefined : bad();
  if (type === 'unsigned int') return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : bad();
  if (type.startsWith('list')) return Array.isArray(v) ? undefined : bad();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad();
  if (spec.types[type]) checkNode(type, v as Record<string, unknown>, path, errors);
}

/** Every key of `obj` must be a field (with a compatible value) or a GET edge of `type`. */
export function checkNode(type: string, obj: Record<string, unknown>, path: string, errors: string[]): void {
  const t = spec.types[type];
  if (!t) return void errors.push(`${path}: unknown type ${type}`);
  for (const [k, v] of Object.entries(obj)) {
    const fieldType = t.fields[k];
    if (fieldType) {
      checkValue(fieldType, v, `${path}.${k}`, errors);
      continue;
    }
    const edge = api(type, 'GET', k);
    if (edge) checkEdge(edge.return, v, `${path}.${k}`, errors);
    else errors.push(`${path}: ${type} has no field or edge '${k}'`);
  }
}

/** `{data:[…], paging?}` whose items are of type `itemType`. */
export function checkEdge(itemType: string, v: unknown, path: string, errors: string[]): void {
  const list = v as { data?: unknown; paging?: { cursors?: unknown; next?: unknown } };
  if (!Array.isArray(list?.data)) return void errors.push(`${path}: no data array`);
  list.data.forEach((item, i) => checkNode(itemType, item as Record<string, unknown>, `${path}[${i}]`, errors));
  const keys = Object.keys(list).filter((k) => !['data', 'paging', 'summary'].includes(k));
  if (keys.length) errors.push(`${path}: unexpected list keys ${keys.join(',')}`);
}

/** A `fields` selection must name fields and GET edges of `type`, with valid edge parameters. */
export function checkSelection(type: string, nodes: FieldNode[], path: string, errors: string[]): void {
  for (const n of nodes) {
    const t = spec.types[type];
    const fieldType = t?.fields[n.name];
    const edge = api(type, 'GET', n.name);
    if (!fieldType && !edge) {
      errors.push(`${path}: ${type} has no field or edge '${n.name}'`);
      continue;
    }
    if (edge) checkParams(edge, Object.fromEntries(Object.entries(n.modifiers)), `${path}.${n.name}`, errors);
    const childType = edge ? edge.return : fieldType!;
    if (n.children && spec.types[childType]) checkSelection(childType, n.children, `${path}.${n.name}`, errors);
  }
}

/** Parameter names must be in the API's list (or generic); enum values must be allowed. */
export function checkParams(a: SpecApi, params: Record<string, string>, path: string, errors: string[]): void {
  for (const [k, v] of Object.entries(params)) {
    if (GENERIC_PARAMS.has(k)) continue;
    const type = a.params[k];
    if (!type) {
      errors.push(`${path}: ${a.method} ${a.endpoint} has no parameter '${k}'`);
      continue;
    }
    const allowed = spec.enums[type];
    if (allowed && !allowed.includes(v)) errors.push(`${path}: ${k}=${v} not in ${type}`);
    if (type === 'bool' && !['true', 'false'].includes(v)) errors.push(`${path}: ${k}=${v} is not a bool`);
  }
  if (params.fields) {
    const sel = parseFields(params.fields);
    if (sel) checkSelection(a.return, sel, `${path}?fields`, errors);
  }
}
