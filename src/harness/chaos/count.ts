import type { Prisma } from '../../db/index.js';
import { institutionDomain, messageIdFor } from '../../mail/message.js';
import type { Config } from '../../config/index.js';
import type { EmulatorState } from '../emulator/state.js';
import type { EmuMutation, EmuPlatform } from '../emulator/types.js';
import type { SmtpSink } from '../smtp-sink.js';

/** What the campaign fed in, as the harness knows it (never read back from bekci's database). */
export interface ChaosExpectations {
  /** Comments posted on the emulator: platform and platform id. */
  comments: Array<{ platform: EmuPlatform; id: string }>;
  /** Announcements approved: request id and the addresses of its recipients at approval. */
  mails: Array<{ requestId: string; recipients: string[] }>;
  /** Comments whose ticket answer was approved as a public reply (one reply each expected). */
  replies: Array<{ platform: EmuPlatform; commentId: string }>;
}

/** The invariants the campaign checks. Every count is 0 in a healthy run except `mailsDuplicated` (≤ kills inside a send). */
export interface ChaosCounts {
  commentsMissed: number;
  /** Missed comments per platform (only platforms with some). */
  missedByPlatform: Record<string, number>;
  actionsRepeated: number;
  idempotentRepeats: number;
  ticketsExpected: number;
  ticketsMissing: number;
  ticketsDuplicated: number;
  mailsExpected: number;
  mailsMissing: number;
  mailsDuplicated: number;
  repliesExpected: number;
  repliesMissing: number;
}

const MODERATION_OPS = new Set(['hide', 'unhide', 'delete', 'hold', 'publish', 'reject', 'reply']);

/**
 * Repeated changes in the emulator's record, for the posted comments only: the same change (hide,
 * delete, hold, reply, …) applied to the same comment more than once. X hides (and unhides) are
 * idempotent there and X cannot report a reply's hidden state, so those go to `idempotentRepeats`.
 * `applied` holds `platform:op:target` of every change seen.
 */
export function countRepeats(
  mutations: readonly EmuMutation[],
  posted: ReadonlySet<string>,
): { actionsRepeated: number; idempotentRepeats: number; applied: Map<string, number> } {
  let actionsRepeated = 0;
  let idempotentRepeats = 0;
  const applied = new Map<string, number>();
  for (const m of mutations) {
    if (!MODERATION_OPS.has(m.op) || !posted.has(`${m.platform}:${m.target}`)) continue;
    const key = `${m.platform}:${m.op}:${m.target}`;
    const n = (applied.get(key) ?? 0) + 1;
    applied.set(key, n);
    if (n < 2) continue;
    if (m.platform === 'x' && (m.op === 'hide' || m.op === 'unhide')) idempotentRepeats += 1;
    else actionsRepeated += 1;
  }
  return { actionsRepeated, idempotentRepeats, applied };
}

/**
 * Counts after the campaign settled. Repeats are counted from the emulator's record of changes it
 * applied (a repeat is the same change to the same comment more than once); X hides are idempotent on
 * the platform, and X cannot report whether a reply is hidden, so those repeats are counted apart.
 * Tickets are expected where the rule engine's stored decision asked for routing; mails are counted
 * at the SMTP sink by Message-ID and by (announcement, recipient).
 */
export async function countChaos(
  deps: { prisma: Prisma; config: Config; emulator: EmulatorState; sink: SmtpSink },
  exp: ChaosExpectations,
): Promise<ChaosCounts> {
  const { prisma } = deps;
  const posted = new Set(exp.comments.map((c) => `${c.platform}:${c.id}`));

  // Comments: each posted comment stored and judged at least once.
  const stored = await prisma.comment.findMany({
    select: { id: true, platform: true, externalId: true, _count: { select: { decisions: true } } },
  });
  const judged = new Set(stored.filter((c) => c._count.decisions > 0).map((c) => `${c.platform}:${c.externalId}`));
  const missed = [...posted].filter((k) => !judged.has(k));
  const commentsMissed = missed.length;
  const missedByPlatform: Record<string, number> = {};
  for (const k of missed) missedByPlatform[k.split(':')[0]!] = (missedByPlatform[k.split(':')[0]!] ?? 0) + 1;

  // Actions: the same change applied to the same posted comment more than once.
  const { actionsRepeated, idempotentRepeats, applied } = countRepeats(deps.emulator.mutations, posted);
  const repliesMissing = exp.replies.filter((r) => !applied.has(`${r.platform}:reply:${r.commentId}`)).length;

  // Tickets: one per comment whose latest decision asked for routing.
  const byKey = new Map(stored.map((c) => [`${c.platform}:${c.externalId}`, c.id]));
  const postedIds = [...posted].map((k) => byKey.get(k)).filter((id): id is string => !!id);
  const decisions = await prisma.decision.findMany({
    where: { commentId: { in: postedIds } },
    select: { commentId: true, version: true, routing: true },
    orderBy: { version: 'asc' },
  });
  const latest = new Map<string, string | null>();
  for (const d of decisions) latest.set(d.commentId, d.routing);
  const wanted = [...latest].filter(([, routing]) => routing !== null).map(([id]) => id);
  const links = await prisma.ticketComment.findMany({ where: { commentId: { in: postedIds } }, select: { commentId: true, ticketId: true } });
  const linked = new Map(links.map((l) => [l.commentId, l.ticketId]));
  const ticketsMissing = wanted.filter((id) => !linked.has(id)).length;
  const ticketCount = await prisma.ticket.count();
  const ticketsDuplicated = Math.max(0, ticketCount - new Set(links.map((l) => l.ticketId)).size);

  // Mails: every outbox row arrives once (by its Message-ID), every approved recipient gets the
  // announcement once (by request and address).
  const domain = institutionDomain(deps.config.mail);
  const rows = await prisma.outboxMessage.findMany({ select: { id: true, mailRequestId: true, toAddress: true } });
  const arrivals = deps.sink.byMessageId;
  let mailsMissing = 0;
  let mailsDuplicated = 0;
  const perPair = new Map<string, number>();
  for (const row of rows) {
    const n = arrivals.get(messageIdFor(row.id, domain)) ?? 0;
    if (n === 0) mailsMissing += 1;
    mailsDuplicated += Math.max(0, n - 1);
    if (row.mailRequestId && n > 0) {
      const pair = `${row.mailRequestId}:${row.toAddress.toLowerCase()}`;
      perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
    }
  }
  let mailsExpected = rows.length;
  const queued = new Set(rows.filter((r) => r.mailRequestId).map((r) => `${r.mailRequestId}:${r.toAddress.toLowerCase()}`));
  for (const m of exp.mails) {
    for (const to of m.recipients) {
      const n = perPair.get(`${m.requestId}:${to.toLowerCase()}`) ?? 0;
      // A recipient without any row is missing too (the announcement never reached the outbox for them).
      if (n === 0 && !queued.has(`${m.requestId}:${to.toLowerCase()}`)) {
        mailsMissing += 1;
        mailsExpected += 1;
      }
      mailsDuplicated += Math.max(0, n - 1);
    }
  }
  return {
    commentsMissed,
    missedByPlatform,
    actionsRepeated,
    idempotentRepeats,
    ticketsExpected: wanted.length,
    ticketsMissing,
    ticketsDuplicated,
    mailsExpected,
    mailsMissing,
    mailsDuplicated,
    repliesExpected: exp.replies.length,
    repliesMissing,
  };
}
