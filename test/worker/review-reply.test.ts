import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Worker } from '../../src/worker/worker.js';
import { resolveReview, ReviewError } from '../../src/moderation/review.js';
import { createConnector } from '../../src/platforms/registry.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, moderationCalls, type World } from '../helpers/world.js';

describe(`human review, replies and quotas on ${dbLabel()}`, () => {
  let world: World;
  let worker: Worker;
  const capsFor = (platform: string) => createConnector({ platform: platform as 'x', externalId: '-', credentials: { accessToken: '-' } }).capabilities;

  beforeAll(async () => {
    world = await createWorld(['facebook', 'youtube', 'x']);
    worker = new Worker({ db: world.db, deps: world.deps, workerId: 'test-worker' });
    await world.db.prisma.user.createMany({
      data: [
        { name: 'ayse', role: 'comms' },
        { name: 'mehmet', role: 'staff', unitId: 'kurumsal-iletisim' },
      ],
    });
  });
  afterAll(async () => {
    await worker.close();
    await world.close();
  });

  const row = (externalId: string) => world.db.prisma.comment.findFirstOrThrow({ where: { externalId } });

  test('approve restores a comment bekci hid (Facebook unhide, YouTube publish), once', async () => {
    const fb = world.post(0, 'KÖTÜ ama haklı');
    const yt = world.post(1, 'KÖTÜ ama haklı');
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(fb)!.state).toBe('hidden');
    expect(world.emulator.state.comments.get(yt)!.state).toBe('held');
    for (const id of [fb, yt]) {
      const r = await resolveReview(world.db.prisma, (await row(id)).id, 'approve', 'ayse', capsFor);
      expect(r.kind).toBe(id === fb ? 'unhide' : 'publish');
    }
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(fb)!.state).toBe('visible');
    expect(world.emulator.state.comments.get(yt)!.state).toBe('visible');
    expect((await row(fb)).platformState).toBe('visible');
    const audit = await world.db.prisma.auditLog.findMany({ where: { action: 'review.approve' } });
    expect(audit.map((a) => a.actor)).toEqual(['ayse', 'ayse']);
    // approving the same comment version again is refused, nothing is sent twice
    await expect(resolveReview(world.db.prisma, (await row(fb)).id, 'approve', 'ayse', capsFor)).resolves.toMatchObject({ kind: null });
  });

  test('remove confirms a review item by deleting where possible; only reviewers may decide', async () => {
    const fb = world.post(0, 'BAK bu yoruma');
    await makeDue(world);
    await worker.tick();
    const item = await world.db.prisma.reviewItem.findFirstOrThrow({ where: { comment: { externalId: fb } } });
    await expect(resolveReview(world.db.prisma, item.id, 'remove', 'mehmet', capsFor)).rejects.toBeInstanceOf(ReviewError);
    await expect(resolveReview(world.db.prisma, item.id, 'remove', 'kimse', capsFor)).rejects.toThrow(/Bilinmeyen kullanıcı/);
    const r = await resolveReview(world.db.prisma, item.id, 'remove', 'ayse', capsFor);
    expect(r.kind).toBe('delete');
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(fb)!.state).toBe('deleted');
    expect((await world.db.prisma.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('removed');
  });

  test('an approved ticket reply is posted once under the original comment', async () => {
    const fb = world.post(0, 'soru: kayıt ne zaman?');
    await makeDue(world);
    await worker.tick();
    const comment = await row(fb);
    await world.db.prisma.platformAction.create({
      data: {
        commentId: comment.id,
        kind: 'reply',
        payload: { text: "Kayıtlar 1 Eylül'de başlıyor." },
        idempotencyKey: 'ticket-reply:t1:1',
        requestedBy: 'ayse',
      },
    });
    await makeDue(world);
    await worker.tick();
    await makeDue(world);
    await worker.tick();
    const replies = [...world.emulator.state.comments.values()].filter((c) => c.parentId === fb);
    expect(replies.map((c) => c.text)).toEqual(["Kayıtlar 1 Eylül'de başlıyor."]);
    const action = await world.db.prisma.platformAction.findUniqueOrThrow({ where: { idempotencyKey: 'ticket-reply:t1:1' } });
    expect(action.status).toBe('done');
  });

  test('YouTube quota exhaustion pauses that account until the quota resets; others go on', async () => {
    world.emulator.state.addFault('youtube', 'quota_exceeded', 1);
    const yt = world.post(1, 'KÖTÜ');
    const x = world.post(2, 'KÖTÜ');
    await makeDue(world);
    await worker.tick();
    const account = await world.db.prisma.account.findUniqueOrThrow({ where: { id: world.accounts[1]!.id } });
    expect(account.lastError).toMatch(/rate_limit/);
    expect(account.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(world.emulator.state.comments.get(x)!.state).toBe('hidden');
    expect(world.emulator.state.comments.get(yt)!.state).toBe('visible');
    await makeDue(world);
    await worker.tick();
    expect(world.emulator.state.comments.get(yt)!.state).toBe('held');
    expect(moderationCalls(world.emulator).filter((c) => c.path.includes(yt))).toHaveLength(1);
  });
});
