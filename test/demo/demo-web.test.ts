/**
 * The contract checks depend on: `bekci demo --web --port N --json` prints the demo's JSON report with
 * `web: { url, users }` (one user per role, staff of two directorates), then serves the console until
 * SIGTERM; the sign-in form is /login with username, password and _csrf.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('bekci demo --web', () => {
  test('--port N --json: the report names the console and a sign-in per role that works; SIGTERM ends it', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.BEKCI_CONFIG;
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'demo', '--web', '--port', String(port), '--json'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      // The report is one JSON document; the console is up once it is printed.
      const report = await new Promise<{ web: { url: string; users: Array<{ username: string; password: string; role: string; unit: string | null }> } }>(
        (resolve, reject) => {
          const timer = setInterval(() => {
            try {
              resolve(JSON.parse(out));
              clearInterval(timer);
            } catch {
              /* not complete yet */
            }
          }, 200);
          void exited.then((code) => {
            clearInterval(timer);
            reject(new Error(`demo exited early (${code})`));
          });
        },
      );
      expect(report.web.url).toBe(`http://127.0.0.1:${port}`);
      const roles = report.web.users.map((u) => u.role);
      expect(new Set(roles)).toEqual(new Set(['admin', 'comms', 'staff', 'representative', 'approver', 'management']));
      expect(new Set(report.web.users.filter((u) => u.role === 'staff').map((u) => u.unit)).size).toBeGreaterThanOrEqual(2);
      const staff = report.web.users.find((u) => u.role === 'staff')!;
      const login = await fetch(`${report.web.url}/login`);
      const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
      const signedIn = await fetch(`${report.web.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: staff.username, password: staff.password, _csrf: csrf }).toString(),
      });
      expect(signedIn.status).toBe(303);
      const session = [...signedIn.headers.getSetCookie().map((c) => c.split(';')[0]), cookie].join('; ');
      const tickets = await fetch(`${report.web.url}/tickets`, { headers: { cookie: session }, redirect: 'manual' });
      expect(tickets.status).toBe(200);
      expect(await tickets.text()).toMatch(/<h1>Kayıtlar/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
