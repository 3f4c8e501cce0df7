import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphModule } from '../../src/harness/emulator/graph.js';
import { Emulator } from '../../src/harness/emulator/server.js';
import type { EmuAccount } from '../../src/harness/emulator/types.js';
import { type Connector } from '../../src/platforms/contract.js';
import type { GraphConnectorOptions } from '../../src/platforms/graph/options.js';
import { createInstagramConnector } from '../../src/platforms/instagram/index.js';
import { platformFailure } from './helpers.js';

const emu = new Emulator([createGraphModule]);
let url = '';

beforeAll(async () => {
  url = await emu.start();
});
afterAll(() => emu.close());

function setup(opts: GraphConnectorOptions = {}, base?: string): { user: EmuAccount; ig: Connector } {
  const user = emu.state.addAccount('instagram', 'bekci.universitesi');
  const ig = createInstagramConnector(
    { platform: 'instagram', externalId: user.id, credentials: { accessToken: user.token } },
    { graphUrl: base ?? url },
    { timeoutMs: 5_000, ...opts },
  );
  return { user, ig };
}

describe('instagram connector against the Graph emulator', () => {
  it('polls comments and replies in one call, then nothing new; edits come back', async () => {
    const { user, ig } = setup();
    const media = emu.state.addPost('instagram', user.id, 'Bahar şenliği 🎉');
    const a = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'Harika!', authorName: 'ogrenci1' });
    const r = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'Katılıyorum', parentId: a.id });

    const first = await ig.poll(null);
    expect(first.calls).toBe(1);
    expect(first.comments.map((c) => c.externalId).sort()).toEqual([a.id, r.id].sort());
    expect(first.comments.find((c) => c.externalId === r.id)).toMatchObject({ parentId: a.id, postId: media.id });
    expect(first.comments.find((c) => c.externalId === a.id)).toMatchObject({ authorName: 'ogrenci1', text: 'Harika!', state: 'visible' });

    const second = await ig.poll(first.cursor);
    expect(second).toMatchObject({ comments: [], calls: 1 });

    emu.state.editComment(r.id, 'Katılıyorum!!');
    const third = await ig.poll(second.cursor);
    expect(third.comments.map((c) => c.text)).toEqual(['Katılıyorum!!']);
  });

  it('pages through comments and notices a new reply under an old comment', async () => {
    const { user, ig } = setup({ tuning: { rereadMs: 0 } });
    const media = emu.state.addPost('instagram', user.id, 'Kütüphane');
    const all: string[] = [];
    for (let i = 0; i < 70; i += 1) {
      const c = emu.state.addComment({ platform: 'instagram', postId: media.id, text: `y${i}` });
      // Spread them over the last 70 minutes, as a real discussion would be.
      c.createdAt = c.updatedAt = new Date(Date.now() - (70 - i) * 60_000);
      all.push(c.id);
    }
    const first = await ig.poll(null);
    expect(first.comments.map((c) => c.externalId).sort()).toEqual([...all].sort());
    expect(first.calls).toBe(2);

    const idle = await ig.poll(first.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 1 });

    const late = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'geç yanıt', parentId: all[0]! });
    const next = await ig.poll(idle.cursor);
    expect(next.comments.map((c) => c.externalId)).toEqual([late.id]);
    expect(next.calls).toBe(2);
  });

  it('hides, unhides, deletes and replies; the emulator state follows', async () => {
    const { user, ig } = setup();
    const media = emu.state.addPost('instagram', user.id, 'Duyuru');
    const c = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'reklam linki' });
    const sub = emu.state.addComment({ platform: 'instagram', postId: media.id, text: 'soru?', parentId: c.id });
    const ref = { externalId: c.id, postId: media.id };

    await ig.moderate(ref, 'hide');
    expect(emu.state.comments.get(c.id)!.state).toBe('hidden');
    const seenHidden = await ig.poll(null);
    expect(seenHidden.comments.find((x) => x.externalId === c.id)?.state).toBe('hidden');
    await ig.moderate(ref, 'unhide');
    expect(emu.state.comments.get(c.id)!.state).toBe('visible');

    // A reply to a reply lands under the top-level comment.
    const { externalId } = await ig.reply({ externalId: sub.id, postId: media.id }, 'Bilgi işlem birimine yönlendirdik.');
    expect(emu.state.comments.get(externalId)).toMatchObject({ parentId: c.id, authorId: user.id });

    const before = await ig.poll(null);
    await ig.moderate(ref, 'delete');
    expect(emu.state.comments.get(c.id)!.state).toBe('deleted');
    await expect(ig.moderate(ref, 'delete')).resolves.toBeDefined();
    const after = await ig.poll(before.cursor);
    expect(after.removed).toContain(c.id);
  });

  it('maps every fault kind to the right PlatformError', async () => {
    const { ig } = setup();
    emu.state.addFault('instagram', 'rate_limit', 1, 600);
    let err = await platformFailure(ig.poll(null));
    expect(err).toMatchObject({ kind: 'rate_limit', details: { code: 80002, retryAfterMs: 10 * 60_000 } });

    emu.state.addFault('instagram', 'quota_exceeded');
    err = await platformFailure(ig.poll(null));
    expect(err).toMatchObject({ kind: 'rate_limit', details: { code: 17 } });

    emu.state.addFault('instagram', 'server_error');
    err = await platformFailure(ig.moderate({ externalId: '1', postId: '2' }, 'hide'));
    expect(err).toMatchObject({ kind: 'retryable', details: { status: 500, code: 2 } });

    emu.state.addFault('instagram', 'expired_token');
    err = await platformFailure(ig.reply({ externalId: '1', postId: '2' }, 'x'));
    expect(err.kind).toBe('auth');

    err = await platformFailure(ig.moderate({ externalId: 'nope', postId: '2' }, 'hide'));
    expect(err.kind).toBe('invalid');
  });

  it('works through the Instagram host prefix and when slow', async () => {
    const { user, ig } = setup({}, `${url}/instagram`);
    const media = emu.state.addPost('instagram', user.id, 'Kampüs');
    for (let i = 0; i < 60; i += 1) emu.state.addComment({ platform: 'instagram', postId: media.id, text: `k${i}` });
    emu.state.addFault('instagram', 'slow', 2, 200);
    const res = await ig.poll(null);
    expect(res.comments).toHaveLength(60);
    expect(res.calls).toBe(2);
    setup(); // restore the shared base URL
  });
});
