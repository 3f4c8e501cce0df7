import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createYouTubeModule } from '../../src/harness/emulator/youtube.js';
import type { EmuAccount, EmuPost } from '../../src/harness/emulator/types.js';
import { checkRecorded, recording, ytSpec, type Recorded } from '../fixtures/specs/x-youtube-validators.js';

const log: Recorded[] = [];
const emu = new Emulator([recording((s) => createYouTubeModule(s, { dailyQuota: 1_000 }), log)]);
let owner: EmuAccount;
let viewer: EmuAccount;
let video: EmuPost;

async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}/youtube/v3/${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
const threads = (query: string, token = owner.token) => call('GET', `commentThreads?part=snippet,replies&${query}`, token);
const reason = (r: { json: any }): string => r.json.error.errors[0].reason;

beforeAll(async () => {
  await emu.start();
  owner = emu.state.addAccount('youtube', 'Kanal', { id: 'UCowner', token: 'tok-owner' });
  viewer = emu.state.addAccount('youtube', 'İzleyici', { id: 'UCviewer', token: 'tok-viewer' });
  video = emu.state.addPost('youtube', owner.id, 'video', 'vid00000001');
});

afterAll(async () => {
  await emu.close();
  expect(log.flatMap(checkRecorded)).toEqual([]);
});

describe('YouTube emulator', () => {
  it('lists threads newest first with Discovery-shaped items, html or plain text', async () => {
    const a = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'a <b>\nsatır', authorId: viewer.id, authorName: viewer.name });
    emu.state.addComment({ platform: 'youtube', postId: video.id, parentId: a.id, text: 'yanıt' });
    const b = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'b' });
    const res = await threads(`allThreadsRelatedToChannelId=${owner.id}&order=time`);
    expect(res.json.kind).toBe('youtube#commentThreadListResponse');
    expect(res.json.items.map((t: { id: string }) => t.id)).toEqual([b.id, a.id]);
    const ta = res.json.items[1];
    expect(ta.snippet).toMatchObject({ videoId: video.id, channelId: owner.id, totalReplyCount: 1 });
    expect(ta.snippet.topLevelComment.snippet).toMatchObject({
      textDisplay: 'a &lt;b&gt;<br>satır',
      textOriginal: 'a <b>\nsatır',
      authorChannelId: { value: viewer.id },
      moderationStatus: 'published',
    });
    expect(ta.replies.comments[0].snippet.parentId).toBe(a.id);
    const plain = await threads(`videoId=${video.id}&textFormat=plainText`);
    expect(plain.json.items[1].snippet.topLevelComment.snippet.textDisplay).toBe('a <b>\nsatır');
    const byId = await threads(`id=${a.id}`);
    expect(byId.json.items[0].snippet.topLevelComment.snippet.moderationStatus).toBeUndefined();
  });

  it('requires exactly one filter and validates paging', async () => {
    expect(reason(await threads(''))).toBe('incompatibleParameters');
    expect((await threads(`videoId=${video.id}&allThreadsRelatedToChannelId=${owner.id}`)).status).toBe(400);
    expect(reason(await threads(`videoId=${video.id}&maxResults=101`))).toBe('invalidParameter');
    expect(reason(await threads(`videoId=${video.id}&pageToken=nope`))).toBe('invalidPageToken');
    expect(reason(await threads('videoId=missing'))).toBe('videoNotFound');
    const p1 = await threads(`videoId=${video.id}&maxResults=1`);
    const p2 = await threads(`videoId=${video.id}&maxResults=1&pageToken=${p1.json.nextPageToken}`);
    expect(p2.json.items[0].id).not.toBe(p1.json.items[0].id);
    expect(p2.json.nextPageToken).toBeUndefined();
  });

  it('held comments are listed only with moderationStatus=heldForReview (owner only); rejected never', async () => {
    const h = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'held' });
    const r = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'rejected' });
    expect((await call('POST', `comments/setModerationStatus?id=${h.id}&moderationStatus=heldForReview`, owner.token)).status).toBe(204);
    expect((await call('POST', `comments/setModerationStatus?id=${r.id}&id=${h.id}&moderationStatus=rejected&banAuthor=true`, owner.token)).status).toBe(204);
    expect(emu.state.comments.get(h.id)!.state).toBe('rejected');
    const h2 = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'held 2' });
    await call('POST', `comments/setModerationStatus?id=${h2.id}&moderationStatus=heldForReview`, owner.token);
    const published = await threads(`videoId=${video.id}`);
    expect(published.json.items.map((t: { id: string }) => t.id)).not.toContain(h2.id);
    const held = await threads(`videoId=${video.id}&moderationStatus=heldForReview`);
    expect(held.json.items.map((t: { id: string }) => t.id)).toEqual([h2.id]);
    expect(held.json.items[0].snippet.topLevelComment.snippet.moderationStatus).toBe('heldForReview');
    expect((await threads(`videoId=${video.id}&moderationStatus=heldForReview`, viewer.token)).status).toBe(403);
    expect((await threads(`videoId=${video.id}&moderationStatus=rejected`)).json.items).toEqual([]);
    expect((await call('GET', `comments?part=snippet&id=${r.id}`, owner.token)).json.items).toEqual([]);
  });

  it('setModerationStatus rules: banWithoutReject, ≤50 ids, owner only, rejected is final', async () => {
    const c = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'c' });
    expect(reason(await call('POST', `comments/setModerationStatus?id=${c.id}&moderationStatus=published&banAuthor=true`, owner.token))).toBe(
      'banWithoutReject',
    );
    const many = Array.from({ length: 51 }, () => c.id).join(',');
    expect((await call('POST', `comments/setModerationStatus?id=${many}&moderationStatus=published`, owner.token)).status).toBe(400);
    expect(reason(await call('POST', `comments/setModerationStatus?id=${c.id}&moderationStatus=rejected`, viewer.token))).toBe('forbidden');
    expect(reason(await call('POST', `comments/setModerationStatus?id=nope&moderationStatus=rejected`, owner.token))).toBe('commentNotFound');
    await call('POST', `comments/setModerationStatus?id=${c.id}&moderationStatus=rejected`, owner.token);
    const again = await call('POST', `comments/setModerationStatus?id=${c.id}&moderationStatus=published`, owner.token);
    expect(again.status).toBe(400);
    expect(emu.state.comments.get(c.id)!.state).toBe('rejected');
  });

  it('comments.list by parentId pages replies; insert replies; delete only own comments', async () => {
    const t = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'top' });
    for (let i = 0; i < 3; i += 1) emu.state.addComment({ platform: 'youtube', postId: video.id, parentId: t.id, text: `r${i}` });
    const page = await call('GET', `comments?part=snippet&parentId=${t.id}&maxResults=2`, owner.token);
    expect(page.json.items).toHaveLength(2);
    expect(page.json.nextPageToken).toBeDefined();
    expect(reason(await call('GET', `comments?part=snippet`, owner.token))).toBe('incompatibleParameters');
    const ins = await call('POST', 'comments?part=snippet', owner.token, { snippet: { parentId: t.id, textOriginal: 'sahibinden yanıt' } });
    expect(ins.json).toMatchObject({
      kind: 'youtube#comment',
      snippet: { parentId: t.id, textOriginal: 'sahibinden yanıt', authorChannelId: { value: owner.id } },
    });
    expect(reason(await call('DELETE', `comments?id=${t.id}`, owner.token))).toBe('forbidden');
    expect((await call('DELETE', `comments?id=${ins.json.id}`, owner.token)).status).toBe(204);
    expect(emu.state.comments.get(ins.json.id)!.state).toBe('deleted');
  });

  it('counts quota per token by method cost and refuses past the daily limit', async () => {
    emu.state.quotaUsed.set(owner.token, 0);
    await threads(`videoId=${video.id}`);
    expect(emu.state.quotaUsed.get(owner.token)).toBe(1);
    await call('POST', `comments/setModerationStatus?id=nope&moderationStatus=published`, owner.token);
    expect(emu.state.quotaUsed.get(owner.token)).toBe(51); // invalid requests are charged too
    emu.state.quotaUsed.set(owner.token, 960);
    const over = await call('POST', 'comments?part=snippet', owner.token, { snippet: { parentId: 'x', textOriginal: 'x' } });
    expect(over.status).toBe(403);
    expect(over.json.error.errors[0]).toMatchObject({ domain: 'youtube.quota', reason: 'quotaExceeded' });
    expect((await threads(`videoId=${video.id}`)).status).toBe(200);
    emu.state.quotaUsed.set(owner.token, 0);
  });

  it('answers injected faults like Google does', async () => {
    const expectations = [
      ['quota_exceeded', 403, 'quotaExceeded'],
      ['rate_limit', 429, 'rateLimitExceeded'],
      ['server_error', 503, 'backendError'],
      ['expired_token', 401, 'authError'],
    ] as const;
    for (const [kind, status, why] of expectations) {
      emu.state.addFault('youtube', kind);
      const res = await threads(`videoId=${video.id}`);
      expect(res.status, kind).toBe(status);
      expect(reason(res)).toBe(why);
    }
    expect((await threads(`videoId=${video.id}`, 'bad-token')).status).toBe(401);
  });

  it('the routes and parameters the connector uses exist in the Discovery document', () => {
    const list = ytSpec.routes['GET /youtube/v3/commentThreads']!.params;
    for (const p of ['part', 'allThreadsRelatedToChannelId', 'order', 'maxResults', 'pageToken', 'textFormat', 'moderationStatus'])
      expect(list).toHaveProperty([p]);
    expect(list.order).toContain('time');
    expect(list.textFormat).toContain('plainText');
    expect(ytSpec.routes['GET /youtube/v3/comments']!.params).toHaveProperty(['parentId']);
    expect(ytSpec.routes['POST /youtube/v3/comments/setModerationStatus']!.params.moderationStatus).toEqual(
      expect.arrayContaining(['heldForReview', 'published', 'rejected']),
    );
    expect(ytSpec.routes['POST /youtube/v3/comments']!.response).toBe('Comment');
  });
});
