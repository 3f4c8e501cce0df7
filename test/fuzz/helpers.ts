import fc from 'fast-check';
import { expect } from 'vitest';

/** Fixed seed and bounded runs: the fuzz tests are part of `npm test` and must be repeatable. */
export const RUNS = { seed: 20261130, numRuns: 150 } as const;

/** Per-input time budget in ms: generous for a loaded 2-core CI machine, far below a freeze. */
export const BUDGET_MS = 2000;

/** Runs `body` and fails when it takes longer than the per-input budget. */
export function withinBudget<T>(what: string, body: () => T): T {
  const t0 = performance.now();
  const out = body();
  const ms = performance.now() - t0;
  expect(ms, `${what} took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
  return out;
}

/** Characters that stress Turkish text handling: case pairs, look-alikes, invisibles, bidi controls, surrogates. */
const NASTY = [
  'İ',
  'I',
  'ı',
  'i',
  'ş',
  'Ş',
  'ğ',
  'ü',
  'ö',
  'ç',
  'a',
  'A',
  's',
  'l',
  'k',
  '4',
  '1',
  '0',
  '@',
  '$',
  '.',
  '-',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u200b',
  '\u200d',
  '\u00ad',
  '\ufeff',
  '\u202e',
  '\u202d',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u0301',
  'а',
  'о',
  'е',
  '😀',
  '\ud83d',
  '\ude00',
  '\u0000',
  '\u0007',
  'ﬁ',
  'ẞ',
  'Ǆ',
  '\u2028',
];

/** Short and long strings mixing plain unicode with the characters above. */
export const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), maxLength: 2000 }),
);
