import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../db/index.js';

/** A random, URL-safe token (256 bits) and the hash under which it is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type SessionStage = 'full' | 'totp';

/** How long someone has to type the second factor after a correct password. */
export const TOTP_STEP_MINUTES = 5;

/**
 * Console sessions in the database. The cookie carries the token; the table keeps only its hash, so
 * a database dump cannot be replayed as a session.
 */
export class SessionStore {
  constructor(
    private readonly prisma: Prisma,
    private readonly ttlHours: number,
  ) {}

  /**
   * A new session. Stage `totp` is the short step between a correct password and the second factor:
   * it lasts TOTP_STEP_MINUTES and grants nothing but the code form (see `lookupStage`).
   */
  async create(userId: string, now = new Date(), stage: SessionStage = 'full'): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newToken();
    const ttl = stage === 'full' ? this.ttlHours * 3600_000 : TOTP_STEP_MINUTES * 60_000;
    const expiresAt = new Date(now.getTime() + ttl);
    await this.prisma.webSession.create({ data: { id: hash, userId, createdAt: now, lastSeenAt: now, expiresAt, stage } });
    return { token, expiresAt };
  }

  /** The signed-in user for a cookie token; undefined for an unknown, expired, disabled or unfinished one. */
  async lookup(token: string | undefined, now = new Date()) {
    const found = await this.lookupStage(token, now);
    return found?.stage === 'full' ? found.user : undefined;
  }

  /** The session's user and stage, whatever the stage; undefined for an unknown, expired or disabled one. */
  async lookupStage(token: string | undefined, now = new Date()) {
    if (!token || token.length > 100) return undefined;
    const row = await this.prisma.webSession.findUnique({ where: { id: tokenHash(token) }, include: { user: true } });
    if (!row || row.expiresAt <= now || row.user.disabled) return undefined;
    // Touch at most once a minute: a page with several requests does not write each time.
    if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
      await this.prisma.webSession.update({ where: { id: row.id }, data: { lastSeenAt: now } }).catch(() => undefined);
    }
    return { user: row.user, stage: row.stage === 'full' ? ('full' as const) : ('totp' as const) };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.prisma.webSession.deleteMany({ where: { id: tokenHash(token) } });
  }

  /** Ends every session of a user (password change, disabling). */
  async destroyAllFor(userId: string): Promise<void> {
    await this.prisma.webSession.deleteMany({ where: { userId } });
  }

  async purgeExpired(now = new Date()): Promise<number> {
    return (await this.prisma.webSession.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }
}
