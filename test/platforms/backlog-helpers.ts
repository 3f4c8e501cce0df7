import { expect } from 'vitest';
import type { Connector, PollCursor, PollResult } from '../../src/platforms/contract.js';
import type { EmulatorState } from '../../src/harness/emulator/state.js';
import type { EmuComment } from '../../src/harness/emulator/types.js';

/**
 * Helpers for the backlog tests: comments created with increasing timestamps spread over the past
 * minutes (as a real burst would be), and a loop that polls until a poll returns nothing, checking
 * that no comment is returned twice.
 */

export function burst(state: EmulatorState, input: Omit<Parameters<EmulatorState['addComment']>[0], 'text'>, count: number, spanMs = 200_000): EmuComment[] {
  const start = Date.now() - spanMs;
  const out: EmuComment[] = [];
  for (let i = 0; i < count; i += 1) {
    const c = state.addComment({ ...input, text: `burst ${i}` });
    c.createdAt = c.updatedAt = new Date(start + Math.floor((i * spanMs * 0.9) / count));
    out.push(c);
  }
  return out;
}

export interface Drained {
  ids: string[];
  polls: PollResult[];
  cursor: PollCursor;
}

/**
 * Polls until a poll returns no comment and `busy` says the cursor holds no unfinished work (at
 * most `maxPolls`), JSON round-tripping the cursor as the worker does. `between` runs after each poll, e.g. to add comments while the backlog drains.
 */
export async function drain(
  conn: Connector,
  cursor: PollCursor | null,
  maxPolls: number,
  between?: (i: number) => void,
  busy: (cursor: PollCursor) => boolean = () => false,
): Promise<Drained> {
  const ids: string[] = [];
  const polls: PollResult[] = [];
  let cur = cursor;
  for (let i = 0; i < maxPolls; i += 1) {
    const res = await conn.poll(cur);
    polls.push(res);
    ids.push(...res.comments.map((c) => c.externalId));
    cur = JSON.parse(JSON.stringify(res.cursor)) as PollCursor;
    if (res.comments.length === 0 && !busy(cur)) return { ids, polls, cursor: cur };
    between?.(i);
  }
  throw new Error(`not drained after ${maxPolls} polls`);
}

/** Every expected id exactly once, nothing else. */
export function expectExactlyOnce(ids: string[], expected: string[]): void {
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(dupes).toEqual([]);
  expect([...ids].sort()).toEqual([...expected].sort());
}
