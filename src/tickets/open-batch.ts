import type { DbProvider } from '../config/index.js';
import { BULK_TX, newId, Sql, type Column, type ColumnKind } from '../db/bulk-sql.js';
import { scrub } from '../logging/scrub.js';
import { addBusinessHours, calendarFromConfig } from '../routing/business-hours.js';
import { authorKeyOf } from './author-key.js';
import type { TicketDeps, Tx } from './deps.js';
import { mailTokenKey } from '../mail/tokens.js';
import { newTicketMail, type TicketMailView } from './notify.js';
import { managementAddress, raiseToUrgent, TICKET_COUNTER_KEY, type OpenTicketInput, type OpenTicketResult } from './open.js';
import { ticketPriority, type TicketPriority } from '../routing/priority.js';

/**
 * Opens the tickets of many comments at once, with the same rules as `openTicketForComment` (one
 * ticket per comment, repeats of an author on a topic join the open ticket, academic units' own
 * accounts go to their representative, a `ticket_new` mail per new ticket, urgent tickets mailed to top
 * management too, an urgent comment joining an open ticket raises it to urgent), but with a handful of
 * statements for the whole batch: the rows are planned in memory and written with multi-row INSERTs in
 * one transaction, ticket numbers reserved from the counter row with one UPDATE.
 *
 * Returns a result per comment it handled. Comments it does not handle (their unit does not exist
 * yet) are left out; the caller opens those one by one. Throws when the batch cannot be written as a
 * whole (another process linked one of the comments meanwhile): nothing of it is kept, and the
 * caller falls back to one by one, which is idempotent per comment.
 */
