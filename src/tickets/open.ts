import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { addBusinessHours, calendarFromConfig } from '../routing/business-hours.js';
import type { TicketDeps, Tx } from './deps.js';
import { authorKeyOf } from './author-key.js';
import { mailNewTicket } from './notify.js';
import { ticketPriority, type TicketPriority } from '../routing/priority.js';

export interface OpenTicketInput {
  /** bekci's Comment.id (the row must exist). */
  commentId: string;
  /** Unit of the account the comment was posted on. */
  accountUnitId: string;
  platform: string;
  authorId?: string | null;
  kind: 'complaint' | 'request';
  /** The comment with personal data removed (Decision.redactedText); becomes the ticket summary. */
  redactedText: string;
  /**
   * Importance (see routing/priority.ts). When absent it is derived from the text and kind; the
   * ingest passes it from the decision, which also knows about harassment and personal data.
   */
  priority?: TicketPriority;
}

export interface OpenTicketResult {
  ticketId: string;
  number: number;
  /** false when the comment already had a ticket or joined an open one. */
  created: boolean;
  unitId: string;
}

const ACTIVE = ['open', 'assigned', 'answered'];

/**
 * Turns a complaint or request into a ticket, or adds it to one.
 *
 * - Idempotent per comment: a comment already on a ticket returns that ticket (`created: false`);
 *   concurrent calls for one comment create one ticket (TicketComment.commentId is unique).
 * - The same author on the same topic (unit + kind) within `routing.repeatWindowHours` of the
 *   ticket's last comment joins that still-open ticket (authors are compared by `authorKeyOf`).
 * - An academic unit's own account: the ticket belongs to that unit and is assigned to its
 *   social media representative (a User with role `representative`).
 * - Otherwise the router picks the directorate; below `routing.minConfidence` it goes to
 *   kurumsal-iletisim for triage.
 * - A new ticket gets `dueAt` (unit SLA in business hours) and one `ticket_new` mail, in the same
 *   transaction. An urgent one (safety, health, harassment, self-harm, leaked personal data) is
 *   mailed at once to top management as well (`mail.managementEmail`, else the management unit).
 * - An urgent comment joining an open ticket raises the ticket to urgent and notifies the same way.
 */
export async function openTicketForComment(deps: TicketDeps, input: OpenTicketInput): Promise<OpenTicketResult> {
  const { prisma, router, config } = deps;
  const now = deps.now ?? new Date();
  const existing = await findByComment(deps, input.commentId);
  if (existing) return existing;

  const accountUnit = await prisma.unit.findUnique({ where: { id: input.accountUnitId } });
  const academic = accountUnit?.kind === 'academic' || config.units.some((u) => u.id === input.accountUnitId && u.kind === 'academic');
  const route = router.route(input.redactedText, config.routing.minConfidence);
  const unitId = academic ? input.accountUnitId : route.directorate;
  const topic = `${academic ? unitId : route.topic}:${input.kind}`;
  const authorKey = await authorKeyOf(prisma, input.platform, input.authorId);
  const priority = input.priority ?? ticketPriority(input.redactedText, input.kind);

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        if (authorKey) {
          const since = new Date(now.getTime() - config.routing.repeatWindowHours * 3_600_000);
          const open = await tx.ticket.findFirst({
            where: { authorKey, topic, status: { in: ACTIVE }, comments: { some: { createdAt: { gte: since } } } },
            orderBy: { createdAt: 'desc' },
          });
          if (open) {
            await tx.ticketComment.create({ data: { ticketId: open.id, commentId: input.commentId, createdAt: now } });
            await tx.ticketEvent.create({ data: { ticketId: open.id, type: 'joined', actor: 'system', data: { commentId: input.commentId }, createdAt: now } });
            if (priority === 'urgent' && open.priority !== 'urgent') await raiseToUrgent(tx, deps, open.id, input.redactedText, now);
            return { ticketId: open.id, number: open.number, created: false, unitId: open.unitId };
          }
        }
        return await createTicket(tx, deps, input, { unitId, topic, authorKey, academic, confidence: route.confidence, priority, now });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another process handled this comment, or took the ticket number: look again.
      const again = await findByComment(deps, input.commentId);
      if (again) return again;
    }
  }
  throw new Error(`bilet açılamadı (yorum ${input.commentId}): numara çakışması sürüyor`);
}

async function findByComment(deps: TicketDeps, commentId: string): Promise<OpenTicketResult | null> {
  const link = await deps.prisma.ticketComment.findUnique({ where: { commentId }, include: { ticket: { select: { id: true, number: true, unitId: true } } } });
  return link ? { ticketId: link.ticket.id, number: link.ticket.number, created: false, unitId: link.ticket.unitId } : null;
}

interface Placement {
  unitId: string;
  topic: string;
  authorKey: string | null;
  academic: boolean;
  confidence: number;
  priority: TicketPriority;
  now: Date;
}

