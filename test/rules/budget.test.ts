import { describe, expect, it } from 'vitest';
import { RuleEngine, TIME_BUDGET_RULE_ID } from '../../src/rules/engine.js';
import { tempRules } from './helpers.js';

const rule = (id: string, term: string, action: string): string =>
  `  - id: ${id}\n    categories: [insult]\n    action: ${action}\n    when:\n      terms: { list: [${term}] }\n`;

describe('per-comment evaluation budget', () => {
  it('stops at the budget and sends the comment to review with the reason', async () => {
    const dir = await tempRules({ 'a.yaml': `rules:\n${rule('r1', 'salak', 'hide')}${rule('r2', 'aptal', 'review')}${rule('r3', 'mal', 'hide')}` });
    // A clock that advances 100 ms every time it is read: the budget runs out after two rules.
    let now = 0;
    const engine = await RuleEngine.load(dir, { budgetMs: 250, clock: () => (now += 100) });
    const d = engine.evaluate({ text: 'aptal mal' });
    expect(d.matches.map((m) => m.ruleId)).toEqual(['r3', TIME_BUDGET_RULE_ID]);
    expect(d.action).toBe('hide');
    expect(d.matches[1]!.reason).toMatch(/süre sınırını aştı .* incelemeye gönderildi/);

    now = 0;
    const quiet = engine.evaluate({ text: 'aptal' });
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
