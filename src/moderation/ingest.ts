import { createHash } from 'node:crypto';
import type { Account } from '../db/generated/sqlite/client.js';
import type { Capabilities, RemoteComment } from '../platforms/contract.js';
import { ROUTING_CATEGORIES, type Decision, type Platform, type RoutingCategory } from '../rules/types.js';
import { audit } from '../audit/audit.js';
import { decisionPriority } from '../routing/priority.js';
import { scrubString } from '../logging/scrub.js';
import type { ModerationDeps } from './deps.js';
import { platformKindFor, restoreKindFor, type PlatformState } from './plan.js';

export interface IngestOutcome {
  commentId: string;
  /** false when this version of the comment was already decided (a repeat in a poll window). */
  decided: boolean;
  decision?: Decision;
  actionKind?: string;
}

/** Plain data for a Json column. */
const toJson = (v: unknown): object => JSON.parse(JSON.stringify(v)) as object;

export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Records one comment as read from the platform and decides it, once per version. The decision, the
 * platform action it implies and the review item are written in one transaction, before anything is
 * sent to the platform: a crash after this point leaves a pending action that the executor resumes.
 */
export async function ingestComment(
  deps: ModerationDeps,
  account: Pick<Account, 'id' | 'platform' | 'externalId' | 'unitId' | 'dryRun'>,
  caps: Capabilities,
  remote: RemoteComment,
): Promise<IngestOutcome> {
  const { prisma } = deps;
  const now = deps.now?.() ?? new Date();
  const hash = textHash(remote.text);
  const existing = await prisma.comment.findUnique({
    where: { accountId_externalId: { accountId: account.id, externalId: remote.externalId } },
    select: { id: true, version: true, textHash: true, platformState: true },
  });
  if (existing && existing.textHash === hash) {
    return { commentId: existing.id, decided: false };
  }

  const judge = deps.judge();
  const authorIsOwner = !!remote.authorId && remote.authorId === account.externalId;
  const decision = judge.evaluate({
    text: remote.text,
    platform: account.platform as Platform,
    ...(remote.authorId ? { authorId: remote.authorId } : {}),
    ...(remote.authorName ? { authorName: remote.authorName } : {}),
    authorIsOwner,
    isReply: !!remote.parentId,
  });
  const dryRun = deps.config.worker.dryRun || account.dryRun;
  const previousState = (existing?.platformState ?? remote.state ?? 'visible') as PlatformState;
  let kind = platformKindFor(decision.action, caps);
  // An edit that made a removed comment acceptable restores it where the platform allows.
  if (!kind && existing && (decision.action === 'allow' || decision.action === 'review')) {
    kind = restoreKindFor(previousState, caps);
  }
  if (kind && previousState === 'deleted') kind = null;
  // What is stored: the engine's redaction (validated personal data replaced by tags), and on top of
  // it anything that merely looks like a number, an address or a credential in a URL, which the
  // detectors rightly do not count as evidence but which need not be kept either.
  const storedText = scrubString(decision.redactedText);
  const routingKinds = decision.categories.filter((c): c is RoutingCategory => (ROUTING_CATEGORIES as readonly string[]).includes(c));

  const result = await prisma.$transaction(async (tx) => {
    const comment = existing
      ? await tx.comment.update({
          where: { id: existing.id },
          data: { text: storedText, textHash: hash, version: existing.version + 1, editedAt: remote.updatedAt ?? now, lastSeenAt: now },
        })
      : await tx.comment.create({
          data: {
            accountId: account.id,
            platform: account.platform,
            externalId: remote.externalId,
            postId: remote.postId,
            parentId: remote.parentId ?? null,
            authorId: remote.authorId ?? null,
            authorName: remote.authorName ?? null,
            authorIsOwner,
            text: storedText,
            textHash: hash,
            publishedAt: remote.publishedAt,
            platformState: remote.state ?? 'visible',
          },
        });
    const row = await tx.decision.create({
      data: {
        commentId: comment.id,
        version: comment.version,
        ruleSetVersion: decision.ruleSetVersion,
        matchedRules: toJson(decision.matches.map((m) => ({ id: m.ruleId, categories: m.categories, action: m.action, reason: m.reason, spans: m.spans }))),
        categories: decision.categories,
        action: decision.action,
        evidence: toJson({ scores: decision.scores, pii: decision.pii.map(({ type, start, end, validated, confidence }) => ({ type, start, end, validated, confidence })) }),
        dryRun,
        routing: routingKinds.length ? 'pending' : null,
      },
    });
    // A newer version supersedes what was planned for an older one and not yet sent.
    if (existing) {
      await tx.platformAction.updateMany({
        where: { commentId: comment.id, status: 'pending', requestedBy: 'system', kind: { not: 'reply' } },
        data: { status: 'skipped', lastError: `v${comment.version} ile geçersiz kaldı`, finishedAt: now },
      });
    }
    if (kind && !dryRun) {
      await tx.platformAction.create({
        data: {
          commentId: comment.id,
          decisionId: row.id,
          kind,
          idempotencyKey: `${comment.id}:v${comment.version}:${kind}`,
        },
      });
    }
    if (decision.action === 'review') {
      await tx.reviewItem.create({
        data: { commentId: comment.id, decisionId: row.id, reason: decision.matches.map((m) => m.reason).join('; ') || 'inceleme' },
      });
    }
    await audit(tx, {
      actor: deps.actor,
      action: `comment.decide`,
      entityType: 'comment',
      entityId: comment.id,
      data: {
        version: comment.version,
        action: decision.action,
        categories: decision.categories,
        rules: decision.matches.map((m) => m.ruleId),
        ruleSetVersion: decision.ruleSetVersion,
        platformAction: dryRun ? null : kind,
        dryRun,
      },
    });
    return { commentId: comment.id, decisionId: row.id };
  });

  if (routingKinds.length && deps.tickets) await routeDecision(deps, result.decisionId).catch(() => undefined);
  return { commentId: result.commentId, decided: true, decision, ...(kind ? { actionKind: kind } : {}) };
}

