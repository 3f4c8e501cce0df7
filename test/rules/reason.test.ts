import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, CATEGORY_LABELS, renderReason, type ReasonValues } from '../../src/rules/reason.js';
import { ACTIONS, type Category } from '../../src/rules/types.js';

/** The renderer as first written (one regex replace per call): the parsed-template renderer must agree with it. */
function reference(template: string, v: ReasonValues): string {
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

const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];

describe('rule reasons', () => {
  it('fill every placeholder as the plain replace does, trailing colons and unknown names included', () => {
    const piece = fc.constantFrom(
      '{{match}}',
      '{{ matches }}',
      '{{rule}}',
      '{{category}}',
      '{{categories}}',
      '{{action}}',
      '{{score}}',
      '{{author}}',
      '{{nope}}',
      '{{',
      '}}',
      ': ',
      ':',
      ' ',
      '\u00a0',
      'Tehdit',
      'ş',
    );
    const values = fc.record({
      rule: fc.constantFrom('r1', 'threat-violence'),
      categories: fc.subarray(CATEGORIES),
      action: fc.constantFrom(...ACTIONS),
      texts: fc.array(fc.constantFrom('salak', 'SALAK', '', 'mı?', ': '), { maxLength: 14 }),
      score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      author: fc.option(fc.constantFrom('Ayşe', ''), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), values, (parts, v) => {
        const template = parts.join('');
        expect(renderReason(template, v as ReasonValues)).toBe(reference(template, v as ReasonValues));
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(renderReason('Hakaret: {{match}}', { rule: 'r', categories: ['insult'], action: 'hide', texts: [] })).toBe('Hakaret');
  });
});
