import type { Config } from '../../config/index.js';
import type { Prisma } from '../../db/index.js';
import { approveMailRequest } from '../../mail/approval.js';
import { previewAnnouncement } from '../../mail/preview.js';
import { createMailRequest } from '../../mail/requests.js';
import { answerTicket, approveReply, assignTicket } from '../../tickets/index.js';
import type { Emulator } from '../emulator/server.js';
import type { EmuPlatform, FaultKind } from '../emulator/types.js';
import { CHAOS_CORPUS, CHAOS_MIX, type ChaosKind } from './corpus.js';
import type { ChaosExpectations } from './count.js';
import type { Prng } from './prng.js';
import { CHAOS_ADMIN, CHAOS_APPROVER, CHAOS_GROUP, CHAOS_REQUESTER, CHAOS_REQUEST_TIMEOUT_MS, type ChaosWorld } from './world.js';

/** What the feed did, beside the expectations it records. */
export interface FeedStats {
  commentsPosted: number;
  mailsApproved: number;
  repliesApproved: number;
  faultsInjected: number;
  /** Harness steps that failed (a database busy under the load, say); retried on the next tick. */
  feedErrors: number;
}

interface FaultPlan {
  kind: FaultKind;
  count: number;
  delayMs?: number;
  writesOnly?: boolean;
  platforms?: readonly EmuPlatform[];
}

/**
 * The faults the emulator injects, drawn at random: 5xx bursts, 429s with a short advertised reset
 * (X and YouTube: Graph's shortest pause is a minute), answers slower than the request timeout (the
 * call times out; `late` even though the platform acted), answers lost after the platform acted, and
 * connections dropped before it did.
 */
const FAULTS: readonly FaultPlan[] = [
  { kind: 'server_error', count: 3 },
  { kind: 'server_error', count: 2, writesOnly: true },
  { kind: 'rate_limit', count: 1, delayMs: 2, platforms: ['x', 'youtube'] },
  { kind: 'slow', count: 1, delayMs: CHAOS_REQUEST_TIMEOUT_MS + 1000 },
  { kind: 'late', count: 1, delayMs: CHAOS_REQUEST_TIMEOUT_MS + 1000, writesOnly: true },
  { kind: 'lost', count: 1, writesOnly: true },
  { kind: 'drop', count: 1 },
];

const X_COMMENT_EVERY_MS = 8000;

function drawKind(prng: Prng): ChaosKind {
  const total = CHAOS_MIX.reduce((n, [, w]) => n + w, 0);
  let r = prng.next() * total;
  for (const [kind, w] of CHAOS_MIX) {
    r -= w;
    if (r < 0) return kind;
  }
  return 'clean';
}

/**
 * The stream the campaign feeds while it kills: comments on the emulator, announcements requested and
 * approved, ticket answers approved as public replies (for comments left up), and faults. Every step
 * is driven by the seeded generator; what was fed is recorded as the expectation the counts check.
 */
export class ChaosFeed {
  readonly expected: ChaosExpectations = { comments: [], mails: [], replies: [] };
  readonly stats: FeedStats = { commentsPosted: 0, mailsApproved: 0, repliesApproved: 0, faultsInjected: 0, feedErrors: 0 };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Set<string>();
  private readonly replied = new Set<string>();
  /** The first few feed errors, for the report. */
  readonly errorSamples: string[] = [];
  private mailNo = 0;
  private lastX = 0;

  constructor(
    private readonly world: ChaosWorld,
    private readonly prng: Prng,
  ) {}

  private get prisma(): Prisma {
    return this.world.db.prisma;
  }

  private get config(): Config {
    return this.world.config;
  }

  private get emulator(): Emulator {
    return this.world.emulator;
  }

  start(): void {
    this.every('comment', 700, () => this.postComment());
    this.every('fault', 1200, () => this.injectFault());
    this.every('mail', 4000, () => this.approveMail());
    this.every('reply', 2500, () => this.approveOneReply());
  }

