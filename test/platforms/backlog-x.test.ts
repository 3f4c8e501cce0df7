import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/harness/emulator/server.js';
import { createXModule } from '../../src/harness/emulator/x.js';
import type { EmuAccount } from '../../src/harness/emulator/types.js';
import type { Connector } from '../../src/platforms/contract.js';
import { createXConnector, type XTuning } from '../../src/platforms/x/index.js';
import { checkRecorded, recording, type Recorded } from '../fixtures/specs/x-youtube-validators.js';
import { drain, expectExactlyOnce } from './backlog-helpers.js';

const log: Recorded[] = [];
const emu = new Emulator([recording(createXModule, log)]);

beforeAll(async () => {
  await emu.start();
});
afterAll(async () => {
  await emu.close();
  expect(log.flatMap(checkRecorded)).toEqual([]);
});

let n = 0;
function setup(tuning: Partial<XTuning>): { me: EmuAccount; x: Connector } {
  n += 1;
  const me = emu.state.addAccount('x', `bekci_backlog${n}`, { id: String(5_000_000 + n), token: `tok-x-backlog-${n}` });
  return { me, x: createXConnector({ platform: 'x', externalId: me.id, credentials: { accessToken: me.token } }, { xApiUrl: emu.url }, { tuning }) };
}

describe('X never skips replies because of a page cap', () => {
  it('1,250 new replies in one conversation are all returned once, over several polls', async () => {
    const { me, x } = setup({ maxPages: 3 });
    const root = emu.state.addPost('x', me.id, 'Burs sonuçları');
    const opener = emu.state.addComment({ platform: 'x', postId: root.id, text: 'ilk', authorName: 'ogr0' });
    const first = await x.poll(null);
    expect(first.comments.map((c) => c.externalId)).toEqual([opener.id]);

    const expected: string[] = [];
    for (let i = 0; i < 650; i += 1) expected.push(emu.state.addComment({ platform: 'x', postId: root.id, text: `doğrudan ${i}`, authorName: `d${i}` }).id);
    for (let i = 0; i < 600; i += 1) {
      expected.push(emu.state.addComment({ platform: 'x', postId: root.id, parentId: opener.id, text: `derin ${i}`, authorName: `e${i}` }).id);
    }
    const late: string[] = [];
    const res = await drain(
      x,
      first.cursor,
      20,
      (i) => {
        if (i === 0) late.push(emu.state.addComment({ platform: 'x', postId: root.id, parentId: opener.id, text: 'geç', authorName: 'gec' }).id);
      },
      (cursor) => 'pending' in cursor,
    );
    expectExactlyOnce(res.ids, [...expected, ...late]);
    expect(res.polls.length).toBeGreaterThan(2);
    const idle = await x.poll(res.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 2 });
    expect(idle.cursor).not.toHaveProperty('pending');
  });

  it('an account whose first poll found nothing gets every later reply, not a bounded backfill', async () => {
    const { me, x } = setup({ maxPages: 20 });
    const root = emu.state.addPost('x', me.id, 'Kayıt duyurusu');
    const first = await x.poll(null);
    expect(first.comments).toEqual([]);
    const expected: string[] = [];
    for (let i = 0; i < 450; i += 1) expected.push(emu.state.addComment({ platform: 'x', postId: root.id, text: `yanıt ${i}`, authorName: `y${i}` }).id);
    const res = await drain(
      x,
      first.cursor,
      10,
      () => undefined,
      (cursor) => 'pending' in cursor,
    );
    expectExactlyOnce(res.ids, expected);
  });

  it('conversations beyond the per-poll cap are searched in turn, from where they were left', async () => {
    const { me, x } = setup({ maxConversations: 2 });
    const roots = Array.from({ length: 5 }, (_, i) => emu.state.addPost('x', me.id, `duyuru ${i}`));
    const openers = roots.map((r, i) => emu.state.addComment({ platform: 'x', postId: r.id, text: `ilk ${i}`, authorName: `a${i}` }));
    const first = await x.poll(null);
    expectExactlyOnce(
      first.comments.map((c) => c.externalId),
      openers.map((o) => o.id),
    );
    const expected = openers.flatMap((o, i) =>
      Array.from(
        { length: 3 },
        (_, k) => emu.state.addComment({ platform: 'x', postId: roots[i]!.id, parentId: o.id, text: `derin ${i}.${k}`, authorName: `b${i}` }).id,
      ),
    );
    const res = await drain(x, first.cursor, 12);
    expectExactlyOnce(res.ids, expected);
    // Idle: mentions, the two most active conversations, and one turn of the others.
    const idle = await x.poll(res.cursor);
    expect(idle).toMatchObject({ comments: [], calls: 3 });
  });
});
