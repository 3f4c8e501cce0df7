import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createYouTubeModule } from '../../src/harness/emulator/youtube.js';
import type { EmuAccount } from '../../src/harness/emulator/types.js';
import type { Connector, PollCursor } from '../../src/platforms/contract.js';
import { createYouTubeConnector, type YouTubeTuning } from '../../src/platforms/youtube/index.js';
import { checkRecorded, recording, type Recorded } from '../fixtures/specs/x-youtube-validators.js';
import { drain, expectExactlyOnce } from './backlog-helpers.js';

const log: Recorded[] = [];
const emu = new Emulator([recording((s) => createYouTubeModule(s, { dailyQuota: 100_000 }), log)]);

beforeAll(async () => {
  await emu.start();
});
afterAll(async () => {
  await emu.close();
  expect(log.flatMap(checkRecorded)).toEqual([]);
});

let n = 0;
function setup(tuning: Partial<YouTubeTuning>): { channel: EmuAccount; yt: Connector } {
  n += 1;
  const channel = emu.state.addAccount('youtube', `Kanal ${n}`, { id: `UCbacklog${String(n).padStart(16, '0')}`, token: `ya29.backlog-${n}` });
  const yt = createYouTubeConnector(
    { platform: 'youtube', externalId: channel.id, credentials: { accessToken: channel.token } },
    { youtubeRootUrl: emu.url },
    { tuning },
  );
  return { channel, yt };
}

const busy = (cursor: PollCursor): boolean => 'walk' in cursor || 'replies' in cursor;

describe('YouTube never skips comments because of a page cap', () => {
  it('1,250 new threads on one video are all returned once, over several polls', async () => {
    const { channel, yt } = setup({ maxThreadPages: 3 });
    const video = emu.state.addPost('youtube', channel.id, 'Tanıtım', `vid${n}backlog1`);
    const opener = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'ilk' });
    const first = await yt.poll(null);
    expect(first.comments.map((c) => c.externalId)).toEqual([opener.id]);

    const expected: string[] = [];
    for (let i = 0; i < 1250; i += 1) expected.push(emu.state.addComment({ platform: 'youtube', postId: video.id, text: `yorum ${i}` }).id);
    const late: string[] = [];
    const res = await drain(
      yt,
      first.cursor,
      20,
      (i) => {
        // While the listing is cut short: a new thread on top, a reply on an unread thread, an edit of a read one.
        if (i === 0) late.push(emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'yeni' }).id);
        if (i === 1) late.push(emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'yanıt', parentId: expected[10] }).id);
      },
      busy,
    );
    expectExactlyOnce(res.ids, [...expected, ...late]);
    expect(res.polls.length).toBeGreaterThan(4);
    for (const p of res.polls) expect(p.calls).toBeLessThanOrEqual(3 + 1);
    // Idle: the thread pages of the 24 h lookback window (1,252 threads → 13 pages), as before the change.
    const idle = await yt.poll(res.cursor);
    expect(idle.comments).toEqual([]);
    expect(idle.calls).toBe(3); // capped at maxThreadPages: the rest of the window is older than the watermark
  });

  it('a thread with more new replies than one poll reads is continued, not skipped', async () => {
    const { channel, yt } = setup({ maxReplyPages: 2 });
    const video = emu.state.addPost('youtube', channel.id, 'Soru-cevap', `vid${n}backlog2`);
    const thread = emu.state.addComment({ platform: 'youtube', postId: video.id, text: 'soru' });
    const first = await yt.poll(null);
    expect(first.comments.map((c) => c.externalId)).toEqual([thread.id]);
    const expected: string[] = [];
    for (let i = 0; i < 650; i += 1) expected.push(emu.state.addComment({ platform: 'youtube', postId: video.id, text: `yanıt ${i}`, parentId: thread.id }).id);
    const res = await drain(yt, first.cursor, 10, undefined, busy);
    expectExactlyOnce(res.ids, expected);
    const idle = await yt.poll(res.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 1 });
  });
});
