import { BekciError } from '../core/errors.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { isEmailAddress } from '../text/email-address.js';
import { ensureUnit } from './units.js';

export const ROLES = ['admin', 'comms', 'approver', 'representative', 'staff', 'management'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act for one unit and therefore need `--unit`. */
export const UNIT_ROLES: readonly Role[] = ['approver', 'representative', 'staff'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'yönetici',
  comms: 'kurumsal iletişim',
  approver: 'onaylayıcı',
  representative: 'birim temsilcisi',
  staff: 'birim personeli',
  management: 'üst yönetim',
};

/** A problem with user input, worded for the person at the terminal. */
export class UserInputError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('user', message, options);
  }
}

export interface AddUserInput {
  name: string;
  role: string;
  unit?: string | undefined;
  email?: string | undefined;
  actor?: string;
}

/** Adds a user. Validates role, unit (creating a known unit's row when missing) and address. */
export async function addUser(prisma: Prisma, config: Pick<Config, 'units' | 'routing'>, input: AddUserInput) {
  const name = input.name.trim();
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(name)) throw new UserInputError(`Geçersiz kullanıcı adı: "${input.name}" (harf, rakam, . _ - kullanılabilir)`);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new UserInputError(`Bilinmeyen rol: ${input.role}. Roller: ${ROLES.join(', ')}`);
  }
  const role = input.role as Role;
  if (UNIT_ROLES.includes(role) && !input.unit) throw new UserInputError(`${role} (${ROLE_LABELS[role]}) rolü için --unit gerekli`);
  if (input.email && !isEmailAddress(input.email)) throw new UserInputError(`Geçersiz e-posta adresi: ${input.email}`);
  let unitId: string | null = null;
  if (input.unit) {
    const unit = await ensureUnit(prisma, config, input.unit);
    if (!unit) throw new UserInputError(`Bilinmeyen birim: ${input.unit}`);
    unitId = unit.id;
  }
  if (await prisma.user.findUnique({ where: { name } })) throw new UserInputError(`Bu adla bir kullanıcı zaten var: ${name}`);
  const user = await prisma.user.create({ data: { name, role, unitId, email: input.email?.trim() ?? null } });
  await audit(prisma, { actor: input.actor ?? 'cli', action: 'user.add', entityType: 'user', entityId: user.id, data: { name, role, unitId } });
  return user;
}

export async function listUsers(prisma: Prisma) {
  return prisma.user.findMany({ orderBy: [{ role: 'asc' }, { name: 'asc' }] });
}

/** An active user by name, or undefined. */
export async function findActiveUser(prisma: Prisma, name: string) {
  const u = await prisma.user.findUnique({ where: { name } });
  return u && !u.disabled ? u : undefined;
}

/**
 * Whether `user` may approve a request of `unit`: `admin` always; the unit's own `approver`;
 * `management` for top-management units.
 */
export function mayApprove(user: { role: string; unitId: string | null }, unit: { id: string; kind: string }): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'approver' && user.unitId === unit.id) return true;
  return user.role === 'management' && unit.kind === 'management';
}
