/** Internal notes and canned answers: only people who may work a ticket see or write them. */
import { AccessDenied, assertTicketAccess, can, roleLabel, type Actor } from '../access/authz.js';
import { resolveActor } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Prisma } from '../db/index.js';
import { TicketError } from './deps.js';
import { findTicket } from './lifecycle.js';

/** Adds an internal note (never posted, never mailed outside) to a ticket's history. */
export async function addTicketNote(prisma: Prisma, ref: string, opts: { by: string; text: string; now?: Date }) {
  const actor = await resolveActor(prisma, opts.by);
  const ticket = await findTicket(prisma, ref);
  await assertTicketAccess(prisma, actor, ticket, 'work');
  const text = opts.text.trim();
  if (!text) throw new TicketError('Not boş olamaz.');
  if (text.length > 4000) throw new TicketError('Not çok uzun (en çok 4000 karakter).');
  const event = await prisma.ticketEvent.create({
    data: { ticketId: ticket.id, type: 'note', actor: actor.name, createdAt: opts.now ?? new Date(), data: { text } },
  });
  await audit(prisma, { actor: actor.name, action: 'ticket.note', entityType: 'ticket', entityId: ticket.id, data: { number: ticket.number } });
  return event;
}

/** Whether `actor` may keep the canned answers of `unitId`. */
export function mayManageCanned(actor: Actor, unitId: string): boolean {
  if (can(actor, 'tickets.all') && can(actor, 'tickets.work')) return true;
  return can(actor, 'tickets.work') && actor.unitId === unitId;
}

export async function listCannedAnswers(prisma: Prisma, unitId: string) {
  return prisma.cannedAnswer.findMany({ where: { unitId }, orderBy: { title: 'asc' } });
}

/** Saves a canned answer for a unit (its members, communications staff or an admin). */
export async function addCannedAnswer(prisma: Prisma, input: { by: string; unitId: string; title: string; text: string }) {
  const actor = await resolveActor(prisma, input.by);
  if (!mayManageCanned(actor, input.unitId)) throw new AccessDenied(`${actor.name} (${roleLabel(actor.role)}) bu birimin hazır yanıtlarını değiştiremez.`);
  const title = input.title.trim();
  const text = input.text.trim();
  const problems: string[] = [];
  if (!title) problems.push('başlık boş olamaz');
  if (title.length > 120) problems.push('başlık en çok 120 karakter');
  if (!text) problems.push('metin boş olamaz');
  if (text.length > 4000) problems.push('metin en çok 4000 karakter');
  if (problems.length) throw new TicketError(`Hazır yanıt kaydedilmedi: ${problems.join('; ')}.`);
  const row = await prisma.cannedAnswer.create({ data: { unitId: input.unitId, title, text, createdBy: actor.name } });
  await audit(prisma, { actor: actor.name, action: 'canned.add', entityType: 'canned_answer', entityId: row.id, data: { unitId: input.unitId } });
  return row;
}
