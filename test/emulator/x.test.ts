import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createXModule } from '../../src/harness/emulator/x.js';
import type { EmuAccount, EmuPost } from '../../src/harness/emulator/types.js';
import { checkRecorded, recording, xSpec, type Recorded } from '../fixtures/specs/x-youtube-validators.js';

const log: Recorded[] = [];
const emu = new Emulator([recording(createXModule, log)]);
let me: EmuAccount;
let other: EmuAccount;
let root: EmuPost;

async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  await emu.start();
  me = emu.state.addAccount('x', 'bekci_uni', { id: '100', token: 't-me' });
  other = emu.state.addAccount('x', 'other', { id: '200', token: 't-other' });
  root = emu.state.addPost('x', me.id, 'root');
});

afterAll(async () => {
  await emu.close();
  expect(log.flatMap(checkRecorded)).toEqual([]);
});

describe('X emulator', () => {
  it('serves search with fields, expansions, meta and rate-limit headers', async () => {
    const r = emu.state.addComment({ platform: 'x', postId: root.id, text: 'merhaba', authorName: 'Ayşe Yılmaz' });
    const q = new URLSearchParams({
      query: `conversation_id:${root.id} is:reply`,
      max_results: '10',
      'tweet.fields': 'author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets',
      expansions: 'author_id',
      'user.fields': 'username',
    });
    const res = await call('GET', `/2/tweets/search/recent?${q}`, me.token);
    expect(res.status).toBe(200);
    expect(res.json.data[0]).toMatchObject({
      id: r.id,
      conversation_id: root.id,
      in_reply_to_user_id: me.id,
      author_id: r.authorId,
      referenced_tweets: [{ type: 'replied_to', id: root.id }],
      edit_history_tweet_ids: [r.id],
    });
    expect(res.json.includes.users[0]).toMatchObject({ id: r.authorId, name: 'Ayşe Yılmaz', username: 'AyseYlmaz' });
    expect(res.json.meta).toEqual({ result_count: 1, newest_id: r.id, oldest_id: r.id });
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(res.headers.get('x-rate-limit-limit')).toBe('300');
  });

  it('empty results carry only meta; to: and OR queries work; bad queries are 400 problems', async () => {
    const none = await call('GET', `/2/tweets/search/recent?query=${encodeURIComponent('to:nobody is:reply')}`, me.token);
    expect(none.json).toEqual({ meta: { result_count: 0 } });
    const to = await call('GET', `/2/tweets/search/recent?query=${encodeURIComponent('(to:bekci_uni OR conversation_id:1) is:reply -is:retweet')}`, me.token);
    expect(to.json.meta.result_count).toBe(1);
    for (const q of ['', 'place:istanbul', '(unbalanced', 'a'.repeat(513)]) {
      const bad = await call('GET', `/2/tweets/search/recent?query=${encodeURIComponent(q)}`, me.token);
      expect(bad.status, q).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call('GET', `/2/tweets/search/recent?query=x&max_results=5`, me.token)).status).toBe(400);
    expect((await call('GET', `/2/tweets/search/recent?query=x&max_results=101`, me.token)).status).toBe(400);
  });

  it('pages with next_token and respects since_id', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => emu.state.addComment({ platform: 'x', postId: root.id, text: `c${i}` }).id);
    const base = `/2/tweets/search/recent?query=conversation_id:${root.id}&max_results=10`;
    const p1 = await call('GET', base, me.token);
    const p2 = await call('GET', `${base}&next_token=${p1.json.meta.next_token}`, me.token);
    const p3 = await call('GET', `${base}&next_token=${p2.json.meta.next_token}`, me.token);
    expect(p3.json.meta.next_token).toBeUndefined();
    expect([...p1.json.data, ...p2.json.data, ...p3.json.data]).toHaveLength(27); // 25 + the earlier reply + the root itself
    const since = await call('GET', `${base}&since_id=${ids[20]}`, me.token);
    expect(since.json.data.map((t: { id: string }) => t.id)).toEqual(ids.slice(21).reverse());
    expect((await call('GET', `${base}&next_token=garbage`, me.token)).status).toBe(400);
  });

  it('mentions include replies to the user and @mentions, with pagination_token', async () => {
    const elsewhere = emu.state.addPost('x', other.id, 'other root');
    const m = emu.state.addComment({ platform: 'x', postId: elsewhere.id, text: 'hey @bekci_uni' });
    const res = await call('GET', `/2/users/${me.id}/mentions?max_results=5&tweet.fields=conversation_id`, me.token);
    expect(res.json.data[0]).toMatchObject({ id: m.id, conversation_id: elsewhere.id });
    const next = await call('GET', `/2/users/${me.id}/mentions?max_results=5&pagination_token=${res.json.meta.next_token}`, me.token);
    expect(next.json.data).toHaveLength(5);
  });

  it("hides only replies in the caller's own conversations", async () => {
    const r = emu.state.addComment({ platform: 'x', postId: root.id, text: 'hide me' });
    expect((await call('PUT', `/2/tweets/${r.id}/hidden`, me.token, { hidden: true })).json).toEqual({ data: { hidden: true } });
    expect(emu.state.comments.get(r.id)!.state).toBe('hidden');
    const forbidden = await call('PUT', `/2/tweets/${r.id}/hidden`, other.token, { hidden: false });
    expect(forbidden.status).toBe(403);
    expect((await call('PUT', `/2/tweets/${root.id}/hidden`, me.token, { hidden: true })).status).toBe(403);
    expect((await call('PUT', `/2/tweets/${r.id}/hidden`, me.token, {})).status).toBe(400);
    expect((await call('PUT', `/2/tweets/999/hidden`, me.token, { hidden: true })).status).toBe(404);
  });

  it('deletes only own posts; creates posts and replies', async () => {
    const r = emu.state.addComment({ platform: 'x', postId: root.id, text: 'someone else' });
    expect((await call('DELETE', `/2/tweets/${r.id}`, me.token)).status).toBe(403);
    const created = await call('POST', '/2/tweets', me.token, { text: 'yanıt', reply: { in_reply_to_tweet_id: r.id } });
    expect(created.status).toBe(201);
    expect(emu.state.comments.get(created.json.data.id)).toMatchObject({ parentId: r.id, postId: root.id, authorId: me.id });
    expect((await call('DELETE', `/2/tweets/${created.json.data.id}`, me.token)).json).toEqual({ data: { deleted: true } });
    expect(emu.state.comments.get(created.json.data.id)!.state).toBe('deleted');
  });

  it('edits get a new id with the whole edit history; old ids still address the reply', async () => {
    const r = emu.state.addComment({ platform: 'x', postId: root.id, text: 'v1' });
    emu.state.editComment(r.id, 'v2');
    const res = await call('GET', `/2/tweets/search/recent?query=conversation_id:${root.id}&since_id=${r.id}&max_results=10`, me.token);
    const t = res.json.data.find((d: { text: string }) => d.text === 'v2');
    expect(t.edit_history_tweet_ids[0]).toBe(r.id);
    expect(t.id).not.toBe(r.id);
    expect((await call('PUT', `/2/tweets/${r.id}/hidden`, me.token, { hidden: true })).status).toBe(200);
  });

  it('authenticates, and answers injected faults like X does', async () => {
    expect((await call('GET', '/2/users/me', undefined)).status).toBe(401);
    expect((await call('GET', '/2/users/me', me.token)).json).toEqual({ data: { id: me.id, name: 'bekci_uni', username: 'bekci_uni' } });
    emu.state.addFault('x', 'quota_exceeded');
    const q = await call('GET', '/2/users/me', me.token);
    expect(q.status).toBe(429);
    expect(Number(q.headers.get('x-user-limit-24hour-reset'))).toBeGreaterThan(Date.now() / 1000 + 3600);
    emu.state.addFault('x', 'rate_limit', 1, 60);
    const rl = await call('GET', '/2/users/me', me.token);
    expect(rl.status).toBe(429);
    expect(Number(rl.headers.get('x-rate-limit-reset'))).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
    emu.state.addFault('x', 'server_error');
    expect((await call('GET', '/2/users/me', me.token)).status).toBe(503);
    emu.state.addFault('x', 'expired_token');
    expect((await call('GET', '/2/users/me', me.token)).status).toBe(401);
  });

  it('enforces the per-user 15-minute window', async () => {
    let last = 0;
    for (let i = 0; i < 51; i += 1) last = (await call('PUT', `/2/tweets/${root.id}1/hidden`, other.token, { hidden: true })).status;
    expect(last).toBe(429);
  });

  it('the routes and parameters the connector uses exist in the official definition', () => {
    const search = xSpec.routes['GET /2/tweets/search/recent']!.params;
    for (const p of ['query', 'since_id', 'max_results', 'next_token', 'tweet.fields', 'expansions', 'user.fields']) expect(search).toHaveProperty([p]);
    for (const f of ['author_id', 'created_at', 'conversation_id', 'in_reply_to_user_id', 'referenced_tweets', 'edit_history_tweet_ids']) {
      expect(search['tweet.fields']).toContain(f);
    }
    expect(search.expansions).toContain('author_id');
    expect(search['user.fields']).toContain('username');
    expect(xSpec.routes['GET /2/users/{id}/mentions']!.params).toHaveProperty(['pagination_token']);
    expect(xSpec.routes['PUT /2/tweets/{tweet_id}/hidden']!.response).toBe('TweetHideResponse');
  });
});
