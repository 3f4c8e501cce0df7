import type { FastifyInstance } from 'fastify';
import { buildWebApp, type WebDeps } from './app.js';

export interface RunningWeb {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Builds the console and listens on host:port (port 0 picks a free one). */
export async function startWeb(deps: WebDeps, opts: { host: string; port: number }): Promise<RunningWeb> {
  const app = await buildWebApp(deps);
  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  // Expired sessions are removed hourly; a session is also refused once expired, this only tidies.
  const timer = setInterval(() => void deps.db.prisma.webSession.deleteMany({ where: { expiresAt: { lte: new Date() } } }).catch(() => undefined), 3_600_000);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await app.close();
      })()),
  };
}
