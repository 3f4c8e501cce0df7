/** Role names and their Turkish labels; shared by users, access checks and the web console. */
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
