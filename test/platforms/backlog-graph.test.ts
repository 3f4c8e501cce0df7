import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphModule } from '../../src/harness/emulator/graph.js';
import { Emulator } from '../../src/harness/emulator/server.js';
import type { Connector, PollCursor } from '../../src/platforms/contract.js';
import { createFacebookConnector } from '../../src/platforms/facebook/index.js';
import type { PollTuning, PostState } from '../../src/platforms/graph/poll-session.js';
import { createInstagramConnector } from '../../src/platforms/instagram/index.js';
import { burst, drain, expectExactlyOnce } from './backlog-helpers.js';

const emu = new Emulator([createGraphModule]);
let url = '';

beforeAll(async () => {
  url = await emu.start();
});
afterAll(() => emu.close());

function connector(platform: 'facebook' | 'instagram', tuning: Partial<PollTuning>): { id: string; conn: Connector } {
  const acc = emu.state.addAccount(platform, `${platform} backlog`);
  const account = { platform, externalId: acc.id, credentials: { accessToken: acc.token } } as const;
  const opts = { timeoutMs: 5_000, tuning };
  const conn = platform === 'facebook' ? createFacebookConnector(account, { graphUrl: url }, opts) : createInstagramConnector(account, { graphUrl: url }, opts);
  return { id: acc.id, conn };
}

/** A post still has a backlog (Facebook) or an interrupted walk (Instagram). */
const busy = (cursor: PollCursor): boolean => Object.values((cursor as { posts: Record<string, PostState> }).posts).some((p) => p.b || p.s);

describe('Graph connectors never skip comments because of a page cap', () => {
  it('facebook: 1,250 new comments on one post are all returned once, over several polls', async () => {
    const { id, conn } = connector('facebook', { maxPagesPerPost: 2, rereadMs: 1_000 });
    const post = emu.state.addPost('facebook', id, 'Sınav sonuçları');
    const old = emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'ilk' });
    old.createdAt = old.updatedAt = new Date(Date.now() - 600_000);
    const first = await conn.poll(null);
    expect(first.comments.map((c) => c.externalId)).toEqual([old.id]);

    const expected = burst(emu.state, { platform: 'facebook', postId: post.id }, 1250).map((c) => c.id);
    // A reply arrives while the backlog drains; it must come too.
    const late: string[] = [];
    const res = await drain(
      conn,
      first.cursor,
      20,
      (i) => {
        if (i === 1) late.push(emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'geç', parentId: expected[3] }).id);
      },
      busy,
    );
    expectExactlyOnce(res.ids, [...expected, ...late]);
    // 2 pages of 100 per poll: several polls were needed, each bounded.
    expect(res.polls.length).toBeGreaterThan(5);
    for (const p of res.polls) expect(p.calls).toBeLessThanOrEqual(3);
    const idle = await conn.poll(res.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 1 });
  });

  it('facebook: a post that leaves the feed window with a backlog is drained, then dropped', async () => {
    const { id, conn } = connector('facebook', { maxPagesPerPost: 1, maxPostPages: 1, rereadMs: 1_000 });
    const post = emu.state.addPost('facebook', id, 'Eski duyuru');
    const first = await conn.poll(null);
    expect(first.comments).toEqual([]);
    const expected = burst(emu.state, { platform: 'facebook', postId: post.id }, 450).map((c) => c.id);
    const entering = await conn.poll(first.cursor);
    // 25 newer posts push it beyond the feed's first page (maxPostPages = 1).
    for (let i = 0; i < 25; i += 1) emu.state.addPost('facebook', id, `yeni ${i}`);
    const res = await drain(conn, entering.cursor, 20, undefined, busy);
    expectExactlyOnce([...entering.comments.map((c) => c.externalId), ...res.ids], expected);
    expect((res.cursor as { posts: Record<string, unknown> }).posts[post.id]).toBeUndefined();
    expect(await conn.poll(res.cursor)).toMatchObject({ comments: [], calls: 1 });
  });

  it('instagram: 1,250 new comments on one media are all returned once, over several polls', async () => {
    const { id, conn } = connector('instagram', { maxPagesPerPost: 3, rereadMs: 1_000 });
    const media = emu.state.addPost('instagram', id, 'Mezuniyet töreni');
    const old = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'ilk' });
    old.createdAt = old.updatedAt = new Date(Date.now() - 600_000);
    const first = await conn.poll(null);
    expect(first.comments.map((c) => c.externalId)).toEqual([old.id]);

    const expected = burst(emu.state, { platform: 'instagram', postId: media.id }, 1250).map((c) => c.id);
    const late: string[] = [];
    const res = await drain(
      conn,
      first.cursor,
      20,
      (i) => {
        // New comments on top and a reply under an old comment while the walk is interrupted.
        if (i === 0) late.push(emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'yeni' }).id);
        if (i === 2) late.push(emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'yanıt', parentId: old.id }).id);
      },
      busy,
    );
    expectExactlyOnce(res.ids, [...expected, ...late]);
    expect(res.polls.length).toBeGreaterThan(4);
    for (const p of res.polls) expect(p.calls).toBeLessThanOrEqual(2 * 4 + 1);
    const idle = await conn.poll(res.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 1 });
    expect(Object.keys((idle.cursor as { seen: object }).seen).length).toBeLessThan(100);
  });
});
