import type { FastifyInstance } from 'fastify';
import { AccessDenied, reviewVisibilityFilter } from '../../access/authz.js';
import { resolveReview, ReviewError } from '../../moderation/review.js';
import { createConnector } from '../../platforms/registry.js';
import type { Platform } from '../../rules/types.js';
import { requireUser, type WebContext } from '../context.js';
import { pageOf, PAGE_SIZE } from '../helpers.js';

/** What a platform allows, without credentials (the capabilities are static per platform). */
const capsFor = (platform: string) => createConnector({ platform: platform as Platform, externalId: '-', credentials: { accessToken: '-' } }, {}).capabilities;

interface StoredMatch {
  id: string;
  categories?: string[];
  action?: string;
  reason?: string;
}

export function registerReviewRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;

  app.get<{ Querystring: Record<string, string> }>('/review', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const scope = reviewVisibilityFilter(user);
    if (!scope) throw new AccessDenied('İnceleme kuyruğunu görme yetkiniz yok.');
    const platform = ['facebook', 'instagram', 'x', 'youtube'].includes(req.query.platform ?? '') ? req.query.platform : undefined;
    const page = pageOf(req.query.sayfa);
    const where = { status: 'open', comment: { ...scope, ...(platform ? { platform } : {}) } };
    const [items, total, engine] = await Promise.all([
      prisma.reviewItem.findMany({
        where,
        orderBy: { createdAt: 'asc' },
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        include: { comment: { include: { account: true } }, decision: true },
      }),
      prisma.reviewItem.count({ where }),
      ctx.rules.current().catch(() => undefined),
    ]);
    const rows = items.map((i) => {
      // The stored text is already redacted; the spans are found again on exactly that text.
      const again = engine?.evaluate({ text: i.comment.text });
      const spans = again ? again.matches.flatMap((m) => m.spans) : [];
      const evidence = (i.decision?.evidence ?? {}) as { scores?: Record<string, number> };
      return {
        id: i.id,
        reason: i.reason,
        createdAt: i.createdAt,
        comment: i.comment,
        html: (h: { highlight: (t: string, s: typeof spans) => string }) => h.highlight(i.comment.text, spans),
        rules: ((i.decision?.matchedRules ?? []) as unknown as StoredMatch[]).map((m) => ({ id: m.id, reason: m.reason ?? '', action: m.action ?? '' })),
        categories: (i.decision?.categories ?? []) as string[],
        action: i.decision?.action ?? '',
        scores: Object.entries(evidence.scores ?? {}).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`),
      };
    });
    return ctx.render.page(reply, req, 'review', {
      title: 'İnceleme kuyruğu',
      rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      filter: { platform: platform ?? '' },
      mayResolve: user.role !== 'management',
      flash: req.query.ok ? { kind: 'ok', text: `${Number(req.query.ok) || 0} yorum için karar kaydedildi.` } : undefined,
      now: ctx.now(),
    });
  });

  app.post<{ Body: { ids?: string | string[]; verdict?: string; one?: string } }>('/review/resolve', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const body = req.body ?? {};
    let ids: string[];
    let verdict: string | undefined;
    if (body.one) {
      const [id, v] = String(body.one).split(':');
      ids = id ? [id] : [];
      verdict = v;
    } else {
      ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).map(String);
      verdict = body.verdict;
    }
    if (verdict !== 'approve' && verdict !== 'remove') return ctx.render.error(reply, req, 400, 'İşlem seçilmedi', 'Onayla ya da kaldır seçilmeli.');
    if (!ids.length) return ctx.render.error(reply, req, 400, 'Yorum seçilmedi', 'En az bir yorum seçin.');
    if (ids.length > 100) return ctx.render.error(reply, req, 400, 'Çok fazla seçim', 'Bir seferde en çok 100 yorum.');
    const errors: string[] = [];
    let done = 0;
    for (const id of ids) {
      // Only open items in the user's scope are touched; anything else is reported, not acted on.
      const scope = reviewVisibilityFilter(user);
      const item = scope ? await prisma.reviewItem.findFirst({ where: { id, status: 'open', comment: scope } }) : null;
      if (!item) {
        errors.push('Seçilen bir yorum bulunamadı ya da zaten karara bağlanmış.');
        continue;
      }
      try {
        await resolveReview(prisma, id, verdict, user.name, capsFor);
        done++;
      } catch (e) {
        if (e instanceof ReviewError) errors.push(e.message);
        else throw e;
      }
    }
    if (errors.length && !done) return ctx.render.error(reply, req, 403, 'Karar kaydedilemedi', errors.join(' '));
    return reply.redirect(`/review?ok=${done}`, 303);
  });
}
