import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { audit } from '../../audit/audit.js';
import { recordFailedSignIn } from '../../auth/local.js';
import type { SessionStage } from '../../auth/sessions.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableOwnTotp,
  mustEnrolTotp,
  pendingTotpEnrolment,
  totpRequiredRoles,
  verifyTotp,
} from '../../auth/totp.js';
import { UserInputError } from '../../users/users.js';
import { requireUser, type WebContext, type WebUser } from '../context.js';
import { homeFor } from '../render.js';
import { SESSION_COOKIE } from '../session-cookie.js';

export const GENERIC_FAILURE = 'Kullanıcı adı ya da parola hatalı, ya da hesap çok sayıda hatalı deneme nedeniyle geçici olarak kilitli.';
export const TOTP_LOGIN_PATH = '/login/totp';
export const TOTP_ENROL_PATH = '/hesap/totp';
const BAD_CODE = 'Doğrulama kodu hatalı ya da daha önce kullanılmış. Uygulamadaki güncel kodu girin.';

/** Routes a member who must enrol may still reach (see the guard in app.ts). */
export const ENROL_ROUTES: ReadonlySet<string> = new Set([
  TOTP_ENROL_PATH,
  `${TOTP_ENROL_PATH}/baslat`,
  `${TOTP_ENROL_PATH}/onayla`,
  '/logout',
  '/static/:name',
  '/healthz',
  '/readyz',
]);

/** Starts a console session and sets its cookie (stage `totp`: only the code form, for a few minutes). */
export async function startWebSession(ctx: WebContext, reply: FastifyReply, userId: string, stage: SessionStage = 'full'): Promise<void> {
  const s = await ctx.sessions.create(userId, ctx.now(), stage);
  reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.deps.config.web.secureCookies, expires: s.expiresAt });
}

/** The second sign-in step, the account page, TOTP enrolment and turning it off. */
export function registerTotpRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  const config = ctx.deps.config;
  const policy = { maxFailed: config.web.maxFailedLogins, lockMinutes: config.web.lockMinutes };
  const limited = { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };

  const endPending = async (req: FastifyRequest, reply: FastifyReply) => {
    await ctx.sessions.destroy(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  };

  app.get(TOTP_LOGIN_PATH, async (req, reply) => {
    if (req.user) return reply.redirect(homeFor(req.user));
    if (!req.pendingUserId) return reply.redirect('/login');
    return ctx.render.page(reply, req, 'login-totp', { title: 'Doğrulama kodu' });
  });

  app.post<{ Body: { code?: string } }>(TOTP_LOGIN_PATH, limited, async (req, reply) => {
    const userId = req.pendingUserId;
    if (!userId) return reply.redirect('/login', 303);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const now = ctx.now();
    const locked = async () => {
      await endPending(req, reply);
      return ctx.render.page(reply, req, 'login', { title: 'Oturum aç', username: user.name, error: GENERIC_FAILURE }, 401);
    };
    if (user.lockedUntil && user.lockedUntil > now) return locked();
    const check = await verifyTotp(prisma, config, userId, req.body?.code, now);
    if (check === 'ok') {
      await endPending(req, reply);
      await prisma.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null } });
      await startWebSession(ctx, reply, userId);
      await audit(prisma, { actor: user.name, action: 'auth.login', entityType: 'user', entityId: userId, data: { totp: true } });
      return reply.redirect(homeFor(user), 303);
    }
    ctx.deps.logger.info({ route: TOTP_LOGIN_PATH, replay: check === 'replay' }, 'başarısız doğrulama kodu');
    const r = await recordFailedSignIn(prisma, policy, userId, user.name, now);
    if (!r.ok && r.reason === 'locked') return locked();
    return ctx.render.page(reply, req, 'login-totp', { title: 'Doğrulama kodu', error: BAD_CODE }, 401);
  });

  const accountPage = async (req: FastifyRequest, reply: FastifyReply, user: WebUser, extra: Record<string, unknown> = {}, status = 200) => {
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const required = (await totpRequiredRoles(prisma, config)).some((r) => r === row.role);
    return ctx.render.page(reply, req, 'account', { title: 'Hesabım', totpOn: !!row.totpEnabledAt, totpSince: row.totpEnabledAt, required, ...extra }, status);
  };

  app.get<{ Querystring: { ok?: string } }>('/hesap', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const flash = { totp: 'İki adımlı doğrulama etkinleştirildi.', kapali: 'İki adımlı doğrulama kapatıldı.' }[req.query.ok ?? ''];
    return accountPage(req, reply, user, flash ? { flash: { kind: 'ok', text: flash } } : {});
  });

  app.post<{ Body: { code?: string } }>(`${TOTP_ENROL_PATH}/kapat`, limited, async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    try {
      await disableOwnTotp(prisma, config, user.id, req.body?.code, ctx.now());
    } catch (e) {
      if (e instanceof UserInputError) return accountPage(req, reply, user, { error: e.message }, 400);
      throw e;
    }
    return reply.redirect('/hesap?ok=kapali', 303);
  });

  const enrolPage = async (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
    const row = await prisma.user.findUniqueOrThrow({ where: { id: req.user!.id } });
    return ctx.render.page(reply, req, 'totp-enrol', { title: 'İki adımlı doğrulama', mustEnrol: await mustEnrolTotp(prisma, config, row), ...data }, status);
  };
  const withSecret = async (secret: { secret: string; uri: string }) => ({
    secret: secret.secret.replace(/(.{4})/g, '$1 ').trim(),
    uri: secret.uri,
    // Server-rendered SVG (no script, no external request): allowed by the strict CSP.
    qrSvg: await QRCode.toString(secret.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
  });
  const enrolled = async (user: WebUser) => !!(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt;

  app.get(TOTP_ENROL_PATH, async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    if (await enrolled(user)) return reply.redirect('/hesap');
    return enrolPage(req, reply, {});
  });

  app.post(`${TOTP_ENROL_PATH}/baslat`, async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    if (await enrolled(user)) return reply.redirect('/hesap', 303);
    // Without BEKCI_SECRET_KEY this throws SecretKeyError: the error handler says "Kurulum eksik".
    return enrolPage(req, reply, await withSecret(await beginTotpEnrolment(prisma, config, user.id)));
  });

  app.post<{ Body: { code?: string } }>(`${TOTP_ENROL_PATH}/onayla`, limited, async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    if (await enrolled(user)) return reply.redirect('/hesap', 303);
    if (await confirmTotpEnrolment(prisma, config, user.id, req.body?.code, ctx.now())) return reply.redirect('/hesap?ok=totp', 303);
    const pending = await pendingTotpEnrolment(prisma, config, user.id);
    return enrolPage(req, reply, { ...(pending ? await withSecret(pending) : {}), error: BAD_CODE }, 400);
  });
}