  /** Stops feeding and lifts every fault still waiting (the platforms recover). */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.emulator.state.clearFaults();
  }

  private every(name: string, ms: number, step: () => Promise<void> | void): void {
    this.timers.push(
      setInterval(() => {
        if (this.busy.has(name)) return;
        this.busy.add(name);
        void Promise.resolve()
          .then(step)
          .catch((err: unknown) => {
            this.stats.feedErrors += 1;
            if (this.errorSamples.length < 5) this.errorSamples.push(`${name}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300));
          })
          .finally(() => this.busy.delete(name));
      }, ms),
    );
  }

  postComment(): void {
    // X allows 50 hides per 15 minutes: at one comment every 8 s at most, its removals stay under that
    // and the campaign never waits out X's window (which is the limit working, not a fault).
    const xDue = Date.now() - this.lastX >= X_COMMENT_EVERY_MS;
    const target = this.prng.pick(this.world.posts.filter((p) => p.platform !== 'x' || xDue));
    if (target.platform === 'x') this.lastX = Date.now();
    const text = this.prng.pick(CHAOS_CORPUS[drawKind(this.prng)]);
    const c = this.emulator.state.addComment({ platform: target.platform, postId: target.postId, text, authorName: `takipci${this.stats.commentsPosted + 1}` });
    this.expected.comments.push({ platform: target.platform, id: c.id });
    this.stats.commentsPosted += 1;
  }

  private injectFault(): void {
    const plan = this.prng.pick(FAULTS);
    const platform = this.prng.pick(plan.platforms ?? this.world.posts.map((p) => p.platform));
    // Faults wait for the platform's next request; while an account backs off they would pile up into
    // one endless outage. At most two wait per platform.
    if (this.emulator.state.faults.filter((f) => f.platform === platform).length >= 2) return;
    this.emulator.state.addFault(platform, plan.kind, plan.count, plan.delayMs, { writesOnly: !!plan.writesOnly });
    this.stats.faultsInjected += 1;
  }

  /** A unit's announcement to the campaign's group, previewed and approved (frozen recipients). */
  private async approveMail(): Promise<void> {
    this.mailNo += 1;
    const req = await createMailRequest(this.prisma, this.config, {
      unit: 'sks',
      subject: `Kampüs duyurusu ${this.mailNo}`,
      body: `Değerli öğrencilerimiz,\n\nBu hafta kampüste yapılacak etkinliklerin ${this.mailNo}. duyurusudur.`,
      groups: [CHAOS_GROUP],
      replyTo: 'sks@universite.edu.tr',
      purpose: 'bilgilendirme',
      by: CHAOS_REQUESTER,
    });
    const preview = await previewAnnouncement(this.prisma, this.config, req.id);
    await approveMailRequest(this.prisma, this.config, req.id, { by: CHAOS_APPROVER, hash: preview?.hash });
    this.expected.mails.push({ requestId: req.id, recipients: this.world.recipients });
    this.stats.mailsApproved += 1;
  }

  /**
   * Answers one open ticket whose comment was left up and approves the answer as a public reply
   * under it: the worker posts it (once) while the campaign kills it.
   */
  async approveOneReply(): Promise<void> {
    const link = await this.prisma.ticketComment.findFirst({
      where: { ticket: { status: 'open' }, comment: { platformState: 'visible', decisions: { some: { action: 'allow' } } } },
      select: { ticketId: true, comment: { select: { platform: true, externalId: true } } },
      orderBy: { createdAt: 'asc' },
    });
    if (!link || this.replied.has(link.ticketId)) return;
    this.replied.add(link.ticketId);
    await assignTicket(this.prisma, link.ticketId, { by: CHAOS_ADMIN, to: CHAOS_ADMIN });
    await answerTicket(this.prisma, link.ticketId, {
      by: CHAOS_ADMIN,
      text: 'Merhaba, bildiriminiz ilgili birimimize iletildi; en kısa sürede dönüş yapılacaktır.',
    });
    await approveReply(this.prisma, link.ticketId, { by: CHAOS_ADMIN });
    this.expected.replies.push({ platform: link.comment.platform as EmuPlatform, commentId: link.comment.externalId });
    this.stats.repliesApproved += 1;
  }
}
