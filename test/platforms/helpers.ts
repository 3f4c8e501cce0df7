import { expect } from 'vitest';
import { PlatformError } from '../../src/platforms/contract.js';

/** Awaits `p`, expects it to reject with a `PlatformError` and returns that error. */
export async function platformFailure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}
