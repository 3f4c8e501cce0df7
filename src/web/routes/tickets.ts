import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessDenied, can, maySeeTicket, mayWorkTicket, ticketScopeFacts, ticketVisibilityFilter } from '../../access/authz.js';
import { TicketError } from '../../tickets/deps.js';
import { answerTicket, assignTicket, closeTicket, reopenTicket } from '../../tickets/lifecycle.js';
import { addCannedAnswer, addTicketNote, listCannedAnswers, mayManageCanned } from '../../tickets/notes.js';
import { approveReply } from '../../tickets/reply.js';
import { requireUser, type WebContext, type WebUser } from '../context.js';
import { pageOf, PAGE_SIZE } from '../helpers.js';

const STATUSES = ['open', 'assigned', 'answered', 'closed'] as const;

/** Messages shown after a redirect; the URL carries only their key. */
const DONE: Record<string, string> = {
  assigned: 'Kayıt atandı.',
  answered: 'Yanıt kaydedildi; yorumun altında yayınlanması için kurumsal iletişim onayı bekleniyor.',
  closed: 'Kayıt kapatıldı.',
  reopened: 'Kayıt yeniden açıldı.',
  noted: 'İç not eklendi.',
  approved: 'Yanıt onaylandı; çalışan yorumun altında yayınlayacak.',
  canned: 'Hazır yanıt kaydedildi.',
};

/** A link to the comment on its platform, built from the ids bekci stores. */
export function commentLink(c: { platform: string; externalId: string; postId: string }): string | null {
  const id = encodeURIComponent(c.externalId);
  switch (c.platform) {
    case 'facebook':
      return `https://www.facebook.com/${id}`;
    case 'instagram':
      return null; // Instagram has no public URL by comment id.
    case 'x':
      return `https://x.com/i/web/status/${id}`;
    case 'youtube':
      return `https://www.youtube.com/watch?v=${encodeURIComponent(c.postId)}&lc=${id}`;
    default:
      return null;
  }
}

