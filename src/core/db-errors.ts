/** True for a unique-constraint violation (Prisma P2002), whichever provider raised it. */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown };
  if (e.code === 'P2002') return true;
  return typeof e.message === 'string' && /Unique constraint failed|duplicate key value/i.test(e.message);
}
