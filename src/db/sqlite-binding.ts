import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BekciError } from '../core/errors.js';

/**
 * The Node symbol that a better-sqlite3 12 binary imports only when it was compiled against the
 * headers of Node 24.19 or later. From 24.19 the inline `node::ObjectWrap` (node_object_wrap.h, which
 * better-sqlite3 12 compiles into its addon) removes a per-object environment cleanup hook in its
 * destructor, and Node aborts the process there when V8 runs that destructor from a garbage-collection
 * callback with no context entered ("Assertion failed: (env) != nullptr"): at a random moment of work.
 * A binary compiled against earlier 24.x headers (the published prebuilt one, or a build with
 * `--nodedir` pointing at Node 24.18.1's headers, as `.ci/run` does) does not import it and runs on
 * every 24.x. better-sqlite3 13 (Node-API) is free of it but needs Node 22.
 */
export const UNSAFE_BINDING_SYMBOL = 'RemoveEnvironmentCleanupHook';

/** Whether a better-sqlite3 binary (its bytes) carries the destructor that aborts at garbage collection. */
export function abortsAtCollection(binary: Buffer): boolean {
  return binary.includes(UNSAFE_BINDING_SYMBOL);
}

/** Where better-sqlite3 loads its compiled addon from (as its `bindings` lookup does), if present. */
export function sqliteBindingPath(): string | undefined {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return undefined;
  }
  return ['Release', 'Debug'].map((b) => join(dir, 'build', b, 'better_sqlite3.node')).find((p) => existsSync(p));
}

const checked = new Map<string, Promise<void>>();

/**
 * Refuses to open SQLite through a better-sqlite3 binary that would abort the process at a random
 * garbage collection (see `UNSAFE_BINDING_SYMBOL`), with what to do instead. Checked once per process.
 */
export function checkSqliteBinding(path = sqliteBindingPath()): Promise<void> {
  if (path === undefined) return Promise.resolve();
  let check = checked.get(path);
  if (check) return check;
  check = Promise.resolve().then(() => {
    if (!abortsAtCollection(readFileSync(path))) return;
    throw new BekciError(
      'setup',
      `better-sqlite3 bu Node sürümünün (24.19 ve sonrası) başlık dosyalarıyla derlenmiş: bu ikili SQLite ile çalışırken ` +
        `süreci rastgele bir anda çökertir. Yayımlanmış hazır ikiliyi kurun (\`npm rebuild better-sqlite3\`, ağ erişimiyle) ` +
        `ya da Node 24.18.1 başlıklarıyla derleyin (\`node-gyp rebuild --nodedir=…\`, bkz. README), ya da PostgreSQL kullanın.`,
    );
  });
  checked.set(path, check);
  return check;
}
