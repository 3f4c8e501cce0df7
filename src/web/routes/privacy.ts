import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCapability } from '../../access/authz.js';
import { destroyPersonalData, findPersonalData, parseSubject, PersonalDataError } from '../../moderation/personal-data.js';
import { requireUser, type WebContext, type WebUser } from '../context.js';

/** KVKK page. The subject travels only in POST bodies, never in a URL. */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  const config = ctx.deps.config;
  const key = (): string => config.secrets.secretKey ?? 'bekci';

  const page = async (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
    const [records, retention] = await Promise.all([
      prisma.destructionRecord.findMany({ orderBy: { createdAt: 'desc' }, take: 20 }),
      prisma.lease.findUnique({ where: { name: 'job:retention' } }),
    ]);
    return ctx.render.page(
      reply,
      req,
      'privacy',
      {
        title: 'Kişisel veri (KVKK)',
        records,
        settings: { retentionDays: config.privacy.retentionDays, ticketRetentionDays: config.privacy.ticketRetentionDays },
        // The retention job holds its lease for at most ten minutes from its start.
        lastRetention: retention ? new Date(retention.expiresAt.getTime() - 10 * 60_000) : null,
        ...data,
      },
      status,
    );
  };
  const guard = (req: FastifyRequest, reply: FastifyReply): WebUser | undefined => {
    const user = requireUser(req, reply);
    if (user) requireCapability(user, 'privacy.manage');
    return user;
  };

  app.get('/kvkk', async (req, reply) => {
    if (!guard(req, reply)) return reply;
    return page(req, reply, {});
  });

  app.post<{ Body: { subject?: string } }>('/kvkk/ara', async (req, reply) => {
    const user = guard(req, reply);
    if (!user) return reply;
    const raw = String(req.body?.subject ?? '');
    try {
      const found = await findPersonalData(prisma, user, parseSubject(raw));
      return page(req, reply, { subject: raw, found });
    } catch (e) {
      if (e instanceof PersonalDataError) return page(req, reply, { subject: raw, error: e.message }, 400);
      throw e;
    }
  });

  app.post<{ Body: { subject?: string } }>('/kvkk/disa-aktar', async (req, reply) => {
    const user = guard(req, reply);
    if (!user) return reply;
    try {
      const found = await findPersonalData(prisma, user, parseSubject(String(req.body?.subject ?? '')));
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kisisel-veri.json"')
        .send(JSON.stringify(found, null, 2));
    } catch (e) {
      if (e instanceof PersonalDataError) return page(req, reply, { error: e.message }, 400);
      throw e;
    }
  });

  app.post<{ Body: { subject?: string; reason?: string } }>('/kvkk/sil', async (req, reply) => {
    const user = guard(req, reply);
    if (!user) return reply;
    const raw = String(req.body?.subject ?? '');
    try {
      const r = await destroyPersonalData(prisma, user, parseSubject(raw), { reason: String(req.body?.reason ?? ''), key: key(), now: ctx.now() });
      return page(req, reply, {
        flash: {
          kind: 'ok',
          text: `Silindi: ${r.counts.comments} yorum, ${r.counts.recipients} alıcı kaydı, ${r.counts.outbox} posta kaydı. İmha kaydı 3 yıl saklanır.`,
        },
      });
    } catch (e) {
      if (e instanceof PersonalDataError) return page(req, reply, { subject: raw, error: e.message }, 400);
      throw e;
    }
  });
}
