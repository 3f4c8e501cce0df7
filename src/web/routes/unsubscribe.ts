import type { FastifyInstance } from 'fastify';
import { unsubscribe } from '../../mail/suppression.js';
import type { WebContext } from '../context.js';

/** The path list mails point `List-Unsubscribe` at (configure `mail.unsubscribeUrl` as `<console>/abonelik-iptal`). */
export const UNSUBSCRIBE_PATH = '/abonelik-iptal';

/**
 * Unsubscribe without signing in. The signed token in `?t=` is the authority, so the POST needs no
 * CSRF token: RFC 8058 one-click requests come from mail providers, which cannot carry one. A GET
 * only shows a confirmation form (link scanners open links; they must not unsubscribe anybody).
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  app.get<{ Querystring: { t?: string } }>(UNSUBSCRIBE_PATH, async (req, reply) => {
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    return ctx.render.page(reply, req, 'unsubscribe', { title: 'Abonelikten çık', token, done: false });
  });
  app.post<{ Querystring: { t?: string } }>(UNSUBSCRIBE_PATH, async (req, reply) => {
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const result = token ? await unsubscribe(prisma, token) : undefined;
    if (!result) return ctx.render.error(reply, req, 400, 'Bağlantı geçersiz', 'Bu abonelikten çıkma bağlantısı geçersiz ya da bozulmuş.');
    return ctx.render.page(reply, req, 'unsubscribe', { title: 'Abonelikten çıkıldı', token: '', done: true, scope: result.scope });
  });
}
