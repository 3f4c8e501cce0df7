import { localDate } from '../routing/business-hours.js';
import type { TicketDeps } from './deps.js';
import { mailDigest, type TicketMailView } from './notify.js';

/**
 * The daily digest: one mail per unit listing its tickets that are not closed, sent to the unit's
 * address (academic units: also their representatives). Idempotent per unit, recipient and local
 * day, so a second run on the same day queues nothing. Run by the worker on `routing.digestCron`.
 * Returns the number of mails queued.
 */
export async function sendDailyDigest(deps: Pick<TicketDeps, 'prisma' | 'config'> & Partial<TicketDeps>, now: Date): Promise<number> {
  const { prisma, config } = deps;
  const tz = config.university.timezone;
  const day = localDate(now, tz);
  const tickets = await prisma.ticket.findMany({
    where: { status: { in: ['open', 'assigned', 'answered'] } },
    include: { unit: true },
    orderBy: [{ unitId: 'asc' }, { number: 'asc' }],
  });
  const byUnit = new Map<string, { email: string | null; kind: string; views: TicketMailView[] }>();
  for (const t of tickets) {
    let entry = byUnit.get(t.unitId);
    if (!entry) byUnit.set(t.unitId, (entry = { email: t.unit.email, kind: t.unit.kind, views: [] }));
    entry.views.push({ id: t.id, number: t.number, kind: t.kind, status: t.status, summary: t.summary, dueAt: t.dueAt, unitName: t.unit.name });
  }
  let queued = 0;
  for (const [unitId, entry] of byUnit) {
    const to = new Set<string>();
    if (entry.email) to.add(entry.email);
    if (entry.kind === 'academic') {
      const reps = await prisma.user.findMany({ where: { role: 'representative', unitId, disabled: false, email: { not: null } } });
      for (const r of reps) if (r.email) to.add(r.email);
    }
    for (const address of to) if (await mailDigest(prisma, unitId, day, entry.views, address, config)) queued++;
  }
  return queued;
}
