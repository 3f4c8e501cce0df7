import type { FastifyInstance, FastifyReply } from 'fastify';
import { audit } from '../../audit/audit.js';
import { acceptInvite, findInvite } from '../../auth/credentials.js';
import { UserInputError } from '../../users/users.js';
import type { WebContext } from '../context.js';
import { SESSION_COOKIE } from '../session-cookie.js';
import { homeFor } from '../render.js';
import { GENERIC_FAILURE, startWebSession, TOTP_LOGIN_PATH } from './totp.js';

/** Sign-in, sign-out and the first-sign-in invitation. */
export function registerAuthRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;

  const startSession = (reply: FastifyReply, userId: string) => startWebSession(ctx, reply, userId);

  app.get('/', async (req, reply) => reply.redirect(req.user ? homeFor(req.user) : '/login'));

  app.get('/login', async (req, reply) => {
    if (req.user) return reply.redirect(homeFor(req.user));
    return ctx.render.page(reply, req, 'login', { title: 'Oturum aç' });
  });

  app.post<{ Body: { username?: string; password?: string } }>(
    '/login',
    // Per client address, on top of the per-account lockout: guessing across many names is slowed too.
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const username = String(req.body?.username ?? '')
        .trim()
        .slice(0, 64);
      const password = String(req.body?.password ?? '');
      if (!username || !password) {
        return ctx.render.page(reply, req, 'login', { title: 'Oturum aç', username, error: 'Kullanıcı adı ve parola gerekli.' }, 400);
      }
      for (const provider of ctx.providers) {
        const r = await provider.signIn(username, password, ctx.now());
        if (r.ok) {
          const user = await prisma.user.findUniqueOrThrow({ where: { id: r.userId } });
          // With TOTP on, the password opens only the code form (a short session that grants nothing else).
          if (user.totpEnabledAt) {
            await startWebSession(ctx, reply, r.userId, 'totp');
            return reply.redirect(TOTP_LOGIN_PATH, 303);
          }
          await startSession(reply, r.userId);
          await audit(prisma, { actor: r.username, action: 'auth.login', entityType: 'user', entityId: r.userId, data: { provider: provider.id } });
          return reply.redirect(homeFor(user), 303);
        }
        // A known user whose password is wrong stops here; an unknown one may exist in the next provider.
        if (r.reason !== 'unknown_user' && r.reason !== 'no_password') break;
      }
      ctx.deps.logger.info({ route: '/login' }, 'başarısız giriş denemesi');
      return ctx.render.page(reply, req, 'login', { title: 'Oturum aç', username, error: GENERIC_FAILURE }, 401);
    },
  );

  app.post('/logout', async (req, reply) => {
    await ctx.sessions.destroy(req.cookies[SESSION_COOKIE]);
    if (req.user) await audit(prisma, { actor: req.user.name, action: 'auth.logout', entityType: 'user', entityId: req.user.id });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.get<{ Params: { token: string } }>('/davet/:token', async (req, reply) => {
    const user = await findInvite(prisma, req.params.token, ctx.now());
    if (!user) return ctx.render.error(reply, req, 404, 'Davet geçersiz', 'Davet bağlantısı geçersiz ya da süresi dolmuş; yöneticinizden yenisini isteyin.');
    return ctx.render.page(reply, req, 'invite', { title: 'İlk giriş', username: user.name, token: req.params.token });
  });

  app.post<{ Params: { token: string }; Body: { password?: string; password2?: string } }>(
    '/davet/:token',
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const user = await findInvite(prisma, req.params.token, ctx.now());
      if (!user) return ctx.render.error(reply, req, 404, 'Davet geçersiz', 'Davet bağlantısı geçersiz ya da süresi dolmuş.');
      const password = String(req.body?.password ?? '');
      const again = String(req.body?.password2 ?? '');
      const fail = (error: string) => ctx.render.page(reply, req, 'invite', { title: 'İlk giriş', username: user.name, token: req.params.token, error }, 400);
      if (password !== again) return fail('Parolalar aynı değil.');
      try {
        const r = await acceptInvite(prisma, req.params.token, password, ctx.now());
        await startSession(reply, r.userId);
        return reply.redirect(homeFor(user), 303);
      } catch (e) {
        if (e instanceof UserInputError) return fail(e.message);
        throw e;
      }
    },
  );
}
