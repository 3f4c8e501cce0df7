import { describe, expect, test } from 'vitest';
import type { ModerationDeps } from '../../src/moderation/deps.js';
import { recordOutcomes } from '../../src/moderation/action-outcomes.js';
import { claimActions } from '../../src/moderation/action-queue.js';
import { escalateOverdueActions } from '../../src/moderation/escalate.js';
import type { Connector } from '../../src/platforms/contract.js';
import { createConnector } from '../../src/platforms/registry.js';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, moderationCalls, type World } from '../helpers/world.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function decided(world: World, externalId: string): Promise<boolean> {
  return (await world.db.prisma.decision.count({ where: { comment: { externalId } } })) === 1;
}

/** Lets time pass for the queue: every waiting action becomes due. */
async function allDue(world: World): Promise<void> {
  await world.db.prisma.platformAction.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: new Date(0) } });
}

describe(`the platform action queue (${dbLabel()})`, () => {
  test('concurrent batch claims never share an action; an abandoned claim is taken over as uncertain', async () => {
    const world = await createWorld(['facebook']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      world.emulator.state.addFault('facebook', 'server_error', 1000, undefined, { writesOnly: true });
      for (let i = 0; i < 7; i++) world.post(0, `KÖTÜ ${i}`);
      await makeDue(world);
      await worker.tick();
      await allDue(world);
      const now = new Date();
      const opts = (owner: string) => ({ accountId: world.accounts[0]!.id, now, staleBefore: new Date(now.getTime() - 60_000), limit: 4, owner });
      const provider = world.config.dbProvider;
      const claims = await Promise.all([claimActions(world.db.prisma, provider, opts('a')), claimActions(world.db.prisma, provider, opts('b'))]);
      const ids = claims.flatMap((c) => c.actions.map((a) => a.id));
      expect(ids).toHaveLength(7);
      expect(new Set(ids).size).toBe(7);
      expect((await claimActions(world.db.prisma, provider, opts('c'))).actions).toEqual([]);
      // Claim "a" dies: after the stale time its actions are taken over, marked uncertain.
      const later = new Date(now.getTime() + 61_000);
      const takeover = await claimActions(world.db.prisma, provider, { ...opts('d'), now: later, staleBefore: new Date(later.getTime() - 60_000), limit: 10 });
      expect(takeover.actions).toHaveLength(7);
      expect(takeover.actions.every((a) => a.uncertain)).toBe(true);
      // The old claims can no longer record anything.
      const stale = claims[0]!;
      const recorded = await recordOutcomes(
        world.deps,
        { id: world.accounts[0]!.id, name: 'fb', platform: 'facebook' },
        stale.token,
        stale.actions.map((action) => ({ type: 'done' as const, action, response: {} })),
        later,
      );
      expect(recorded.size).toBe(0);
      expect(await world.db.prisma.platformAction.count({ where: { status: 'done' } })).toBe(0);
    } finally {
      await worker.close();
      await world.close();
    }
  });

  test('X keeps polling while its hides wait for the hide limit; the hides go out once it resets', async () => {
    const world = await createWorld(['x']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      // Every hide answers 429 (the 15-minute window resets in 900 s); reads are not limited.
      world.emulator.state.addFault('x', 'rate_limit', 1000, 900, { writesOnly: true });
      const first = [world.post(0, 'KÖTÜ 1'), world.post(0, 'KÖTÜ 2'), world.post(0, 'KÖTÜ 3')];
      await makeDue(world);
      await worker.tick();
      const later = [world.post(0, 'KÖTÜ 4'), world.post(0, 'teşekkürler')];
      await makeDue(world);
      await worker.tick();
      for (const id of [...first, ...later]) expect(await decided(world, id), id).toBe(true);
      // One hide per round met the limit; the others waited for the reset without calling X.
      expect(world.emulator.state.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
      const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
      expect(account.backoffUntil).toBeNull();
      const waiting = await world.db.prisma.platformAction.findMany();
      expect(waiting.map((a) => a.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      for (const a of waiting) expect(a.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 800_000);
      // The window resets.
      world.emulator.state.clearFaults();
      await allDue(world);
      await makeDue(world);
      await worker.tick();
      for (const id of [...first, later[0]!]) expect(world.emulator.state.comments.get(id)!.state).toBe('hidden');
      expect(moderationCalls(world.emulator)).toHaveLength(4);
      expect((await world.db.prisma.platformAction.findMany()).map((a) => a.status)).toEqual(['done', 'done', 'done', 'done']);
    } finally {
      await worker.close();
      await world.close();
    }
  });

  test('a long write outage: hides are retried until the platform is back, never failed; past the deadline each goes to review and the admins are told once', async () => {
    const world = await createWorld(['facebook', 'youtube']);
    let clock = Date.now();
    const deps: ModerationDeps = { ...world.deps, now: () => new Date(clock) };
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    try {
      for (const p of ['facebook', 'youtube'] as const) world.emulator.state.addFault(p, 'server_error', 100_000, undefined, { writesOnly: true });
      const fb = world.post(0, 'KÖTÜ söz');
      const fb2 = world.post(0, 'yine KÖTÜ söz');
      const yt = world.post(1, 'KÖTÜ söz');
      // 30 minutes of outage, a round every 2 minutes (longer than the longest backoff, 60 s).
      for (let round = 0; round < 15; round++) {
        await makeDue(world);
        await worker.tick();
        clock += 2 * 60_000;
      }
      const actions = await world.db.prisma.platformAction.findMany();
      expect(actions).toHaveLength(3);
      for (const a of actions) {
        expect(a.status).toBe('pending');
        expect(a.attempts).toBeGreaterThan(world.config.worker.maxActionAttempts);
        expect(a.escalatedAt).not.toBeNull();
      }
      const reviews = await world.db.prisma.reviewItem.findMany({ where: { status: 'open' } });
      expect(reviews).toHaveLength(3);
      for (const r of reviews) expect(r.reason).toMatch(/15 dakikadır yapılamadı; bekçi denemeye devam ediyor/);
      // One mail per account (not per comment), with the reason.
      const alerts = await world.db.prisma.outboxMessage.findMany({ where: { kind: 'admin_alert' } });
      expect(alerts.map((a) => a.toAddress)).toEqual(['admin@example.edu.tr', 'admin@example.edu.tr']);
      expect(alerts.map((a) => a.subject).sort()).toEqual([expect.stringContaining('facebook-0'), expect.stringContaining('youtube-1')]);
      expect(alerts.every((a) => /işlem gecikiyor/.test(a.subject) && /Neden: /.test(a.body))).toBe(true);
      expect(world.emulator.state.comments.get(fb)!.state).toBe('visible');
      // The platform is back: both come down at the next round, and nobody is told again.
      world.emulator.state.clearFaults();
      await makeDue(world);
      await worker.tick();
      expect(world.emulator.state.comments.get(fb)!.state).toBe('hidden');
      expect(world.emulator.state.comments.get(fb2)!.state).toBe('hidden');
      expect(world.emulator.state.comments.get(yt)!.state).toBe('held');
      expect((await world.db.prisma.platformAction.findMany()).map((a) => a.status)).toEqual(['done', 'done', 'done']);
      expect(await world.db.prisma.outboxMessage.count({ where: { kind: 'admin_alert' } })).toBe(2);
      expect(moderationCalls(world.emulator)).toHaveLength(3);
    } finally {
      await worker.close();
      await world.close();
    }
  });

  test('an action held up by a parked account is escalated by the periodic check, once', async () => {
    const world = await createWorld(['instagram']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      const id = world.post(0, 'KÖTÜ');
      world.emulator.state.addFault('instagram', 'expired_token', 1, undefined, { writesOnly: true });
      await makeDue(world);
      await worker.tick();
      expect((await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } })).status).toBe('needs_reauth');
      const later = new Date(Date.now() + 16 * 60_000);
      expect(await escalateOverdueActions(world.deps, later)).toBe(1);
      expect(await escalateOverdueActions(world.deps, later)).toBe(0);
      const review = await world.db.prisma.reviewItem.findFirstOrThrow({ where: { comment: { externalId: id } } });
      expect(review.reason).toMatch(/gizleme işlemi 15 dakikadır yapılamadı/);
      // One mail about the token, one about the late hide.
      expect(await world.db.prisma.outboxMessage.count({ where: { kind: 'admin_alert' } })).toBe(2);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});

describe(`a request that times out after the platform acted (${dbLabel()})`, () => {
  test('YouTube: the hold is retried, found already applied, and recorded done without a second call', async () => {
    const world = await createWorld(['youtube']);
    const url = world.emulator.url;
    const deps: ModerationDeps = {
      ...world.deps,
      config: { ...world.config, worker: { ...world.config.worker, requestTimeoutMs: 1000 } },
      connectorFor: (account) => createConnector(account, { youtubeRootUrl: `${url}/`, requestTimeoutMs: 1000 }),
    };
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    try {
      // The hold takes effect at once, but its answer comes after the client gave up.
      world.emulator.state.addFault('youtube', 'late', 1, 2500, { writesOnly: true });
      const id = world.post(0, 'KÖTÜ');
      await makeDue(world);
      await worker.tick();
      expect(world.emulator.state.comments.get(id)!.state).toBe('held');
      const first = await world.db.prisma.platformAction.findFirstOrThrow();
      expect(first.status).toBe('pending');
      expect(first.lastError).toMatch(/^retryable:/);
      await allDue(world);
      await makeDue(world);
      await worker.tick();
      const action = await world.db.prisma.platformAction.findFirstOrThrow();
      expect(action.status).toBe('done');
      expect(action.response).toMatchObject({ verified: 'state:held' });
      await sleep(2600); // the late answer of the first call is logged when it is sent
      expect(world.emulator.state.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});

describe(`platform limits as the connector reports them (${dbLabel()})`, () => {
  test('a daily quota (YouTube) counts the units of polls and actions as the platform does; others keep no count', async () => {
    const world = await createWorld(['youtube', 'facebook']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'w' });
    try {
      world.post(0, 'KÖTÜ');
      world.post(1, 'KÖTÜ');
      for (let i = 0; i < 2; i++) {
        await makeDue(world);
        await worker.tick();
      }
      const [yt, fb] = await Promise.all(world.accounts.map((a) => world.db.prisma.account.findUniqueOrThrow({ where: { id: a.id } })));
      const platformCount = world.emulator.state.quotaUsed.get(world.accounts[0]!.token);
      expect(platformCount).toBeGreaterThan(50);
      expect(yt!.quotaUsedToday).toBe(platformCount);
      expect(yt!.quotaDay).toBe(createConnector({ platform: 'youtube', externalId: '-', credentials: { accessToken: '-' } }).limits.quota!.dayOf(new Date()));
      expect(fb!.quotaUsedToday).toBe(0);
      expect(fb!.quotaDay).toBeNull();
    } finally {
      await worker.close();
      await world.close();
    }
  });
});

describe(`replies exactly once (${dbLabel()})`, () => {
  const TIMEOUT_MS = 300;

  /** A world whose SDK requests time out after TIMEOUT_MS, with one question already ingested. */
  async function replyWorld(platform: 'facebook' | 'x') {
    const world = await createWorld([platform]);
    const url = world.emulator.url;
    const endpoints = { graphUrl: url, xApiUrl: url, youtubeRootUrl: `${url}/`, requestTimeoutMs: TIMEOUT_MS };
    const deps: ModerationDeps = {
      ...world.deps,
      config: { ...world.config, worker: { ...world.config.worker, requestTimeoutMs: TIMEOUT_MS } },
      connectorFor: (account) => createConnector(account, endpoints),
    };
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    const question = world.post(0, 'soru: kayıtlar ne zaman?');
    await makeDue(world);
    await worker.tick();
    const comment = await world.db.prisma.comment.findFirstOrThrow({ where: { externalId: question } });
    const text = "Kayıtlar 1 Eylül'de başlıyor.";
    await world.db.prisma.platformAction.create({
      data: { commentId: comment.id, kind: 'reply', payload: { text }, idempotencyKey: 'ticket-reply:t1:1', requestedBy: 'ayse' },
    });
    /** Runs rounds (respecting the retry waits) until the reply action is done. */
    const runUntilDone = async () => {
      for (let i = 0; i < 30; i++) {
        await makeDue(world);
        await worker.tick();
        const action = await world.db.prisma.platformAction.findUniqueOrThrow({ where: { idempotencyKey: 'ticket-reply:t1:1' } });
        if (action.status !== 'pending') return action;
        await sleep(150);
      }
      throw new Error('reply never finished');
    };
    const replies = () => [...world.emulator.state.comments.values()].filter((c) => c.parentId === question || (platform === 'x' && c.text.includes(text)));
    return { world, worker, text, runUntilDone, replies };
  }

  test('after a crash mid-reply, the reply the platform posted is found and recorded; none is posted again', async () => {
    const { world, worker, text, runUntilDone, replies } = await replyWorld('facebook');
    try {
      // The killed worker's call reached Facebook; its claim was left in_progress.
      const action = await world.db.prisma.platformAction.findUniqueOrThrow({ where: { idempotencyKey: 'ticket-reply:t1:1' }, include: { comment: true } });
      const account = world.accounts[0]!;
      const connector = createConnector(
        { platform: 'facebook', externalId: account.externalId, credentials: { accessToken: account.token } },
        { graphUrl: world.emulator.url },
      );
      await connector.reply({ externalId: action.comment.externalId, postId: action.comment.postId }, text);
      await world.db.prisma.platformAction.update({
        where: { id: action.id },
        data: { status: 'in_progress', attempts: 1, claimedBy: 'dead#1', startedAt: new Date(Date.now() - 3_600_000) },
      });
      const done = await runUntilDone();
      expect(done.status).toBe('done');
      expect(done.response).toMatchObject({ verified: 'reply-exists' });
      expect(replies().map((c) => c.text)).toEqual([text]);
    } finally {
      await worker.close();
      await world.close();
    }
  });

  for (const platform of ['facebook', 'x'] as const) {
    test(`${platform}: a reply whose answer was lost is found, not posted again`, async () => {
      const { world, worker, text, runUntilDone, replies } = await replyWorld(platform);
      try {
        world.emulator.state.addFault(platform, 'lost', 1, undefined, { writesOnly: true });
        const action = await runUntilDone();
        expect(action.status).toBe('done');
        expect(replies().map((c) => c.text)).toEqual([text]);
        expect(action.response).toMatchObject({ verified: 'reply-exists', externalId: replies()[0]!.id });
      } finally {
        await worker.close();
        await world.close();
      }
    });

    test(`${platform}: with every reply slowed past the timeout, exactly one is posted`, async () => {
      const { world, worker, text, runUntilDone, replies } = await replyWorld(platform);
      try {
        world.emulator.state.addFault(platform, 'slow', 5, 450, { writesOnly: true });
        const action = await runUntilDone();
        expect(action.status).toBe('done');
        await sleep(600); // any request still in flight lands
        expect(replies().map((c) => c.text)).toEqual([text]);
        expect(action.attempts).toBeGreaterThanOrEqual(2);
      } finally {
        await worker.close();
        await world.close();
      }
    });
  }

  test('x: while recent search lags behind writes (by minutes), a lost or slow reply is still posted exactly once', async () => {
    for (const fault of ['lost', 'slow'] as const) {
      const { world, worker, text, runUntilDone, replies } = await replyWorld('x');
      try {
        world.emulator.state.xSearchLagMs = 10 * 60_000;
        world.emulator.state.addFault('x', fault, fault === 'slow' ? 5 : 1, fault === 'slow' ? 450 : undefined, { writesOnly: true });
        const action = await runUntilDone();
        expect(action.status).toBe('done');
        await sleep(600); // any request still in flight lands
        expect(replies().map((c) => c.text)).toEqual([text]);
        expect(action.response).toMatchObject({ verified: 'reply-exists', externalId: replies()[0]!.id });
      } finally {
        await worker.close();
        await world.close();
      }
    }
  });
  test('a posted reply is recorded with its platform id before the next action of the batch is tried', async () => {
    const { world, worker: first, text, replies } = await replyWorld('x');
    await first.close();
    const seen: Array<{ status: string; response: unknown }> = [];
    const url = world.emulator.url;
    const deps: ModerationDeps = {
      ...world.deps,
      connectorFor: (account) => {
        const c = createConnector(account, { xApiUrl: url });
        return {
          ...c,
          poll: (cursor) => c.poll(cursor),
          reply: (target, t) => c.reply(target, t),
          findReply: (target, t) => c.findReply(target, t),
          // What a crash here would leave behind: the reply's row as stored at this moment.
          moderate: async (target, kind) => {
            const row = await world.db.prisma.platformAction.findUniqueOrThrow({ where: { idempotencyKey: 'ticket-reply:t1:1' } });
            seen.push({ status: row.status, response: row.response });
            return c.moderate(target, kind);
          },
        } as Connector;
      },
    };
    const worker = new Worker({ db: world.db, deps, workerId: 'w2' });
    try {
      // Queued after the reply, so both go out in one batch: the reply, then the hide.
      const reply = await world.db.prisma.platformAction.findUniqueOrThrow({ where: { idempotencyKey: 'ticket-reply:t1:1' }, include: { comment: true } });
      await world.db.prisma.platformAction.create({
        data: {
          commentId: reply.commentId,
          kind: 'hide',
          idempotencyKey: 'hide:after-reply',
          requestedBy: 'ayse',
          createdAt: new Date(reply.createdAt.getTime() + 1),
        },
      });
      await makeDue(world);
      await worker.tick();
      expect(world.emulator.state.comments.get(reply.comment.externalId)!.state).toBe('hidden');
      expect(replies().map((c) => c.text)).toEqual([text]);
      expect(seen).toEqual([{ status: 'done', response: { externalId: replies()[0]!.id } }]);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});
