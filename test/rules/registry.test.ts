/** The condition registry: the when-schema and the compiler come from registered definitions. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conditionNames, defineCondition, registerCondition } from '../../src/rules/conditions.js';
import { RuleEngine, RuleLoadError } from '../../src/rules/engine.js';
import { detectLanguage } from '../../src/text/language.js';
import { tempRules } from './helpers.js';

describe('condition registry', () => {
  it('registers every built-in condition, combinators last', () => {
    const names = conditionNames();
    for (const n of ['terms', 'regex', 'pii', 'links', 'author', 'classifier', 'minLength', 'maxLength', 'near', 'language', 'all', 'any', 'not']) {
      expect(names).toContain(n);
    }
    expect(names.slice(-3)).toEqual(['all', 'any', 'not']);
  });

  it('refuses a second registration under the same name', () => {
    expect(() => registerCondition(defineCondition({ name: 'terms', schema: z.string(), compile: () => () => null }))).toThrow(/zaten kayıtlı/);
  });

  it('a newly registered condition is usable from YAML and unknown keys are still errors', async () => {
    registerCondition(
      defineCondition({
        name: 'startsWith',
        schema: z.string().min(1),
        compile: (prefix) => (ctx) => (ctx.input.text.startsWith(prefix) ? { spans: [{ start: 0, end: prefix.length }], texts: [prefix] } : null),
      }),
    );
    const dir = await tempRules({
      'a.yaml': 'rules:\n  - id: x\n    categories: [advertising]\n    action: review\n    when:\n      startsWith: "REKLAM"\n',
    });
    const engine = await RuleEngine.load(dir);
    expect(engine.evaluate({ text: 'REKLAM burada' }).action).toBe('review');
    expect(engine.evaluate({ text: 'burada REKLAM' }).action).toBe('allow');
    const bad = await tempRules({ 'a.yaml': 'rules:\n  - id: x\n    categories: [insult]\n    when:\n      startWith: "x"\n' });
    await expect(RuleEngine.load(bad)).rejects.toThrow(RuleLoadError);
  });

  it('near: two lists within a number of words, in either order', async () => {
    const dir = await tempRules({
      'a.yaml':
        'rules:\n  - id: n\n    categories: [hate_speech]\n    action: review\n    when:\n      near: { terms: { list: [elma*] }, with: { list: [kırmızı] }, within: 2 }\n',
    });
    const engine = await RuleEngine.load(dir);
    expect(engine.evaluate({ text: 'kırmızı bir elma' }).action).toBe('review');
    expect(engine.evaluate({ text: 'elmalar çok güzel ve kırmızı' }).action).toBe('allow');
    const d = engine.evaluate({ text: 'elmalar kırmızı' });
    expect(d.matches[0]?.spans).toEqual([
      { start: 0, end: 7 },
      { start: 8, end: 15 },
    ]);
  });

  it('language: a rule for English comments only', async () => {
    const dir = await tempRules({
      'a.yaml': 'rules:\n  - id: en\n    categories: [insult]\n    action: review\n    when:\n      language: en\n',
    });
    const engine = await RuleEngine.load(dir);
    expect(engine.evaluate({ text: 'this is the worst service' }).action).toBe('review');
    expect(engine.evaluate({ text: 'bu hizmet çok kötü' }).action).toBe('allow');
  });
});

describe('language guess', () => {
  it.each([
    ['The wifi in the dorm is not working again', 'en'],
    ['Kill yourself', 'en'],
    ['Yurtta internet yine çalışmıyor', 'tr'],
    ['yurtta internet yine calismiyor ya', 'tr'],
    ['OBS', 'unknown'],
  ])('%s → %s', (t, l) => {
    expect(detectLanguage(t)).toBe(l);
  });
});
