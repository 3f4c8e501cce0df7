import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleWatcher } from '../../src/rules/watcher.js';
import type { RuleIssue } from '../../src/rules/parse.js';
import { tempRules } from './helpers.js';

const rule = (term: string): string => `rules:\n  - id: r1\n    categories: [insult]\n    action: hide\n    when:\n      terms: { list: [${term}] }\n`;

function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('timeout'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

let watcher: RuleWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
});

describe('RuleWatcher', () => {
  it('reloads on change and keeps the last good rules when an edit is invalid', async () => {
    const dir = await tempRules({ 'a.yaml': rule('salak') });
    const errors: RuleIssue[][] = [];
    let reloads = 0;
    watcher = await RuleWatcher.start(dir, { debounceMs: 30, onError: (_e, issues) => errors.push(issues), onReload: () => reloads++ });
    expect(watcher.current().evaluate({ text: 'salak' }).action).toBe('hide');

    await writeFile(join(dir, 'a.yaml'), rule('aptal'));
    await waitFor(() => reloads === 1);
    expect(watcher.current().evaluate({ text: 'aptal' }).action).toBe('hide');
    expect(watcher.current().evaluate({ text: 'salak' }).action).toBe('allow');
    const good = watcher.current().version;

    await writeFile(join(dir, 'a.yaml'), rule('aptal').replace('action: hide', 'action: hide\n    unknownKey: 1'));
    await waitFor(() => errors.length > 0);
    expect(errors[0]![0]).toMatchObject({ file: 'a.yaml', line: 5, column: 5 });
    expect(watcher.current().version).toBe(good);
    expect(watcher.current().evaluate({ text: 'aptal' }).action).toBe('hide');
  });

  it('close() is idempotent and stops reloading', async () => {
    const dir = await tempRules({ 'a.yaml': rule('salak') });
    let reloads = 0;
    watcher = await RuleWatcher.start(dir, { debounceMs: 10, onReload: () => reloads++ });
    await watcher.close();
    await watcher.close();
    await writeFile(join(dir, 'a.yaml'), rule('aptal'));
    await new Promise((r) => setTimeout(r, 100));
    expect(reloads).toBe(0);
    expect(watcher.current().evaluate({ text: 'salak' }).action).toBe('hide');
  });

  it('refuses to start on an invalid rule set', async () => {
    const dir = await tempRules({ 'a.yaml': 'rules: [' });
    await expect(RuleWatcher.start(dir)).rejects.toThrow(/a\.yaml:1:\d+/);
  });
});
