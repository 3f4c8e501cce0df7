/**
 * The web console: Fastify 5, server-rendered Eta templates, htmx 2 shipped from node_modules. Every
 * permission is decided in the service layer (src/access); pages only choose what to show.
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { AccessDenied } from '../access/authz.js';
import { LdapSignIn } from '../auth/ldap.js';
import { LocalSignIn } from '../auth/local.js';
import type { PasswordSignInProvider } from '../auth/provider.js';
import { SessionStore } from '../auth/sessions.js';
import { mustEnrolTotp } from '../auth/totp.js';
import type { Config } from '../config/index.js';
import { SecretKeyError } from '../secrets/index.js';
import { readiness } from './health.js';
import { csrfUserInfo, SESSION_COOKIE } from './session-cookie.js';
import { registerUnsubscribeRoutes, UNSUBSCRIBE_PATH } from './routes/unsubscribe.js';
import type { WebContext, WebDeps } from './context.js';
import { RulesHolder } from './rules-holder.js';
import { createRenderer } from './render.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerTicketRoutes } from './routes/tickets.js';
import { registerReviewRoutes } from './routes/review.js';
import { registerMailRoutes } from './routes/mail.js';
import { registerGroupRoutes } from './routes/groups.js';
import { registerRulesRoutes } from './routes/rules.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerPrivacyRoutes } from './routes/privacy.js';
import { ENROL_ROUTES, registerTotpRoutes, TOTP_ENROL_PATH } from './routes/totp.js';
import { registerUserAdminRoutes } from './routes/users.js';

export { SESSION_COOKIE } from './session-cookie.js';
export { requireUser, type WebContext, type WebDeps, type WebUser } from './context.js';

function csrfKey(config: Config): Buffer {
  const secret = config.secrets.secretKey;
  return secret ? createHash('sha256').update(`bekci-csrf:${secret}`).digest() : randomBytes(32);
}

/** Local accounts, then LDAP when configured. */
function signInProviders(deps: WebDeps): PasswordSignInProvider[] {
  const { config } = deps;
  const policy = { maxFailed: config.web.maxFailedLogins, lockMinutes: config.web.lockMinutes };
  const out: PasswordSignInProvider[] = [new LocalSignIn(deps.db.prisma, policy)];
  if (config.ldap.enabled) out.push(new LdapSignIn(deps.db.prisma, config.ldap, config.secrets.ldapBindPassword, policy));
  return out;
}

/** `web.trustProxy` as Fastify takes it: a hop count becomes "trust the nearest N hops". */
function trustProxyOption(v: boolean | number | string): boolean | string | ((addr: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_addr, hop) => hop < v : v;
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    trustProxy: trustProxyOption(config.web.trustProxy),
    bodyLimit: config.web.maxUploadKb * 1024 + 64 * 1024,
    // Fastify's own request log would print URLs; ours (below) prints the route pattern only.
    logger: false,
  });
  const now = deps.now ?? (() => new Date());
  const ctx: WebContext = {
    deps,
    sessions: new SessionStore(deps.db.prisma, config.web.sessionHours),
    providers: deps.signIn ?? signInProviders(deps),
    render: createRenderer(config),
    rules: new RulesHolder(config),
    now,
  };

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'bekci_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.web.secureCookies },
    // The token is bound to the session: a token from before sign-in (or another user's) is refused.
    getUserInfo: csrfUserInfo,
    // With the installation's master key, tokens stay valid across restarts and between replicas.
    csrfOpts: { hmacKey: csrfKey(config) },
  });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('user', null);
  app.decorateRequest('pendingUserId', null);
  app.decorateRequest('mustEnrol', false);
  app.addHook('onRequest', async (req, reply) => {
    const found = await ctx.sessions.lookupStage(req.cookies[SESSION_COOKIE], now());
    const user = found?.stage === 'full' ? found.user : undefined;
    req.user = user ? { id: user.id, name: user.name, role: user.role, unitId: user.unitId } : null;
    req.pendingUserId = found?.stage === 'totp' ? found.user.id : null;
    req.mustEnrol = user ? await mustEnrolTotp(deps.db.prisma, config, user) : false;
    // A member of a role that requires TOTP who has not enrolled may enrol and sign out, nothing else.
    if (req.mustEnrol && !ENROL_ROUTES.has(req.routeOptions.url ?? '')) {
      if (req.method === 'GET') return reply.redirect(TOTP_ENROL_PATH);
      return ctx.render.error(reply, req, 403, 'İki adımlı doğrulama gerekli', 'Devam etmeden önce iki adımlı doğrulamayı etkinleştirin.');
    }
  });
  // Every state-changing request needs the CSRF token, whichever route it goes to.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD') return done();
    // One-click unsubscribe (RFC 8058) is authorised by its signed token, not by a session.
    if (req.routeOptions.url === UNSUBSCRIBE_PATH) return done();
    app.csrfProtection(req, reply, done);
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.logger.debug({ method: req.method, route: req.routeOptions.url ?? 'bilinmeyen', status: reply.statusCode, user: req.user?.name }, 'web isteği');
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof AccessDenied) return ctx.render.error(reply, req, 403, 'Yetkiniz yok', err.message);
    // The master key missing or wrong (TOTP secrets, credentials): an installation problem, said as such.
    if (err instanceof SecretKeyError) {
      deps.logger.error({ err: { name: err.name, message: err.message }, route: req.routeOptions.url }, 'anahtar hatası');
      return ctx.render.error(reply, req, 503, 'Kurulum eksik', 'Gizli anahtar (BEKCI_SECRET_KEY) eksik ya da yanlış; yöneticinize haber verin.');
    }
    if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') {
      return ctx.render.error(
        reply,
        req,
        403,
        'Güvenlik doğrulaması başarısız',
        'Form süresi dolmuş ya da başka bir sayfadan gönderilmiş. Sayfayı yenileyip yeniden deneyin.',
      );
    }
    if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return ctx.render.error(reply, req, 413, 'Çok fazla dosya', 'Formla gönderilen dosya ya da alan sayısı sınırı aştı; daha az dosyayla yeniden deneyin.');
    }
    if (err.statusCode === 413) return ctx.render.error(reply, req, 413, 'Dosya çok büyük', `En çok ${config.web.maxUploadKb} KB yüklenebilir.`);
    if (err.statusCode === 429) return ctx.render.error(reply, req, 429, 'Çok fazla deneme', 'Bir süre bekleyip yeniden deneyin.');
    if (err.statusCode && err.statusCode < 500) return ctx.render.error(reply, req, err.statusCode, 'İstek geçersiz', 'İstek anlaşılamadı.');
    deps.logger.error({ err: { name: err.name, message: err.message }, route: req.routeOptions.url }, 'web hatası');
    return ctx.render.error(reply, req, 500, 'Beklenmeyen hata', 'İşlem tamamlanamadı; yöneticinize haber verin.');
  });
  app.setNotFoundHandler(async (req, reply) => ctx.render.error(reply, req, 404, 'Sayfa bulunamadı', 'Aradığınız sayfa yok ya da görme yetkiniz yok.'));

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const r = await readiness(deps.db.prisma, deps.db.provider);
    return reply.code(r.ok ? 200 : 503).send(r);
  });

  registerAssetRoutes(app);
  registerAuthRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerMailRoutes(app, ctx);
  registerRulesRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerPrivacyRoutes(app, ctx);
  registerUnsubscribeRoutes(app, ctx);
  registerTotpRoutes(app, ctx);
  registerUserAdminRoutes(app, ctx);
  return app;
}
