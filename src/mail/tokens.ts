import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Prisma } from '../db/index.js';
import { isUniqueViolation } from '../core/db-errors.js';

/**
 * The key that signs reply addresses and unsubscribe links: random, made once per installation and
 * kept in `Meta`, so links in mails already sent stay valid across restarts and master-key rotations.
 */
export const MAIL_TOKEN_KEY = 'mail.tokenKey';

type MetaClient = Pick<Prisma, 'meta'>;
const keys = new WeakMap<MetaClient, Promise<Buffer>>();

/** The installation's token key, created on first use (cached per database client). */
export function mailTokenKey(prisma: MetaClient): Promise<Buffer> {
  let k = keys.get(prisma);
  if (!k) {
    k = readOrCreate(prisma);
    keys.set(prisma, k);
    k.catch(() => keys.get(prisma) === k && keys.delete(prisma));
  }
  return k;
}

async function readOrCreate(prisma: MetaClient): Promise<Buffer> {
  const found = await prisma.meta.findUnique({ where: { key: MAIL_TOKEN_KEY } });
  if (found) return Buffer.from(found.value, 'hex');
  try {
    await prisma.meta.create({ data: { key: MAIL_TOKEN_KEY, value: randomBytes(32).toString('hex') } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another worker made it first: use theirs
  }
  const row = await prisma.meta.findUniqueOrThrow({ where: { key: MAIL_TOKEN_KEY } });
  return Buffer.from(row.value, 'hex');
}

/** A short signature (base32-ish, lower case, 12 characters) of `purpose` and `value`. */
export function sign(key: Buffer, purpose: string, value: string): string {
  const mac = createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest();
  return mac.subarray(0, 8).toString('hex').slice(0, 12);
}

export function verify(key: Buffer, purpose: string, value: string, signature: string): boolean {
  const want = Buffer.from(sign(key, purpose, value));
  const got = Buffer.from(signature.toLowerCase());
  return want.length === got.length && timingSafeEqual(want, got);
}

/** `local+t<number>-<sig>@domain`: the reply address that names a ticket. */
export function ticketReplyAddress(key: Buffer, inbox: string, ticketNumber: number): string {
  const [local, domain] = splitAddress(inbox);
  return `${local}+t${ticketNumber}-${sign(key, 'ticket-reply', String(ticketNumber))}@${domain}`;
}

/** The ticket number named by a signed reply address, or undefined (unsigned, forged, other box). */
export function ticketFromAddress(key: Buffer, inbox: string, address: string): number | undefined {
  const [local, domain] = splitAddress(inbox);
  const [l, d] = splitAddress(address);
  if (d !== domain) return undefined;
  const m = new RegExp(`^${local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\+t(\\d+)-([0-9a-f]{12})$`).exec(l);
  if (!m) return undefined;
  return verify(key, 'ticket-reply', m[1]!, m[2]!) ? Number(m[1]) : undefined;
}

function splitAddress(a: string): [string, string] {
  const at = a.lastIndexOf('@');
  return [a.slice(0, at).toLowerCase(), a.slice(at + 1).toLowerCase()];
}

/**
 * An unsubscribe token: `<subscription id>.<signature>`. It names a stored `MailSubscription` row
 * (one address on one list) and carries no personal data, so the URL it goes into holds none either.
 * The signature (128 bits of HMAC) makes ids unguessable to forge; earlier tokens that carried the
 * address itself are not accepted.
 */
export function unsubscribeToken(key: Buffer, subscriptionId: string): string {
  return `${subscriptionId}.${longSignature(key, 'unsubscribe', subscriptionId)}`;
}

/** The subscription id named by a well-signed unsubscribe token, or undefined. */
export function readUnsubscribeToken(key: Buffer, token: string): string | undefined {
  const m = /^([a-z0-9]{1,64})\.([A-Za-z0-9_-]{22})$/.exec(token.trim());
  if (!m) return undefined;
  const want = Buffer.from(longSignature(key, 'unsubscribe', m[1]!));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got) ? m[1] : undefined;
}

function longSignature(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest().subarray(0, 16).toString('base64url');
}
