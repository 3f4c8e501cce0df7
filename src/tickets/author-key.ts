import { createHmac, randomBytes } from 'node:crypto';
import type { Prisma } from '../db/index.js';
import { isUniqueViolation } from '../core/db-errors.js';

/**
 * The author key joins a person's repeated complaints on one topic without storing who they are. It
 * is keyed with a random salt made once per installation and kept in the `Meta` table, so it does not
 * change when the master key is rotated (nor depend on one being set).
 */
export const AUTHOR_SALT_KEY = 'tickets.authorSalt';

/** Salt per database client; it never changes once written, so one read per process is enough. */
const salts = new WeakMap<Prisma, Promise<string>>();

/**
 * The installation's author salt, created on first use. Concurrent first uses (several workers on
 * PostgreSQL) all end up with the one value that was stored: a losing insert hits the unique key and
 * reads the winner's row.
 */
export function authorSalt(prisma: Prisma): Promise<string> {
  let salt = salts.get(prisma);
  if (!salt) {
    salt = readOrCreateSalt(prisma);
    salts.set(prisma, salt);
    salt.catch(() => {
      if (salts.get(prisma) === salt) salts.delete(prisma); // try again on the next call
    });
  }
  return salt;
}

async function readOrCreateSalt(prisma: Prisma): Promise<string> {
  const found = await prisma.meta.findUnique({ where: { key: AUTHOR_SALT_KEY } });
  if (found) return found.value;
  try {
    await prisma.meta.create({ data: { key: AUTHOR_SALT_KEY, value: randomBytes(32).toString('hex') } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const row = await prisma.meta.findUnique({ where: { key: AUTHOR_SALT_KEY } });
  if (!row) throw new Error(`yazar anahtarı tuzu okunamadı (Meta: ${AUTHOR_SALT_KEY})`);
  return row.value;
}

/** Keyed hash of platform + author id (null without an author id). */
export async function authorKeyOf(prisma: Prisma, platform: string, authorId: string | null | undefined): Promise<string | null> {
  if (!authorId) return null;
  const salt = await authorSalt(prisma);
  return createHmac('sha256', salt).update(`author\u0000${platform}\u0000${authorId}`).digest('hex').slice(0, 32);
}
