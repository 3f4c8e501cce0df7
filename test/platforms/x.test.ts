import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createXModule } from '../../src/harness/emulator/x.js';
import type { EmuAccount, EmuPost } from '../../src/harness/emulator/types.js';
import { type Connector, type PollCursor } from '../../src/platforms/contract.js';
import { createXConnector } from '../../src/platforms/x/index.js';
import { checkRecorded, recording, type Recorded } from '../fixtures/specs/x-youtube-validators.js';
import { platformFailure } from './helpers.js';

const log: Recorded[] = [];
const emu = new Emulator([recording(createXModule, log)]);
let me: EmuAccount;
let other: EmuAccount;
let root: EmuPost;
let connector: Connector;

beforeAll(async () => {
  await emu.start();
  me = emu.state.addAccount('x', 'bekci_uni', { id: '2244994945', token: 'tok-x-me' });
  other = emu.state.addAccount('x', 'baska_hesap', { id: '783214', token: 'tok-x-other' });
  root = emu.state.addPost('x', me.id, 'Kayıt takvimi açıklandı');
  connector = createXConnector({ platform: 'x', externalId: me.id, credentials: { accessToken: me.token } }, { xApiUrl: emu.url });
});

afterAll(async () => {
  await emu.close();
  expect(log.length).toBeGreaterThan(10);
  const problems = log.flatMap(checkRecorded);
  expect(problems).toEqual([]);
});

describe('X connector against the emulator', () => {
  let cursor: PollCursor;

  it('first poll finds direct replies, deeper replies and mentions, with paging', async () => {
    const r1 = emu.state.addComment({ platform: 'x', postId: root.id, text: 'Harika haber', authorName: 'ogrenci1' });
    const r2 = emu.state.addComment({ platform: 'x', postId: root.id, parentId: r1.id, text: 'Katılıyorum', authorName: 'ogrenci2' });
    const elsewhere = emu.state.addPost('x', other.id, 'Bir duyuru');
    const m1 = emu.state.addComment({ platform: 'x', postId: elsewhere.id, text: '@bekci_uni yurt başvurusu ne zaman?', authorName: 'veli' });
    for (let i = 0; i < 120; i += 1) emu.state.addComment({ platform: 'x', postId: root.id, text: `yorum ${i}`, authorName: `u${i}` });

    const before = emu.state.calls.x;
    const res = await connector.poll(null);
    const ids = res.comments.map((c) => c.externalId);
    expect(ids).toEqual(expect.arrayContaining([r1.id, r2.id, m1.id]));
    expect(res.comments).toHaveLength(123);
    const deep = res.comments.find((c) => c.externalId === r2.id)!;
    expect(deep).toMatchObject({ postId: root.id, parentId: r1.id, authorName: 'ogrenci2', text: 'Katılıyorum' });
    expect(deep.publishedAt).toBeInstanceOf(Date);
    expect(res.comments.find((c) => c.externalId === m1.id)).toMatchObject({ postId: elsewhere.id, authorName: 'veli' });
    // mentions: 2 pages (121 direct replies + 1 mention, 100 per page); search: 2 pages over the one conversation
    expect(res.calls).toBe(4);
    expect(emu.state.calls.x - before).toBe(4);
    expect(res.cursor).toMatchObject({ conversations: { [root.id]: expect.any(String) } });
    cursor = JSON.parse(JSON.stringify(res.cursor)) as PollCursor;
  });

  it('an idle poll costs one mentions call plus one search call and returns nothing', async () => {
    const res = await connector.poll(cursor);
    expect(res.comments).toEqual([]);
    expect(res.calls).toBe(2);
    cursor = res.cursor;
  });

  it('incremental polls return only new comments, and an edit comes back under its original id', async () => {
    const first = (await connector.poll(cursor)).comments;
    expect(first).toEqual([]);
    const r1 = [...emu.state.comments.values()].find((c) => c.text === 'Harika haber')!;
    const r3 = emu.state.addComment({ platform: 'x', postId: root.id, parentId: r1.id, text: 'Yeni yanıt', authorName: 'ogrenci3' });
    emu.state.editComment(r1.id, 'Harika haber (düzenlendi)');
    const res = await connector.poll(cursor);
    expect(res.comments.map((c) => c.externalId).sort()).toEqual([r1.id, r3.id].sort());
    const edited = res.comments.find((c) => c.externalId === r1.id)!;
    expect(edited.text).toBe('Harika haber (düzenlendi)');
    expect(edited.updatedAt).toBeInstanceOf(Date);
    cursor = res.cursor;
    expect((await connector.poll(cursor)).comments).toEqual([]);
  });

  it('hides and unhides replies in its own conversation, including an edited one', async () => {
    const r1 = [...emu.state.comments.values()].find((c) => c.text.startsWith('Harika haber'))!;
    await connector.moderate({ externalId: r1.id, postId: root.id }, 'hide');
    expect(emu.state.comments.get(r1.id)!.state).toBe('hidden');
    await connector.moderate({ externalId: r1.id, postId: root.id }, 'hide'); // idempotent
    await connector.moderate({ externalId: r1.id, postId: root.id }, 'unhide');
    expect(emu.state.comments.get(r1.id)!.state).toBe('visible');
  });

  it('cannot hide replies in other conversations (403 → invalid)', async () => {
    const m1 = [...emu.state.comments.values()].find((c) => c.text.startsWith('@bekci_uni'))!;
    const err = await platformFailure(connector.moderate({ externalId: m1.id, postId: m1.postId }, 'hide'));
    expect(err.kind).toBe('invalid');
    expect(err.details.status).toBe(403);
    expect(emu.state.comments.get(m1.id)!.state).toBe('visible');
  });

  it('refuses delete/hold/reject/publish without calling the API', async () => {
    const before = emu.state.calls.x;
    for (const kind of ['delete', 'hold', 'reject', 'publish'] as const) {
      expect((await platformFailure(connector.moderate({ externalId: '1', postId: root.id }, kind))).kind).toBe('invalid');
    }
    expect(emu.state.calls.x).toBe(before);
    expect(connector.capabilities).toMatchObject({ hide: true, unhide: true, delete: false, hold: false, reject: false, reply: true });
  });

  it('replies under a comment', async () => {
    const r3 = [...emu.state.comments.values()].find((c) => c.text === 'Yeni yanıt')!;
    const { externalId } = await connector.reply({ externalId: r3.id, postId: root.id }, 'Teşekkürler, bilgi için: oidb.edu.tr');
    const created = emu.state.comments.get(externalId)!;
    expect(created).toMatchObject({ authorId: me.id, parentId: r3.id, postId: root.id });
    // The account's own reply is not reported back as a comment to moderate.
    const res = await connector.poll(cursor);
    expect(res.comments.map((c) => c.externalId)).not.toContain(externalId);
    cursor = res.cursor;
  });
});

