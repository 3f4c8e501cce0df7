import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphModule } from '../../src/harness/emulator/graph.js';
import { Emulator } from '../../src/harness/emulator/server.js';
import type { EmuPlatform } from '../../src/harness/emulator/types.js';
import type { Connector, PollCursor, PollResult, SeenHash, SeenStore } from '../../src/platforms/contract.js';
import { createFacebookConnector } from '../../src/platforms/facebook/index.js';
import { createInstagramConnector } from '../../src/platforms/instagram/index.js';

const emu = new Emulator([createGraphModule]);
let url = '';

beforeAll(async () => {
  url = await emu.start();
});
afterAll(() => emu.close());

/** A seen-hash store in memory that applies a poll's changes as the worker does, and records what it was asked. */
class MemoryStore implements SeenStore {
  readonly rows = new Map<string, SeenHash>();
  readonly asked: string[][] = [];
  async forPosts(postIds: readonly string[]): Promise<SeenHash[]> {
    this.asked.push([...postIds].sort());
    return [...this.rows.values()].filter((r) => postIds.includes(r.postId));
  }
  apply(result: PollResult): void {
    const seen = result.seen!;
    for (const [id, r] of this.rows) if (seen.dropPosts.includes(r.postId)) this.rows.delete(id);
    for (const id of seen.drop) this.rows.delete(id);
    for (const h of seen.put) this.rows.set(h.externalId, h);
  }
}

function connectorFor(platform: 'facebook' | 'instagram'): { id: string; connector: Connector } {
  const account = emu.state.addAccount(platform, `${platform}-seen`);
  const ref = { platform, externalId: account.id, credentials: { accessToken: account.token } };
  const connector = platform === 'facebook' ? createFacebookConnector(ref, { graphUrl: url }) : createInstagramConnector(ref, { graphUrl: url });
  return { id: account.id, connector };
}

const callsOf = (platform: EmuPlatform): number => emu.state.calls[platform];
/** Lets the second of the last activity pass (Graph times have one-second resolution). */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 2_100));

describe.each(['facebook', 'instagram'] as const)('%s: seen hashes in a store, posts read again only when changed', (platform) => {
  it('an unchanged poll loads no hashes and changes nothing; a new comment or an edit loads only its post', async () => {
    const { id, connector } = connectorFor(platform);
    const busy = emu.state.addPost(platform, id, 'yoğun duyuru');
    const quiet = emu.state.addPost(platform, id, 'sakin duyuru');
    const ids = new Set<string>();
    // More comments than one nested page holds: the busy post is read past its first page.
    for (let i = 0; i < 140; i++) ids.add(emu.state.addComment({ platform, postId: busy.id, text: `yorum ${i}` }).id);
    const lone = emu.state.addComment({ platform, postId: quiet.id, text: 'tek yorum' });
    ids.add(lone.id);

    const store = new MemoryStore();
    let cursor: PollCursor | null = null;
    const seenIds = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await connector.poll(cursor, store);
      store.apply(r);
      for (const c of r.comments) seenIds.add(c.externalId);
      cursor = r.cursor;
    }
    expect(seenIds).toEqual(ids);
    expect(cursor).not.toHaveProperty('seen');
    expect(store.rows.size).toBeGreaterThan(0);
    // Graph times name a second: a post is taken as settled once its last activity's second is over.
    await settle();
    const settled = await connector.poll(cursor, store);
    store.apply(settled);
    expect(settled.comments).toEqual([]);
    cursor = settled.cursor;

    // Nothing changed: one request, no hashes loaded, nothing to store, the cursor as it was.
    store.asked.length = 0;
    const before = callsOf(platform);
    const idle = await connector.poll(JSON.parse(JSON.stringify(cursor)) as PollCursor, store);
    expect(callsOf(platform) - before).toBe(1);
    expect(idle.comments).toEqual([]);
    expect(store.asked).toEqual([]);
    expect(idle.seen).toEqual({ put: [], drop: [], dropPosts: [] });
    expect(idle.cursor).toEqual(cursor);

    // A new comment on the quiet post: only that post is read again, and the comment comes back once.
    const fresh = emu.state.addComment({ platform, postId: quiet.id, text: 'yeni yorum' });
    const next = await connector.poll(idle.cursor, store);
    store.apply(next);
    expect(next.comments.map((c) => c.externalId)).toEqual([fresh.id]);
    expect(store.asked).toEqual([[quiet.id]]);

    // An edit of the newest comment on the busy post (the emulator edits on both platforms).
    await settle();
    const quietAgain = await connector.poll(next.cursor, store);
    store.apply(quietAgain);
    const newest = [...ids].filter((c) => emu.state.comments.get(c)!.postId === busy.id).at(-1)!;
    emu.state.editComment(newest, 'düzenlenmiş yorum');
    store.asked.length = 0;
    const edited = await connector.poll(quietAgain.cursor, store);
    store.apply(edited);
    expect(edited.comments.map((c) => [c.externalId, c.text])).toEqual([[newest, 'düzenlenmiş yorum']]);
    expect(store.asked).toEqual([[busy.id]]);

    // And quiet again.
    await settle();
    const again = await connector.poll(edited.cursor, store);
    expect(again.comments).toEqual([]);
    expect(again.seen).toEqual({ put: [], drop: [], dropPosts: [] });
  });

  it('a cursor that still holds its hashes hands them to the store, and nothing is returned twice', async () => {
    const { id, connector } = connectorFor(platform);
    const post = emu.state.addPost(platform, id, 'duyuru');
    for (let i = 0; i < 5; i++) emu.state.addComment({ platform, postId: post.id, text: `eski ${i}` });
    const old = await connector.poll(null); // no store: the hashes stay in the cursor, as before
    expect(Object.keys((old.cursor as { seen: object }).seen)).toHaveLength(5);

    const store = new MemoryStore();
    const fresh = emu.state.addComment({ platform, postId: post.id, text: 'yeni' });
    const moved = await connector.poll(old.cursor, store);
    store.apply(moved);
    expect(moved.comments.map((c) => c.externalId)).toEqual([fresh.id]);
    expect(moved.cursor).not.toHaveProperty('seen');
    expect(store.rows.size).toBe(6);
  });
});
