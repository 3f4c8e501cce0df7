import { describe, expect, test } from 'vitest';
import { HARNESS_MISSING, loadHarness, type Harness } from '../../src/cli/harness.js';
import { CliError } from '../../src/cli/context.js';
import { describeError } from '../../src/cli/main.js';
import { AccountError } from '../../src/accounts/service.js';
import { ConfigError } from '../../src/config/index.js';
import { BekciError, ERROR_CATALOGUE } from '../../src/core/errors.js';
import { MigrationError } from '../../src/db/migrate.js';
import { ApprovalError } from '../../src/mail/approval.js';
import { MailRequestError } from '../../src/mail/requests.js';
import { ReviewError } from '../../src/moderation/review.js';
import { RoutingFileError } from '../../src/routing/file.js';
import { RuleLoadError } from '../../src/rules/parse.js';
import { SecretKeyError } from '../../src/secrets/crypto.js';
import { TicketError } from '../../src/tickets/deps.js';
import { UserInputError } from '../../src/users/users.js';

describe('the error catalogue, translated by the CLI in one place', () => {
  test('domain errors print their Turkish message with the exit code of their kind, and no stack', () => {
    const cases: Array<[Error, string, number]> = [
      [new AccountError('Bilinmeyen platform: mastodon'), 'Bilinmeyen platform: mastodon', 1],
      [new ReviewError('İnceleme kaydı bulunamadı: r1'), 'İnceleme kaydı bulunamadı: r1', 1],
      [new TicketError('Bilet bulunamadı: 42'), 'Bilet bulunamadı: 42', 1],
      [new UserInputError('kullanıcı adı gerekli'), 'kullanıcı adı gerekli', 1],
      [new ApprovalError('bu talebi onaylayamaz'), 'bu talebi onaylayamaz', 1],
      [new MailRequestError(['konu boş', 'metin boş']), 'Talep geçersiz:\n  - konu boş\n  - metin boş', 1],
      [new RuleLoadError([{ file: 'a.yaml', line: 3, column: 5, message: 'bilinmeyen anahtar' }]), 'a.yaml:3:5: bilinmeyen anahtar', 1],
      [
        new RoutingFileError('routing.yaml', [{ key: 'directorates', message: 'eksik' }]),
        'Yönlendirme dosyası geçersiz (routing.yaml):\n  - routing.yaml directorates: eksik',
        1,
      ],
      [
        new ConfigError(null, [{ key: 'worker.leaseSeconds', message: 'pozitif olmalı' }]),
        'Yapılandırma geçersiz:\n  - worker.leaseSeconds: pozitif olmalı',
        2,
      ],
      [new SecretKeyError('BEKCI_SECRET_KEY tanımlı değil'), 'Hata: BEKCI_SECRET_KEY tanımlı değil', 1],
      [new MigrationError('göç uygulanamadı'), 'Hata: göç uygulanamadı', 1],
      [new CliError('--recipients pozitif bir tam sayı olmalı'), '--recipients pozitif bir tam sayı olmalı', 1],
      [new CliError('Veri dosyası okunamadı', 2), 'Veri dosyası okunamadı', 2],
    ];
    for (const [err, message, exitCode] of cases) {
      expect(err, err.name).toBeInstanceOf(BekciError);
      const shown = describeError(err);
      expect(shown, err.name).toMatchObject({ message, exitCode });
      expect(shown.stack, err.name).toBe(ERROR_CATALOGUE[(err as BekciError).code].debugStack);
    }
  });

  test('anything else is an unexpected error, with its stack on request', () => {
    expect(describeError(new TypeError('x is undefined'))).toEqual({ message: 'Beklenmeyen hata: x is undefined', exitCode: 1, stack: true });
    expect(describeError('boom')).toEqual({ message: 'Beklenmeyen hata: boom', exitCode: 1, stack: true });
  });

  test('error names stay those of their classes', () => {
    expect(new AccountError('x').name).toBe('AccountError');
    expect(new ConfigError(null, []).name).toBe('ConfigError');
    expect(new CliError('x').name).toBe('CliError');
  });
});

describe('the harness is loaded on demand', () => {
  const notFound = (specifier: string, url?: string) =>
    Object.assign(new Error(`Cannot find ${specifier}`), { code: 'ERR_MODULE_NOT_FOUND', ...(url ? { url } : {}) });

  test('a missing harness (the production image) is a Turkish usage error', async () => {
    const missing = () =>
      Promise.reject(notFound("module '/app/dist/harness/index.js' imported from /app/dist/cli/harness.js", 'file:///app/dist/harness/index.js'));
    const err = await loadHarness(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(describeError(err)).toMatchObject({ message: HARNESS_MISSING, exitCode: 2 });
  });

  test('a package missing under a present harness is not disguised as a missing harness', async () => {
    const brokenDep = notFound("package 'smtp-server' imported from /app/dist/harness/smtp-sink.js");
    await expect(loadHarness(() => Promise.reject(brokenDep))).rejects.toBe(brokenDep);
  });

  test('in a source checkout the harness loads', async () => {
    const harness: Harness = await loadHarness();
    expect(typeof harness.runDemo).toBe('function');
    expect(typeof harness.createEmulator).toBe('function');
  });
});
