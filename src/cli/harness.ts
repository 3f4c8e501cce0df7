import { CliError } from './context.js';

/** The harness entry module's exports (type-only: erased from the compiled CLI). */
export type Harness = typeof import('../harness/index.js');

/** Message for a development command run where the harness is not installed (the production image). */
export const HARNESS_MISSING =
  'Bu komut geliştirme araçlarını (öykünücü, gösterim, ölçümler) gerektirir; bu kurulumda yoklar (üretim imajı). Kaynak koddan kurulmuş bir bekci ile çalıştırın.';

/**
 * Loads the harness (emulator, demo, benchmarks) on demand. The only place production code reaches
 * the harness, and only through a dynamic import, so that the production image can leave it out.
 */
export async function loadHarness(): Promise<Harness> {
  try {
    return await import('../harness/index.js');
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('harness')) throw new CliError(HARNESS_MISSING, 2);
    throw err;
  }
}
