/**
 * Ticket lifecycle: open → assigned → answered → closed, and closed → open again (reopen).
 * Every transition is a conditional update on the current status (two people acting at once get
 * one success and one clear error), a TicketEvent and an audit entry.
 */
import { audit } from '../audit/audit.js';
import { AccessDenied, assertTicketAccess, mayWorkTicket, roleLabel, ticketScopeFacts } from '../access/authz.js';
import { resolveActor } from '../access/actor.js';
import type { Prisma } from '../db/index.js';
import { STATUS_TR, TicketError } from './deps.js';

export type TicketStatus = 'open' | 'assigned' | 'answered' | 'closed';

/** Which statuses each action may start from. */
export const TRANSITIONS = {
  assign: ['open', 'assigned'],
  answer: ['assigned', 'answered'],
  close: ['open', 'assigned', 'answered'],
  reopen: ['closed'],
} as const satisfies Record<string, readonly TicketStatus[]>;

export type TicketAction = keyof typeof TRANSITIONS;

const ACTION_TR: Record<TicketAction, string> = { assign: 'atanamaz', answer: 'yanıtlanamaz', close: 'kapatılamaz', reopen: 'yeniden açılamaz' };
const HINT: Partial<Record<TicketAction, string>> = { answer: 'önce bir kişiye atanmalı', reopen: 'yalnızca kapalı kayıtlar yeniden açılır' };

/** Finds a ticket by its number ("12", "#12") or its id. */
export async function findTicket(prisma: Prisma, ref: string) {
  const trimmed = ref.trim().replace(/^#/, '');
  const ticket = /^\d+$/.test(trimmed)
    ? await prisma.ticket.findUnique({ where: { number: Number(trimmed) } })
    : await prisma.ticket.findUnique({ where: { id: trimmed } });
  if (!ticket) throw new TicketError(`Kayıt bulunamadı: ${ref}`);
  return ticket;
}

/** An existing, enabled user by name. */
export async function requireUser(prisma: Prisma, name: string) {
  const user = await prisma.user.findUnique({ where: { name } });
  if (!user || user.disabled) throw new TicketError(`Kullanıcı bulunamadı veya devre dışı: ${name}`);
  return user;
}

interface TransitionOptions {
  by: string;
  now?: Date;
}

async function transition(
  prisma: Prisma,
  ref: string,
  action: TicketAction,
  opts: TransitionOptions,
  next: TicketStatus,
  data: Record<string, unknown>,
  eventData: Record<string, unknown>,
) {
  const now = opts.now ?? new Date();
  const actor = await resolveActor(prisma, opts.by);
  const ticket = await findTicket(prisma, ref);
  // Scope before state: someone outside the ticket's unit learns nothing about it.
  await assertTicketAccess(prisma, actor, ticket, 'work');
  const allowed = TRANSITIONS[action] as readonly string[];
  const refuse = (status: string): TicketError =>
    new TicketError(`#${ticket.number} ${ACTION_TR[action]}: durumu "${STATUS_TR[status] ?? status}"${HINT[action] ? ` (${HINT[action]})` : ''}.`);
  if (!allowed.includes(ticket.status)) throw refuse(ticket.status);
  return prisma.$transaction(async (tx) => {
    const res = await tx.ticket.updateMany({ where: { id: ticket.id, status: ticket.status }, data: { ...data, status: next, updatedAt: now } });
    if (res.count !== 1) {
      const fresh = await tx.ticket.findUnique({ where: { id: ticket.id } });
      throw refuse(fresh?.status ?? '?');
    }
    const type = action === 'assign' ? 'assigned' : action === 'answer' ? 'answered' : action === 'close' ? 'closed' : 'reopened';
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type, actor: opts.by, createdAt: now, data: { from: ticket.status, to: next, ...eventData } } });
    await audit(tx, {
      actor: opts.by,
      action: `ticket.${action}`,
      entityType: 'ticket',
      entityId: ticket.id,
      data: { number: ticket.number, from: ticket.status, to: next, ...eventData },
    });
    return (await tx.ticket.findUnique({ where: { id: ticket.id } }))!;
  });
}

/** Assigns (or reassigns) a ticket to a user. */
export async function assignTicket(prisma: Prisma, ref: string, opts: TransitionOptions & { to: string }) {
  const assignee = await requireUser(prisma, opts.to);
  const ticket = await findTicket(prisma, ref);
  if (!mayWorkTicket(assignee, await ticketScopeFacts(prisma, ticket))) {
    throw new AccessDenied(`#${ticket.number} ${assignee.name} kişisine atanamaz: ${roleLabel(assignee.role)} bu kayıt üzerinde çalışamaz.`);
  }
  return transition(prisma, ref, 'assign', opts, 'assigned', { assignee: assignee.name }, { assignee: assignee.name });
}

/** Records the directorate's answer; a public reply then waits for communications staff. */
export async function answerTicket(prisma: Prisma, ref: string, opts: TransitionOptions & { text: string }) {
  const text = opts.text.trim();
  if (!text) throw new TicketError('Yanıt metni boş olamaz.');
  return transition(prisma, ref, 'answer', opts, 'answered', { answer: text, replyStatus: 'pending_approval' }, { length: text.length });
}

export async function closeTicket(prisma: Prisma, ref: string, opts: TransitionOptions) {
  const now = opts.now ?? new Date();
  return transition(prisma, ref, 'close', opts, 'closed', { closedAt: now }, {});
}

/** Reopens a closed ticket (back to `open`; its SLA marks are kept). */
export async function reopenTicket(prisma: Prisma, ref: string, opts: TransitionOptions) {
  return transition(prisma, ref, 'reopen', opts, 'open', { closedAt: null }, {});
}
