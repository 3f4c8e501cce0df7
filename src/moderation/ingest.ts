import { createHash } from 'node:crypto';
import type { Account } from '../db/generated/sqlite/client.js';
import { BULK_TX, newId, Sql, type RawRunner } from '../db/bulk-sql.js';
import type { Capabilities, RemoteComment } from '../platforms/contract.js';
import { decisionPriority } from '../routing/priority.js';
import { ROUTING_CATEGORIES, type Decision, type Platform, type RoutingCategory } from '../rules/types.js';
import { scrub, scrubString } from '../logging/scrub.js';
import { storableText } from '../text/storable.js';
import type { ModerationDeps } from './deps.js';
import { platformKindFor, restoreKindFor, type PlatformState } from './plan.js';
import { COLUMNS } from './ingest-columns.js';
import { yieldTurn } from './turns.js';

export interface IngestOutcome {
  commentId: string;
  externalId: string;
  /** false when this version of the comment was already decided (a repeat in a poll window). */
  decided: boolean;
  decision?: Decision;
  actionKind?: string;
}

export type IngestAccount = Pick<Account, 'id' | 'platform' | 'externalId' | 'unitId' | 'dryRun'>;

/** Counts the SQL statements ingest sends (for `worker bench`); optional. */
export interface IngestMetrics {
  statements: number;
  comments: number;
}

/** Work to do in the same transaction as a page's rows (the poll's cursor, on its last page). */
export type PageFinisher = (tx: RawRunner & Pick<ModerationDeps['prisma'], 'account' | 'comment'>) => Promise<number>;

/** sha256 of the stored-form text (before redaction): detects edits without keeping the original. */
export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Judging runs in slices of at most this long before letting timers and I/O run. */
const SLICE_MS = 15;
/** Lets the event loop run timers and I/O (one waiting flow per turn, see turns.ts). */
export const yieldToLoop = yieldTurn;

/** The text fields of a comment as they may be stored (see storableText). */
export function storable(remote: RemoteComment): RemoteComment {
  const text = storableText(remote.text);
  const authorName = remote.authorName === undefined ? undefined : storableText(remote.authorName);
  if (text === remote.text && authorName === remote.authorName) return remote;
  return { ...remote, text, ...(authorName !== undefined ? { authorName } : {}) };
}

interface Planned {
  remote: RemoteComment;
  existing?: { id: string; version: number; platformState: string };
  commentId: string;
  version: number;
  hash: string;
  decision: Decision;
  kind: string | null;
  routing: boolean;
}

/**
 * Records one page of comments as read from the platform and decides each new or changed version
 * once. The page is judged in memory, the rows it already has are found with one query, and then
 * comments, decisions, platform actions, review items and audit rows are written with one multi-row
 * statement each, in one transaction, with `finish` (the cursor) in the same transaction. Exactly once
 * rests on the unique keys (comment per account, decision per version, action per idempotency key):
 * a row another worker wrote first is skipped, and nothing is derived from it. Nothing is sent to the
 * platform here: the executor claims the pending actions, and the routing queue the decisions marked
 * for a ticket.
 */
