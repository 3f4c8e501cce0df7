import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphModule } from '../../src/harness/emulator/graph.js';
import { Emulator } from '../../src/harness/emulator/server.js';
import type { EmuAccount } from '../../src/harness/emulator/types.js';
import { type Connector, type PollCursor } from '../../src/platforms/contract.js';
import { createFacebookConnector } from '../../src/platforms/facebook/index.js';
import { platformFailure } from './helpers.js';

const emu = new Emulator([createGraphModule]);
let url = '';

beforeAll(async () => {
  url = await emu.start();
});
afterAll(() => emu.close());

function setup(): { page: EmuAccount; fb: Connector } {
  const page = emu.state.addAccount('facebook', 'Bekci Üniversitesi');
  const fb = createFacebookConnector(
    { platform: 'facebook', externalId: page.id, credentials: { accessToken: page.token } },
    { graphUrl: url },
    { timeoutMs: 5_000 },
  );
  return { page, fb };
}

describe('facebook connector against the Graph emulator', () => {
  it('polls new comments and replies, then nothing new; edits come back', async () => {
    const { page, fb } = setup();
    const post = emu.state.addPost('facebook', page.id, 'Kayıt haftası duyurusu');
    const a = emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'Merhaba', authorName: 'Ayşe' });
    const r = emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'Yanıt', parentId: a.id });

    const first = await fb.poll(null);
    expect(first.calls).toBe(1);
    expect(first.comments.map((c) => c.externalId).sort()).toEqual([a.id, r.id].sort());
    const reply = first.comments.find((c) => c.externalId === r.id)!;
    expect(reply.parentId).toBe(a.id);
    expect(reply.postId).toBe(post.id);
    const top = first.comments.find((c) => c.externalId === a.id)!;
    expect(top).toMatchObject({ text: 'Merhaba', authorName: 'Ayşe', state: 'visible' });
    expect(top.publishedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const second = await fb.poll(first.cursor);
    expect(second.comments).toEqual([]);
    expect(second.calls).toBe(1);

    emu.state.editComment(a.id, 'Merhaba (düzenlendi)');
    const third = await fb.poll(JSON.parse(JSON.stringify(second.cursor)) as PollCursor);
    expect(third.comments.map((c) => [c.externalId, c.text])).toEqual([[a.id, 'Merhaba (düzenlendi)']]);
  });

  it('follows comment paging across several pages', async () => {
    const { page, fb } = setup();
    const post = emu.state.addPost('facebook', page.id, 'Mezuniyet');
    const ids = new Set<string>();
    for (let i = 0; i < 120; i += 1) ids.add(emu.state.addComment({ platform: 'facebook', postId: post.id, text: `yorum ${i}` }).id);
    const res = await fb.poll(null);
    expect(new Set(res.comments.map((c) => c.externalId))).toEqual(ids);
    expect(res.calls).toBe(3); // feed with 50 nested, then two comment pages
    const again = await fb.poll(res.cursor);
    expect(again.comments).toEqual([]);
  });

  it('follows feed paging across several pages of posts', async () => {
    const { page, fb } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const p = emu.state.addPost('facebook', page.id, `post ${i}`);
      ids.push(emu.state.addComment({ platform: 'facebook', postId: p.id, text: `c${i}` }).id);
    }
    const res = await fb.poll(null);
    expect(res.comments.map((c) => c.externalId).sort()).toEqual(ids.sort());
    expect(res.calls).toBe(2);
  });

  it('hides, unhides, deletes and replies; the emulator state follows', async () => {
    const { page, fb } = setup();
    const post = emu.state.addPost('facebook', page.id, 'Duyuru');
    const c = emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'spam spam' });
    const ref = { externalId: c.id, postId: post.id };
    const cur = await fb.poll(null);

    await fb.moderate(ref, 'hide');
    expect(emu.state.comments.get(c.id)!.state).toBe('hidden');
    const afterHide = await fb.poll(cur.cursor);
    expect(afterHide.comments.map((x) => [x.externalId, x.state])).toEqual([[c.id, 'hidden']]);

    await fb.moderate(ref, 'unhide');
    expect(emu.state.comments.get(c.id)!.state).toBe('visible');

    const { externalId } = await fb.reply(ref, 'Teşekkürler, ilgili birime ilettik.');
    const created = emu.state.comments.get(externalId)!;
    expect(created).toMatchObject({ parentId: c.id, authorId: page.id, text: 'Teşekkürler, ilgili birime ilettik.' });

    await fb.moderate(ref, 'delete');
    expect(emu.state.comments.get(c.id)!.state).toBe('deleted');
    await expect(fb.moderate(ref, 'delete')).resolves.toBeDefined(); // idempotent
    const afterDelete = await fb.poll(afterHide.cursor);
    expect(afterDelete.removed).toContain(c.id);

    const err = await platformFailure(fb.moderate(ref, 'hold'));
    expect(err.kind).toBe('invalid');
  });

  it('maps every fault kind to the right PlatformError', async () => {
    const { page, fb } = setup();
    emu.state.addPost('facebook', page.id, 'x');

    emu.state.addFault('facebook', 'rate_limit', 1, 180);
    let err = await platformFailure(fb.poll(null));
    expect(err.kind).toBe('rate_limit');
    expect(err.details.code).toBe(80001);
    expect(err.details.retryAfterMs).toBe(3 * 60_000);

    emu.state.addFault('facebook', 'quota_exceeded');
    err = await platformFailure(fb.poll(null));
    expect(err.kind).toBe('rate_limit');
    expect(err.details.retryAfterMs).toBeGreaterThan(0);

    emu.state.addFault('facebook', 'server_error');
    err = await platformFailure(fb.poll(null));
    expect(err.kind).toBe('retryable');
    expect(err.details.status).toBe(500);

    emu.state.addFault('facebook', 'expired_token');
    err = await platformFailure(fb.poll(null));
    expect(err.kind).toBe('auth');

    emu.state.revokedTokens.add(page.token);
    err = await platformFailure(fb.poll(null));
    expect(err).toMatchObject({ kind: 'auth', details: { code: 190 } });
  });

  it('survives a slow answer and times out a too slow one as retryable', async () => {
    const { page, fb } = setup();
    const post = emu.state.addPost('facebook', page.id, 'yavaş');
    emu.state.addComment({ platform: 'facebook', postId: post.id, text: 'bekle' });
    emu.state.addFault('facebook', 'slow', 1, 300);
    const res = await fb.poll(null);
    expect(res.comments).toHaveLength(1);

    const impatient = createFacebookConnector(
      { platform: 'facebook', externalId: page.id, credentials: { accessToken: page.token } },
      { graphUrl: url },
      { timeoutMs: 100 },
    );
    emu.state.addFault('facebook', 'slow', 1, 400);
    const err = await platformFailure(impatient.poll(null));
    expect(err.kind).toBe('retryable');
  });

  it('polls several Pages with different tokens concurrently, without a crash reporter', async () => {
    const before = process.listenerCount('uncaughtException');
    const setups = [setup(), setup(), setup()];
    const expected = setups.map(({ page }) => {
      const p = emu.state.addPost('facebook', page.id, `post of ${page.id}`);
      return emu.state.addComment({ platform: 'facebook', postId: p.id, text: `for ${page.id}` }).id;
    });
    const results = await Promise.all(setups.map(({ fb }) => fb.poll(null)));
    expect(results.map((r) => r.comments.map((c) => c.externalId))).toEqual(expected.map((id) => [id]));
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });

  it('network failure is retryable', async () => {
    const page = emu.state.addAccount('facebook', 'Kapalı');
    const fb = createFacebookConnector(
      { platform: 'facebook', externalId: page.id, credentials: { accessToken: page.token } },
      { graphUrl: 'http://127.0.0.1:9' },
    );
    const err = await platformFailure(fb.poll(null));
    expect(err.kind).toBe('retryable');
    // Put the shared base back for the other tests in this file.
    createFacebookConnector({ platform: 'facebook', externalId: page.id, credentials: { accessToken: page.token } }, { graphUrl: url });
  });
});
