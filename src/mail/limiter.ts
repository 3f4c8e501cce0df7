/**
 * Spaces operations at most `perSecond` per second across all callers of one limiter: each `take()`
 * reserves the next free slot and waits for it. Never bursts, so a pool of connections can't exceed the
 * configured rate.
 */
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.gapMs = 1000 / Math.max(perSecond, 0.001);
  }

  async take(): Promise<void> {
    const t = this.now();
    const slot = Math.max(t, this.next);
    this.next = slot + this.gapMs;
    const wait = slot - t;
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
  }
}