/**
 * Opens (or joins) the ticket for a decision marked for routing. Safe to call again: the routing module
 * keeps one ticket per comment, and the decision is marked done only after the ticket exists.
 */
export async function routeDecision(deps: ModerationDeps, decisionId: string): Promise<void> {
  if (!deps.tickets) return;
  const d = await deps.prisma.decision.findUnique({
    where: { id: decisionId },
    include: { comment: { include: { account: { select: { unitId: true } } } } },
  });
  if (!d || d.routing !== 'pending') return;
  const categories = d.categories as string[];
  const kind: RoutingCategory = categories.includes('complaint') ? 'complaint' : 'request';
  try {
    await deps.tickets.openTicket({
      commentId: d.commentId,
      accountUnitId: d.comment.account.unitId,
      platform: d.comment.platform,
      authorId: d.comment.authorId,
      kind,
      redactedText: d.comment.text,
      priority: decisionPriority(categories, d.comment.text) ?? 'normal',
    });
    await deps.prisma.decision.update({ where: { id: d.id }, data: { routing: 'done' } });
  } catch (err) {
    deps.logger.warn({ err, decisionId }, 'bilet açılamadı; daha sonra yeniden denenecek');
    throw err;
  }
}

/** Retries routing for decisions whose ticket could not be created earlier. */
export async function routePending(deps: ModerationDeps, limit = 50): Promise<number> {
  if (!deps.tickets) return 0;
  const pending = await deps.prisma.decision.findMany({ where: { routing: 'pending' }, select: { id: true }, take: limit, orderBy: { createdAt: 'asc' } });
  let done = 0;
  for (const p of pending) {
    try {
      await routeDecision(deps, p.id);
      done += 1;
    } catch {
      // logged in routeDecision; stays pending
    }
  }
  return done;
}
