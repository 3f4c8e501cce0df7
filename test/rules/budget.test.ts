import { describe, expect, it } from 'vitest';
import { BUDGET_CHECK_EVERY, RuleEngine, TIME_BUDGET_RULE_ID } from '../../src/rules/engine.js';
import { tempRules } from './helpers.js';

const rule = (id: string, term: string, action: string): string =>
  `  - id: ${id}\n    categories: [insult]\n    action: ${action}\n    when:\n      terms: { list: [${term}] }\n`;

describe('per-comment evaluation budget', () => {
  it('stops at the budget and sends the comment to review with the reason', async () => {
    // A hide rule "h" and review rules r0..r(2k-1) (k = BUDGET_CHECK_EVERY), all matching the comment.
    const k = BUDGET_CHECK_EVERY;
    const many = Array.from({ length: 2 * k }, (_, i) => rule(`r${i}`, 'aptal', 'review')).join('');
    const dir = await tempRules({ 'a.yaml': `rules:\n${rule('h', 'mal', 'hide')}${many}` });
    // A clock that advances 100 ms every time it is read: at the start, then before rules 0, k and 2k of
    // the sorted list (the hide rule first): elapsed 100 ms, 200 ms, then 300 ms > 250 ms before r(2k-1).
    let now = 0;
    const engine = await RuleEngine.load(dir, { budgetMs: 250, clock: () => (now += 100) });
    const d = engine.evaluate({ text: 'aptal mal' });
    const ids = d.matches.map((m) => m.ruleId);
    expect(ids).toEqual(['h', ...Array.from({ length: 2 * k - 1 }, (_, i) => `r${i}`), TIME_BUDGET_RULE_ID]);
    expect(d.action).toBe('hide');
    expect(d.matches.at(-1)!.reason).toMatch(/süre sınırını aştı .* incelemeye gönderildi/);

    now = 0;
    const quiet = engine.evaluate({ text: 'merhaba' });
    expect(quiet.action).toBe('review');
    expect(quiet.matches.map((m) => m.ruleId)).toEqual([TIME_BUDGET_RULE_ID]);
  });

  it('leaves a comment judged within the budget untouched', async () => {
    const dir = await tempRules({ 'a.yaml': `rules:\n${rule('r1', 'salak', 'hide')}${rule('r2', 'aptal', 'review')}` });
    const engine = await RuleEngine.load(dir, { budgetMs: 250, clock: () => 0 });
    const d = engine.evaluate({ text: 'merhaba' });
    expect(d.action).toBe('allow');
    expect(d.matches).toEqual([]);
  });
});
