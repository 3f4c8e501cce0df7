import type { Prisma } from '../db/index.js';
import { AccessDenied, type Actor } from './authz.js';

/**
 * The active user called `name`, as an Actor. The CLI's `--by` and the web session both end here, so
 * a disabled or unknown name can never act.
 */
export async function resolveActor(prisma: Prisma, name: string): Promise<Actor & { id: string }> {
  const user = await prisma.user.findUnique({ where: { name: name.trim() } });
  if (!user || user.disabled) throw new AccessDenied(`Kullanıcı bulunamadı veya devre dışı: ${name}`);
  return { id: user.id, name: user.name, role: user.role, unitId: user.unitId };
}
