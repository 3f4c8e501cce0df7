import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createYouTubeModule } from '../../src/harness/emulator/youtube.js';
import type { EmuAccount, EmuPost } from '../../src/harness/emulator/types.js';
import { type Connector, type PollCursor } from '../../src/platforms/contract.js';
import { createYouTubeConnector } from '../../src/platforms/youtube/index.js';
import { msUntilPacificMidnight } from '../../src/platforms/youtube/errors.js';
import { checkRecorded, recording, type Recorded } from '../fixtures/specs/x-youtube-validators.js';
import { platformFailure } from './helpers.js';

const log: Recorded[] = [];
const emu = new Emulator([recording((s) => createYouTubeModule(s, { dailyQuota: 2_000 }), log)]);
let channel: EmuAccount;
let video: EmuPost;
let connector: Connector;
const quota = (): number => emu.state.quotaUsed.get(channel.token) ?? 0;
const top = (text: string, author = 'İzleyici'): string =>
  emu.state.addComment({ platform: 'youtube', postId: video.id, text, authorName: author, authorId: `UC${Math.random().toString(36).slice(2, 12)}` }).id;

beforeAll(async () => {
  await emu.start();
  channel = emu.state.addAccount('youtube', 'Üniversite Resmi Kanal', { id: 'UCuniversite0000000000001', token: 'ya29.channel-owner' });
  video = emu.state.addPost('youtube', channel.id, 'Mezuniyet töreni', 'dQw4w9WgXcQ');
  connector = createYouTubeConnector({ platform: 'youtube', externalId: channel.id, credentials: { accessToken: channel.token } }, { youtubeRootUrl: emu.url });
});

afterAll(async () => {
  await emu.close();
  expect(log.length).toBeGreaterThan(10);
  expect(log.flatMap(checkRecorded)).toEqual([]);
});

describe('YouTube connector against the emulator', () => {
  let cursor: PollCursor;
  let firstId: string;

  it('first poll pages through threads and fetches replies beyond the inline ones', async () => {
    firstId = top('Tebrikler <mezunlar> & aileleri');
    for (let i = 0; i < 7; i += 1) emu.state.addComment({ platform: 'youtube', postId: video.id, parentId: firstId, text: `yanıt ${i}`, authorName: `r${i}` });
    for (let i = 0; i < 130; i += 1) top(`yorum ${i}`);
    const before = quota();
    const res = await connector.poll(null);
    expect(res.comments).toHaveLength(1 + 7 + 130);
    const first = res.comments.find((c) => c.externalId === firstId)!;
    expect(first).toMatchObject({ postId: video.id, text: 'Tebrikler <mezunlar> & aileleri', authorName: 'İzleyici', state: 'visible' });
    expect(res.comments.filter((c) => c.parentId === firstId)).toHaveLength(7);
    // 2 thread pages (100 + 31) + 1 comments.list for the thread with 7 replies (5 inline)
    expect(res.calls).toBe(3);
    expect(res.quotaUnits).toBe(3);
    expect(quota() - before).toBe(3);
    cursor = JSON.parse(JSON.stringify(res.cursor)) as PollCursor;
  });

  it('an idle poll costs the thread pages inside the lookback window and returns nothing', async () => {
    const res = await connector.poll(cursor);
    expect(res.comments).toEqual([]);
    expect(res.quotaUnits).toBe(2);
    cursor = res.cursor;
  });

  it('incremental polls report new threads, new replies on recent threads, and edits', async () => {
    const fresh = top('Yeni yorum');
    const reply = emu.state.addComment({ platform: 'youtube', postId: video.id, parentId: firstId, text: 'geç yanıt', authorName: 'r9' });
    const edited = [...emu.state.comments.values()].find((c) => c.text === 'yorum 3')!;
    emu.state.editComment(edited.id, 'yorum 3 (düzeltildi)');
    const res = await connector.poll(cursor);
    expect(res.comments.map((c) => c.externalId).sort()).toEqual([fresh, reply.id, edited.id].sort());
    expect(res.comments.find((c) => c.externalId === edited.id)!.updatedAt).toBeInstanceOf(Date);
    expect(res.quotaUnits).toBe(3); // 2 thread pages + replies of the thread whose count changed
    cursor = res.cursor;
    expect((await connector.poll(cursor)).comments).toEqual([]);
  });

  it('hide holds for review, unhide publishes, each costing 50 units', async () => {
    const before = quota();
    await connector.moderate({ externalId: firstId, postId: video.id }, 'hide');
    expect(emu.state.comments.get(firstId)!.state).toBe('held');
    expect(quota() - before).toBe(50);
    const held = await connector.poll(null);
    expect(held.comments.map((c) => c.externalId)).not.toContain(firstId); // held threads are not listed by default
    await connector.moderate({ externalId: firstId, postId: video.id }, 'unhide');
    expect(emu.state.comments.get(firstId)!.state).toBe('visible');
  });

  it('reject is final: publishing afterwards fails with invalid', async () => {
    const id = top('kaba yorum');
    await connector.moderate({ externalId: id, postId: video.id }, 'reject');
    expect(emu.state.comments.get(id)!.state).toBe('rejected');
    await connector.moderate({ externalId: id, postId: video.id }, 'reject'); // idempotent
    const err = await platformFailure(connector.moderate({ externalId: id, postId: video.id }, 'publish'));
    expect(err.kind).toBe('invalid');
    expect(err.details.code).toBe('operationNotSupported');
    expect(emu.state.comments.get(id)!.state).toBe('rejected');
    expect((await connector.poll(null)).comments.map((c) => c.externalId)).not.toContain(id);
  });

  it('delete is refused without an API call; reply creates a reply', async () => {
    const before = emu.state.calls.youtube;
    expect((await platformFailure(connector.moderate({ externalId: firstId, postId: video.id }, 'delete'))).kind).toBe('invalid');
    expect(emu.state.calls.youtube).toBe(before);
    const { externalId } = await connector.reply({ externalId: firstId, postId: video.id }, 'Teşekkür ederiz!');
    expect(emu.state.comments.get(externalId)).toMatchObject({ parentId: firstId, authorId: channel.id, text: 'Teşekkür ederiz!' });
  });

  it("moderating another channel's comment → invalid (403 forbidden)", async () => {
    const other = emu.state.addAccount('youtube', 'Başka kanal', { id: 'UCother', token: 'ya29.other' });
    const otherVideo = emu.state.addPost('youtube', other.id, 'başka video');
    const c = emu.state.addComment({ platform: 'youtube', postId: otherVideo.id, text: 'x' });
    const err = await platformFailure(connector.moderate({ externalId: c.id, postId: otherVideo.id }, 'hide'));
    expect(err).toMatchObject({ kind: 'invalid', details: { status: 403 } });
  });
});

