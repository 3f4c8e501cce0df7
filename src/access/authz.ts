/**
 * Who may do what, for every caller: the CLI's `--by` and the web console go through the same
 * functions, so a page can never grant more than the service layer allows.
 *
 * Roles (see src/users/users.ts): `admin` everything; `comms` review queue, rules, all tickets,
 * accounts, reply approval; `staff` their own unit's tickets; `representative` tickets of their unit
 * and of their unit's accounts, their unit's mail requests, reviews of their unit's accounts;
 * `approver` their unit's mail; `management` escalated tickets, the dashboard, read-only elsewhere.
 */
import { BekciError } from '../core/errors.js';
import type { Prisma } from '../db/index.js';
import { ROLE_LABELS, type Role } from './roles.js';

/** The person acting, as the service layer needs them. */
export interface Actor {
  name: string;
  role: string;
  unitId: string | null;
}

/** Refused for lack of permission. The message is Turkish and names neither hidden data nor ids. */
export class AccessDenied extends BekciError {
  constructor(message: string) {
    super('access', message);
  }
}

/** Capabilities that do not depend on which record is touched. */
export const CAPABILITIES = [
  'tickets.view',
  'tickets.work',
  'tickets.all',
  'replies.approve',
  'review.view',
  'review.resolve',
  'mail.view',
  'mail.request',
  'mail.decide',
  'groups.manage',
  'rules.view',
  'rules.edit',
  'accounts.view',
  'accounts.manage',
  'dashboard.view',
  'audit.view',
  'privacy.manage',
  'users.manage',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

/** What communications may not do: approve mail, handle personal-data requests, manage users. */
const NOT_COMMS: ReadonlySet<Capability> = new Set<Capability>(['mail.decide', 'privacy.manage', 'users.manage']);

const GRANTS: Record<Role, readonly Capability[]> = {
  admin: CAPABILITIES,
  comms: CAPABILITIES.filter((c) => !NOT_COMMS.has(c)),
  staff: ['tickets.view', 'tickets.work'],
  representative: ['tickets.view', 'tickets.work', 'review.view', 'review.resolve', 'mail.view', 'mail.request', 'accounts.view'],
  approver: ['mail.view', 'mail.decide'],
  management: ['tickets.view', 'review.view', 'mail.view', 'mail.decide', 'rules.view', 'accounts.view', 'dashboard.view', 'audit.view'],
};

const CAPABILITY_TR: Record<Capability, string> = {
  'tickets.view': 'kayıtları görme',
  'tickets.work': 'kayıt üzerinde işlem',
  'tickets.all': 'tüm birimlerin kayıtları',
  'replies.approve': 'yanıt yayınını onaylama',
  'review.view': 'inceleme kuyruğunu görme',
  'review.resolve': 'yorum inceleme',
  'mail.view': 'duyuru postalarını görme',
  'mail.request': 'duyuru postası talebi',
  'mail.decide': 'duyuru postası onayı',
  'groups.manage': 'alıcı gruplarını yönetme',
  'rules.view': 'kuralları görme',
  'rules.edit': 'kuralları değiştirme',
  'accounts.view': 'hesapları görme',
  'accounts.manage': 'hesapları yönetme',
  'dashboard.view': 'gösterge paneli',
  'audit.view': 'denetim kaydı',
  'privacy.manage': 'kişisel veri (KVKK) işlemleri',
  'users.manage': 'kullanıcı yönetimi',
};

function isRole(role: string): role is Role {
  return Object.prototype.hasOwnProperty.call(GRANTS, role);
}

/** Whether the actor's role grants `cap` at all (record scope is checked separately). */
export function can(actor: Actor, cap: Capability): boolean {
  return isRole(actor.role) && GRANTS[actor.role].includes(cap);
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

/** Throws AccessDenied unless the role grants `cap`. */
export function requireCapability(actor: Actor, cap: Capability): void {
  if (!can(actor, cap)) throw new AccessDenied(`${actor.name} (${roleLabel(actor.role)}) için yetki yok: ${CAPABILITY_TR[cap]}.`);
}

/** What ticket scope checks need to know about a ticket. */
export interface TicketScopeFacts {
  unitId: string;
  escalatedAt: Date | null;
  /** Units of the accounts the ticket's comments came from. */
  accountUnitIds: readonly string[];
}

/**
 * The Prisma filter of the tickets `actor` may see; `null` when they may see none. Lists use it so
 * that another unit's tickets are never even loaded.
 */
export function ticketVisibilityFilter(actor: Actor): Record<string, unknown> | null {
  if (!can(actor, 'tickets.view')) return null;
  if (can(actor, 'tickets.all')) return {};
  switch (actor.role) {
    case 'staff':
      return actor.unitId ? { unitId: actor.unitId } : null;
    case 'representative':
      return actor.unitId ? { OR: [{ unitId: actor.unitId }, { comments: { some: { comment: { account: { unitId: actor.unitId } } } } }] } : null;
    case 'management':
      return { escalatedAt: { not: null } };
    default:
      return null;
  }
}

/** Whether `actor` may see a ticket with these facts. Mirrors ticketVisibilityFilter. */
export function maySeeTicket(actor: Actor, t: TicketScopeFacts): boolean {
  if (!can(actor, 'tickets.view')) return false;
  if (can(actor, 'tickets.all')) return true;
  if (actor.role === 'staff') return actor.unitId !== null && t.unitId === actor.unitId;
  if (actor.role === 'representative') return actor.unitId !== null && (t.unitId === actor.unitId || t.accountUnitIds.includes(actor.unitId));
  if (actor.role === 'management') return t.escalatedAt !== null;
  return false;
}

/** Whether `actor` may act on (assign, answer, note, close, reopen) a ticket with these facts. */
export function mayWorkTicket(actor: Actor, t: TicketScopeFacts): boolean {
  return can(actor, 'tickets.work') && maySeeTicket(actor, t);
}

/** Loads the scope facts of a ticket (its unit, escalation and the units of its comments' accounts). */
export async function ticketScopeFacts(prisma: Prisma, ticket: { id: string; unitId: string; escalatedAt: Date | null }): Promise<TicketScopeFacts> {
  const links = await prisma.ticketComment.findMany({
    where: { ticketId: ticket.id },
    select: { comment: { select: { account: { select: { unitId: true } } } } },
  });
  return { unitId: ticket.unitId, escalatedAt: ticket.escalatedAt, accountUnitIds: [...new Set(links.map((l) => l.comment.account.unitId))] };
}

/**
 * Throws AccessDenied unless `actor` may see (or, with `work`, act on) the ticket. The message does not
 * reveal which unit the ticket belongs to.
 */
export async function assertTicketAccess(
  prisma: Prisma,
  actor: Actor,
  ticket: { id: string; number: number; unitId: string; escalatedAt: Date | null },
  need: 'view' | 'work',
): Promise<void> {
  const facts = await ticketScopeFacts(prisma, ticket);
  const ok = need === 'view' ? maySeeTicket(actor, facts) : mayWorkTicket(actor, facts);
  if (!ok) {
    throw new AccessDenied(
      need === 'view' || !maySeeTicket(actor, facts)
        ? `${actor.name} (${roleLabel(actor.role)}) #${ticket.number} numaralı kaydı göremez: kayıt başka bir birime ait.`
        : `${actor.name} (${roleLabel(actor.role)}) #${ticket.number} numaralı kayıt üzerinde işlem yapamaz (yalnızca görüntüleme).`,
    );
  }
}

/** Whether `actor` may resolve the review of a comment posted on an account of `accountUnitId`. */
export function mayResolveReview(actor: Actor, accountUnitId: string): boolean {
  if (!can(actor, 'review.resolve')) return false;
  if (actor.role === 'representative') return actor.unitId === accountUnitId;
  return true;
}

/** The Prisma filter on comments whose reviews `actor` may see; null for none. */
export function reviewVisibilityFilter(actor: Actor): Record<string, unknown> | null {
  if (!can(actor, 'review.view')) return null;
  if (actor.role === 'representative') return actor.unitId ? { account: { unitId: actor.unitId } } : null;
  return {};
}

/**
 * Whether `actor` may approve or reject a mail request of `unit`: `admin` always; the unit's own
 * `approver`; `management` for top-management units.
 */
export function mayDecideMail(actor: Pick<Actor, 'role' | 'unitId'>, unit: { id: string; kind: string }): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'approver' && actor.unitId === unit.id) return true;
  return actor.role === 'management' && unit.kind === 'management';
}

/** Whether `actor` may see the mail requests of unit `unitId`. */
export function maySeeMail(actor: Actor, unitId: string): boolean {
  if (!can(actor, 'mail.view')) return false;
  if (['representative', 'approver', 'staff'].includes(actor.role)) return actor.unitId === unitId;
  return true;
}

/** The Prisma filter on mail requests `actor` may see; null for none. */
export function mailVisibilityFilter(actor: Actor): Record<string, unknown> | null {
  if (!can(actor, 'mail.view')) return null;
  if (['representative', 'approver', 'staff'].includes(actor.role)) return actor.unitId ? { unitId: actor.unitId } : null;
  return {};
}

/** Whether `actor` may file a mail request for unit `unitId`. */
export function mayRequestMail(actor: Actor, unitId: string): boolean {
  if (!can(actor, 'mail.request')) return false;
  if (actor.role === 'representative') return actor.unitId === unitId;
  return true;
}

/** Whether `actor` may see an account of unit `unitId`. */
export function maySeeAccount(actor: Actor, unitId: string): boolean {
  if (!can(actor, 'accounts.view')) return false;
  return actor.role === 'representative' ? actor.unitId === unitId : true;
}
