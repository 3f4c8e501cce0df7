import { describe, expect, it } from 'vitest';
import { RuleEngine, RuleLoadError } from '../../src/rules/engine.js';
import { formatIssue } from '../../src/rules/parse.js';
import { fakeClassifier, tempRules } from './helpers.js';

const OK_RULE = `rules:
  - id: insult-basic
    categories: [insult]
    action: hide
    priority: 5
    reason: "{{category}} ({{rule}}): {{match}}"
    when:
      terms:
        list: [salak*]
`;

async function loadError(files: Record<string, string>): Promise<string[]> {
  const dir = await tempRules(files);
  try {
    await RuleEngine.load(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleLoadError);
    return (e as RuleLoadError).issues.map(formatIssue);
  }
  throw new Error('expected a load error');
}

describe('rule file validation', () => {
  it('loads a valid file and fills reason placeholders', async () => {
    const engine = await RuleEngine.load(await tempRules({ '10-a.yaml': OK_RULE }));
    const d = engine.evaluate({ text: 'Çok SALAKSIN' });
    expect(d.action).toBe('hide');
    expect(d.matches[0]!.reason).toBe('hakaret (insult-basic): SALAKSIN');
    expect(d.matches[0]!.spans).toEqual([{ start: 4, end: 12 }]);
  });

  it('reports an unknown key with file, line and column', async () => {
    const bad = OK_RULE.replace('    priority: 5\n', '    priority: 5\n    categoris: [insult]\n');
    expect(await loadError({ '10-a.yaml': bad })).toEqual([expect.stringMatching(/^10-a\.yaml:6:5: bilinmeyen anahtar "categoris"/)]);
  });

  it('reports a wrong value at its position', async () => {
    const bad = OK_RULE.replace('action: hide', 'action: remove');
    expect(await loadError({ '10-a.yaml': bad })).toEqual([expect.stringMatching(/^10-a\.yaml:4:13: .*action.*geçersiz değer/)]);
  });

  it('reports YAML syntax errors and duplicate keys', async () => {
    const issues = await loadError({ '10-a.yaml': OK_RULE.replace('    action: hide\n', '    action: hide\n    action: review\n') });
    expect(issues[0]).toMatch(/^10-a\.yaml:5:\d+: YAML/);
  });

  it('rejects backreferences and inner lookahead at load, pointing at the construct', async () => {
    const file = `rules:\n  - id: r1\n    categories: [advertising]\n    when:\n      regex: '(ab)\\1x'\n  - id: r2\n    categories: [advertising]\n    when:\n      regex: { pattern: "a(?=bc)d" }\n`;
    const issues = await loadError({ 'x.yaml': file });
    // Column of the `\1` inside the single-quoted scalar (value starts at column 15).
    expect(issues[0]).toMatch(/^x\.yaml:5:19: geri başvuru/);
    expect(issues[1]).toMatch(/^x\.yaml:9:27: ileri bakma/);
  });

  it('runs patterns that backtrack exponentially elsewhere in linear time (no freeze)', async () => {
    const rules = ['(a|a)*$', '(a|aa)+$', '(a+)+b', '(?<![0-9])(a|a)*$']
      .map((p, i) => `  - id: r${i}\n    categories: [advertising]\n    action: review\n    when:\n      regex: '${p}'\n`)
      .join('');
    const engine = await RuleEngine.load(await tempRules({ 'x.yaml': `rules:\n${rules}` }));
    for (const text of [`${'a'.repeat(40)}!`, `${'a'.repeat(4999)}!`]) {
      const d = engine.evaluate({ text });
      // `(a|a)*$` matches the empty string at the end only: no evidence, no match.
      expect(d.matches.map((m) => m.ruleId)).toEqual([]);
      expect(d.action).toBe('allow');
    }
    const d = engine.evaluate({ text: 'aaaab' });
    expect(d.matches.map((m) => m.ruleId)).toEqual(['r2']);
  });

  it('rejects duplicate rule ids across files and unknown models', async () => {
    const cls = `rules:\n  - id: c1\n    categories: [insult]\n    when:\n      classifier: { model: nope, min: 0.9 }\n`;
    const issues = await loadError({ 'a.yaml': OK_RULE, 'b.yaml': OK_RULE, 'c.yaml': cls });
    expect(issues.some((i) => /^b\.yaml:2:\d+: kural kimliği "insult-basic"/.test(i))).toBe(true);
    expect(issues.some((i) => /^c\.yaml:5:\d+: tanımsız model/.test(i))).toBe(true);
  });

  it('fails clearly when a referenced model file is missing, and accepts an override', async () => {
    const cls = `models:\n  offensive: models/offensive-tr.json\nrules:\n  - id: c1\n    categories: [insult]\n    action: review\n    when:\n      classifier: { model: offensive, min: 0.5 }\n`;
    const dir = await tempRules({ '40-classifier.yaml': cls });
    await expect(RuleEngine.load(dir)).rejects.toThrow(/40-classifier\.yaml:2:\d+: model dosyası bulunamadı/);
    const engine = await RuleEngine.load(dir, { classifiers: { offensive: fakeClassifier((t) => (t.includes('kötü') ? 0.7 : 0.1)) } });
    const d = engine.evaluate({ text: 'kötü yorum' });
    expect(d.action).toBe('review');
    expect(d.scores.offensive).toBe(0.7);
  });

  it('reads term lists from files with exceptions, and a missing list is an error', async () => {
    const rules = `rules:\n  - id: l1\n    categories: [insult]\n    when:\n      terms: { file: lists/x.txt }\n`;
    const engine = await RuleEngine.load(await tempRules({ 'a.yaml': rules, 'lists/x.txt': '# c\nsik* !sikke*\n' }));
    expect(engine.evaluate({ text: 'sikke' }).action).toBe('allow');
    expect(engine.evaluate({ text: 'siktir' }).action).toBe('hide');
    expect(await loadError({ 'a.yaml': rules })).toEqual([expect.stringMatching(/^a\.yaml:5:\d+: terim listesi bulunamadı/)]);
  });

  it('combines decisions: most severe action wins, categories are the union, removal rules first', async () => {
    const rules = `rules:
  - id: low
    categories: [complaint]
    action: allow
    priority: 100
    when: { terms: { list: [rezalet] } }
  - id: mid
    categories: [insult]
    action: review
    when: { terms: { list: [salak] } }
  - id: high
    categories: [advertising]
    action: delete
    priority: -5
    when: { links: { shorteners: true } }
  - id: owner-only
    categories: [request]
    action: allow
    when: { author: { isOwner: true } }
  - id: never
    categories: [insult]
    when: { all: [ { terms: { list: [salak] } }, { not: { terms: { list: [rezalet] } } } ] }
`;
    const engine = await RuleEngine.load(await tempRules({ 'a.yaml': rules }));
    const d = engine.evaluate({ text: 'rezalet salak bit.ly/x' });
    expect(d.action).toBe('delete');
    expect(d.matches.map((m) => m.ruleId)).toEqual(['high', 'low', 'mid']);
    expect(d.categories).toEqual(['advertising', 'complaint', 'insult']);
    expect(engine.evaluate({ text: 'salak' }).matches.map((m) => m.ruleId)).toEqual(['never', 'mid']);
    const owner = engine.evaluate({ text: 'rezalet salak bit.ly/x', authorIsOwner: true });
    expect(owner.action).toBe('allow');
    expect(owner.matches.map((m) => m.ruleId)).toEqual(['low', 'owner-only']);
  });

  it('a condition named by a YAML anchor and reused by its alias judges like the written-out copy', async () => {
    // Two rules share one exclusion, written once (&benign) and reused (*benign), as 40-classifier.yaml does.
    const named = `rules:
  - id: a
    categories: [insult]
    action: hide
    when:
      all:
        - terms: { list: [salak*] }
        - not: &benign
            all:
              - terms: { list: [ananas*] }
              - not: { terms: { list: [aptal*] } }
  - id: b
    categories: [insult]
    action: review
    when:
      all:
        - terms: { list: [saf*] }
        - not: *benign
`;
    const copied = named.replace('*benign', '{ all: [ { terms: { list: [ananas*] } }, { not: { terms: { list: [aptal*] } } } ] }').replace(' &benign', '');
    expect(copied).not.toContain('benign');
    const withAlias = await RuleEngine.load(await tempRules({ 'a.yaml': named }));
    const withCopy = await RuleEngine.load(await tempRules({ 'a.yaml': copied }));
    const texts = ['salak', 'saf', 'salak ananas', 'saf ananas', 'saf ananas aptal', 'salak saf ananas aptal', 'ananas'];
    const judge = (e: RuleEngine) => texts.map((text) => e.evaluate({ text }).matches.map((m) => m.ruleId));
    expect(judge(withAlias)).toEqual(judge(withCopy));
    // The alias really excludes: "saf ananas" matches neither rule, "saf ananas aptal" matches b.
    expect(judge(withAlias)).toEqual([['a'], ['b'], [], [], ['b'], ['a', 'b'], []]);
  });

  it('an alias to an undefined anchor is a load error', async () => {
    const bad = OK_RULE.replace('      terms:\n        list: [salak*]\n', '      not: *nowhere\n');
    expect(bad).toContain('*nowhere');
    expect((await loadError({ '10-a.yaml': bad }))[0]).toMatch(/^10-a\.yaml:\d+:\d+: /);
  });

  it('the version changes with the content', async () => {
    const a = await RuleEngine.load(await tempRules({ 'a.yaml': OK_RULE }));
    const b = await RuleEngine.load(await tempRules({ 'a.yaml': OK_RULE.replace('priority: 5', 'priority: 6') }));
    expect(a.version).not.toBe(b.version);
  });
});
