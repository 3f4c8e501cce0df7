import { describe, expect, it } from 'vitest';
import { RuleEngine } from '../../src/rules/engine.js';
import { MAX_INPUT_CHARS } from '../../src/text/normalize.js';
import { fakeClassifier, RULES_DIR } from './helpers.js';

describe('a comment longer than the matching cap', () => {
  it('is stored with personal data redacted past the cap too', async () => {
    const engine = await RuleEngine.load(RULES_DIR, { classifiers: { offensive: fakeClassifier() } });
    const tckn = '10000000146';
    const text = `${'uzun bir yorum '.repeat(Math.ceil((MAX_INPUT_CHARS + 500) / 15))}kimlik ${tckn} ve kart 4111 1111 1111 1111`;
    expect(text.indexOf(tckn)).toBeGreaterThan(MAX_INPUT_CHARS);
    const d = engine.evaluate({ text });
    expect(d.redactedText).not.toContain(tckn);
    expect(d.redactedText).not.toContain('4111 1111');
    expect(d.pii.map((f) => f.type)).toEqual(['tckn', 'card']);
  });
});
