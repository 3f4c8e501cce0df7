import { beforeAll, describe, expect, it } from 'vitest';
import { displayOrder } from '../../src/text/bidi.js';
import { normalize, toOriginalSpan } from '../../src/text/normalize.js';
import { RuleEngine } from '../../src/rules/engine.js';
import { fakeClassifier, RULES_DIR } from '../rules/helpers.js';

const RLO = '\u202e';
const LRO = '\u202d';
const PDF = '\u202c';
const RLI = '\u2067';
const PDI = '\u2069';
const RLE = '\u202b';

function shown(text: string): string {
  const order = displayOrder(text, text.length);
  return order ? Array.from(order, (i) => text[i]).join('') : text;
}

describe('bidirectional controls read in display order', () => {
  it('reverses a right-to-left override and drops the controls', () => {
    expect(shown(`sen tam bir ${RLO}nıskalas${PDF}`)).toBe('sen tam bir salaksın');
    // An unterminated override runs to the end of the paragraph, not past a line break.
    expect(shown(`a ${RLO}cba\nxyz`)).toBe('a abc\nxyz');
    expect(shown('no controls at all')).toBe('no controls at all');
    expect(displayOrder('plain', 5)).toBeNull();
  });

  it('keeps a left-to-right override nested in a right-to-left one in reading order, as a block', () => {
    // UAX #9: RLO [ab LRO[cd] ef] displays f e c d b a.
    expect(shown(`${RLO}ab${LRO}cd${PDF}ef${PDF}`)).toBe('fecdba');
  });

  it('moves nothing for embeddings and isolates of left-to-right text, and stops an override at the isolate end', () => {
    expect(shown(`${RLE}salak${PDF} mı`)).toBe('salak mı');
    expect(shown(`x ${RLI}${RLO}kalas${PDI} y`)).toBe('x salak y');
    // A PDF inside an isolate cannot close an override opened outside it.
    expect(shown(`${RLO}ba${RLI}c${PDF}d${PDI}e`)).toBe('ecdab');
  });

  it('maps tokens and spans of the reordered text back to the original', () => {
    const text = `sen ${RLO}kalas${PDF}!`;
    const norm = normalize(text);
    expect(norm.text).toBe('sen salak!');
    const token = norm.tokens.find((t) => t.text === 'salak')!;
    expect(text.slice(token.start, token.end)).toBe('kalas');
    expect(toOriginalSpan(norm, 4, 9)).toEqual({ start: 5, end: 10 });
  });

  it('survives deep nesting without growing past the level limit', () => {
    const deep = `${RLO.repeat(300)}abc${PDF.repeat(300)}`;
    expect(shown(deep)).toHaveLength(3);
    expect(normalize(`${LRO}${RLO}`.repeat(2000)).text).toBe('');
  });
});

describe('default rules see the displayed insult', () => {
  let engine: RuleEngine;
  beforeAll(async () => {
    engine = await RuleEngine.load(RULES_DIR, { classifiers: { offensive: fakeClassifier() } });
  });

  it('`sen tam bir \\u202enıskalas\\u202c` is hidden as an insult, with the evidence span on the original', () => {
    const text = `sen tam bir ${RLO}nıskalas${PDF}`;
    const d = engine.evaluate({ text });
    const displayed = engine.evaluate({ text: 'sen tam bir salaksın' });
    expect(d.categories).toContain('insult');
    expect(d.action).not.toBe('allow');
    // Judged exactly like the text people see.
    expect({ action: d.action, categories: d.categories, rules: d.matches.map((m) => m.ruleId) }).toEqual({
      action: displayed.action,
      categories: displayed.categories,
      rules: displayed.matches.map((m) => m.ruleId),
    });
    const span = d.matches.find((m) => m.categories.includes('insult'))!.spans[0]!;
    expect(text.slice(span.start, span.end)).toBe('nıskalas');
  });

  it('gives classifiers the displayed text too', async () => {
    const seen: string[] = [];
    const spy = await RuleEngine.load(RULES_DIR, { classifiers: { offensive: fakeClassifier((t) => (seen.push(t), 0)) } });
    seen.length = 0;
    spy.evaluate({ text: `sen tam bir ${RLO}nıskalas${PDF}` });
    expect(seen).toEqual(['sen tam bir salaksın']);
  });

  it('does not reverse ordinary text into an insult', () => {
    expect(engine.evaluate({ text: 'sen tam bir nıskalas' }).categories).not.toContain('insult');
  });
});
