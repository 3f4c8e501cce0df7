import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { startHealthServer } from '../../src/web/health.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface ComposeService {
  environment?: Record<string, string>;
  secrets?: string[];
  healthcheck?: { test: string[] };
  read_only?: boolean;
}

describe('docker deployment files', () => {
  const compose = parse(read('docker/compose.yaml')) as {
    services: Record<string, ComposeService>;
    secrets: Record<string, { environment?: string; file?: string }>;
  };
  const worker = compose.services.worker!;

  it('starts with only the required secrets: an empty optional variable counts as unset', () => {
    // `${VAR:-}` becomes an empty string when VAR is not set; the configuration must accept that.
    const optional = Object.entries(worker.environment ?? {})
      .filter(([, v]) => /^\$\{[A-Z_]+:-\}$/.test(v))
      .map(([k]) => k);
    expect(optional).toContain('BEKCI_SMTP_URL');
    const env = Object.fromEntries(optional.map((k) => [k, '']));
    expect(() => loadConfig({ env, cwd: ROOT })).not.toThrow();
    expect(loadConfig({ env, cwd: ROOT }).secrets.smtpUrl).toBeUndefined();
  });

  it('hands the master key and the database password over as Docker secrets (*_FILE)', () => {
    expect(worker.environment?.BEKCI_SECRET_KEY_FILE).toBe('/run/secrets/bekci_secret_key');
    expect(worker.environment?.BEKCI_SECRET_KEY).toBeUndefined();
    expect(worker.secrets).toContain('bekci_secret_key');
    expect(compose.services.postgres!.environment?.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    expect(Object.keys(compose.secrets).sort()).toEqual(['bekci_secret_key', 'postgres_password']);
  });

  it('checks health on /readyz and runs read-only', () => {
    expect(worker.healthcheck?.test.join(' ')).toMatch(/127\.0\.0\.1:8081\/readyz/);
    expect(compose.services.postgres!.healthcheck).toBeDefined();
    expect(worker.read_only).toBe(true);
    // The example configuration opens the health port the healthcheck calls, and is itself valid.
    const c = loadConfig({ env: { BEKCI_CONFIG: join(ROOT, 'docker', 'bekci.yaml') } });
    expect(c.health.port).toBe(8081);
  });

  it('builds on Node 24 with root-owned, read-only application files', () => {
    const dockerfile = read('docker/Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toMatch(/^node:24-/);
    expect(dockerfile).not.toMatch(/--chown=bekci/);
    expect(dockerfile).toMatch(/chmod -R a-w/);
    expect(dockerfile).toMatch(/^USER bekci$/m);
  });

  it('keeps dependencies, builds, databases and secrets out of the build context', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '**/*.db', '.env', '.git']) expect(ignore).toContain(entry);
  });
});

describe(`health endpoints of \`bekci start\` (${dbLabel()})`, () => {
  let db: TestDb;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    db = await createTestDb();
    const server = await startHealthServer({ host: '127.0.0.1', port: 0, prisma: db.prisma, provider: db.provider });
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(async () => {
    await close();
    await db.drop();
  });

  it('answers /healthz and /readyz (database reachable, migrations applied)', async () => {
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: 'ok', migrations: 'current' });
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});