export function registerTicketRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;

  /** The ticket by number, if it exists and `user` may see it; otherwise undefined (one 404 for both). */
  const visibleTicket = async (user: WebUser, raw: string) => {
    if (!/^\d{1,9}$/.test(raw)) return undefined;
    const ticket = await prisma.ticket.findUnique({ where: { number: Number(raw) } });
    if (!ticket) return undefined;
    const facts = await ticketScopeFacts(prisma, ticket);
    return maySeeTicket(user, facts) ? { ticket, facts } : undefined;
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    ctx.render.error(reply, req, 404, 'Kayıt bulunamadı', 'Böyle bir kayıt yok ya da görme yetkiniz yok.');

  app.get<{ Querystring: Record<string, string> }>('/tickets', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const scope = ticketVisibilityFilter(user);
    if (!scope) throw new AccessDenied('Kayıtları görme yetkiniz yok.');
    const q = req.query;
    const status = (STATUSES as readonly string[]).includes(q.durum ?? '') ? q.durum : undefined;
    const unit = /^[a-z0-9-]{1,64}$/.test(q.birim ?? '') ? q.birim : undefined;
    const kind = q.tur === 'complaint' || q.tur === 'request' ? q.tur : undefined;
    const mine = q.bana === '1';
    const late = q.geciken === '1';
    const page = pageOf(q.sayfa);
    const where = {
      AND: [
        scope,
        status ? { status } : { status: { in: ['open', 'assigned', 'answered'] } },
        unit ? { unitId: unit } : {},
        kind ? { kind } : {},
        mine ? { assignee: user.name } : {},
        late ? { dueAt: { lt: ctx.now() }, status: { in: ['open', 'assigned'] } } : {},
      ],
    };
    const [rows, total, units] = await Promise.all([
      prisma.ticket.findMany({ where, orderBy: [{ dueAt: 'asc' }, { number: 'asc' }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, include: { unit: true } }),
      prisma.ticket.count({ where }),
      prisma.ticket.findMany({ where: scope, distinct: ['unitId'], select: { unitId: true, unit: { select: { name: true } } } }),
    ]);
    return ctx.render.page(reply, req, 'tickets', {
      title: 'Kayıtlar',
      rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      filter: { durum: q.durum === 'closed' || status ? status : '', birim: unit ?? '', tur: kind ?? '', bana: mine ? '1' : '', geciken: late ? '1' : '' },
      units: units.map((u) => ({ id: u.unitId, name: u.unit.name })).sort((a, b) => a.name.localeCompare(b.name, 'tr')),
      now: ctx.now(),
    });
  });

  app.get<{ Params: { number: string }; Querystring: { ok?: string; hata?: string } }>('/tickets/:number', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const found = await visibleTicket(user, req.params.number);
    if (!found) return notFound(req, reply);
    const { ticket, facts } = found;
    const [links, events, canned, candidates, unit] = await Promise.all([
      prisma.ticketComment.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' }, include: { comment: { include: { account: true } } } }),
      prisma.ticketEvent.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } }),
      listCannedAnswers(prisma, ticket.unitId),
      prisma.user.findMany({ where: { disabled: false }, orderBy: { name: 'asc' } }),
      prisma.unit.findUnique({ where: { id: ticket.unitId } }),
    ]);
    const mayWork = mayWorkTicket(user, facts);
    // Internal notes are for the people who work the ticket; management reads the rest of the history.
    const history = events.filter((e) => mayWork || e.type !== 'note');
    return ctx.render.page(reply, req, 'ticket', {
      title: `Kayıt #${ticket.number}`,
      ticket,
      unit,
      comments: links.map((l) => ({ ...l.comment, link: commentLink(l.comment) })),
      history,
      canned,
      assignees: candidates.filter((u) => mayWorkTicket(u, facts)).map((u) => u.name),
      mayWork,
      mayApproveReply: can(user, 'replies.approve') && !!ticket.answer && ticket.replyStatus === 'pending_approval',
      mayCanned: mayManageCanned(user, ticket.unitId),
      flash: req.query.ok && DONE[req.query.ok] ? { kind: 'ok', text: DONE[req.query.ok] } : undefined,
      now: ctx.now(),
    });
  });

  type ActionBody = { to?: string; text?: string; title?: string };
  const action = (path: string, done: string, run: (user: WebUser, ref: string, body: ActionBody) => Promise<unknown>) => {
    app.post<{ Params: { number: string }; Body: ActionBody }>(`/tickets/:number/${path}`, async (req, reply) => {
      const user = requireUser(req, reply);
      if (!user) return reply;
      const found = await visibleTicket(user, req.params.number);
      if (!found) return notFound(req, reply);
      try {
        await run(user, String(found.ticket.number), req.body ?? {});
      } catch (e) {
        if (e instanceof TicketError) return ctx.render.error(reply, req, 400, 'İşlem yapılamadı', e.message);
        throw e;
      }
      return reply.redirect(`/tickets/${found.ticket.number}?ok=${done}`, 303);
    });
  };
  action('assign', 'assigned', (u, ref, b) => assignTicket(prisma, ref, { by: u.name, to: String(b.to ?? '').trim(), now: ctx.now() }));
  action('answer', 'answered', (u, ref, b) => answerTicket(prisma, ref, { by: u.name, text: String(b.text ?? ''), now: ctx.now() }));
  action('close', 'closed', (u, ref) => closeTicket(prisma, ref, { by: u.name, now: ctx.now() }));
  action('reopen', 'reopened', (u, ref) => reopenTicket(prisma, ref, { by: u.name, now: ctx.now() }));
  action('note', 'noted', (u, ref, b) => addTicketNote(prisma, ref, { by: u.name, text: String(b.text ?? ''), now: ctx.now() }));
  action('approve-reply', 'approved', (u, ref) => approveReply(prisma, ref, { by: u.name, now: ctx.now() }));
  action('canned', 'canned', async (u, ref, b) => {
    const t = await prisma.ticket.findUniqueOrThrow({ where: { number: Number(ref) } });
    return addCannedAnswer(prisma, { by: u.name, unitId: t.unitId, title: String(b.title ?? ''), text: String(b.text ?? '') });
  });
}
