/**
 * The console from the command line, as an installation starts it: the first admin with
 * `users add --password-stdin`, then `bekci web --port N` and `bekci start --web --port N`; health
 * endpoints, sign-in, and a clean exit on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'dist/cli/main.js');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function until(url: string): Promise<Response> {
  for (let i = 0; i < 150; i++) {
    try {
      return await fetch(url, { redirect: 'manual' });
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`not serving: ${url}`);
}

describe(`bekci web / start --web (${dbLabel()})`, () => {
  let db: TestDb;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDb();
    env = { ...process.env, DATABASE_URL: db.url, BEKCI_SECRET_KEY: generateKey(), BEKCI_LOG_LEVEL: 'warn' };
    delete env.BEKCI_CONFIG;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const signIn = async (base: string, username: string, password: string) => {
    const login = await fetch(`${base}/login`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
    return fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
    });
  };

  it.each([{ cmd: ['web'] }, { cmd: ['start', '--web'] }])(
    'bekci $cmd: health, sign-in of the first admin, SIGTERM',
    async ({ cmd }) => {
      const name = `ilk-yonetici-${cmd.length}`;
      const add = spawnSync(process.execPath, [main, 'users', 'add', name, '--role', 'admin', '--password-stdin'], {
        cwd: root,
        env,
        input: 'Ilk-Yonetici-Parolasi-2026\n',
        encoding: 'utf8',
      });
      expect(add.status, add.stderr).toBe(0);
      const port = await freePort();
      const child = spawn(process.execPath, [main, ...cmd, '--port', String(port)], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        const base = `http://127.0.0.1:${port}`;
        expect((await until(`${base}/healthz`)).status).toBe(200);
        const ready = await fetch(`${base}/readyz`);
        expect(ready.status, err).toBe(200);
        const res = await signIn(base, name, 'Ilk-Yonetici-Parolasi-2026');
        expect(res.status, err).toBe(303);
        expect(res.headers.get('location')).toBe('/tickets');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited, err).toBe(0);
    },
    120_000,
  );
});
