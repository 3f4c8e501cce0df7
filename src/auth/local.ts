import { audit } from '../audit/audit.js';
import type { Prisma } from '../db/index.js';
import { burnVerification, verifyPassword } from './passwords.js';
import type { PasswordSignInProvider, SignInResult } from './provider.js';

export interface LockoutPolicy {
  /** Failed attempts in a row before the account is locked. */
  maxFailed: number;
  lockMinutes: number;
}

/**
 * Local accounts: argon2id hashes in User.passwordHash. Failed attempts are counted per user; past the
 * limit the account is locked for a while (also against the right password), and the lock is audited.
 */
export class LocalSignIn implements PasswordSignInProvider {
  readonly id = 'local';
  constructor(
    private readonly prisma: Prisma,
    private readonly policy: LockoutPolicy,
  ) {}

  async signIn(username: string, password: string, now: Date): Promise<SignInResult> {
    const user = await this.prisma.user.findUnique({ where: { name: username.trim() } });
    if (!user) {
      await burnVerification(password);
      return { ok: false, reason: 'unknown_user' };
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await burnVerification(password);
      return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
    }
    if (!user.passwordHash) {
      await burnVerification(password);
      return { ok: false, reason: 'no_password' };
    }
    const good = await verifyPassword(user.passwordHash, password);
    if (good && !user.disabled) {
      // With TOTP on, the failure count runs on until the code is right too: a known password must not
      // reset the guesses left for the second factor.
      await this.prisma.user.update({
        where: { id: user.id },
        data: user.totpEnabledAt ? { lastLoginAt: now } : { failedLogins: 0, lockedUntil: null, lastLoginAt: now },
      });
      return { ok: true, userId: user.id, username: user.name };
    }
    if (user.disabled) return { ok: false, reason: 'disabled' };
    return this.recordFailure(user.id, user.name, now);
  }

  /** Counts a failure atomically (two attempts at once both count) and locks at the limit. */
  async recordFailure(userId: string, name: string, now: Date): Promise<SignInResult> {
    return recordFailedSignIn(this.prisma, this.policy, userId, name, now);
  }
}

/**
 * One failed sign-in step (a wrong password or a wrong second-factor code), counted atomically on the
 * user; at the policy's limit the account is locked for a while and the lock is audited.
 */
export async function recordFailedSignIn(prisma: Prisma, policy: LockoutPolicy, userId: string, name: string, now: Date): Promise<SignInResult> {
  const row = await prisma.user.update({ where: { id: userId }, data: { failedLogins: { increment: 1 } } });
  if (row.failedLogins >= policy.maxFailed) {
    const lockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
    await prisma.user.update({ where: { id: userId }, data: { lockedUntil, failedLogins: 0 } });
    await audit(prisma, { actor: name, action: 'auth.lock', entityType: 'user', entityId: userId, data: { minutes: policy.lockMinutes } });
    return { ok: false, reason: 'locked', lockedUntil };
  }
  return { ok: false, reason: 'bad_password' };
}
