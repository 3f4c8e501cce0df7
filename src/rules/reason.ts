/** Turkish labels and the `{{placeholder}}` renderer of rule reasons. */
import type { Action, Category } from './types.js';

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  insult: 'hakaret',
  harassment: 'taciz/tehdit',
  hate_speech: 'nefret söylemi',
  private_data: 'kişisel veri',
  advertising: 'reklam/spam',
  complaint: 'şikayet',
  request: 'talep',
};

export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  delete: 'sil',
  hide: 'gizle',
  review: 'incelemeye al',
  allow: 'izin ver',
};

export interface ReasonValues {
  rule: string;
  categories: Category[];
  action: Action;
  texts: string[];
  score?: number;
  author?: string;
}

/** Default reason when a rule has none. */
export const DEFAULT_REASON = '{{category}} ({{rule}}): {{match}}';

/** A reason template cut into literal text and placeholder names (`key` null for literal text). */
type Segment = { text: string; key: string | null };

const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/g;
const KEYS = new Set(['match', 'matches', 'rule', 'category', 'categories', 'action', 'score', 'author']);
/** Templates parsed once: a rule set has a few dozen, every match renders one. */
const parsed = new Map<string, Segment[]>();

function segments(template: string): Segment[] {
  let out = parsed.get(template);
  if (out) return out;
  out = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ text: template.slice(last, m.index), key: null });
    const key = m[1]!;
    // Unknown placeholders are kept as written.
    out.push(KEYS.has(key) ? { text: m[0], key } : { text: m[0], key: null });
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push({ text: template.slice(last), key: null });
  if (parsed.size < 10_000) parsed.set(template, out);
  return out;
}

function value(key: string, v: ReasonValues): string {
  switch (key) {
    case 'match':
      return v.texts[0] ?? '';
    case 'matches':
      return [...new Set(v.texts)].slice(0, 10).join(', ');
    case 'rule':
      return v.rule;
    case 'category':
      return v.categories[0] ? CATEGORY_LABELS[v.categories[0]] : '';
    case 'categories':
      return v.categories.map((c) => CATEGORY_LABELS[c]).join(', ');
    case 'action':
      return ACTION_LABELS[v.action];
    case 'score':
      return v.score === undefined ? '' : v.score.toFixed(2);
    default:
      return v.author ?? '';
  }
}

/**
 * Fill `{{match}}` (first match), `{{matches}}` (all, comma-separated), `{{rule}}`, `{{category}}`
 * (Turkish label of the first category), `{{categories}}`, `{{action}}`, `{{score}}` (classifier
 * score, two decimals) and `{{author}}`. Unknown placeholders are left as written; a trailing
 * colon (a template whose last placeholder came out empty) is dropped.
 */
export function renderReason(template: string, v: ReasonValues): string {
  let out = '';
  for (const s of segments(template)) out += s.key === null ? s.text : value(s.key, v);
  // Only a text whose last visible character is a colon can end in ": ".
  let end = out.length;
  while (end > 0 && /\s/.test(out[end - 1]!)) end--;
  return end > 0 && out[end - 1] === ':' ? out.replace(/:\s*$/, '') : out;
}
