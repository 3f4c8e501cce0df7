import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, moderationCalls, type World } from '../helpers/world.js';

describe(`worker pipeline through the real SDKs on ${dbLabel()}`, () => {
  let world: World;
  let worker: Worker;

  beforeAll(async () => {
    world = await createWorld(['facebook', 'instagram', 'x', 'youtube']);
    worker = new Worker({ db: world.db, deps: world.deps, workerId: 'test-worker' });
  });
  afterAll(async () => {
    await worker.close();
    await world.close();
  });

  const commentRow = (externalId: string) => world.db.prisma.comment.findFirstOrThrow({ where: { externalId }, include: { decisions: true, actions: true } });

  test('each platform: a violating comment is hidden, a clean one left alone, each decided once', async () => {
    const ids = world.accounts.map((_, i) => ({ bad: world.post(i, 'bu bir KÖTÜ yorum'), good: world.post(i, 'teşekkürler') }));
    await makeDue(world);
    await worker.tick();
    await makeDue(world);
    await worker.tick(); // second poll: nothing new must be decided again
    const expected: Record<string, string> = { facebook: 'hidden', instagram: 'hidden', x: 'hidden', youtube: 'held' };
    for (const [i, { bad, good }] of ids.entries()) {
      const platform = world.accounts[i]!.platform;
      const badRow = await commentRow(bad);
      expect(badRow.decisions).toHaveLength(1);
      expect(badRow.decisions[0]!.action).toBe('hide');
      expect(badRow.actions.map((a) => a.status)).toEqual(['done']);
      expect(badRow.platformState).toBe(expected[platform]);
      expect(world.emulator.state.comments.get(bad)!.state).toBe(expected[platform]);
      const goodRow = await commentRow(good);
      expect(goodRow.decisions[0]!.action).toBe('allow');
      expect(goodRow.actions).toHaveLength(0);
      expect(world.emulator.state.comments.get(good)!.state).toBe('visible');
    }
    // exactly one moderation call per hidden comment
    expect(moderationCalls(world.emulator)).toHaveLength(ids.length);
    const audit = await world.db.prisma.auditLog.count({ where: { action: { in: ['comment.hide', 'comment.hold'] } } });
    expect(audit).toBe(ids.length);
  });

  test('delete decisions: removed on Facebook, hidden on X (no delete there), rejected on YouTube', async () => {
    const ids = world.accounts.map((_, i) => world.post(i, 'SİL reklam'));
    await makeDue(world);
    await worker.tick();
    const states = ids.map((id) => world.emulator.state.comments.get(id)!.state);
    expect(states).toEqual(['deleted', 'deleted', 'hidden', 'rejected']);
  });

  test('an edit is decided again as a new version; an edit that removes the insult restores the comment', async () => {
    const fb = world.post(0, 'ilk hali KÖTÜ');
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(fb)!.state).toBe('hidden');
    world.emulator.state.editComment(fb, 'düzelttim, özür dilerim');
    await makeDue(world);
    await worker.tick();
    const row = await commentRow(fb);
    expect(row.version).toBe(2);
    expect(row.decisions.map((d) => d.action).sort()).toEqual(['allow', 'hide']);
    expect(world.emulator.state.comments.get(fb)!.state).toBe('visible');
  });

  test("the account's own comment (the office's public reply) is never routed; a follower's complaint is", async () => {
    const a = world.accounts[0]!;
    const own = world.emulator.state.addComment({ platform: a.platform, postId: a.postId, text: 'ŞİKAYET iletildi', authorId: a.externalId }).id;
    const theirs = world.post(0, 'ŞİKAYET var');
    await makeDue(world);
    await worker.tick();
    const ownRow = await commentRow(own);
    expect(ownRow.authorIsOwner).toBe(true);
    expect(ownRow.decisions[0]!.categories).toContain('complaint');
    expect(ownRow.decisions[0]!.routing).toBeNull();
    expect((await commentRow(theirs)).decisions[0]!.routing).not.toBeNull();
  });

  test('a rate limit pauses only that account, then the comment is handled', async () => {
    world.emulator.state.addFault('x', 'rate_limit', 1, 1);
    const id = world.post(2, 'KÖTÜ söz');
    await makeDue(world);
    await worker.tick();
    const x = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[2]!.id } });
    expect(x.lastError).toMatch(/rate_limit/);
    expect(x.backoffUntil).not.toBeNull();
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(id)!.state).toBe('hidden');
  });

  test('server errors are retried; the worker keeps going', async () => {
    world.emulator.state.addFault('instagram', 'server_error', 2);
    const id = world.post(1, 'KÖTÜ');
    for (let i = 0; i < 4 && world.emulator.state.comments.get(id)!.state !== 'hidden'; i++) {
      await makeDue(world);
      await world.db.prisma.platformAction.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: new Date(0) } });
      await worker.tick();
    }
    expect(world.emulator.state.comments.get(id)!.state).toBe('hidden');
  });

  test('an expired token parks the account for re-authorisation, tells the admins, and the others go on', async () => {
    world.emulator.state.revokedTokens.add(world.accounts[0]!.token);
    const fbComment = world.post(0, 'KÖTÜ');
    const ytComment = world.post(3, 'KÖTÜ');
    await makeDue(world);
    await worker.tick();
    const fb = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
    expect(fb.status).toBe('needs_reauth');
    expect(world.emulator.state.comments.get(fbComment)!.state).toBe('visible');
    expect(world.emulator.state.comments.get(ytComment)!.state).toBe('held');
    const alerts = await world.db.prisma.outboxMessage.findMany({ where: { kind: 'admin_alert' } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).not.toContain(world.accounts[0]!.token);
    // a new token brings it back, and the waiting comment is handled
    world.emulator.state.revokedTokens.delete(world.accounts[0]!.token);
    const { rotateAccountToken } = await import('../../src/accounts/service.js');
    await rotateAccountToken({ prisma: world.db.prisma, vault: world.deps.vault }, world.accounts[0]!.id, { accessToken: world.accounts[0]!.token }, 'test');
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(fbComment)!.state).toBe('hidden');
  });

  test('review decisions queue for a person and act on nothing', async () => {
    const id = world.post(0, 'BAK buna');
    await makeDue(world);
    await worker.tick();
    const row = await commentRow(id);
    expect(row.actions).toHaveLength(0);
    expect(await world.db.prisma.reviewItem.count({ where: { commentId: row.id, status: 'open' } })).toBe(1);
  });
});

