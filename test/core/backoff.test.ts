import { describe, expect, test } from 'vitest';
import { backoffMs } from '../../src/core/backoff.js';
import { backoffMs as accountBackoffMs } from '../../src/moderation/account-health.js';
import { PLATFORMS } from '../../src/core/platform.js';
import { SUPPORTED_PLATFORMS } from '../../src/platforms/registry.js';

describe('the one backoff', () => {
  test('doubles from the base, jitters between half and all of it, and stops at the cap', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, high))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, low))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(30, 1000, 60_000, high)).toBe(60_000);
    expect(backoffMs(30, 1000, 60_000, low)).toBe(30_000);
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(5, 1000, 60_000);
      expect(ms).toBeGreaterThanOrEqual(8000);
      expect(ms).toBeLessThanOrEqual(16_000);
    }
  });

  test('platform retries: 2^attempt seconds (half to all), capped, never under 500 ms', () => {
    for (let i = 0; i < 200; i++) {
      const first = accountBackoffMs(1);
      expect(first).toBeGreaterThanOrEqual(1000);
      expect(first).toBeLessThanOrEqual(2000);
      expect(accountBackoffMs(0)).toBeGreaterThanOrEqual(500);
      expect(accountBackoffMs(40)).toBeLessThanOrEqual(15 * 60_000);
      expect(accountBackoffMs(40, 10_000)).toBeGreaterThanOrEqual(5000);
    }
  });
});

test('every platform has a connector', () => {
  expect([...SUPPORTED_PLATFORMS].sort()).toEqual([...PLATFORMS].sort());
});
