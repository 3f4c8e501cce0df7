import { backoffMs as coreBackoffMs } from '../core/backoff.js';
import type { ModerationDeps } from './deps.js';
import { PlatformError } from '../platforms/contract.js';
import { audit } from '../audit/audit.js';
import { enqueueMail } from '../mail/outbox.js';

/** The core backoff for platform retries: 2^attempt seconds (half to all of it), capped, never under 500 ms. */
export function backoffMs(attempt: number, capMs = 15 * 60_000): number {
  return Math.max(500, coreBackoffMs(Math.max(0, attempt) + 1, 1000, capMs));
}

export function asPlatformError(err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  return new PlatformError('retryable', err instanceof Error ? err.message : String(err), { cause: err });
}

/**
 * Applies what a platform failure means for the whole account: rate limits and quotas pause it until
 * the platform says, an invalid or expired token parks it as `needs_reauth` and tells the admins, and
 * transient failures back off. Returns the time before which the account should not be called again.
 */
export async function recordAccountFailure(
  deps: ModerationDeps,
  account: { id: string; name: string; platform: string; consecutiveFailures: number },
  error: unknown,
): Promise<Date | null> {
  const err = asPlatformError(error);
  const now = deps.now?.() ?? new Date();
  const failures = account.consecutiveFailures + 1;
  const lastError = `${err.kind}: ${err.message}`.slice(0, 500);
  if (err.kind === 'auth') {
    await deps.prisma.account.update({
      where: { id: account.id },
      data: { status: 'needs_reauth', lastError, consecutiveFailures: failures },
    });
    await audit(deps.prisma, { actor: deps.actor, action: 'account.needs_reauth', entityType: 'account', entityId: account.id, data: { reason: lastError } });
    const day = now.toISOString().slice(0, 10);
    for (const to of deps.config.mail.adminEmails) {
      await enqueueMail(deps.prisma, {
        kind: 'admin_alert',
        to,
        subject: `[bekci] ${account.platform} hesabı yeniden yetkilendirilmeli: ${account.name}`,
        body:
          `${account.platform} hesabı "${account.name}" için erişim anahtarı geçersiz ya da süresi dolmuş.\n` +
          `Bekçi bu hesabı yeni bir anahtar verilene kadar izlemeyecek; diğer hesaplar çalışmaya devam ediyor.\n\n` +
          `Yeni anahtar: bekci accounts rotate-token ${account.id}\n`,
        dedupeKey: `reauth:${account.id}:${day}`,
      }).catch((e: unknown) => deps.logger.error({ err: e }, 'yönetici uyarısı kuyruğa alınamadı'));
    }
    deps.logger.warn({ accountId: account.id, platform: account.platform }, 'hesap yeniden yetkilendirme bekliyor');
    return null;
  }
  // Transient failures back off no longer than a failed action would (worker.actionRetryCapSec): after
  // a long outage the account is read again soon after the platform is back, not up to 15 min later.
  const waitMs =
    err.kind === 'rate_limit' ? Math.max(1000, err.details.retryAfterMs ?? 60_000) : backoffMs(failures, deps.config.worker.actionRetryCapSec * 1000);
  const until = new Date(now.getTime() + waitMs);
  await deps.prisma.account.update({
    where: { id: account.id },
    data: { backoffUntil: until, lastError, consecutiveFailures: failures, nextPollAt: until },
  });
  deps.logger.warn({ accountId: account.id, platform: account.platform, kind: err.kind, waitMs }, 'platform hatası; hesap bekletiliyor');
  return until;
}
