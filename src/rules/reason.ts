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

/**
 * Fill `{{match}}` (first match), `{{matches}}` (all, comma-separated), `{{rule}}`, `{{category}}`
 * (Turkish label of the first category), `{{categories}}`, `{{action}}`, `{{score}}` (classifier
 * score, two decimals) and `{{author}}`. Unknown placeholders are left as written.
 */
export function renderReason(template: string, v: ReasonValues): string {
  const uniq = [...new Set(v.texts)];
  const values: Record<string, string> = {
    match: uniq[0] ?? '',
    matches: uniq.slice(0, 10).join(', '),
    rule: v.rule,
    category: v.categories[0] ? CATEGORY_LABELS[v.categories[0]] : '',
    categories: v.categories.map((c) => CATEGORY_LABELS[c]).join(', '),
    action: ACTION_LABELS[v.action],
    score: v.score === undefined ? '' : v.score.toFixed(2),
    author: v.author ?? '',
  };
  return template.replace(/\{\{\s*([a-z]+)\s*\}\}/g, (all, key: string) => values[key] ?? all).replace(/:\s*$/, '');
}
