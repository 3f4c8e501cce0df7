import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { SAMPLE_COMMENTS } from '../../src/harness/demo/sample.js';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('bekci demo', () => {
  test('--json: every sample comment ends in its expected platform state, tickets and mails reported', async () => {
    // The demo always runs on the embedded SQLite default, whatever DATABASE_URL the suite uses.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.BEKCI_CONFIG;
    const started = Date.now();
    const { stdout } = await run(process.execPath, [join(root, 'dist/cli/main.js'), 'demo', '--json'], { cwd: root, env, maxBuffer: 10_000_000 });
    const seconds = (Date.now() - started) / 1000;
    const report = JSON.parse(stdout) as {
      comments: Array<{ platform: string; text: string; categories: string[]; action: string; platformState: string; expected?: string; expectedState?: string }>;
      apiCalls: Record<string, number>;
      latencyMs: { p50: number; p95: number };
      tickets: Array<{ directorate: string }>;
      mails: Array<{ to: string; subject: string }>;
      allHandled: boolean;
    };
    expect(seconds).toBeLessThan(60);
    expect(report.allHandled).toBe(true);
    expect(report.comments).toHaveLength(SAMPLE_COMMENTS.length);
    for (const c of report.comments) {
      expect({ text: c.text, action: c.action, state: c.platformState }).toEqual({ text: c.text, action: c.expected, state: c.expectedState });
    }
    for (const p of ['facebook', 'instagram', 'x', 'youtube']) expect(report.apiCalls[p]).toBeGreaterThan(0);
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);
    const routed = report.comments.filter((c) => c.categories.some((k) => k === 'complaint' || k === 'request'));
    expect(report.tickets.length).toBeGreaterThan(0);
    expect(report.tickets.length).toBeLessThanOrEqual(routed.length);
    expect(report.mails.length).toBe(report.tickets.length);
  }, 90_000);

  test('--comments FILE.jsonl: a bad line is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bekci-demo-'));
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, '{"platform":"myspace","text":"x"}\n');
    const err = await run(process.execPath, [join(root, 'dist/cli/main.js'), 'demo', '--comments', file], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('c.jsonl:1');
  });
});