describe(`dry-run (shadow) mode on ${dbLabel()}`, () => {
  test('decides and records, acts on nothing', async () => {
    const world = await createWorld(['facebook'], { dryRun: true });
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'shadow' });
    try {
      const id = world.post(0, 'KÖTÜ');
      await makeDue(world);
      await worker.tick();
      const row = await world.db.prisma.comment.findFirstOrThrow({ where: { externalId: id }, include: { decisions: true, actions: true } });
      expect(row.decisions[0]!.action).toBe('hide');
      expect(row.decisions[0]!.dryRun).toBe(true);
      expect(row.actions).toHaveLength(0);
      expect(world.emulator.state.comments.get(id)!.state).toBe('visible');
      expect(moderationCalls(world.emulator)).toHaveLength(0);
    } finally {
      await worker.close();
      await world.close();
    }
  });
});

describe(`superseded actions on ${dbLabel()}`, () => {
  test('an edit that arrives before the hide was sent cancels it; a review approval does too', async () => {
    const { ingestComment } = await import('../../src/moderation/ingest.js');
    const { executeAccountActions } = await import('../../src/moderation/executor.js');
    const { resolveReview } = await import('../../src/moderation/review.js');
    const world = await createWorld(['facebook']);
    try {
      const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
      const connector = world.deps.connectorFor({
        platform: 'facebook',
        externalId: account.externalId,
        credentials: { accessToken: world.accounts[0]!.token },
      });
      const edited = world.post(0, 'ilk hali KÖTÜ');
      const approved = world.post(0, 'bu da KÖTÜ');
      const remote = (id: string) => {
        const c = world.emulator.state.comments.get(id)!;
        return { externalId: c.id, postId: c.postId, text: c.text, publishedAt: c.createdAt };
      };
      await ingestComment(world.deps, account, connector.capabilities, remote(edited));
      await ingestComment(world.deps, account, connector.capabilities, remote(approved));
      world.emulator.state.editComment(edited, 'düzelttim');
      await ingestComment(world.deps, account, connector.capabilities, remote(edited));
      await world.db.prisma.user.create({ data: { name: 'ayse', role: 'comms' } });
      const row = await world.db.prisma.comment.findFirstOrThrow({ where: { externalId: approved } });
      await resolveReview(world.db.prisma, row.id, 'approve', 'ayse', () => connector.capabilities);
      await executeAccountActions(world.deps, account, connector);
      expect(world.emulator.state.comments.get(edited)!.state).toBe('visible');
      expect(world.emulator.state.comments.get(approved)!.state).toBe('visible');
      expect(moderationCalls(world.emulator)).toHaveLength(0);
      const statuses = (await world.db.prisma.platformAction.findMany()).map((a) => a.status);
      expect(statuses).toEqual(['skipped', 'skipped']);
    } finally {
      await world.close();
    }
  });
});

