import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { violationsOf, type ChaosReport } from '../../src/harness/chaos/chaos.js';
import { countRepeats } from '../../src/harness/chaos/count.js';
import { Prng } from '../../src/harness/chaos/prng.js';
import { createEmulator } from '../../src/harness/emulator/index.js';
import type { EmuMutation } from '../../src/harness/emulator/types.js';

const m = (platform: EmuMutation['platform'], op: EmuMutation['op'], target: string): EmuMutation => ({ platform, op, target, accountId: 'a', at: 0 });

describe('chaos counting', () => {
  test('a change applied twice to a posted comment is a repeat; X hides are counted apart; other comments are ignored', () => {
    const posted = new Set(['facebook:1', 'x:2', 'youtube:3', 'instagram:4']);
    const r = countRepeats(
      [
        m('facebook', 'hide', '1'),
        m('facebook', 'hide', '1'),
        m('x', 'hide', '2'),
        m('x', 'hide', '2'),
        m('x', 'reply', '2'),
        m('x', 'reply', '2'),
        m('youtube', 'hold', '3'),
        m('youtube', 'reply', '3'),
        m('instagram', 'hide', '4'),
        m('instagram', 'unhide', '4'),
        m('instagram', 'edit', '4'),
        m('instagram', 'edit', '4'),
        m('facebook', 'hide', '99'),
        m('facebook', 'hide', '99'),
      ],
      posted,
    );
    expect(r.actionsRepeated).toBe(2); // the Facebook hide and the X reply
    expect(r.idempotentRepeats).toBe(1);
    expect(r.applied.get('youtube:reply:3')).toBe(1);
    expect(r.applied.has('facebook:hide:99')).toBe(false);
  });

  test('an invariant is broken by any missing or repeated item, and by more duplicate mails than kills inside a send', () => {
    const ok = {
      commentsMissed: 0,
      actionsRepeated: 0,
      ticketsMissing: 0,
      ticketsDuplicated: 0,
      mailsMissing: 0,
      mailsDuplicated: 2,
      killsInsideSend: 2,
      repliesMissing: 0,
      settled: true,
    } as ChaosReport;
    expect(violationsOf(ok)).toEqual([]);
    expect(violationsOf({ ...ok, mailsDuplicated: 3 })).toHaveLength(1);
    expect(violationsOf({ ...ok, commentsMissed: 1, ticketsDuplicated: 1 })).toHaveLength(2);
    expect(violationsOf({ ...ok, settled: false })).toHaveLength(1);
  });

  test('the same seed draws the same schedule', () => {
    const draw = (seed: number) => {
      const p = new Prng(seed);
      return Array.from({ length: 20 }, () => p.int(300, 3000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((n) => n >= 300 && n <= 3000)).toBe(true);
  });
});

describe('the emulator records every change it applied', () => {
  const emu = createEmulator();
  const s = emu.state;
  const page = s.addAccount('facebook', 'Üniversite');
  const post = s.addPost('facebook', page.id, 'Duyuru');
  let url = '';
  beforeAll(async () => {
    url = await emu.start();
  });
  afterAll(() => emu.close());
  const hide = (id: string) => fetch(`${url}/v24.0/${id}?is_hidden=true&access_token=${page.token}`, { method: 'POST' });

  test('including a change whose answer was lost, and not a request dropped before it acted', async () => {
    const c = s.addComment({ platform: 'facebook', postId: post.id, text: 'salak' });
    s.addFault('facebook', 'drop', 1, undefined, { writesOnly: true });
    await expect(hide(c.id)).rejects.toThrow();
    expect(s.mutations).toHaveLength(0);
    s.addFault('facebook', 'lost', 1, undefined, { writesOnly: true });
    await expect(hide(c.id)).rejects.toThrow();
    expect(s.mutations.map((x) => [x.op, x.target])).toEqual([['hide', c.id]]);
    expect((await hide(c.id)).status).toBe(200);
    expect(s.mutations).toHaveLength(2);
    s.addFault('facebook', 'server_error', 1);
    expect((await hide(c.id)).status).toBe(500);
    expect(s.mutations).toHaveLength(2);
  });
});
