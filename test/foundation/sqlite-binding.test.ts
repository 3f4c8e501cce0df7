import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BekciError } from '../../src/core/errors.js';
import { abortsAtCollection, checkSqliteBinding, sqliteBindingPath, UNSAFE_BINDING_SYMBOL } from '../../src/db/sqlite-binding.js';

/**
 * better-sqlite3 12 compiled against Node ≥ 24.19 headers aborts the process at a random garbage
 * collection (see src/db/sqlite-binding.ts). Such a binary is refused before SQLite is opened.
 */
describe('the better-sqlite3 binary', () => {
  it('the installed one is loaded by this Node and is not one that aborts at collection', async () => {
    const path = sqliteBindingPath();
    expect(path).toMatch(/better_sqlite3\.node$/);
    expect(abortsAtCollection(readFileSync(path!))).toBe(false);
    await expect(checkSqliteBinding(path)).resolves.toBeUndefined();
  });

  it('one built against the hooked ObjectWrap headers is refused in Turkish as a set-up error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bekci-binding-'));
    const bad = join(dir, 'better_sqlite3.node');
    writeFileSync(
      bad,
      Buffer.concat([Buffer.from('\x7fELF....'), Buffer.from(`_ZN4node29${UNSAFE_BINDING_SYMBOL}EPN2v87IsolateEPFvPvES3_`), Buffer.alloc(64)]),
    );
    const err = await checkSqliteBinding(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BekciError);
    expect(err).toMatchObject({ code: 'setup', exitCode: 1 });
    expect((err as Error).message).toContain('24.18.1');
    const good = join(dir, 'good.node');
    writeFileSync(good, Buffer.from('\x7fELF.... _ZN4node26AddEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_'));
    await expect(checkSqliteBinding(good)).resolves.toBeUndefined();
  });
});
