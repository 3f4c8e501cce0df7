import type { FastifyInstance } from 'fastify';
import { requireCapability } from '../../access/authz.js';
import { ROLE_LABELS, ROLES } from '../../access/roles.js';
import { resetTotp, setTotpRequiredRoles, totpRequiredRoles } from '../../auth/totp.js';
import { UserInputError } from '../../users/users.js';
import { requireUser, type WebContext } from '../context.js';
import { pageOf, PAGE_SIZE } from '../helpers.js';

const DONE: Record<string, string> = {
  ayar: 'İki adımlı doğrulama ayarı kaydedildi.',
  sifirla: 'Kullanıcının iki adımlı doğrulaması sıfırlandı; oturumları kapatıldı.',
};

/** The admin's users page: who exists, with TOTP state; which roles must use TOTP; TOTP reset. */
export function registerUserAdminRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  const config = ctx.deps.config;

  app.get<{ Querystring: { ok?: string; rol?: string; sayfa?: string } }>('/kullanicilar', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'users.manage');
    const role = (ROLES as readonly string[]).includes(req.query.rol ?? '') ? req.query.rol! : '';
    const where = role ? { role } : {};
    const page = pageOf(req.query.sayfa);
    const [users, total, required] = await Promise.all([
      prisma.user.findMany({ where, orderBy: [{ role: 'asc' }, { name: 'asc' }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
      prisma.user.count({ where }),
      totpRequiredRoles(prisma, config),
    ]);
    const now = ctx.now();
    return ctx.render.page(reply, req, 'users', {
      title: 'Kullanıcılar',
      rows: users.map((u) => ({
        name: u.name,
        roleLabel: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role,
        unitId: u.unitId,
        disabled: u.disabled,
        totp: !!u.totpEnabledAt,
        locked: !!u.lockedUntil && u.lockedUntil > now,
        lastLoginAt: u.lastLoginAt,
      })),
      roles: ROLES.map((r) => ({ id: r, label: ROLE_LABELS[r], required: required.includes(r) })),
      filter: { rol: role },
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      flash: req.query.ok && DONE[req.query.ok] ? { kind: 'ok', text: DONE[req.query.ok] } : undefined,
    });
  });

  app.post<{ Body: { roles?: string | string[] } }>('/kullanicilar/totp-zorunlu', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const roles = Array.isArray(req.body?.roles) ? req.body.roles : req.body?.roles ? [req.body.roles] : [];
    try {
      await setTotpRequiredRoles(prisma, config, user, roles.map(String));
    } catch (e) {
      if (e instanceof UserInputError) return ctx.render.error(reply, req, 400, 'Ayar kaydedilemedi', e.message);
      throw e;
    }
    return reply.redirect('/kullanicilar?ok=ayar', 303);
  });

  app.post<{ Body: { name?: string } }>('/kullanicilar/totp-sifirla', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    try {
      await resetTotp(prisma, user, String(req.body?.name ?? ''));
    } catch (e) {
      if (e instanceof UserInputError) return ctx.render.error(reply, req, 400, 'Sıfırlanamadı', e.message);
      throw e;
    }
    return reply.redirect('/kullanicilar?ok=sifirla', 303);
  });
}
