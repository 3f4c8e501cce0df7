import type { FastifyInstance } from 'fastify';
import { AccessDenied, can, maySeeAccount, requireCapability } from '../../access/authz.js';
import { AccountError, setAccountDryRun, setAccountStatus } from '../../accounts/service.js';
import { CATEGORY_LABELS } from '../../rules/reason.js';
import type { Category } from '../../rules/types.js';
import { requireUser, type WebContext } from '../context.js';
import { barChart, stackedColumns } from '../charts.js';
import { pageOf, PAGE_SIZE } from '../helpers.js';

const AUDIT_PAGE = 50;
const PLATFORMS = ['facebook', 'instagram', 'x', 'youtube'];
const ACCOUNT_STATUS_TR: Record<string, string> = { active: 'etkin', disabled: 'devre dışı', needs_reauth: 'yeniden yetkilendirme gerekli' };
const ACTIONS_TR: Record<string, string> = { hide: 'gizle', delete: 'sil', review: 'incele', allow: 'izin ver' };

/** CSV field: quoted, with formula-leading characters neutralised (a spreadsheet must not run them). */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;

  app.get('/dashboard', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'dashboard.view');
    const now = ctx.now();
    const since = new Date(now.getTime() - 14 * 86_400_000);
    const [comments, decisions, acted, reversals, tickets, openReviews] = await Promise.all([
      prisma.comment.findMany({ where: { publishedAt: { gte: since } }, select: { publishedAt: true, platform: true } }),
      prisma.decision.groupBy({ by: ['action'], where: { createdAt: { gte: since } }, _count: { _all: true } }),
      prisma.decision.findMany({ where: { createdAt: { gte: since }, action: { not: 'allow' } }, select: { action: true, categories: true } }),
      // A person restored what bekci removed automatically: the false-positive signal, per rule.
      prisma.reviewItem.findMany({
        where: { status: 'approved', decision: { action: { in: ['hide', 'delete'] } } },
        select: { decision: { select: { matchedRules: true } } },
      }),
      prisma.ticket.findMany({
        select: {
          unitId: true,
          status: true,
          dueAt: true,
          createdAt: true,
          updatedAt: true,
          escalatedAt: true,
          events: { where: { type: 'answered' }, select: { createdAt: true }, take: 1, orderBy: { createdAt: 'asc' } },
        },
      }),
      prisma.reviewItem.findMany({ where: { status: 'open' }, select: { createdAt: true } }),
    ]);
    const days = Array.from({ length: 14 }, (_, i) => new Date(since.getTime() + (i + 1) * 86_400_000).toISOString().slice(0, 10));
    const perDay = PLATFORMS.map((p) => ({
      name: p,
      values: days.map((d) => comments.filter((c) => c.platform === p && c.publishedAt.toISOString().slice(0, 10) === d).length),
    }));
    // Actions per category: a decision with two categories counts for both.
    const perCategory = new Map<string, number>();
    for (const d of acted) {
      for (const c of Array.isArray(d.categories) ? (d.categories as unknown[]) : []) {
        const key = `${CATEGORY_LABELS[String(c) as Category] ?? String(c)} · ${ACTIONS_TR[d.action] ?? d.action}`;
        perCategory.set(key, (perCategory.get(key) ?? 0) + 1);
      }
    }
    const perRule = new Map<string, number>();
    for (const r of reversals) for (const m of (r.decision?.matchedRules ?? []) as Array<{ id: string }>) perRule.set(m.id, (perRule.get(m.id) ?? 0) + 1);
    const byUnit = new Map<string, { opened: number; answered: number; onTime: number }>();
    for (const t of tickets) {
      const u = byUnit.get(t.unitId) ?? { opened: 0, answered: 0, onTime: 0 };
      u.opened++;
      const answeredAt = t.events[0]?.createdAt;
      if (answeredAt) {
        u.answered++;
        if (!t.dueAt || answeredAt <= t.dueAt) u.onTime++;
      }
      byUnit.set(t.unitId, u);
    }
    const ages = [
      { label: '< 1 saat', max: 1 },
      { label: '1–8 saat', max: 8 },
      { label: '8–24 saat', max: 24 },
      { label: '1–3 gün', max: 72 },
      { label: '> 3 gün', max: Infinity },
    ].map((b, i, all) => ({
      label: b.label,
      value: openReviews.filter((r) => {
        const h = (now.getTime() - r.createdAt.getTime()) / 3_600_000;
        return h < b.max && (i === 0 || h >= all[i - 1]!.max);
      }).length,
    }));
    const units = [...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b, 'tr'));
    return ctx.render.page(reply, req, 'dashboard', {
      title: 'Gösterge',
      charts: [
        stackedColumns('Günlük yorumlar (platforma göre, son 14 gün)', days, perDay),
        barChart(
          'Kararlar (son 14 gün)',
          decisions.map((d) => ({ label: ACTIONS_TR[d.action] ?? d.action, value: d._count._all })),
        ),
        barChart(
          'İşlemler kategoriye göre (son 14 gün)',
          [...perCategory.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([label, value]) => ({ label, value })),
        ),
        barChart(
          'İnsanların geri aldığı otomatik işlemler (kurala göre)',
          [...perRule.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([label, value]) => ({ label, value })),
        ),
        barChart('İnceleme kuyruğunun yaşı', ages),
        barChart(
          'Süresinde yanıt oranı (yanıtlanan kayıtlarda, birime göre)',
          units.filter(([, u]) => u.answered > 0).map(([id, u]) => ({ label: id, value: Math.round((100 * u.onTime) / u.answered) })),
          { unit: '%' },
        ),
      ],
      units: units.map(([id, u]) => ({ id, ...u, rate: u.answered ? Math.round((100 * u.onTime) / u.answered) : null })),
    });
  });

  app.get<{ Querystring: Record<string, string> }>('/accounts', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'accounts.view');
    const q = req.query;
    const filter = {
      platform: PLATFORMS.includes(q.platform ?? '') ? q.platform! : '',
      durum: Object.hasOwn(ACCOUNT_STATUS_TR, q.durum ?? '') ? q.durum! : '',
      birim: /^[a-z0-9-]{1,64}$/.test(q.birim ?? '') ? q.birim! : '',
    };
    // A representative sees their unit's accounts only: the scope is part of the query.
    const scope = user.role === 'representative' ? { unitId: user.unitId ?? '-' } : {};
    const where = {
      AND: [
        scope,
        filter.platform ? { platform: filter.platform } : {},
        filter.durum ? { status: filter.durum } : {},
        filter.birim ? { unitId: filter.birim } : {},
      ],
    };
    const page = pageOf(q.sayfa);
    const [rows, total, units] = await Promise.all([
      prisma.account.findMany({
        where,
        orderBy: [{ unitId: 'asc' }, { platform: 'asc' }, { name: 'asc' }],
        include: { unit: true },
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
      }),
      prisma.account.count({ where }),
      prisma.unit.findMany({ where: { accounts: { some: scope } }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    ]);
    const reps = await prisma.user.findMany({ where: { role: 'representative', disabled: false }, select: { name: true, unitId: true } });
    return ctx.render.page(reply, req, 'accounts', {
      title: 'Hesaplar',
      rows: rows
        .filter((a) => maySeeAccount(user, a.unitId))
        .map((a) => ({
          id: a.id,
          platform: a.platform,
          name: a.name,
          unit: a.unit.name,
          status: a.status,
          dryRun: a.dryRun,
          lastPolledAt: a.lastPolledAt,
          backoffUntil: a.backoffUntil,
          lastError: a.lastError,
          quotaUsedToday: a.quotaUsedToday,
          reps: reps.filter((r) => r.unitId === a.unitId).map((r) => r.name),
        })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      filter,
      platforms: PLATFORMS,
      statuses: ACCOUNT_STATUS_TR,
      units,
      mayManage: can(user, 'accounts.manage'),
      now: ctx.now(),
    });
  });

  app.post<{ Params: { id: string; op: string }; Body: { geri?: string } }>('/accounts/:id/:op', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'accounts.manage');
    const { id, op } = req.params;
    if (!/^[a-z0-9]{10,40}$/.test(id)) return reply.callNotFound();
    try {
      if (op === 'enable' || op === 'disable') await setAccountStatus(prisma, id, op === 'enable' ? 'active' : 'disabled', user.name);
      else if (op === 'shadow-on' || op === 'shadow-off') await setAccountDryRun(prisma, id, op === 'shadow-on', user.name);
      else return reply.callNotFound();
    } catch (e) {
      if (e instanceof AccountError) return ctx.render.error(reply, req, 404, 'Hesap bulunamadı', e.message);
      throw e;
    }
    // Shadow mode is also switched from the rules page; back there, and nowhere else.
    return reply.redirect(req.body?.geri === '/rules' ? '/rules' : '/accounts', 303);
  });

  const auditWhere = (q: Record<string, string>) => {
    const action = /^[a-z_.]{1,60}$/.test(q.islem ?? '') ? q.islem : undefined;
    const actor = /^[\p{L}\p{N}._:-]{1,64}$/u.test(q.kisi ?? '') ? q.kisi : undefined;
    const from = /^\d{4}-\d{2}-\d{2}$/.test(q.baslangic ?? '') ? new Date(`${q.baslangic}T00:00:00Z`) : undefined;
    const to = /^\d{4}-\d{2}-\d{2}$/.test(q.bitis ?? '') ? new Date(`${q.bitis}T23:59:59Z`) : undefined;
    return {
      where: {
        ...(action ? { action: { startsWith: action } } : {}),
        ...(actor ? { actor } : {}),
        ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
      },
      filter: { islem: action ?? '', kisi: actor ?? '', baslangic: from ? q.baslangic : '', bitis: to ? q.bitis : '' },
    };
  };

  app.get<{ Querystring: Record<string, string> }>('/audit', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'audit.view');
    const { where, filter } = auditWhere(req.query);
    const page = pageOf(req.query.sayfa);
    const [rows, total] = await Promise.all([
      prisma.auditLog.findMany({ where, orderBy: { at: 'desc' }, skip: (page - 1) * AUDIT_PAGE, take: AUDIT_PAGE }),
      prisma.auditLog.count({ where }),
    ]);
    return ctx.render.page(reply, req, 'audit', { title: 'Denetim kaydı', rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE)), filter });
  });

  app.get<{ Querystring: Record<string, string> }>('/audit.csv', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    if (!can(user, 'audit.view')) throw new AccessDenied('Denetim kaydını görme yetkiniz yok.');
    const { where } = auditWhere(req.query);
    const rows = await prisma.auditLog.findMany({ where, orderBy: { at: 'desc' }, take: 50_000 });
    const lines = [
      'zaman,kişi,işlem,nesne,kimlik,veri',
      ...rows.map((r) => [r.at.toISOString(), r.actor, r.action, r.entityType, r.entityId, r.data].map(csvField).join(',')),
    ];
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="bekci-denetim.csv"')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });
}