export async function openTicketsBatch(
  deps: TicketDeps,
  provider: DbProvider,
  inputs: readonly OpenTicketInput[],
  onDone?: (tx: Tx, commentIds: string[]) => Promise<void>,
): Promise<Map<string, OpenTicketResult>> {
  const { prisma, router, config } = deps;
  const now = deps.now ?? new Date();
  const out = new Map<string, OpenTicketResult>();
  if (inputs.length === 0) return out;
  const sql = new Sql(provider);

  // Comments already on a ticket (one statement, not Prisma's two).
  const linked = await prisma.$queryRawUnsafe<Array<{ commentId: string; id: string; number: number | bigint; unitId: string }>>(
    `SELECT l."commentId", t."id", t."number", t."unitId" FROM "TicketComment" l JOIN "Ticket" t ON t."id" = l."ticketId" WHERE l."commentId" IN (${sql.inList(1, inputs.length)})`,
    ...inputs.map((i) => i.commentId),
  );
  for (const l of linked) out.set(l.commentId, { ticketId: l.id, number: Number(l.number), created: false, unitId: l.unitId });
  const units = new Map((await prisma.unit.findMany()).map((u) => [u.id, u]));
  const reps = new Map<string, { name: string; email: string | null }>();
  for (const r of await prisma.user.findMany({
    where: { role: 'representative', disabled: false },
    orderBy: { createdAt: 'asc' },
    select: { name: true, email: true, unitId: true },
  })) {
    if (r.unitId && !reps.has(r.unitId)) reps.set(r.unitId, r);
  }
  const calendar = calendarFromConfig(config);

  interface Plan {
    input: OpenTicketInput;
    unitId: string;
    topic: string;
    authorKey: string | null;
    confidence: number;
    academic: boolean;
    priority: TicketPriority;
  }
  const plans: Plan[] = [];
  for (const input of inputs) {
    if (out.has(input.commentId)) continue;
    const academic = units.get(input.accountUnitId)?.kind === 'academic' || config.units.some((u) => u.id === input.accountUnitId && u.kind === 'academic');
    const route = router.route(input.redactedText, config.routing.minConfidence);
    const unitId = academic ? input.accountUnitId : route.directorate;
    if (!units.has(unitId)) continue; // created on the one-by-one path
    plans.push({
      input,
      unitId,
      topic: `${academic ? unitId : route.topic}:${input.kind}`,
      authorKey: await authorKeyOf(prisma, input.platform, input.authorId),
      confidence: route.confidence,
      academic,
      priority: input.priority ?? ticketPriority(input.redactedText, input.kind),
    });
  }
  if (plans.length === 0) return out;

  // Open tickets these authors may join: the newest per author and topic with a comment in the window.
  const since = new Date(now.getTime() - config.routing.repeatWindowHours * 3_600_000);
  const keys = [...new Set(plans.map((p) => p.authorKey).filter((k): k is string => !!k))];
  const joinable = new Map<string, { id: string; number: number; unitId: string; priority: string }>();
  if (keys.length > 0) {
    const open = await prisma.ticket.findMany({
      where: { authorKey: { in: keys }, status: { in: ['open', 'assigned', 'answered'] }, comments: { some: { createdAt: { gte: since } } } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, number: true, unitId: true, authorKey: true, topic: true, priority: true },
    });
    for (const t of open) joinable.set(`${t.authorKey}\u0000${t.topic}`, t);
  }

  // The key that signs reply addresses, read (once per client) before the transaction so that the
  // mails below find it cached instead of reading it through each transaction's own client.
  await mailTokenKey(prisma);
  await prisma.$transaction(async (tx) => {
    const fresh: Array<Plan & { id: string }> = [];
    const joins: Array<{ plan: Plan; ticket: { id: string; number: number; unitId: string; priority: string } }> = [];
    const pendingNew = new Map<string, Plan & { id: string }>();
    for (const plan of plans) {
      const key = plan.authorKey ? `${plan.authorKey}\u0000${plan.topic}` : undefined;
      const target = key ? joinable.get(key) : undefined;
      const sibling = key ? pendingNew.get(key) : undefined;
      if (target) joins.push({ plan, ticket: target });
      else if (sibling) {
        // A ticket of this batch: an urgent comment joining it makes it urgent before it is written.
        if (plan.priority === 'urgent') sibling.priority = 'urgent';
        joins.push({ plan, ticket: { id: sibling.id, number: -1, unitId: sibling.unitId, priority: 'new' } });
      } else {
        const t = { ...plan, id: newId() };
        fresh.push(t);
        if (key) pendingNew.set(key, t);
      }
    }
    const numbers = await reserveNumbers(tx, fresh.length);
    const numberOf = new Map(fresh.map((t, i) => [t.id, numbers[i]!]));
    const ticketRows = fresh.map((t) => {
      const unit = units.get(t.unitId)!;
      const rep = t.academic ? reps.get(unit.id) : undefined;
      return {
        plan: t,
        unit,
        rep,
        row: {
          id: t.id,
          number: numberOf.get(t.id),
          unitId: unit.id,
          kind: t.input.kind,
          topic: t.topic,
          authorKey: t.authorKey,
          summary: t.input.redactedText,
          confidence: t.confidence,
          priority: t.priority,
          status: rep ? 'assigned' : 'open',
          assignee: rep?.name ?? null,
          dueAt: addBusinessHours(now, unit.slaHours ?? config.routing.defaultSlaHours, calendar),
          createdAt: now,
          updatedAt: now,
        },
      };
    });
    await sql.insertMany(
      tx,
      'Ticket',
      COLS.ticket,
      ticketRows.map((r) => r.row),
    );
    const links = [
      ...fresh.map((t) => ({ ticketId: t.id, commentId: t.input.commentId, createdAt: now })),
      ...joins.map((j) => ({ ticketId: j.ticket.id, commentId: j.plan.input.commentId, createdAt: now })),
    ];
    const inserted = await sql.insertMany<{ commentId: string }>(tx, 'TicketComment', COLS.link, links, { conflict: ['commentId'], returning: ['commentId'] });
    if (inserted.length !== links.length) throw new Error('bilet toplu açılamadı: yorumlardan biri başka bir işlemle bağlandı');
    const events = [
      ...ticketRows.map((r) => ({
        id: newId(),
        ticketId: r.row.id,
        type: 'created',
        actor: 'system',
        createdAt: now,
        data: { unitId: r.unit.id, confidence: r.plan.confidence, priority: r.plan.priority, commentId: r.plan.input.commentId },
      })),
      ...ticketRows
        .filter((r) => r.rep)
        .map((r) => ({
          id: newId(),
          ticketId: r.row.id,
          type: 'assigned',
          actor: 'system',
          createdAt: now,
          data: { to: r.rep!.name, reason: 'representative' },
        })),
      ...joins.map((j) => ({
        id: newId(),
        ticketId: j.ticket.id,
        type: 'joined',
        actor: 'system',
        createdAt: now,
        data: { commentId: j.plan.input.commentId },
      })),
    ];
    await sql.insertMany(tx, 'TicketEvent', COLS.event, events);
    // The same mails as openTicketForComment: the unit (or representative), and top management for an urgent ticket.
    const management = ticketRows.some((r) => r.plan.priority === 'urgent') ? await managementAddress(tx, deps) : null;
    const mails = [];
    for (const r of ticketRows) {
      const to = r.rep?.email ?? r.unit.email;
      const view: TicketMailView = {
        id: r.row.id,
        number: r.row.number!,
        kind: r.row.kind,
        status: r.row.status,
        summary: r.row.summary,
        dueAt: r.row.dueAt,
        unitName: r.unit.name,
        priority: r.plan.priority,
      };
      const recipients = [...(to ? [to] : []), ...(r.plan.priority === 'urgent' && management && management !== to ? [management] : [])];
      for (const address of recipients) {
        const m = await newTicketMail(prisma, view, address, config); // reads nothing: the key is cached
        mails.push({
          id: newId(),
          kind: m.kind,
          dedupeKey: m.dedupeKey,
          toAddress: m.to.trim(),
          subject: m.subject,
          body: m.body,
          html: m.html ?? null,
          replyTo: m.replyTo ?? null,
          ticketId: r.row.id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        });
      }
    }
    await sql.insertMany(tx, 'OutboxMessage', COLS.outbox, mails, { conflict: ['dedupeKey'] });
    await sql.insertMany(
      tx,
      'AuditLog',
      COLS.audit,
      ticketRows.map((r) => ({
        id: newId(),
        at: now,
        actor: 'system',
        action: 'ticket.create',
        entityType: 'ticket',
        entityId: r.row.id,
        data: scrub({ number: r.row.number, unitId: r.unit.id, kind: r.row.kind, priority: r.plan.priority, confidence: r.plan.confidence }),
      })),
    );
    // An urgent comment joining an already open ticket raises it, once per ticket.
    const raised = new Set<string>();
    for (const j of joins) {
      if (j.plan.priority !== 'urgent' || j.ticket.number < 0 || j.ticket.priority === 'urgent' || raised.has(j.ticket.id)) continue;
      raised.add(j.ticket.id);
      await raiseToUrgent(tx, deps, j.ticket.id, j.plan.input.redactedText, now);
    }
    if (onDone)
      await onDone(
        tx,
        links.map((l) => l.commentId),
      );
    for (const r of ticketRows) out.set(r.plan.input.commentId, { ticketId: r.row.id, number: r.row.number!, created: true, unitId: r.unit.id });
    for (const j of joins) {
      const number = j.ticket.number >= 0 ? j.ticket.number : numberOf.get(j.ticket.id)!;
      out.set(j.plan.input.commentId, { ticketId: j.ticket.id, number, created: false, unitId: j.ticket.unitId });
    }
  }, BULK_TX);
  return out;
}

