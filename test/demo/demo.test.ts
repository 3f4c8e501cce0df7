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
      comments: Array<{
        platform: string;
        text: string;
        categories: string[];
        action: string;
        platformState: string;
        expected?: string;
        expectedState?: string;
        ticket: { directorate: string; priority: string } | null;
        expectedTicket?: string | boolean;
      }>;
      apiCalls: Record<string, number>;
      latencyMs: { p50: number; p95: number };
      tickets: Array<{ directorate: string }>;
      mails: Array<{ to: string; subject: string }>;
      mail: {
        announcement: { state: string; sent: number; attachments: Array<{ filename: string; contentType: string }> };
        ticketByMail: { number?: number; status?: string; answer?: string | null; outcome?: string; skipped?: string };
      };
      allHandled: boolean;
    };
    expect(seconds).toBeLessThan(60);
    expect(report.allHandled).toBe(true);
    expect(report.comments).toHaveLength(SAMPLE_COMMENTS.length);
    for (const c of report.comments) {
      expect({ text: c.text, action: c.action, state: c.platformState }).toEqual({ text: c.text, action: c.expected, state: c.expectedState });
    }
    // Thanks open no ticket; criticism that names a service (or a management decision) does, at the right directorate.
    for (const c of report.comments) {
      if (c.expectedTicket === undefined) continue;
      const got = typeof c.expectedTicket === 'boolean' ? c.ticket !== null : c.ticket?.directorate;
      expect({ text: c.text, ticket: got }).toEqual({ text: c.text, ticket: c.expectedTicket });
    }
    expect(report.comments.filter((c) => c.expectedTicket === false && /teşekkür|Allah razı/.test(c.text)).length).toBeGreaterThanOrEqual(2);
    for (const p of ['facebook', 'instagram', 'x', 'youtube']) expect(report.apiCalls[p]).toBeGreaterThan(0);
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);
    // A threat opens an urgent ticket although the comment is hidden (categories never suppress each other).
    const threat = report.comments.find((c) => c.categories.includes('harassment'));
    expect(threat).toMatchObject({ action: 'hide', ticket: { priority: 'urgent' } });
    const routed = report.comments.filter((c) => c.categories.some((k) => k === 'complaint' || k === 'request' || k === 'harassment'));
    expect(report.tickets.length).toBeGreaterThan(0);
    expect(report.tickets.length).toBeLessThanOrEqual(routed.length);
    // Ticket notifications, plus the announcement to the three demo students.
    const notices = report.mails.filter((m) => m.subject.startsWith('[bekci]'));
    // One per ticket to its unit, plus one to top management for each urgent ticket when configured.
    expect(notices.length).toBeGreaterThanOrEqual(report.tickets.length);
    expect(notices.length).toBeLessThanOrEqual(2 * report.tickets.length);
    expect(report.mails.filter((m) => m.subject === 'Bahar Şenliği başlıyor!')).toHaveLength(3);
    expect(report.mail.announcement).toMatchObject({
      state: 'sent',
      sent: 3,
      attachments: [{ filename: 'Bahar Şenliği Programı.pdf', contentType: 'application/pdf' }],
    });
    // A ticket answered by replying to its notification (quote and signature removed).
    expect(report.mail.ticketByMail).toMatchObject({ status: 'answered', outcome: 'processed' });
    expect(report.mail.ticketByMail.answer).toMatch(/^Merhaba, bildiriminiz için teşekkürler\..*giderilecek\.$/);
  }, 90_000);

  test('--comments FILE.jsonl: a bad line is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bekci-demo-'));
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, '{"platform":"myspace","text":"x"}\n');
    const err = await run(process.execPath, [join(root, 'dist/cli/main.js'), 'demo', '--comments', file], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('c.jsonl:1');
  });
});
