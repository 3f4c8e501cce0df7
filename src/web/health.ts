import { createServer, type Server } from 'node:http';
import type { DbProvider } from '../config/index.js';
import { loadMigrations, type Prisma } from '../db/index.js';

export interface Readiness {
  ok: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
  /** Names of shipped migrations not applied yet. */
  pending?: string[];
}

/** Database reachable and every migration this version ships applied. */
export async function readiness(prisma: Prisma, provider: DbProvider): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch {
    try {
      await prisma.$queryRawUnsafe('SELECT 1');
      return { ok: false, database: 'ok', migrations: 'unknown' };
    } catch {
      return { ok: false, database: 'unreachable', migrations: 'unknown' };
    }
  }
  const pending = loadMigrations(provider)
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
  return pending.length ? { ok: false, database: 'ok', migrations: 'pending', pending } : { ok: true, database: 'ok', migrations: 'current' };
}

/**
 * A tiny HTTP server with `/healthz` (process alive) and `/readyz` (database and migrations) for the
 * worker (`bekci start`), for container orchestrators. The console serves the same paths itself.
 */
export async function startHealthServer(opts: { host: string; port: number; prisma: Prisma; provider: DbProvider }): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (code: number, body: object): void => {
      res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/healthz') return send(200, { ok: true });
    if (req.url === '/readyz') {
      readiness(opts.prisma, opts.provider).then(
        (r) => send(r.ok ? 200 : 503, r),
        () => send(503, { ok: false }),
      );
      return;
    }
    send(404, { error: 'bulunamadı' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
