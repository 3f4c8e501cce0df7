import { audit } from '../audit/audit.js';
import { calendarFromConfig, subtractBusinessHours } from '../routing/business-hours.js';
import type { TicketDeps } from './deps.js';
import { mailEscalation, mailSlaWarning, type TicketMailView } from './notify.js';

export interface SlaCheckResult {
  warned: number;
  escalated: number;
}

/** Tickets read per round; the check yields to the event loop between rounds. */
const SLA_PAGE = 200;

/**
 * Periodic SLA check for tickets not yet answered (open or assigned):
 * - `routing.warnBeforeHours` business hours before `dueAt`: one `sla_warning` to the unit (or its
 *   representative) — `warnedAt` is set once;
 * - at `dueAt`: one `escalation` to top management (`mail.managementEmail`, else the management
 *   unit's address) — `escalatedAt` is set once. A ticket found already breached is escalated
 *   without a late warning.
 * Each mark is a conditional update, so overlapping runs and several workers act once.
 *
 * Incremental: only tickets that may need a mark are read (breached, or not yet warned), in rounds of
 * `SLA_PAGE` by due date, yielding between rounds; the warning time only grows with the due date, so
 * the first unwarned ticket whose warning is still ahead ends the run (thousands of fresh tickets
 * cost one round, not one pass over all of them).
 */
export async function checkSlas(deps: Pick<TicketDeps, 'prisma' | 'config'> & Partial<TicketDeps>, now: Date): Promise<SlaCheckResult> {
  const { prisma, config } = deps;
  const cal = calendarFromConfig(config);
  const result: SlaCheckResult = { warned: 0, escalated: 0 };
  let after: { dueAt: Date; id: string } | undefined;
  for (;;) {
    const tickets = await prisma.ticket.findMany({
      where: {
        status: { in: ['open', 'assigned'] },
        dueAt: { not: null },
        escalatedAt: null,
        OR: [{ dueAt: { lte: now } }, { warnedAt: null }],
        ...(after ? { AND: [{ OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] }] } : {}),
      },
      include: { unit: true },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: SLA_PAGE,
    });
    if (!(await checkRound(deps, tickets, now, cal, result))) return result;
    if (tickets.length < SLA_PAGE) return result;
    const last = tickets[tickets.length - 1]!;
    after = { dueAt: last.dueAt as Date, id: last.id };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

type SlaTicket = Awaited<ReturnType<TicketDeps['prisma']['ticket']['findMany']>>[number] & { unit: { name: string; email: string | null } };

/** One round of `checkSlas`; false when a ticket's warning is still ahead (no later ticket needs one). */
async function checkRound(
  deps: Pick<TicketDeps, 'prisma' | 'config'> & Partial<TicketDeps>,
  tickets: SlaTicket[],
  now: Date,
  cal: ReturnType<typeof calendarFromConfig>,
  result: SlaCheckResult,
): Promise<boolean> {
  const { prisma, config } = deps;
  let managementTo: string | null | undefined;
  for (const t of tickets) {
    const dueAt = t.dueAt as Date;
    const view: TicketMailView = { id: t.id, number: t.number, kind: t.kind, status: t.status, summary: t.summary, dueAt, unitName: t.unit.name };
    if (now.getTime() >= dueAt.getTime()) {
      managementTo ??= config.mail.managementEmail ?? (await prisma.unit.findFirst({ where: { kind: 'management', email: { not: null } } }))?.email ?? null;
      const done = await prisma.$transaction(async (tx) => {
        const res = await tx.ticket.updateMany({ where: { id: t.id, escalatedAt: null }, data: { escalatedAt: now, warnedAt: t.warnedAt ?? now } });
        if (res.count !== 1) return false;
        if (managementTo) await mailEscalation(tx, view, managementTo, config);
        await tx.ticketEvent.create({ data: { ticketId: t.id, type: 'escalated', actor: 'system', createdAt: now, data: { to: managementTo ?? null } } });
        await audit(tx, {
          actor: 'system',
          action: 'ticket.escalate',
          entityType: 'ticket',
          entityId: t.id,
          data: { number: t.number, dueAt: dueAt.toISOString() },
        });
        return true;
      });
      if (done) result.escalated++;
      continue;
    }
    if (t.warnedAt) continue;
    const warnAt = subtractBusinessHours(dueAt, config.routing.warnBeforeHours, cal);
    if (now.getTime() < warnAt.getTime()) return false;
    const to = await recipientFor(deps, t.unitId, t.assignee, t.unit.email);
    const done = await prisma.$transaction(async (tx) => {
      const res = await tx.ticket.updateMany({ where: { id: t.id, warnedAt: null }, data: { warnedAt: now } });
      if (res.count !== 1) return false;
      if (to) await mailSlaWarning(tx, view, to, config);
      await tx.ticketEvent.create({ data: { ticketId: t.id, type: 'warned', actor: 'system', createdAt: now, data: { to } } });
      return true;
    });
    if (done) result.warned++;
  }
  return true;
}

/** The assignee's address when known, else the unit's. */
async function recipientFor(deps: Pick<TicketDeps, 'prisma'>, unitId: string, assignee: string | null, unitEmail: string | null): Promise<string | null> {
  if (assignee) {
    const user = await deps.prisma.user.findUnique({ where: { name: assignee } });
    if (user?.email && user.unitId === unitId) return user.email;
  }
  return unitEmail;
}
