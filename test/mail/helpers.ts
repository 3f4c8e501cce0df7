import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';

/** A configuration with the SMTP server on loopback `port` and a high rate, for tests. */
export function mailConfig(port: number, mail: Partial<Config['mail']> = {}, extra: Partial<Config> = {}): Config {
  const base = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'bekci-mail-')) });
  return {
    ...base,
    workerId: 'test-worker',
    university: { ...base.university, domains: ['universite.edu.tr'] },
    ...extra,
    mail: {
      ...base.mail,
      from: 'Kurumsal İletişim <iletisim@universite.edu.tr>',
      ratePerSecond: 2000,
      poolSize: 3,
      maxAttempts: 3,
      ...mail,
      smtp: { ...base.mail.smtp, host: '127.0.0.1', port, secure: false, ...(mail.smtp ?? {}) },
    },
  } as Config;
}

export const silentLogger = (): Logger => createLogger({ level: 'silent', format: 'json' });
