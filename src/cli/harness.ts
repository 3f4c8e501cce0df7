import { CliError } from './context.js';

/** The harness entry module's exports (type-only: erased from the compiled CLI). */
export type Harness = typeof import('../harness/index.js');

/** Message for a development command run where the harness is not installed (the production image). */
export const HARNESS_MISSING =
  'Bu komut geliştirme araçlarını (öykünücü, gösterim, ölçümler) gerektirir; bu kurulumda yoklar (üretim imajı). Kaynak koddan kurulmuş bir bekci ile çalıştırın.';

const importHarness = (): Promise<Harness> => import('../harness/index.js');

/**
 * Loads the harness (emulator, demo, benchmarks) on demand. The only place production code reaches
 * the harness, and only through a dynamic import, so that the production image can leave it out;
 * there the command fails with a Turkish explanation (exit code 2) instead of a module-loader trace.
 * `load` is for tests.
 */
export async function loadHarness(load: () => Promise<Harness> = importHarness): Promise<Harness> {
  try {
    return await load();
  } catch (err) {
    if (isMissingHarness(err)) throw new CliError(HARNESS_MISSING, 2);
    throw err;
  }
}

/** Node's "module not found" for the harness entry itself (not for a package the harness needs). */
function isMissingHarness(err: unknown): boolean {
  const e = err as { code?: unknown; url?: unknown; message?: unknown } | null;
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  if (typeof e.url === 'string') return /\/harness\/index\.js$/.test(e.url);
  return /Cannot find module '[^']*\/harness\/index\.js'/.test(String(e.message));
}
