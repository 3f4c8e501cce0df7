import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { runCli } from '../../src/cli/main.js';
import { createCliContext } from '../../src/cli/context.js';
import { Writable } from 'node:stream';

function tmpFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bekci-cfg-'));
  const file = join(dir, 'bekci.yaml');
  writeFileSync(file, content);
  return file;
}

describe('configuration', () => {
  test('no file means defaults on the embedded SQLite database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bekci-cfg-'));
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.dbProvider).toBe('sqlite');
    expect(c.databaseUrl).toBe('file:./data/bekci.db');
    expect(Object.isFrozen(c.mail.smtp)).toBe(true);
  });

  test('DATABASE_URL and BEKCI_CONFIG are honoured', () => {
    const file = tmpFile('log:\n  level: warn\n');
    const c = loadConfig({ env: { BEKCI_CONFIG: file, DATABASE_URL: 'postgresql://u@h/db' } });
    expect(c.log.level).toBe('warn');
    expect(c.dbProvider).toBe('postgresql');
  });

  test('an invalid file names every key, its line and the problem', () => {
    const file = tmpFile('worker:\n  leaseSeconds: -5\nmail:\n  smtp:\n    prot: 25\n');
    const err = (() => {
      try {
        loadConfig({ env: { BEKCI_CONFIG: file } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues;
    expect(issues.map((i) => i.key).sort()).toEqual(['mail.smtp.prot', 'worker.leaseSeconds']);
    expect(issues.find((i) => i.key === 'worker.leaseSeconds')?.line).toBe(2);
    expect((err as Error).message).toContain('bilinmeyen anahtar');
  });

  test('`bekci config check` exits non-zero with the key and no stack trace', async () => {
    const file = tmpFile('mail:\n  ratePerSecond: "çok"\n');
    const errors: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (errors.push(String(c)), cb()) });
    const prev = process.env.BEKCI_CONFIG;
    process.env.BEKCI_CONFIG = file;
    try {
      const code = await runCli(['config', 'check'], createCliContext({ stderr: sink, stdout: sink }));
      expect(code).not.toBe(0);
    } finally {
      if (prev === undefined) delete process.env.BEKCI_CONFIG;
      else process.env.BEKCI_CONFIG = prev;
    }
    const text = errors.join('');
    expect(text).toContain('mail.ratePerSecond');
    expect(text).not.toMatch(/\n\s+at /);
  });

  test('usage errors exit with 2, help with 0', async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const io = () => createCliContext({ stderr: sink, stdout: sink });
    expect(await runCli(['no-such-command'], io())).toBe(2);
    expect(await runCli(['config', 'check', '--no-such-option'], io())).toBe(2);
    expect(await runCli(['--version'], io())).toBe(0);
  });

  test('paths in the file are relative to it; defaults fall back to the rules shipped with bekci', () => {
    const file = tmpFile('rules:\n  dir: benim-kurallarim\n');
    const c = loadConfig({ env: { BEKCI_CONFIG: file }, cwd: '/' });
    expect(c.rules.dir).toBe(join(file, '..', 'benim-kurallarim'));
    const shipped = join(import.meta.dirname, '..', '..');
    expect(c.routing.file).toBe(join(shipped, 'rules', 'routing.yaml'));
  });

  test("commander's usage errors are shown in Turkish", async () => {
    const { turkishUsageError } = await import('../../src/cli/main.js');
    expect(turkishUsageError("error: unknown command 'nosuch'\n")).toBe("hata: bilinmeyen komut 'nosuch'\n");
    expect(turkishUsageError("error: missing required argument 'id'\n")).toBe("hata: 'id' argümanı gerekli\n");
    expect(turkishUsageError('something else')).toBe('something else');
  });
});