async function createTicket(tx: Tx, deps: TicketDeps, input: OpenTicketInput, p: Placement): Promise<OpenTicketResult> {
  const { config, router } = deps;
  let unit = await tx.unit.findUnique({ where: { id: p.unitId } });
  if (!unit) {
    // syncUnits has not run for this directorate yet: create it from routing.yaml.
    const spec = router.directorate(p.unitId);
    unit = await tx.unit.create({
      data: {
        id: p.unitId,
        kind: spec ? 'directorate' : 'academic',
        name: spec?.name ?? p.unitId,
        email: spec?.email ?? null,
        slaHours: spec?.slaHours ?? null,
      },
    });
  }
  const rep = p.academic
    ? await tx.user.findFirst({ where: { role: 'representative', unitId: unit.id, disabled: false }, orderBy: { createdAt: 'asc' } })
    : null;
  const dueAt = addBusinessHours(p.now, unit.slaHours ?? config.routing.defaultSlaHours, calendarFromConfig(config));
  const number = await nextTicketNumber(tx);
  const ticket = await tx.ticket.create({
    data: {
      number,
      unitId: unit.id,
      kind: input.kind,
      topic: p.topic,
      authorKey: p.authorKey,
      summary: input.redactedText,
      confidence: p.confidence,
      priority: p.priority,
      status: rep ? 'assigned' : 'open',
      assignee: rep?.name ?? null,
      dueAt,
      createdAt: p.now,
    },
  });
  await tx.ticketComment.create({ data: { ticketId: ticket.id, commentId: input.commentId, createdAt: p.now } });
  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      type: 'created',
      actor: 'system',
      createdAt: p.now,
      data: { unitId: unit.id, confidence: p.confidence, priority: p.priority, commentId: input.commentId },
    },
  });
  if (rep) {
    await tx.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'assigned', actor: 'system', createdAt: p.now, data: { to: rep.name, reason: 'representative' } },
    });
  }
  const to = rep?.email ?? unit.email;
  const view = { id: ticket.id, number, kind: ticket.kind, status: ticket.status, summary: ticket.summary, dueAt, unitName: unit.name, priority: p.priority };
  if (to) await mailNewTicket(tx, view, to, config);
  if (p.priority === 'urgent') {
    const management = await managementAddress(tx, deps);
    if (management && management !== to) await mailNewTicket(tx, view, management, config);
  }
  await audit(tx, {
    actor: 'system',
    action: 'ticket.create',
    entityType: 'ticket',
    entityId: ticket.id,
    data: { number, unitId: unit.id, kind: input.kind, priority: p.priority, confidence: p.confidence },
  });
  return { ticketId: ticket.id, number, created: true, unitId: unit.id };
}

/** The Meta row holding the last ticket number handed out. */
export const TICKET_COUNTER_KEY = 'ticket.number';

/**
 * The next ticket number, from a counter row: incremented in the ticket's own transaction, so numbers
 * never collide (concurrent transactions wait for the row lock on PostgreSQL, SQLite serialises
 * writers) and no transaction is rolled back for a taken number, as `MAX(number) + 1` was. A number
 * taken by a transaction that rolls back is simply not used. The row is created from the highest
 * existing number the first time; two workers racing to create it make one of them retry.
 */
export async function nextTicketNumber(tx: Tx): Promise<number> {
  const rows = await tx.$queryRawUnsafe<Array<{ value: string }>>(
    `UPDATE "Meta" SET "value" = CAST(CAST("value" AS INTEGER) + 1 AS TEXT) WHERE "key" = '${TICKET_COUNTER_KEY}' RETURNING "value"`,
  );
  if (rows[0]) return Number(rows[0].value);
  const max = await tx.ticket.aggregate({ _max: { number: true } });
  const number = (max._max.number ?? 0) + 1;
  await tx.meta.create({ data: { key: TICKET_COUNTER_KEY, value: String(number) } });
  return number;
}

/** Top management's address: `mail.managementEmail`, else the management unit's address. */
export async function managementAddress(tx: Tx, deps: Pick<TicketDeps, 'config'>): Promise<string | null> {
  return deps.config.mail.managementEmail ?? (await tx.unit.findFirst({ where: { kind: 'management', email: { not: null } } }))?.email ?? null;
}

/** An urgent comment joined an open ticket: raise it and tell the unit and top management at once. */
export async function raiseToUrgent(tx: Tx, deps: TicketDeps, ticketId: string, text: string, now: Date): Promise<void> {
  const t = await tx.ticket.update({ where: { id: ticketId }, data: { priority: 'urgent' }, include: { unit: true } });
  await tx.ticketEvent.create({ data: { ticketId, type: 'priority', actor: 'system', createdAt: now, data: { to: 'urgent' } } });
  const view = {
    id: t.id,
    number: t.number,
    kind: t.kind,
    status: t.status,
    summary: text,
    dueAt: t.dueAt,
    unitName: t.unit.name,
    priority: 'urgent' as const,
  };
  const to = t.unit.email;
  if (to) await mailNewTicket(tx, view, to, deps.config);
  const management = await managementAddress(tx, deps);
  if (management && management !== to) await mailNewTicket(tx, view, management, deps.config);
}