describe('X reply lookup while recent search lags behind writes', () => {
  it('finds the reply whose answer was lost in the account timeline before search indexes it', async () => {
    const c = emu.state.addComment({ platform: 'x', postId: root.id, text: 'Burs sonuçları ne zaman?', authorName: 'ogrenci9' });
    const text = 'Burs sonuçları 5 Ekim’de açıklanacak.';
    emu.state.xSearchLagMs = 10 * 60_000;
    try {
      emu.state.addFault('x', 'lost', 1, undefined, { writesOnly: true });
      expect((await platformFailure(connector.reply({ externalId: c.id, postId: root.id }, text))).kind).toBe('retryable');
      const posted = [...emu.state.comments.values()].filter((r) => r.parentId === c.id);
      expect(posted.map((r) => r.text)).toEqual([text]);
      // The lag is real: recent search does not show the reply yet.
      const search = await fetch(`${emu.url}/2/tweets/search/recent?query=in_reply_to_tweet_id:${c.id}`, { headers: { authorization: `Bearer ${me.token}` } });
      expect(((await search.json()) as { meta: { result_count: number } }).meta.result_count).toBe(0);
      expect(await connector.findReply({ externalId: c.id, postId: root.id }, text)).toEqual({ externalId: posted[0]!.id });
      // Another text, or the same text under another comment, is not taken for it.
      expect(await connector.findReply({ externalId: c.id, postId: root.id }, 'Başka bir yanıt')).toBeNull();
      const other = emu.state.addComment({ platform: 'x', postId: root.id, text: 'Ben de sormak istiyorum', authorName: 'ogrenci10' });
      expect(await connector.findReply({ externalId: other.id, postId: root.id }, text)).toBeNull();
    } finally {
      emu.state.xSearchLagMs = 0;
    }
  });
});

describe('X error mapping', () => {
  const fault = (kind: 'rate_limit' | 'server_error' | 'expired_token' | 'quota_exceeded' | 'slow', delayMs?: number): void =>
    emu.state.addFault('x', kind, 1, delayMs);

  it('rate_limit → rate_limit with retryAfterMs from x-rate-limit-reset', async () => {
    fault('rate_limit', 120);
    const err = await platformFailure(connector.poll(null));
    expect(err.kind).toBe('rate_limit');
    expect(err.details.retryAfterMs).toBeGreaterThan(100_000);
    expect(err.details.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('quota_exceeded → rate_limit until the 24-hour user reset', async () => {
    fault('quota_exceeded');
    const err = await platformFailure(connector.moderate({ externalId: '1', postId: root.id }, 'hide'));
    expect(err.kind).toBe('rate_limit');
    expect(err.details.retryAfterMs).toBeGreaterThan(23 * 3600_000);
  });

  it('server_error → retryable; expired_token and revoked tokens → auth', async () => {
    fault('server_error');
    expect((await platformFailure(connector.poll(null))).kind).toBe('retryable');
    fault('expired_token');
    expect((await platformFailure(connector.reply({ externalId: root.id, postId: root.id }, 'x'))).kind).toBe('auth');
    const revoked = createXConnector({ platform: 'x', externalId: me.id, credentials: { accessToken: 'not-a-token' } }, { xApiUrl: emu.url });
    expect((await platformFailure(revoked.poll(null))).kind).toBe('auth');
  });

  it('a slow answer still succeeds', async () => {
    fault('slow', 300);
    const res = await connector.poll(null);
    expect(res.comments.length).toBeGreaterThan(0);
  });

  it('network failure → retryable', async () => {
    const dead = createXConnector({ platform: 'x', externalId: me.id, credentials: { accessToken: me.token } }, { xApiUrl: 'http://127.0.0.1:1' });
    expect((await platformFailure(dead.poll(null))).kind).toBe('retryable');
  });

  it('OAuth 1.0a user context works too', async () => {
    const oauth1 = createXConnector(
      { platform: 'x', externalId: me.id, credentials: { accessToken: me.token, accessSecret: 's', appKey: 'k', appSecret: 'as' } },
      { xApiUrl: emu.url },
    );
    const res = await oauth1.poll(null);
    expect(res.comments.length).toBeGreaterThan(0);
  });
});