export async function ingestPage(
  deps: ModerationDeps,
  account: IngestAccount,
  caps: Capabilities,
  page: readonly RemoteComment[],
  opts: { finish?: PageFinisher; metrics?: IngestMetrics } = {},
): Promise<IngestOutcome[]> {
  const { prisma } = deps;
  const sql = new Sql(deps.config.dbProvider);
  const metrics = opts.metrics;
  const count = (): void => {
    if (metrics) metrics.statements += 1;
  };
  const now = deps.now?.() ?? new Date();
  // The last copy of a comment in the page wins (a poll may list a comment twice across pages).
  const byId = new Map<string, RemoteComment>();
  for (const r of page) byId.set(r.externalId, storable(r));
  const remotes = [...byId.values()];
  if (metrics) metrics.comments += remotes.length;

  const existing = new Map<string, { id: string; version: number; textHash: string; platformState: string }>();
  if (remotes.length > 0) {
    count();
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; externalId: string; version: number | bigint; textHash: string; platformState: string }>>(
      `SELECT "id", "externalId", "version", "textHash", "platformState" FROM "Comment" WHERE "accountId" = ${sql.param(1)} AND "externalId" IN (${sql.inList(2, remotes.length)})`,
      account.id,
      ...remotes.map((r) => r.externalId),
    );
    for (const r of rows) existing.set(r.externalId, { id: r.id, version: Number(r.version), textHash: r.textHash, platformState: r.platformState });
  }

  const judge = deps.judge();
  const dryRun = deps.config.worker.dryRun || account.dryRun;
  const outcomes: IngestOutcome[] = [];
  const planned: Planned[] = [];
  let slice = performance.now();
  for (const remote of remotes) {
    const hash = textHash(remote.text);
    const before = existing.get(remote.externalId);
    if (before && before.textHash === hash) {
      outcomes.push({ commentId: before.id, externalId: remote.externalId, decided: false });
      continue;
    }
    if (performance.now() - slice > SLICE_MS) {
      await yieldToLoop();
      slice = performance.now();
    }
    const ownComment = !!remote.authorId && remote.authorId === account.externalId;
    const decision = judge.evaluate({
      text: remote.text,
      platform: account.platform as Platform,
      ...(remote.authorId ? { authorId: remote.authorId } : {}),
      ...(remote.authorName ? { authorName: remote.authorName } : {}),
      authorIsOwner: ownComment,
      isReply: !!remote.parentId,
    });
    const previousState = (before?.platformState ?? remote.state ?? 'visible') as PlatformState;
    let kind = platformKindFor(decision.action, caps);
    // An edit that made a removed comment acceptable restores it where the platform allows.
    if (!kind && before && (decision.action === 'allow' || decision.action === 'review')) kind = restoreKindFor(previousState, caps);
    if (kind && previousState === 'deleted') kind = null;
    planned.push({
      remote,
      ...(before ? { existing: before } : {}),
      commentId: before?.id ?? newId(),
      version: before ? before.version + 1 : 1,
      hash,
      decision,
      kind,
      // Complaints and requests are routed; so is anything urgent (a threat, self-harm, a leak), even
      // when the comment itself is hidden or held: categories never suppress each other. The account's
      // own comments (the office's public replies) are never feedback to route.
      routing:
        !ownComment &&
        (decision.categories.some((c) => (ROUTING_CATEGORIES as readonly string[]).includes(c)) ||
          decisionPriority(
            decision.categories,
            decision.redactedText,
            decision.matches.map((m) => m.ruleId),
          ) === 'urgent'),
    });
  }
  if (planned.length === 0 && !opts.finish) return outcomes;

  const written = await prisma.$transaction(async (tx) => {
    const kept = await writeComments(tx, sql, account, planned, now, count);
    const decided = await writeDecisions(tx, sql, deps, kept, dryRun, now, count);
    if (opts.finish) {
      const statements = await opts.finish(tx);
      if (metrics) metrics.statements += statements;
    }
    return decided;
  }, BULK_TX);
  for (const p of planned) {
    outcomes.push(
      written.has(p.commentId)
        ? { commentId: p.commentId, externalId: p.remote.externalId, decided: true, decision: p.decision, ...(p.kind && !dryRun ? { actionKind: p.kind } : {}) }
        : { commentId: p.commentId, externalId: p.remote.externalId, decided: false },
    );
  }
  return outcomes;
}

/** Inserts the new comments and moves the edited ones to their next version; returns those this call wrote. */
async function writeComments(tx: RawRunner, sql: Sql, account: IngestAccount, planned: Planned[], now: Date, count: () => void): Promise<Planned[]> {
  const fresh = planned.filter((p) => !p.existing);
  const inserted = await sql.insertMany<{ id: string }>(
    tx,
    'Comment',
    COLUMNS.comment,
    fresh.map((p) => ({
      id: p.commentId,
      accountId: account.id,
      platform: account.platform,
      externalId: p.remote.externalId,
      postId: p.remote.postId,
      parentId: p.remote.parentId ?? null,
      authorId: p.remote.authorId ?? null,
      authorName: p.remote.authorName ?? null,
      authorIsOwner: !!p.remote.authorId && p.remote.authorId === account.externalId,
      text: storedText(p.decision),
      textHash: p.hash,
      version: 1,
      publishedAt: p.remote.publishedAt,
      firstSeenAt: now,
      lastSeenAt: now,
      platformState: p.remote.state ?? 'visible',
    })),
    { conflict: ['accountId', 'externalId'], returning: ['id'], onStatement: count },
  );
  const ids = new Set(inserted.map((r) => r.id));
  const kept = fresh.filter((p) => ids.has(p.commentId));
  const edited = planned.filter((p) => p.existing);
  for (const p of edited) {
    // Conditional on the version read: another worker that recorded the edit first wins.
    count();
    const n = await tx.$executeRawUnsafe(
      `UPDATE "Comment" SET "text" = ${sql.param(1)}, "textHash" = ${sql.param(2)}, "version" = ${sql.param(3, 'int')}, "editedAt" = ${sql.param(4, 'ts')}, "lastSeenAt" = ${sql.param(5, 'ts')} WHERE "id" = ${sql.param(6)} AND "version" = ${sql.param(7, 'int')}`,
      storedText(p.decision),
      p.hash,
      p.version,
      sql.value(p.remote.updatedAt ?? now, 'ts'),
      sql.value(now, 'ts'),
      p.commentId,
      p.existing!.version,
    );
    if (n === 1) kept.push(p);
  }
  const moved = kept.filter((p) => p.existing).map((p) => p.commentId);
  if (moved.length > 0) {
    // A newer version supersedes what was planned for an older one and not yet sent.
    count();
    await tx.$executeRawUnsafe(
      `UPDATE "PlatformAction" SET "status" = 'skipped', "lastError" = 'yeni sürümle geçersiz kaldı', "finishedAt" = ${sql.param(1, 'ts')} WHERE "status" = 'pending' AND "requestedBy" = 'system' AND "kind" <> 'reply' AND "commentId" IN (${sql.inList(2, moved.length)})`,
      sql.value(now, 'ts'),
      ...moved,
    );
  }
  return kept;
}

