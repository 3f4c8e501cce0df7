import { describe, expect, it } from 'vitest';
import { RuleEngine, RuleLoadError } from '../../src/rules/engine.js';
import { parseRoutingFile, RoutingFileError } from '../../src/routing/index.js';
import { tempRules } from '../rules/helpers.js';

/** Nine anchors, each a list of nine aliases of the previous one: 9^9 nodes once expanded. */
const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  '',
].join('\n');

describe('YAML alias bombs are refused with a message, never expanded', () => {
  it('in a rule file', async () => {
    const dir = await tempRules({ 'x.yaml': BOMB });
    const err = await RuleEngine.load(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleLoadError);
    expect((err as RuleLoadError).message).toMatch(/^x\.yaml:1:1: çok fazla takma ad/);
  });

  it('in the routing file', () => {
    expect(() => parseRoutingFile(BOMB, 'routing.yaml')).toThrow(RoutingFileError);
    expect(() => parseRoutingFile(BOMB, 'routing.yaml')).toThrow(/takma ad/);
  });
});
