import { audit } from '../audit/audit.js';
import type { Prisma } from '../db/index.js';
import { scrubString } from '../logging/scrub.js';
import { enqueueMail } from '../mail/outbox.js';
import type { ModerationDeps } from './deps.js';

/**
 * A violation is never silently left up: an action that the platform refused for good, or that could
 * not be done within `worker.actionDeadlineMinutes`, is put in front of a person (a review item on its
 * comment) and the admins are told once, with the reason. An overdue action keeps being retried.
 */

export interface EscalationAccount {
  id: string;
  name: string;
  platform: string;
}

type Tx = Pick<Prisma, 'platformAction' | 'reviewItem' | 'outboxMessage' | 'auditLog'>;

export interface EscalatedAction {
  id: string;
  commentId: string;
  decisionId: string | null;
  kind: string;
}

const KIND_TR: Record<string, string> = {
  hide: 'gizleme',
  unhide: 'geri açma',
  delete: 'silme',
  hold: 'incelemeye alma',
  publish: 'yayımlama',
  reject: 'reddetme',
  reply: 'yanıt',
};

/** The Turkish reason shown in the review queue and the admin mail. */
export function escalationReason(kind: string, why: 'failed' | 'overdue', error: string, deadlineMinutes: number): string {
  const what = KIND_TR[kind] ?? kind;
  const last = scrubString(error).slice(0, 300);
  return why === 'failed'
    ? `Platform ${what} işlemini kalıcı olarak reddetti; yeniden denenmeyecek, elle bakın. Hata: ${last}`
    : `Platform ${what} işlemi ${deadlineMinutes} dakikadır yapılamadı; bekçi denemeye devam ediyor. Son hata: ${last}`;
}

/**
 * Escalates one action, at most once (guarded by `escalatedAt`). Runs inside the caller's transaction.
 * Returns false when it had already been escalated.
 */
export async function escalateAction(
  tx: Tx,
  deps: Pick<ModerationDeps, 'config' | 'actor'>,
  account: EscalationAccount,
  action: EscalatedAction,
  opts: { reason: 'failed' | 'overdue'; error: string; now: Date },
): Promise<boolean> {
  const first = await tx.platformAction.updateMany({ where: { id: action.id, escalatedAt: null }, data: { escalatedAt: opts.now } });
  if (first.count !== 1) return false;
  const reason = escalationReason(action.kind, opts.reason, opts.error, deps.config.worker.actionDeadlineMinutes);
  const open = await tx.reviewItem.findFirst({ where: { commentId: action.commentId, status: 'open' }, select: { id: true } });
  if (!open) {
    await tx.reviewItem.create({ data: { commentId: action.commentId, decisionId: action.decisionId, reason } });
  }
  await audit(tx, {
    actor: deps.actor,
    action: `comment.${action.kind}.${opts.reason === 'failed' ? 'escalated' : 'overdue'}`,
    entityType: 'comment',
    entityId: action.commentId,
    data: { platform: account.platform, actionId: action.id, reason },
  });
  const subject =
    opts.reason === 'failed'
      ? `[bekci] ${account.platform} hesabında işlem yapılamadı: ${account.name}`
      : `[bekci] ${account.platform} hesabında işlem gecikiyor: ${account.name}`;
  const body =
    `${account.platform} hesabı "${account.name}" için bir ${KIND_TR[action.kind] ?? action.kind} işlemi yapılamadı.\n\n` +
    `Neden: ${reason}\n\n` +
    `Yorum inceleme kuyruğuna alındı (yorum kimliği: ${action.commentId}). Aynı hesapta bu saat içinde aynı durumdaki ` +
    `başka işlemler için ayrıca posta gönderilmez; hepsi inceleme kuyruğundadır. Bakmak için: bekci review list\n`;
  // One mail per account, reason and hour: an outage that holds up hundreds of actions tells the
  // admins once, not once per comment (each action is still escalated, and reviewed, on its own).
  const hour = opts.now.toISOString().slice(0, 13);
  for (const to of deps.config.mail.adminEmails) {
    await enqueueMail(tx, { kind: 'admin_alert', to, subject, body, dedupeKey: `action-${opts.reason}:${account.id}:${hour}:${to}` });
  }
  return true;
}

/**
 * Escalates actions still not done past the deadline, whatever holds them up (an account waiting for a
 * new token, a rate limit, a platform that keeps failing). Run periodically by one worker.
 */
export async function escalateOverdueActions(deps: ModerationDeps, now: Date = deps.now?.() ?? new Date(), limit = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - deps.config.worker.actionDeadlineMinutes * 60_000);
  const rows = await deps.prisma.platformAction.findMany({
    where: { status: { in: ['pending', 'in_progress'] }, escalatedAt: null, createdAt: { lte: cutoff } },
    include: { comment: { select: { account: { select: { id: true, name: true, platform: true } } } } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  let escalated = 0;
  for (const row of rows) {
    const error = row.lastError ?? 'henüz denenemedi (hesap bekliyor)';
    const done = await deps.prisma.$transaction((tx) => escalateAction(tx, deps, row.comment.account, row, { reason: 'overdue', error, now }));
    if (done) escalated += 1;
  }
  return escalated;
}
