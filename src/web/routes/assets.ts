import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const STATIC_DIR = fileURLToPath(new URL('../../../src/web/static/', import.meta.url));

/**
 * The console's own assets and htmx, read once from the package (node_modules/htmx.org): nothing comes
 * from a CDN, the console works on an intranet without internet access.
 */
export function registerAssetRoutes(app: FastifyInstance): void {
  const assets: Record<string, { body: Buffer; type: string }> = {
    'htmx.min.js': { body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')), type: 'text/javascript; charset=utf-8' },
    'app.js': { body: readFileSync(`${STATIC_DIR}app.js`), type: 'text/javascript; charset=utf-8' },
    'app.css': { body: readFileSync(`${STATIC_DIR}app.css`), type: 'text/css; charset=utf-8' },
  };
  app.get<{ Params: { name: string } }>('/static/:name', async (req, reply) => {
    const asset = assets[req.params.name];
    if (!asset) return reply.callNotFound();
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });
}