describe('YouTube error mapping', () => {
  it('every fault kind maps to the right PlatformError kind', async () => {
    const cases = [
      ['quota_exceeded', 'rate_limit'],
      ['rate_limit', 'rate_limit'],
      ['server_error', 'retryable'],
      ['expired_token', 'auth'],
    ] as const;
    for (const [fault, kind] of cases) {
      emu.state.addFault('youtube', fault);
      const err = await platformFailure(connector.poll(null));
      expect(err.kind, fault).toBe(kind);
    }
  });

  it('rate_limit honours Retry-After', async () => {
    emu.state.addFault('youtube', 'rate_limit', 1, 120);
    const err = await platformFailure(connector.poll(null));
    expect(err).toMatchObject({ kind: 'rate_limit', details: { retryAfterMs: 120_000, code: 'rateLimitExceeded' } });
  });

  it('quota exhaustion → rate_limit until midnight Pacific time', async () => {
    emu.state.quotaUsed.set(channel.token, 1_990);
    const err = await platformFailure(connector.moderate({ externalId: '1', postId: video.id }, 'hold'));
    expect(err.kind).toBe('rate_limit');
    expect(err.details.code).toBe('quotaExceeded');
    expect(err.details.retryAfterMs).toBeGreaterThan(0);
    expect(err.details.retryAfterMs).toBeLessThanOrEqual(24 * 3600_000);
    const res = await connector.poll(null); // 1-unit lists still fit
    expect(res.quotaUnits).toBeGreaterThan(0);
    emu.state.quotaUsed.set(channel.token, 0);
  });

  it('a slow answer still succeeds; revoked tokens → auth; network errors → retryable', async () => {
    emu.state.addFault('youtube', 'slow', 1, 300);
    expect((await connector.poll(null)).comments.length).toBeGreaterThan(0);
    const revoked = createYouTubeConnector(
      { platform: 'youtube', externalId: channel.id, credentials: { accessToken: 'ya29.bad' } },
      { youtubeRootUrl: emu.url },
    );
    expect((await platformFailure(revoked.poll(null))).kind).toBe('auth');
    const dead = createYouTubeConnector(
      { platform: 'youtube', externalId: channel.id, credentials: { accessToken: channel.token } },
      { youtubeRootUrl: 'http://127.0.0.1:1/' },
    );
    expect((await platformFailure(dead.poll(null))).kind).toBe('retryable');
  });
});

describe('quota reset time', () => {
  it('counts to the next midnight in America/Los_Angeles (PST and PDT)', () => {
    expect(msUntilPacificMidnight(new Date('2026-01-15T08:00:00Z'))).toBe(24 * 3600_000); // 00:00 PST
    expect(msUntilPacificMidnight(new Date('2026-07-15T06:59:00Z'))).toBe(60_000); // 23:59 PDT
  });
});