/** `count` consecutive ticket numbers from the counter row (see nextTicketNumber). */
async function reserveNumbers(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.$queryRawUnsafe<Array<{ value: string }>>(
    `UPDATE "Meta" SET "value" = CAST(CAST("value" AS INTEGER) + ${Math.floor(count)} AS TEXT) WHERE "key" = '${TICKET_COUNTER_KEY}' RETURNING "value"`,
  );
  let last: number;
  if (rows[0]) last = Number(rows[0].value);
  else {
    const max = await tx.ticket.aggregate({ _max: { number: true } });
    last = (max._max.number ?? 0) + count;
    await tx.meta.create({ data: { key: TICKET_COUNTER_KEY, value: String(last) } });
  }
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

const cols = (spec: Record<string, ColumnKind>): Column[] => Object.entries(spec).map(([name, kind]) => ({ name, kind }));

const COLS = {
  ticket: cols({
    id: 'text',
    number: 'int',
    unitId: 'text',
    kind: 'text',
    topic: 'text',
    authorKey: 'text',
    summary: 'text',
    confidence: 'int',
    priority: 'text',
    status: 'text',
    assignee: 'text',
    dueAt: 'ts',
    createdAt: 'ts',
    updatedAt: 'ts',
  }),
  link: cols({ ticketId: 'text', commentId: 'text', createdAt: 'ts' }),
  event: cols({ id: 'text', ticketId: 'text', type: 'text', actor: 'text', data: 'json', createdAt: 'ts' }),
  outbox: cols({
    id: 'text',
    kind: 'text',
    dedupeKey: 'text',
    toAddress: 'text',
    subject: 'text',
    body: 'text',
    html: 'text',
    replyTo: 'text',
    ticketId: 'text',
    status: 'text',
    attempts: 'int',
    nextAttemptAt: 'ts',
    createdAt: 'ts',
  }),
  audit: cols({ id: 'text', at: 'ts', actor: 'text', action: 'text', entityType: 'text', entityId: 'text', data: 'json' }),
};