/** Writes decisions, then the actions, review items and audit rows of the decisions this call wrote. */
async function writeDecisions(
  tx: RawRunner,
  sql: Sql,
  deps: ModerationDeps,
  kept: Planned[],
  dryRun: boolean,
  now: Date,
  count: () => void,
): Promise<Set<string>> {
  const decisionIds = new Map(kept.map((p) => [p.commentId, newId()]));
  const inserted = await sql.insertMany<{ commentId: string }>(
    tx,
    'Decision',
    COLUMNS.decision,
    kept.map((p) => {
      const d = p.decision;
      return {
        id: decisionIds.get(p.commentId),
        commentId: p.commentId,
        version: p.version,
        ruleSetVersion: d.ruleSetVersion,
        matchedRules: d.matches.map((m) => ({ id: m.ruleId, categories: m.categories, action: m.action, reason: m.reason, spans: m.spans })),
        categories: d.categories,
        action: d.action,
        evidence: { scores: d.scores, pii: d.pii.map(({ type, start, end, validated, confidence }) => ({ type, start, end, validated, confidence })) },
        dryRun,
        routing: p.routing ? 'pending' : null,
        createdAt: now,
      };
    }),
    { conflict: ['commentId', 'version'], returning: ['commentId'], onStatement: count },
  );
  const written = new Set(inserted.map((r) => r.commentId));
  const done = kept.filter((p) => written.has(p.commentId));
  const acting = dryRun ? [] : done.filter((p) => p.kind);
  await sql.insertMany(
    tx,
    'PlatformAction',
    COLUMNS.action,
    acting.map((p) => ({
      id: newId(),
      commentId: p.commentId,
      decisionId: decisionIds.get(p.commentId),
      kind: p.kind,
      idempotencyKey: `${p.commentId}:v${p.version}:${p.kind}`,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      requestedBy: 'system',
      createdAt: now,
    })),
    { conflict: ['idempotencyKey'], onStatement: count },
  );
  await sql.insertMany(
    tx,
    'ReviewItem',
    COLUMNS.review,
    done
      .filter((p) => p.decision.action === 'review')
      .map((p) => ({
        id: newId(),
        commentId: p.commentId,
        decisionId: decisionIds.get(p.commentId),
        reason: p.decision.matches.map((m) => m.reason).join('; ') || 'inceleme',
        status: 'open',
        createdAt: now,
      })),
    { onStatement: count },
  );
  await sql.insertMany(
    tx,
    'AuditLog',
    COLUMNS.audit,
    done.map((p) => ({
      id: newId(),
      at: now,
      actor: deps.actor,
      action: 'comment.decide',
      entityType: 'comment',
      entityId: p.commentId,
      data: scrub({
        version: p.version,
        action: p.decision.action,
        categories: p.decision.categories,
        rules: p.decision.matches.map((m) => m.ruleId),
        ruleSetVersion: p.decision.ruleSetVersion,
        platformAction: dryRun ? null : p.kind,
        dryRun,
      }),
    })),
    { onStatement: count },
  );
  return written;
}

/**
 * What is stored: the engine's redaction (validated personal data replaced by tags), and on top of it
 * anything that merely looks like a number, an address or a credential in a URL, which the detectors
 * rightly do not count as evidence but which need not be kept either.
 */
const storedText = (d: Decision): string => scrubString(d.redactedText);

/** One comment on its own (tests, tools): a page of one. */
export async function ingestComment(deps: ModerationDeps, account: IngestAccount, caps: Capabilities, remote: RemoteComment): Promise<IngestOutcome> {
  const [outcome] = await ingestPage(deps, account, caps, [remote]);
  return outcome!;
}

/** Kinds of routing a decision asks for (complaint wins over request). */
export function routingKindOf(categories: readonly string[]): RoutingCategory {
  // A plain request is a request; a complaint, or something urgent that is neither (a threat, a leak),
  // is handled as a complaint: something is wrong.
  return categories.includes('request') && !categories.includes('complaint') ? 'request' : 'complaint';
}
