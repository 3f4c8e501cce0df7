/**
 * The one retry backoff (platform actions, account pauses, mail sends): exponential with jitter,
 * `baseMs·2^(attempt-1)` capped at `capMs`, then a random 50–100 % of it so that many retries
 * scheduled together spread out.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.5 + random() * 0.5));
}
