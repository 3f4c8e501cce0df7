import type { Prisma } from '../db/index.js';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../core/db-errors.js';
import { mailTokenKey, readUnsubscribeToken, unsubscribeToken } from './tokens.js';

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
 * The unsubscribe token for `email` on the list `scope`: the address is stored once per list
 * (`MailSubscription`) and the token names that row, so links carry no personal data.
 */
export async function unsubscribeTokenFor(prisma: Prisma, email: string, scope: string): Promise<string> {
  const address = email.trim().toLowerCase();
  const where = { email_scope: { email: address, scope } };
  let row = await prisma.mailSubscription.findUnique({ where, select: { id: true } });
  if (!row) {
    try {
      row = await prisma.mailSubscription.create({ data: { email: address, scope }, select: { id: true } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another dispatcher made it first: use theirs
      row = await prisma.mailSubscription.findUniqueOrThrow({ where, select: { id: true } });
    }
  }
  return unsubscribeToken(await mailTokenKey(prisma), row.id);
}

/**
 * The unsubscribe service behind the link in every list mail (one-click POST, RFC 8058, or a CLI):
 * verifies the signed token, finds the subscription it names and suppresses the address for that
 * list. Undefined for an invalid token or a subscription that no longer exists. The address itself is
 * not written to the audit log (only the list).
 */
export async function unsubscribe(prisma: Prisma, token: string): Promise<{ scope: string; already: boolean } | undefined> {
  const id = readUnsubscribeToken(await mailTokenKey(prisma), token);
  if (!id) return undefined;
  const sub = await prisma.mailSubscription.findUnique({ where: { id } });
  if (!sub) return undefined;
  const created = await suppress(prisma, sub.email, sub.scope, 'unsubscribed');
  if (created)
    await audit(prisma, { actor: 'recipient', action: 'mail.unsubscribe', entityType: 'recipient_group', entityId: sub.scope, data: { scope: sub.scope } });
  return { scope: sub.scope, already: !created };
}
