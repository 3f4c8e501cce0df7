import { rmSync } from 'node:fs';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logging/logger.js';
import { platformKindFor, stateAfter } from '../../moderation/plan.js';
import type { EmuComment } from '../emulator/types.js';
import { sqlitePath } from '../../db/client.js';
import { startHarness, type Harness } from './harness.js';
import { runMailDemo, type MailDemoReport } from './mail-demo.js';
import type { SampleComment } from './sample.js';

export interface DemoReport {
  comments: Array<{
    platform: string;
    text: string;
    categories: string[];
    action: string;
    platformState: string;
    expected?: string;
    expectedState?: string;
    /** The ticket the comment ended on (its directorate and priority), or null. */
    ticket: { number: number; directorate: string; priority: string } | null;
    /** What the sample says about tickets: a directorate id, true (some ticket) or false (none). */
    expectedTicket?: string | boolean;
  }>;
  apiCalls: Record<string, number>;
  latencyMs: { p50: number; p95: number };
  tickets: Array<{ number: number; directorate: string; kind: string; priority: string; summary: string }>;
  mails: Array<{ to: string; subject: string }>;
  /** An announcement with an attachment going out; a ticket answered by replying to its mail. */
  mail: MailDemoReport;
  allHandled: boolean;
  allAsExpected: boolean;
  seconds: number;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the whole product locally: the emulator with one account per platform, the worker on a fresh
 * embedded SQLite database with the default rules, an SMTP sink for ticket notifications. Comments are
 * posted over time; the run ends when every one is decided, acted on and routed, or at `durationSec`.
 */
export async function runDemo(opts: {
  base: Config;
  logger: Logger;
  comments: SampleComment[];
  durationSec: number;
  dbUrl: string;
  /** Runs with the report while the demo's world (database, emulator, worker) is still up (`demo --web`). */
  keepServing?: (report: DemoReport, h: Harness) => Promise<void>;
}): Promise<DemoReport> {
  const started = Date.now();
  if (opts.dbUrl.startsWith('file:')) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath(opts.dbUrl) + suffix, { force: true });
  }
  const h = await startHarness({
    base: opts.base,
    logger: opts.logger,
    dbUrl: opts.dbUrl,
    pollIntervalSec: 1,
    tickCron: '* * * * * *',
    smtp: true,
    workerId: 'demo',
  });
  try {
    h.runtime.start();
    const posted: Array<{ sample: SampleComment; emu: EmuComment }> = [];
    const spread = Math.min(300, (opts.durationSec * 1000) / 4 / Math.max(1, opts.comments.length));
    for (const sample of opts.comments) {
      posted.push({ sample, emu: h.post(sample.platform, sample.text, sample.author) });
      await sleep(spread);
    }
    const deadline = started + opts.durationSec * 1000;
    const ids = posted.map((p) => p.emu.id);
    let allHandled = false;
    while (Date.now() < deadline) {
      const [decided, pendingActions, pendingRouting, pendingMail] = await Promise.all([
        h.db.prisma.comment.count({ where: { externalId: { in: ids }, decisions: { some: {} } } }),
        h.db.prisma.platformAction.count({ where: { status: { in: ['pending', 'in_progress'] } } }),
        h.db.prisma.decision.count({ where: { routing: 'pending' } }),
        h.db.prisma.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
      ]);
      if (decided === ids.length && pendingActions === 0 && pendingRouting === 0 && pendingMail === 0) {
        allHandled = true;
        break;
      }
      await sleep(200);
    }

    const rows = await h.db.prisma.comment.findMany({
      where: { externalId: { in: ids } },
      include: { decisions: { orderBy: { version: 'desc' }, take: 1 }, actions: { where: { status: 'done' }, orderBy: { finishedAt: 'desc' }, take: 1 } },
    });
    const byExternal = new Map(rows.map((r) => [`${r.platform}:${r.externalId}`, r]));
    const latencies: number[] = [];
    const comments = posted.map(({ sample, emu }) => {
      const row = byExternal.get(`${sample.platform}:${emu.id}`);
      const decision = row?.decisions[0];
      const doneAt = row?.actions[0]?.finishedAt ?? decision?.createdAt;
      if (doneAt) latencies.push(doneAt.getTime() - emu.createdAt.getTime());
      const caps = h.runtime.deps.connectorFor({ platform: sample.platform, externalId: 'x', credentials: { accessToken: 'x' } }).capabilities;
      const expectedKind = sample.expect ? platformKindFor(sample.expect, caps) : null;
      return {
        platform: sample.platform,
        text: sample.text,
        categories: (decision?.categories as string[] | undefined) ?? [],
        action: decision?.action ?? 'bekliyor',
        platformState: h.emulator.state.comments.get(emu.id)?.state ?? 'unknown',
        ...(sample.expect ? { expected: sample.expect, expectedState: expectedKind ? stateAfter(expectedKind) : 'visible' } : {}),
        commentId: row?.id ?? null,
        ...(sample.ticket !== undefined ? { expectedTicket: sample.ticket } : {}),
      };
    });
    const mail = await runMailDemo(h);
    const tickets = await h.db.prisma.ticket.findMany({ orderBy: { number: 'asc' }, include: { comments: { select: { commentId: true } } } });
    const ticketOf = new Map(
      tickets.flatMap((t) => t.comments.map((c) => [c.commentId, { number: t.number, directorate: t.unitId, priority: t.priority }] as const)),
    );
    const judged: DemoReport['comments'] = comments.map(({ commentId, ...c }) => ({ ...c, ticket: (commentId && ticketOf.get(commentId)) || null }));
    const ticketAsExpected = (c: (typeof judged)[number]): boolean =>
      c.expectedTicket === undefined ||
      (typeof c.expectedTicket === 'boolean' ? (c.ticket !== null) === c.expectedTicket : c.ticket?.directorate === c.expectedTicket);
    const report: DemoReport = {
      comments: judged,
      apiCalls: { ...h.emulator.state.calls },
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      tickets: tickets.map((t) => ({ number: t.number, directorate: t.unitId, kind: t.kind, priority: t.priority, summary: t.summary })),
      mails: (h.sink?.messages ?? []).map((m) => ({ to: m.to.join(', '), subject: decodeSubject(m.headers) })),
      mail,
      allHandled,
      allAsExpected: judged.every((c) => (!c.expected || (c.action === c.expected && c.platformState === c.expectedState)) && ticketAsExpected(c)),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    if (opts.keepServing) await opts.keepServing(report, h);
    return report;
  } finally {
    await h.close();
  }
}

/** The Subject header (headers already unfolded), with RFC 2047 encoded words decoded. */
function decodeSubject(headers: string): string {
  const m = /^Subject: (.*)$/im.exec(headers);
  if (!m) return '';
  return m[1]!.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
