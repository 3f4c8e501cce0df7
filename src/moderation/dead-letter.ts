import { audit } from '../audit/audit.js';
import type { Account } from '../db/generated/sqlite/client.js';
import { scrubString } from '../logging/scrub.js';
import { enqueueMail } from '../mail/outbox.js';
import type { RemoteComment } from '../platforms/contract.js';
import type { ModerationDeps } from './deps.js';

/**
 * A failure of bekci's own storage (the database refused a write, a transaction expired), as opposed to
 * a platform failure: it never counts against the account's platform health and is logged as what it is.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const describe = (err: unknown): string => scrubString(err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);

/**
 * Sets aside a comment that was read but cannot be stored, so that the poll can move on without
 * passing it silently: the dead-letter row keeps the platform ids (never the text, which is what could
 * not be stored), the admins get one mail per comment, and `bekci review dead-letters` lists it for a
 * person. Seeing the same comment again only counts the attempt. Throws `StorageError` when even this
 * row cannot be written: then the poll fails as a whole and its cursor stays where it was.
 */
export async function recordDeadLetter(
  deps: ModerationDeps,
  account: Pick<Account, 'id' | 'name' | 'platform'>,
  remote: Pick<RemoteComment, 'externalId' | 'postId'>,
  error: unknown,
): Promise<{ created: boolean }> {
  const now = deps.now?.() ?? new Date();
  const reason = describe(error);
  try {
    const bumped = await deps.prisma.deadLetter.updateMany({
      where: { accountId: account.id, externalId: remote.externalId },
      data: { attempts: { increment: 1 }, lastSeenAt: now, error: reason },
    });
    if (bumped.count > 0) return { created: false };
    const row = await deps.prisma.deadLetter.create({
      data: {
        accountId: account.id,
        platform: account.platform,
        externalId: remote.externalId,
        postId: remote.postId,
        error: reason,
        createdAt: now,
        lastSeenAt: now,
      },
    });
    deps.logger.error(
      { accountId: account.id, platform: account.platform, externalId: remote.externalId, error: reason },
      'yorum kaydedilemedi; kişi incelemesi için ayrıldı',
    );
    await audit(deps.prisma, {
      actor: deps.actor,
      action: 'comment.dead_letter',
      entityType: 'account',
      entityId: account.id,
      data: { externalId: remote.externalId, postId: remote.postId, error: reason },
    });
    for (const to of deps.config.mail.adminEmails) {
      await enqueueMail(deps.prisma, {
        kind: 'admin_alert',
        to,
        subject: `[bekci] Kaydedilemeyen yorum: ${account.platform} / ${account.name}`,
        body:
          `${account.platform} hesabı "${account.name}" üzerindeki ${remote.externalId} kimlikli yorum okunabildi ama veritabanına kaydedilemedi.\n` +
          `Yorum otomatik olarak değerlendirilmedi; lütfen platformda kendiniz kontrol edin.\n\n` +
          `Neden: ${reason}\nListe: bekci review dead-letters\n`,
        dedupeKey: `dead-letter:${row.id}`,
      });
    }
    return { created: true };
  } catch (err) {
    throw new StorageError(`ayrılan yorum da kaydedilemedi (${remote.externalId}): ${describe(err)}`, { cause: err });
  }
}
