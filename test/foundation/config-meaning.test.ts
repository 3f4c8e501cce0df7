import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'bekci-cfg-'));
}

function tmpFile(content: string): string {
  const file = join(tmpDir(), 'bekci.yaml');
  writeFileSync(file, content);
  return file;
}

function issuesOf(run: () => unknown): ConfigError['issues'] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** Runs the built CLI with a clean environment plus `env`; never waits more than 60 s (a loaded CI machine). */
function bekci(args: string[], env: Record<string, string>, cwd = tmpDir()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

describe('configuration validated for meaning', () => {
  test('cron expressions, time zone, regex, business hours and database url are checked, each at its line', () => {
    const file = tmpFile(
      [
        'university:',
        '  timezone: Mars/Olympus',
        'worker:',
        '  tickCron: "*/5 * * * * * *"',
        'routing:',
        '  digestCron: "61 8 * * 1-5"',
        '  businessHours: { start: 17, end: 8 }',
        'privacy:',
        '  studentNumberPattern: "(("',
        'database:',
        '  url: mysql://x',
        '',
      ].join('\n'),
    );
    const issues = issuesOf(() => loadConfig({ env: { BEKCI_CONFIG: file } }));
    const byKey = Object.fromEntries(issues.map((i) => [i.key, i]));
    expect(Object.keys(byKey).sort()).toEqual([
      'database.url',
      'privacy.studentNumberPattern',
      'routing.businessHours',
      'routing.digestCron',
      'university.timezone',
      'worker.tickCron',
    ]);
    expect(byKey['university.timezone']).toMatchObject({ line: 2, message: expect.stringMatching(/bilinmeyen saat dilimi/) });
    expect(byKey['worker.tickCron']).toMatchObject({ line: 4, message: expect.stringMatching(/geçersiz cron ifadesi .*5 ya da 6 alan/) });
    expect(byKey['routing.digestCron']!.message).toMatch(/dakika alanındaki "61" geçersiz/);
    expect(byKey['routing.businessHours']).toMatchObject({ line: 7, message: expect.stringMatching(/önce olmalı/) });
    expect(byKey['privacy.studentNumberPattern']!.message).toMatch(/geçersiz düzenli ifade/);
  });

  test('a backtracking-only student number pattern is refused; the default and valid values pass', () => {
    expect(issuesOf(() => loadConfig({ env: { BEKCI_CONFIG: tmpFile('privacy:\n  studentNumberPattern: "(\\\\d)\\\\1"\n') } }))[0]!.message).toMatch(
      /geri başvuru/,
    );
    const ok = loadConfig({ env: { BEKCI_CONFIG: tmpFile('university:\n  timezone: UTC\nrouting:\n  businessHours: { start: 9, end: 18 }\n') } });
    expect(ok.university.timezone).toBe('UTC');
  });

  test('enumerated values name the allowed ones, also from the environment', () => {
    const issues = issuesOf(() => loadConfig({ env: { BEKCI_LOG_LEVEL: 'loud' }, cwd: tmpDir() }));
    expect(issues).toEqual([
      { key: 'BEKCI_LOG_LEVEL', message: expect.stringMatching(/geçersiz değer "loud"; izin verilenler: fatal, error, warn, info, debug, trace, silent/) },
    ]);
    const file = issuesOf(() => loadConfig({ env: { BEKCI_CONFIG: tmpFile('log:\n  format: xml\n') } }));
    expect(file[0]!.key).toBe('log.format');
  });

  test('a YAML alias bomb and a directory as configuration are configuration errors', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
      '',
    ].join('\n');
    expect(issuesOf(() => loadConfig({ env: { BEKCI_CONFIG: tmpFile(bomb) } }))[0]!.message).toMatch(/takma ad/);
    const dir = tmpDir();
    mkdirSync(join(dir, 'conf.yaml'));
    expect(issuesOf(() => loadConfig({ env: { BEKCI_CONFIG: join(dir, 'conf.yaml') } }))[0]!.message).toMatch(/bir dosya değil/);
  });

  test('empty variables are unset; *_FILE variants are read, trimmed, and never echoed', () => {
    const dir = tmpDir();
    const c = loadConfig({ env: { BEKCI_SMTP_URL: '', DATABASE_URL: '', BEKCI_SECRET_KEY: '' }, cwd: dir });
    expect(c.secrets).toEqual({});
    expect(c.dbProvider).toBe('sqlite');
    writeFileSync(join(dir, 'smtp'), 'smtp://u:gizli-parola@127.0.0.1:2525\n');
    writeFileSync(join(dir, 'db'), 'postgresql://root@127.0.0.1:5432/test\n');
    const f = loadConfig({ env: { BEKCI_SMTP_URL_FILE: join(dir, 'smtp'), DATABASE_URL_FILE: 'db' }, cwd: dir });
    expect(f.secrets.smtpUrl).toBe('smtp://u:gizli-parola@127.0.0.1:2525');
    expect(f.dbProvider).toBe('postgresql');
    const both = issuesOf(() => loadConfig({ env: { BEKCI_SMTP_URL: 'smtp://a:b@h', BEKCI_SMTP_URL_FILE: join(dir, 'smtp') }, cwd: dir }));
    expect(both[0]!.message).toMatch(/birlikte verilemez/);
    writeFileSync(join(dir, 'bad'), 'ftp://u:gizli-parola@h\n');
    const bad = issuesOf(() => loadConfig({ env: { BEKCI_SMTP_URL_FILE: join(dir, 'bad') }, cwd: dir }));
    expect(JSON.stringify(bad)).not.toContain('gizli');
    const missing = issuesOf(() => loadConfig({ env: { BEKCI_SECRET_KEY_FILE: join(dir, 'nope') }, cwd: dir }));
    expect(missing[0]).toMatchObject({ key: 'BEKCI_SECRET_KEY_FILE', message: expect.stringMatching(/okunamadı.*ENOENT/) });
  });
});

describe('start-up failures exit at once', { timeout: 150_000 }, () => {
  test('`config check` and `start` exit 2 on a configuration that would break the worker', () => {
    const file = tmpFile('worker:\n  tickCron: "her beş saniye"\n');
    for (const args of [['config', 'check'], ['start']]) {
      const r = bekci(args, { BEKCI_CONFIG: file });
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/worker\.tickCron.*geçersiz cron/);
    }
  });

  test('an alias bomb or a folder as configuration exits 2 with a Turkish message, not "Beklenmeyen hata"', () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'cfg'));
    const r = bekci(['config', 'check'], { BEKCI_CONFIG: join(dir, 'cfg') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Yapılandırma geçersiz.*\n.*bir dosya değil/);
    expect(r.err).not.toMatch(/Beklenmeyen/);
  });

  test('`start` against an unreachable database exits non-zero instead of staying alive', () => {
    const r = bekci(['start'], { DATABASE_URL: 'postgresql://root@127.0.0.1:9/nodb' });
    expect(r.signal).toBeNull();
    expect(r.code).not.toBe(0);
  });
});
