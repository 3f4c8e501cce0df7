import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { mailTokenKey, readUnsubscribeToken } from './tokens.js';

export type SuppressionReason = 'unsubscribed' | 'hard_bounce';

/**
 * Records that `email` must not receive mail of `scope` (a group name, or "*" for everything).
 * Idempotent: a second call changes nothing and returns false.
 */
export async function suppress(prisma: Prisma, email: string, scope: string, reason: SuppressionReason, detail?: string): Promise<boolean> {
  try {
    await prisma.mailSuppression.create({ data: { email: email.trim().toLowerCase(), scope, reason, detail: detail?.slice(0, 500) ?? null } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * The unsubscribe service behind the link in every list mail (one-click POST, RFC 8058, or a CLI):
 * verifies the signed token and suppresses the address for that list. Undefined for an invalid token.
 * The address itself is not written to the audit log (only the list).
 */
export async function unsubscribe(prisma: Prisma, token: string): Promise<{ scope: string; already: boolean } | undefined> {
  const t = readUnsubscribeToken(await mailTokenKey(prisma), token);
  if (!t) return undefined;
  const created = await suppress(prisma, t.email, t.scope, 'unsubscribed');
  if (created)
    await audit(prisma, { actor: 'recipient', action: 'mail.unsubscribe', entityType: 'recipient_group', entityId: t.scope, data: { scope: t.scope } });
  return { scope: t.scope, already: !created };
}
