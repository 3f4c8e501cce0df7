import type { FastifyInstance } from 'fastify';
import { setPassword } from '../../src/auth/credentials.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { generateKey } from '../../src/secrets/index.js';
import { buildWebApp } from '../../src/web/app.js';
import type { TestDb } from '../helpers/db.js';
import { seedUsers } from '../helpers/seed.js';

export const PASSWORD = 'Parola-Testi-2026';

/** Defaults, as an installation without bekci.yaml has them, on the test database. */
export function webConfig(db: TestDb, web: Partial<Config['web']> = {}): Config {
  const base = loadConfig({ env: {}, cwd: '/nonexistent-bekci-test-dir' });
  return {
    ...base,
    databaseUrl: db.url,
    dbProvider: db.provider,
    workerId: 'web-test',
    secrets: { secretKey: generateKey() },
    web: { ...base.web, ...web },
  } as Config;
}

export async function webApp(db: TestDb, config = webConfig(db)): Promise<FastifyInstance> {
  return buildWebApp({ db, config, logger: createLogger({ level: 'silent', format: 'json' }) });
}

/** One user per role (staff of two directorates, a faculty representative), all with PASSWORD. */
export const ROLE_USERS = [
  { name: 'yonetici', role: 'admin', unitId: null },
  { name: 'iletisimci', role: 'comms', unitId: 'kurumsal-iletisim' },
  { name: 'sks-personel', role: 'staff', unitId: 'sks' },
  { name: 'ki-personel', role: 'staff', unitId: 'kurumsal-iletisim' },
  { name: 'muh-temsilci', role: 'representative', unitId: 'muhendislik-fakultesi' },
  { name: 'sks-onayci', role: 'approver', unitId: 'sks' },
  { name: 'rektorluk', role: 'management', unitId: 'ust-yonetim' },
] as const;

export async function seedRoleUsers(db: TestDb): Promise<void> {
  await seedUsers(
    db.prisma,
    ROLE_USERS.map((u) => ({ ...u })),
  );
  for (const u of ROLE_USERS) await setPassword(db.prisma, u.name, PASSWORD, 'test');
}

/** A cookie-carrying client over Fastify's inject. */
export class Agent {
  private cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private take(headers: Record<string, unknown>): void {
    const raw = headers['set-cookie'];
    for (const c of Array.isArray(raw) ? raw : raw ? [raw] : []) {
      const [kv] = String(c).split(';');
      const i = kv!.indexOf('=');
      const name = kv!.slice(0, i);
      const value = kv!.slice(i + 1);
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }

  cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie() } });
    this.take(res.headers);
    return res;
  }

  /** A form POST; `_csrf` is taken from a fresh page unless given (pass null to send none). */
  /** A form POST as htmx sends it (HX-Request header). */
  async postHtmx(url: string, form: Record<string, string>) {
    return this.post(url, form, undefined, { 'hx-request': 'true' });
  }

  async post(url: string, form: Record<string, string | string[]>, csrf?: string | null, headers: Record<string, string> = {}) {
    const token = csrf === undefined ? await this.csrf() : csrf;
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    if (token) body.set('_csrf', token);
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { ...headers, cookie: this.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.take(res.headers);
    return res;
  }

  /**
   * A multipart/form-data POST (file uploads); `_csrf` as in `post`. Files are [field, filename, bytes, type].
   */
  async postMultipart(url: string, fields: Record<string, string | string[]>, files: Array<[string, string, Buffer, string?]>, csrf?: string | null) {
    const token = csrf === undefined ? await this.csrf() : csrf;
    const boundary = `----bekci${Math.random().toString(36).slice(2)}`;
    const parts: Buffer[] = [];
    const field = (name: string, value: string) =>
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    if (token) field('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) field(k, x);
    for (const [name, filename, bytes, type] of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        bytes,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { cookie: this.cookie(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    this.take(res.headers);
    return res;
  }

  /** A CSRF token valid for this agent's current session (from any rendered page). */
  async csrf(): Promise<string> {
    const res = await this.get('/login');
    const page = res.statusCode === 302 ? await this.get('/sayfa-yok') : res;
    const m = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!m) throw new Error('no csrf token on the page');
    return m[1]!;
  }

  async login(username: string, password = PASSWORD) {
    return this.post('/login', { username, password });
  }
}
