import { BekciError } from '../core/errors.js';
import type { Prisma } from '../db/index.js';
import type { Capabilities, ModerationKind } from '../platforms/contract.js';
import { audit } from '../audit/audit.js';
import { mayResolveReview, roleLabel } from '../access/authz.js';
import { platformKindFor, restoreKindFor, type PlatformState } from './plan.js';

export class ReviewError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('review', message, options);
  }
}

/** Open review items, newest first, with the (redacted) comment and why it is there. */
export async function listReviews(prisma: Prisma, limit = 100) {
  return prisma.reviewItem.findMany({
    where: { status: 'open' },
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { comment: { select: { id: true, platform: true, text: true, platformState: true, authorName: true, account: { select: { name: true } } } } },
  });
}

/**
 * Resolves a review by a person. `approve` keeps the comment and restores it where it was hidden or
 * held and the platform allows; `remove` confirms removal. `ref` is a review item id or a comment id
 * (any comment, so a person can also act on one bekci hid by itself). Returns the platform action to
 * execute, already recorded as pending, or null when the platform needs no call.
 */
export async function resolveReview(
  prisma: Prisma,
  ref: string,
  verdict: 'approve' | 'remove',
  by: string,
  capsFor: (platform: string) => Capabilities,
  /**
   * Called with the planned platform action before anything is recorded; throwing stops the review
   * with nothing written (e.g. the CLI checks that the master key opens the account's credentials).
   */
  ready?: (plan: { kind: ModerationKind | null; accountId: string }) => Promise<void> | void,
): Promise<{ commentId: string; actionId: string | null; kind: ModerationKind | null }> {
  const item = await prisma.reviewItem.findUnique({ where: { id: ref } });
  const comment = await prisma.comment.findUnique({ where: { id: item?.commentId ?? ref } });
  if (!comment) throw new ReviewError(`İnceleme kaydı ya da yorum bulunamadı: ${ref}`);
  const user = await prisma.user.findUnique({ where: { name: by } });
  if (!user || user.disabled) throw new ReviewError(`Bilinmeyen kullanıcı: ${by} (bekci users add ile ekleyin)`);
  const account = await prisma.account.findUnique({ where: { id: comment.accountId }, select: { unitId: true } });
  if (!mayResolveReview(user, account?.unitId ?? '')) {
    throw new ReviewError(`${by} (${roleLabel(user.role)}) bu yorumu inceleyemez: yönetici, kurumsal iletişim ya da hesabın birim temsilcisi olmak gerekir.`);
  }
  const caps = capsFor(comment.platform);
  const state = comment.platformState as PlatformState;
  const kind = verdict === 'approve' ? restoreKindFor(state, caps) : state === 'visible' ? platformKindFor('delete', caps) : null;
  if (verdict === 'approve' && (state === 'deleted' || state === 'rejected')) {
    throw new ReviewError(`Yorum platformda kalıcı olarak kaldırılmış (${state}); geri alınamaz.`);
  }
  const existing = kind ? await prisma.platformAction.findUnique({ where: { idempotencyKey: `review:${comment.id}:v${comment.version}:${kind}` } }) : null;
  if (existing) throw new ReviewError(`Bu karar zaten kayıtlı (${existing.kind}, durum: ${existing.status}).`);
  await ready?.({ kind, accountId: comment.accountId });
  return prisma.$transaction(async (tx) => {
    let actionId: string | null = null;
    if (kind) {
      const action = await tx.platformAction.create({
        data: { commentId: comment.id, kind, idempotencyKey: `review:${comment.id}:v${comment.version}:${kind}`, requestedBy: by },
      });
      actionId = action.id;
    }
    if (verdict === 'approve') {
      // A person kept the comment: removals bekci planned and has not sent yet are dropped.
      await tx.platformAction.updateMany({
        where: { commentId: comment.id, status: 'pending', requestedBy: 'system', kind: { in: ['hide', 'delete', 'hold', 'reject'] } },
        data: { status: 'skipped', lastError: `inceleme: ${by} onayladı`, finishedAt: new Date() },
      });
    }
    await tx.reviewItem.updateMany({
      where: { commentId: comment.id, status: 'open' },
      data: { status: verdict === 'approve' ? 'approved' : 'removed', resolvedBy: by, resolvedAt: new Date() },
    });
    await audit(tx, { actor: by, action: `review.${verdict}`, entityType: 'comment', entityId: comment.id, data: { platformAction: kind } });
    return { commentId: comment.id, actionId, kind };
  });
}