describe(`a comment that keeps failing (${dbLabel()})`, () => {
  test('is retried on its own, then set aside in the dead-letter table (alerted once) so the account goes on', async () => {
    const world = await createWorld(['x']);
    let failures = 0;
    const judge = world.deps.judge;
    // The judge throws on one text: a stand-in for any bug or bad input inside ingest.
    const deps = {
      ...world.deps,
      judge: () => ({
        version: 't',
        evaluate: (input: { text: string }) => {
          if (input.text.includes('ZEHİR')) {
            failures += 1;
            throw new Error('işlenemeyen yorum');
          }
          return judge().evaluate(input);
        },
      }),
    };
    const worker = new Worker({ db: world.db, deps, workerId: 'w' });
    try {
      const poison = world.post(0, 'ZEHİR');
      const later = world.post(0, 'KÖTÜ');
      for (let i = 0; i < 3; i++) {
        await world.db.prisma.account.updateMany({ data: { nextPollAt: new Date(0), backoffUntil: null } });
        await worker.tick();
      }
      // The page once, then the comment alone twice; the cursor then passes it, recorded.
      expect(failures).toBe(3);
      expect(world.emulator.state.comments.get(later)!.state).toBe('hidden');
      const dead = await world.db.prisma.deadLetter.findMany();
      expect(dead.map((d) => [d.externalId, d.status])).toEqual([[poison, 'open']]);
      expect(await world.db.prisma.auditLog.count({ where: { action: 'comment.dead_letter' } })).toBe(1);
      expect(await world.db.prisma.outboxMessage.count({ where: { kind: 'admin_alert', dedupeKey: { startsWith: 'dead-letter:' } } })).toBe(1);
      // Ours, not the platform's: the account's platform health is untouched.
      const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[0]!.id } });
      expect(account.consecutiveFailures).toBe(0);
      expect(account.lastError).toBeNull();
    } finally {
      await worker.close();
      await world.close();
    }
  });
});

describe(`stored text (${dbLabel()})`, () => {
  test('personal data is stored redacted, including numbers that only look like identifiers', async () => {
    const { RuleEngine } = await import('../../src/rules/engine.js');
    const { join } = await import('node:path');
    const engine = await RuleEngine.load(join(import.meta.dirname, '..', '..', 'rules'));
    const world = await createWorld(['facebook']);
    const worker = new Worker({ db: world.db, deps: { ...world.deps, judge: () => engine }, workerId: 'w' });
    try {
      // 38412765972 passes the T.C. Kimlik checksum; 12345678901 does not; the e-mail is a person's.
      const id = world.post(0, 'TC 38412765972, eski no 12345678901, bana ayse.k@example.com adresinden yazın');
      await makeDue(world);
      await worker.tick();
      const row = await world.db.prisma.comment.findFirstOrThrow({ where: { externalId: id } });
      for (const secret of ['38412765972', '12345678901', 'ayse.k@example.com']) expect(row.text).not.toContain(secret);
      expect(row.text).toContain('[TC KİMLİK NO]');
      const decision = await world.db.prisma.decision.findFirstOrThrow({ where: { commentId: row.id } });
      const audit = await world.db.prisma.auditLog.findMany({ where: { entityId: row.id } });
      for (const stored of [decision.evidence, decision.matchedRules, audit.map((a) => a.data)]) {
        expect(JSON.stringify(stored)).not.toContain('38412765972');
        expect(JSON.stringify(stored)).not.toContain('ayse.k@');
      }
    } finally {
      await worker.close();
      await world.close();
    }
  });
});
