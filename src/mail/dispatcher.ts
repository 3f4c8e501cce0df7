import type { Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import { claimBatch, extendClaim, releaseClaim, type ClaimedMessage } from './claim.js';
import { backoffMs } from '../core/backoff.js';
import { RateLimiter } from './limiter.js';
import { buildMessage, type MessageExtras } from './message.js';
import { PartsCache } from './parts.js';
import { unsubscribeTokenFor } from './suppression.js';
import { suppressedAmong } from './sending.js';
import { recordFailure, recordInterrupted, recordSentWithRetry, type RecordOutcome } from './record.js';
import { finalizeRequests, prepareApprovedRequests } from './sending.js';
import { classifySmtpError, createMailTransport } from './transport.js';

export interface DispatcherDeps {
  prisma: Prisma;
  config: Config;
  logger: Logger;
  /** Defaults to the pooled SMTP transport built from the configuration (closed by `close()`). */
  transport?: Transporter;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * How long a claim holds without a heartbeat (default 30 s). The live dispatcher renews it every
   * third of that while its batch runs, so this is how soon a dead worker's rows are taken again.
   */
  lockMs?: number;
  /** Cap of the backoff while the SMTP server is unreachable (default 15 s): resumes soon after it is back. */
  outageCapMs?: number;
  /** Rows claimed per round (default: ~20 s of sending at the configured rate, 10–200). */
  batchSize?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Pause between rounds of `start()` when nothing is due (default 1 s). */
  idleMs?: number;
  /** Waits before each retry of a failed write of a server acceptance (default 0.2 s, 1 s, 5 s). */
  recordRetryMs?: readonly number[];
}

export interface DispatchResult {
  sent: number;
  failed: number;
  retried: number;
}

/**
 * Sends every due outbox row of any kind, exactly once per committed success:
 * 1. rows are claimed (`pending → sending`, `lockedBy` = a token of this claim, `lockedUntil`) and
 *    the claim is committed;
 * 2. only then is the message handed to SMTP, with a Message-ID derived from the row id;
 * 3. the server's answer is recorded (`sent` + Delivery) right after it arrives, only while the claim
 *    still holds (`status = 'sending'`, `lockedBy` = the token), so a worker whose lock expired never
 *    overwrites the row of the worker that took it over. A failed write of an acceptance is retried
 *    (`recordRetryMs`) before it is given up.
 * Rows of a batch that were never handed to SMTP are released when the batch ends, also when it fails.
 * While a batch runs, a heartbeat pushes `lockedUntil` forward every third of `lockMs` (default 30 s),
 * so a live dispatcher keeps its rows however slow the server is, and a dead one's rows are taken again
 * by another worker within `lockMs`. Such a row has no recorded acceptance, so it is sent again with
 * the same Message-ID. A duplicate is therefore possible only when an acceptance is not committed:
 * a crash between the server's "250 OK" and the commit of step 3, or a database that refuses that
 * write through every retry. The stable Message-ID lets mail systems recognise such a copy. A
 * recorded success is never sent again, and no row is ever dropped. An unreachable server is tried
 * again at most `outageCapMs` (15 s) later, so delivery resumes soon after it is back.
 * Work is done in bounded batches (memory stays flat), rate-limited to `mail.ratePerSecond` over
 * `mail.poolSize` concurrent sends. An unreachable server puts the batch back with backoff; the
 * dispatcher itself never throws out of `start()`.
 */
export class MailDispatcher {
  private readonly prisma: Prisma;
  private readonly config: Config;
  private readonly log: Logger;
  private readonly transport: Transporter;
  private readonly ownsTransport: boolean;
  private readonly now: () => Date;
  private readonly limiter: RateLimiter;
  private readonly lockMs: number;
  private readonly batchSize: number;
  private readonly backoffBase: number;
  private readonly backoffCap: number;
  private readonly outageCap: number;
  private readonly parts: PartsCache;
  private readonly idleMs: number;
  private readonly recordRetryMs: readonly number[];
  private outages = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private current: Promise<DispatchResult> | undefined;
  private wake: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(deps: DispatcherDeps) {
    this.prisma = deps.prisma;
    this.config = deps.config;
    this.log = deps.logger.child({ component: 'mail-dispatcher' });
    this.ownsTransport = !deps.transport;
    this.transport = deps.transport ?? createMailTransport(deps.config);
    this.now = deps.now ?? (() => new Date());
    this.limiter = new RateLimiter(deps.config.mail.ratePerSecond);
    this.lockMs = deps.lockMs ?? 30_000;
    this.batchSize = deps.batchSize ?? Math.min(200, Math.max(10, Math.ceil(deps.config.mail.ratePerSecond * 20)));
    this.backoffBase = deps.backoffBaseMs ?? 5_000;
    this.backoffCap = deps.backoffCapMs ?? 15 * 60_000;
    this.outageCap = deps.outageCapMs ?? 15_000;
    this.parts = new PartsCache(deps.prisma, deps.config);
    this.idleMs = deps.idleMs ?? 1_000;
    this.recordRetryMs = deps.recordRetryMs ?? [200, 1_000, 5_000];
  }

  /** One pass: starts approved requests, sends everything due now, finalises finished requests. */
  runOnce(): Promise<DispatchResult> {
    const run = (this.current ?? Promise.resolve(undefined)).catch(() => undefined).then(() => this.pass());
    this.current = run;
    return run;
  }

  /** Runs passes continuously until `close()`. */
  start(): void {
    if (this.loop || this.stopping) return;
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.runOnce();
        } catch (err) {
          this.log.error({ err }, 'e-posta gönderim turu başarısız; yeniden denenecek');
        }
        if (this.stopping) break;
        await new Promise<void>((r) => {
          const t = setTimeout(r, this.idleMs);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    })();
  }

  /** Stops taking rows, gives unsent claimed rows back, waits for in-flight sends. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.stopping = true;
      this.wake?.();
      await this.loop;
      await this.current?.catch(() => undefined);
      if (this.ownsTransport) this.transport.close();
    })());
  }

  private async pass(): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, failed: 0, retried: 0 };
    await prepareApprovedRequests(this.prisma, this.config, this.log);
    while (!this.stopping) {
      const { token, rows, candidates } = await claimBatch(this.prisma, {
        owner: this.config.workerId,
        now: this.now(),
        lockMs: this.lockMs,
        limit: this.batchSize,
      });
      if (candidates === 0) break;
      if (rows.length === 0) continue; // another worker took them; look again
      const handed = new Set<string>();
      let unavailable: Date | undefined;
      let ok = false;
      // Renew at once (the claim's clock was read before its queries), then every third of the lease.
      await extendClaim(this.prisma, token, new Date(this.now().getTime() + this.lockMs));
      const heartbeat = setInterval(
        () => {
          extendClaim(this.prisma, token, new Date(this.now().getTime() + this.lockMs)).catch((err: unknown) =>
            this.log.warn({ err }, 'e-posta kilidi uzatılamadı; bir sonraki vuruşta yeniden denenecek'),
          );
        },
        Math.max(50, Math.floor(this.lockMs / 3)),
      );
      try {
        unavailable = await this.sendBatch(rows, handed, result);
        ok = true;
      } finally {
        clearInterval(heartbeat);
        // Rows never handed to SMTP go back; sent rows whose record failed keep the claim until it expires.
        const unsent = rows.filter((r) => !handed.has(r.id)).map((r) => r.id);
        try {
          const left = await releaseClaim(this.prisma, token, unsent, unavailable ?? this.now(), unavailable ? 'SMTP sunucusuna ulaşılamadı' : undefined);
          if (unavailable) result.retried += left;
        } catch (err) {
          // The batch itself went through, so this failure is the one to report.
          // eslint-disable-next-line no-unsafe-finally
          if (ok) throw err;
          this.log.error({ err }, 'gönderilmemiş e-postalar geri bırakılamadı; kilit süresi dolunca yeniden alınacak');
        }
      }
      if (unavailable) break;
    }
    await finalizeRequests(this.prisma, this.log);
    return result;
  }

  /**
   * Sends a claimed batch over `poolSize` lanes. A lane waits for the database write of one result
   * before its next SMTP send, so a crash leaves at most one accepted-but-unrecorded message per lane
   * (the only way a recipient can get a mail twice); the first error (of a lane or a write) is thrown
   * once every lane and write has settled. Ids of rows
   * handed to SMTP are added to `handed`. Returns the retry time when the server is unreachable.
   */
  private async sendBatch(rows: ClaimedMessage[], handed: Set<string>, result: DispatchResult): Promise<Date | undefined> {
    let next = 0;
    let unavailable: Date | undefined;
    let broken = false;
    const writes: Array<Promise<void>> = [];
    // Suppressed addresses (hard bounce; unsubscribed from this announcement's list) are not sent to,
    // also when they were queued before the bounce or the unsubscribe.
    const blocked = await this.blockedIn(rows);
    const lane = async (): Promise<void> => {
      let previous: Promise<void> | undefined;
      while (!this.stopping && !unavailable && !broken) {
        // At most one accepted-but-unrecorded message per lane: the record of the last send is
        // committed before the next send starts, which bounds what a crash can duplicate.
        if (previous) {
          try {
            await previous;
          } catch {
            return; // surfaced by allSettled below
          }
        }
        const row = rows[next++];
        if (!row) return;
        await this.limiter.take();
        if (this.stopping || unavailable || broken) return; // the row stays claimed; releaseClaim gives it back
        const { outcome, write } = blocked.has(row.id) ? this.skipBlocked(row, handed, blocked.get(row.id)!) : await this.sendOne(row, handed);
        write.catch(() => undefined); // surfaced by allSettled below; avoids an unhandled-rejection warning meanwhile
        writes.push(write);
        previous = write;
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'failed') result.failed++;
        else {
          result.retried++;
          if (outcome instanceof Date) unavailable ??= outcome;
        }
      }
    };
    const failFast = (): Promise<void> =>
      lane().catch((err: unknown) => {
        broken = true; // the other lanes stop before their next send
        throw err;
      });
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(this.config.mail.poolSize, rows.length) }, failFast));
    const settled = await Promise.allSettled(writes);
    const bad = [...lanes, ...settled].find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (bad) throw bad.reason;
    return unavailable;
  }

  /** One SMTP attempt; resolves once the server answered, with the pending database write. */
  private async sendOne(row: ClaimedMessage, handed: Set<string>): Promise<{ outcome: 'sent' | 'failed' | 'retry' | Date; write: Promise<void> }> {
    const attempt = row.attempts + 1;
    if (row.recovered) await recordInterrupted(this.prisma, row.id, row.attempts);
    let msg;
    try {
      msg = buildMessage(row, this.config, await this.extrasFor(row));
    } catch (err) {
      // An announcement whose documents cannot be loaded intact is not sent: failed, with the reason.
      handed.add(row.id);
      const failure = { kind: 'permanent' as const, response: `ileti hazırlanamadı: ${err instanceof Error ? err.message : String(err)}` };
      this.log.error({ outboxId: row.id, err }, 'e-posta hazırlanamadı');
      const write = recordFailure(this.prisma, row, attempt, failure, { maxAttempts: this.config.mail.maxAttempts, retryAt: this.now() }).then((r) =>
        this.noteLost(row, r),
      );
      return { outcome: 'failed', write };
    }
    let info: { response?: unknown };
    try {
      handed.add(row.id);
      info = (await this.transport.sendMail(msg)) as { response?: unknown };
    } catch (err) {
      const failure = classifySmtpError(err);
      // An unreachable server is probed again at most `outageCap` later, however long it has been down.
      const wait =
        failure.kind === 'unavailable'
          ? backoffMs(++this.outages, Math.min(this.backoffBase, this.outageCap), this.outageCap)
          : backoffMs(attempt, this.backoffBase, this.backoffCap);
      const retryAt = new Date(this.now().getTime() + wait);
      const final = failure.kind === 'permanent' || (failure.kind === 'temporary' && attempt >= this.config.mail.maxAttempts);
      this.log.warn({ outboxId: row.id, kind: failure.kind, code: failure.code, attempt }, 'e-posta gönderilemedi');
      const write = recordFailure(this.prisma, row, attempt, failure, { maxAttempts: this.config.mail.maxAttempts, retryAt }).then((r) =>
        this.noteLost(row, r),
      );
      if (final) return { outcome: 'failed', write };
      return { outcome: failure.kind === 'unavailable' ? retryAt : 'retry', write };
    }
    this.outages = 0;
    const write = recordSentWithRetry(this.prisma, row, attempt, msg.messageId, String(info.response ?? ''), this.now(), {
      delaysMs: this.recordRetryMs,
      onRetry: (err, n) => this.log.warn({ err, outboxId: row.id, retry: n }, 'sunucu kabulü kaydedilemedi; yeniden deneniyor'),
    }).then(
      (r) => this.noteLost(row, r),
      (err: unknown) => {
        this.log.error({ err, outboxId: row.id }, 'sunucu kabulü kaydedilemedi; kilit süresi dolunca aynı Message-ID ile yeniden gönderilecek');
        throw err;
      },
    );
    return { outcome: 'sent', write };
  }

  /** The documents, list headers and per-recipient unsubscribe link of an announcement row. */
  private async extrasFor(row: ClaimedMessage): Promise<MessageExtras> {
    if (row.kind !== 'announcement' || !row.mailRequestId) return {};
    const parts = await this.parts.get(row.mailRequestId);
    const base = this.config.mail.unsubscribeUrl;
    let unsubscribeUrl: string | undefined;
    if (parts.listScope && base) {
      const token = await unsubscribeTokenFor(this.prisma, row.toAddress, parts.listScope);
      unsubscribeUrl = `${base}${base.includes('?') ? '&' : '?'}t=${token}`;
    }
    return { attachments: parts.attachments, ...(parts.listScope ? { list: { scope: parts.listScope, unsubscribeUrl } } : {}) };
  }

  /** Rows of the batch whose address is suppressed, with the reason. */
  private async blockedIn(rows: readonly ClaimedMessage[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byScopes = new Map<string, ClaimedMessage[]>();
    for (const r of rows) {
      const scopes = r.kind === 'announcement' && r.mailRequestId ? ((await this.parts.get(r.mailRequestId).catch(() => undefined))?.groups ?? []) : [];
      const key = JSON.stringify(scopes);
      byScopes.set(key, [...(byScopes.get(key) ?? []), r]);
    }
    for (const [key, list] of byScopes) {
      const blocked = await suppressedAmong(
        this.prisma,
        list.map((r) => r.toAddress),
        JSON.parse(key) as string[],
      );
      for (const r of list)
        if (blocked.has(r.toAddress.toLowerCase())) out.set(r.id, 'adres engelli (kalıcı geri dönüş ya da abonelikten çıkma); gönderilmedi');
    }
    return out;
  }

  private skipBlocked(row: ClaimedMessage, handed: Set<string>, reason: string): { outcome: 'failed'; write: Promise<void> } {
    handed.add(row.id);
    const write = recordFailure(this.prisma, row, row.attempts + 1, { kind: 'permanent', response: reason }, { maxAttempts: 1, retryAt: this.now() }).then(
      (r) => this.noteLost(row, r),
    );
    return { outcome: 'failed', write };
  }

  private noteLost(row: ClaimedMessage, r: RecordOutcome): void {
    if (r === 'claim-lost') this.log.warn({ outboxId: row.id }, 'kilit süresi dolmuş, satır başka bir çalışanda; sonuç yalnızca teslim geçmişine yazıldı');
  }
}
