import { audit } from '../audit/audit.js';
import type { Prisma } from '../db/index.js';
import { UserInputError } from '../users/users.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { newToken, tokenHash } from './sessions.js';

/** Sets (or replaces) a user's password; ends their sessions and clears any lock and invitation. */
export async function setPassword(prisma: Prisma, name: string, password: string, actor: string): Promise<void> {
  const user = await prisma.user.findUnique({ where: { name } });
  if (!user) throw new UserInputError(`Kullanıcı bulunamadı: ${name}`);
  const problems = passwordProblems(password, user.name);
  if (problems.length) throw new UserInputError(`Parola kabul edilmedi: ${problems.join('; ')}`);
  const passwordHash = await hashPassword(password);
  await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { passwordHash, failedLogins: 0, lockedUntil: null, inviteHash: null, inviteExpires: null } }),
    prisma.webSession.deleteMany({ where: { userId: user.id } }),
  ]);
  await audit(prisma, { actor, action: 'user.password', entityType: 'user', entityId: user.id });
}

/** Creates a one-time invitation token for the first sign-in; only its hash is stored. */
export async function createInvite(prisma: Prisma, name: string, hours: number, actor: string, now = new Date()): Promise<{ token: string; expires: Date }> {
  const user = await prisma.user.findUnique({ where: { name } });
  if (!user || user.disabled) throw new UserInputError(`Kullanıcı bulunamadı veya devre dışı: ${name}`);
  const { token, hash } = newToken();
  const expires = new Date(now.getTime() + hours * 3600_000);
  await prisma.user.update({ where: { id: user.id }, data: { inviteHash: hash, inviteExpires: expires } });
  await audit(prisma, { actor, action: 'user.invite', entityType: 'user', entityId: user.id, data: { hours } });
  return { token, expires };
}

/** The user an unexpired invitation token belongs to, or undefined. */
export async function findInvite(prisma: Prisma, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const user = await prisma.user.findUnique({ where: { inviteHash: tokenHash(token) } });
  return user && !user.disabled && user.inviteExpires && user.inviteExpires > now ? user : undefined;
}

/** Uses an invitation: sets the password and removes the token (one use). */
export async function acceptInvite(prisma: Prisma, token: string, password: string, now = new Date()): Promise<{ userId: string; name: string }> {
  const user = await findInvite(prisma, token, now);
  if (!user) throw new UserInputError('Davet bağlantısı geçersiz ya da süresi dolmuş.');
  await setPassword(prisma, user.name, password, user.name);
  return { userId: user.id, name: user.name };
}
