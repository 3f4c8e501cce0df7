import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dbLabel } from '../helpers/db.js';

const root = join(import.meta.dirname, '..', '..');
const KEYS = [
  'kills',
  'seed',
  'commentsMissed',
  'actionsRepeated',
  'idempotentRepeats',
  'ticketsMissing',
  'ticketsDuplicated',
  'mailsMissing',
  'mailsDuplicated',
];

/**
 * `bekci chaos --kills 3` through the built CLI on the suite's database: real `bekci start` and
 * `bekci mail send` processes SIGKILLed and restarted against the emulator with faults and the SMTP
 * sink. A broken invariant makes the command exit 1 and this test fail.
 */
describe(`bekci chaos (${dbLabel()})`, () => {
  test('three kills: nothing missed, nothing repeated, every ticket and mail once', async () => {
    const pg = process.env.DATABASE_URL && /^postgres/.test(process.env.DATABASE_URL) ? ['--database', process.env.DATABASE_URL] : [];
    const args = [join(root, 'dist/cli/main.js'), 'chaos', '--kills', '3', '--seed', '20261130', '--json', '--settle-seconds', '180', ...pg];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, `${out}\n${err.slice(-3000)}`).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    for (const k of KEYS) expect(typeof report[k], k).toBe('number');
    expect(report).toMatchObject({
      kills: 3,
      seed: 20261130,
      database: dbLabel(),
      commentsMissed: 0,
      actionsRepeated: 0,
      ticketsMissing: 0,
      ticketsDuplicated: 0,
      mailsMissing: 0,
      settled: true,
      violations: [],
    });
    expect((report.killsWorker as number) + (report.killsMailer as number)).toBe(3);
    expect(report.mailsDuplicated as number).toBeLessThanOrEqual(report.killsInsideSend as number);
    // The campaign did feed something to lose: comments, tickets and mails were expected.
    expect(report.commentsPosted as number).toBeGreaterThan(5);
    expect(report.ticketsExpected as number).toBeGreaterThan(0);
    expect(report.mailsExpected as number).toBeGreaterThan(0);
    // Every step of the feed worked: announcements were filed and approved, nothing was refused.
    expect(report.mailsApproved as number).toBeGreaterThan(0);
    expect(report.feedErrors).toBe(0);
  }, 400_000);
});
