import { BekciError } from '../core/errors.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type FileConfig } from './schema.js';
import { envSchema, type Env } from './env.js';
import { readEnvironment } from './env-files.js';
import { semanticIssues } from './semantics.js';

export type DbProvider = 'sqlite' | 'postgresql';

/** The validated, frozen configuration every component receives. */
export type Config = FileConfig & {
  readonly configPath: string | null;
  readonly databaseUrl: string;
  readonly dbProvider: DbProvider;
  readonly workerId: string;
  readonly secrets: {
    readonly secretKey?: string;
    readonly secretKeyOld?: string;
    readonly smtpUrl?: string;
    readonly imapUrl?: string;
    /** DKIM private key (PEM), from BEKCI_DKIM_KEY or the file in BEKCI_DKIM_KEY_FILE. */
    readonly dkimKey?: string;
    /** OAuth clients per platform, from BEKCI_<PLATFORM>_CLIENT_ID/_SECRET (Facebook, Instagram: _APP_ID/_APP_SECRET). */
    readonly oauth?: Readonly<Partial<Record<'youtube' | 'x' | 'facebook' | 'instagram', { readonly clientId: string; readonly clientSecret?: string }>>>;
    readonly ldapBindPassword?: string;
  };
};

export interface ConfigIssue {
  /** Dotted key, e.g. `mail.smtp.port`, or the environment variable name. */
  key: string;
  message: string;
  /** Position in the file, when the key is in it. */
  line?: number;
  column?: number;
}

/** Invalid configuration: carries every problem, each naming its key. Shown without a stack trace. */
export class ConfigError extends BekciError {
  constructor(
    readonly file: string | null,
    readonly issues: ConfigIssue[],
  ) {
    super(
      'config',
      `Yapılandırma geçersiz${file ? ` (${file})` : ''}:\n` +
        issues.map((i) => `  - ${i.key}${i.line ? ` (satır ${i.line}, sütun ${i.column})` : ''}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_FILE = 'bekci.yaml';

/**
 * Reads bekci.yaml (or BEKCI_CONFIG) and the environment, validates both once and returns a frozen
 * Config. A missing default file is fine (all defaults); a missing file named by BEKCI_CONFIG is not.
 */
export function loadConfig(opts: { env?: NodeJS.ProcessEnv; cwd?: string; path?: string } = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const read = readEnvironment(opts.env ?? process.env, cwd);
  if (read.issues.length) throw new ConfigError(null, read.issues);
  const envResult = envSchema.safeParse(read.env);
  if (!envResult.success) throw new ConfigError(null, envIssues(envResult.error));
  const env: Env = envResult.data;

  const explicit = opts.path ?? env.BEKCI_CONFIG;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let fileValue: unknown = {};
  let doc: ReturnType<typeof parseDocument> | undefined;
  const lines = new LineCounter();
  if (existsSync(path)) {
    doc = parseDocument(readConfigFile(path), { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        path,
        doc.errors.map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return { key: '(YAML)', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
        }),
      );
    }
    try {
      // yaml refuses documents whose aliases would expand past `maxAliasCount` (a "billion laughs" bomb).
      fileValue = doc.toJS({ maxAliasCount: 100 }) ?? {};
    } catch (e) {
      const bomb = e instanceof ReferenceError || /alias/i.test((e as Error).message);
      throw new ConfigError(path, [
        {
          key: '(YAML)',
          message: bomb ? 'çok fazla takma ad (alias) genişlemesi: dosya reddedildi (YAML bombası olabilir)' : `YAML okunamadı: ${(e as Error).message}`,
        },
      ]);
    }
  } else if (explicit) {
    throw new ConfigError(path, [{ key: 'BEKCI_CONFIG', message: `dosya bulunamadı: ${path}` }]);
  }

  const parsed = configSchema.safeParse(fileValue);
  if (!parsed.success) {
    throw new ConfigError(
      existsSync(path) ? path : null,
      parsed.error.issues
        .map((issue) => {
          const keyPath = issue.path.map(String);
          // Unknown keys are reported on the object; name the unknown key itself.
          if (issue.code === 'unrecognized_keys') {
            return issue.keys.map((k) => ({ ...position(doc, lines, [...keyPath, k]), key: [...keyPath, k].join('.'), message: 'bilinmeyen anahtar' }));
          }
          return [{ ...position(doc, lines, keyPath), key: keyPath.join('.') || '(kök)', message: issue.message }];
        })
        .flat(),
    );
  }

  const meaning = semanticIssues(parsed.data, env);
  if (meaning.length) {
    throw new ConfigError(
      existsSync(path) ? path : null,
      meaning.map((i) => ({ ...position(doc, lines, i.path), key: i.path.join('.'), message: i.message })),
    );
  }

  const file = resolvePaths(parsed.data, fileValue, existsSync(path) ? dirname(path) : cwd, cwd);
  const databaseUrl = env.DATABASE_URL ?? file.database.url;
  const dkimKey = readDkimKey(env);
  const oauth = oauthClientsFromEnv(env);
  const config: Config = {
    ...file,
    configPath: existsSync(path) ? path : null,
    databaseUrl,
    dbProvider: /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgresql' : 'sqlite',
    workerId: env.BEKCI_WORKER_ID ?? file.worker.id ?? `${hostname()}:${process.pid}`,
    log: { ...file.log, level: (env.BEKCI_LOG_LEVEL as FileConfig['log']['level'] | undefined) ?? file.log.level },
    secrets: {
      ...(env.BEKCI_SECRET_KEY ? { secretKey: env.BEKCI_SECRET_KEY } : {}),
      ...(env.BEKCI_SECRET_KEY_OLD ? { secretKeyOld: env.BEKCI_SECRET_KEY_OLD } : {}),
      ...(env.BEKCI_SMTP_URL ? { smtpUrl: env.BEKCI_SMTP_URL } : {}),
      ...(env.BEKCI_LDAP_BIND_PASSWORD ? { ldapBindPassword: env.BEKCI_LDAP_BIND_PASSWORD } : {}),
      ...(env.BEKCI_IMAP_URL ? { imapUrl: env.BEKCI_IMAP_URL } : {}),
      ...(dkimKey ? { dkimKey } : {}),
      ...(Object.keys(oauth).length ? { oauth } : {}),
    },
  };
  return deepFreeze(config);
}

function oauthClientsFromEnv(env: Env): NonNullable<Config['secrets']['oauth']> {
  const pairs = {
    youtube: [env.BEKCI_YOUTUBE_CLIENT_ID, env.BEKCI_YOUTUBE_CLIENT_SECRET],
    x: [env.BEKCI_X_CLIENT_ID, env.BEKCI_X_CLIENT_SECRET],
    facebook: [env.BEKCI_FACEBOOK_APP_ID, env.BEKCI_FACEBOOK_APP_SECRET],
    instagram: [env.BEKCI_INSTAGRAM_APP_ID, env.BEKCI_INSTAGRAM_APP_SECRET],
  } as const;
  const out: Record<string, { clientId: string; clientSecret?: string }> = {};
  for (const [platform, [id, secret]] of Object.entries(pairs)) {
    if (id) out[platform] = { clientId: id, ...(secret ? { clientSecret: secret } : {}) };
  }
  return out;
}

/** The text of the configuration file; a folder or an unreadable file is a configuration error (exit 2). */
function readConfigFile(path: string): string {
  try {
    if (!statSync(path).isFile())
      throw new ConfigError(path, [{ key: 'BEKCI_CONFIG', message: 'yapılandırma yolu bir dosya değil (klasör ya da özel dosya)' }]);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(path, [{ key: 'BEKCI_CONFIG', message: `dosya okunamadı (${(e as NodeJS.ErrnoException).code ?? 'hata'})` }]);
  }
}

/** The DKIM private key from BEKCI_DKIM_KEY, or read from BEKCI_DKIM_KEY_FILE (a Docker secret). */
function readDkimKey(env: Env): string | undefined {
  if (env.BEKCI_DKIM_KEY) return env.BEKCI_DKIM_KEY;
  if (!env.BEKCI_DKIM_KEY_FILE) return undefined;
  try {
    return readFileSync(env.BEKCI_DKIM_KEY_FILE, 'utf8');
  } catch {
    throw new ConfigError(null, [{ key: 'BEKCI_DKIM_KEY_FILE', message: `dosya okunamadı: ${env.BEKCI_DKIM_KEY_FILE}` }]);
  }
}

/** The project's own folder (dist/config/load.js → ../..): it ships the default rules. */
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Paths written in the file are relative to the file. Paths left at their defaults are relative to
 * the working directory when that has them (a checkout, a deployment with its own rules/), and fall
 * back to the rules shipped with bekci otherwise, so commands work from any directory.
 */
function resolvePaths(config: FileConfig, raw: unknown, fileDir: string, cwd: string): FileConfig {
  const given = (section: string, key: string): boolean => {
    const s = (raw as Record<string, unknown> | null)?.[section];
    return !!s && typeof s === 'object' && key in s;
  };
  const pick = (value: string, explicit: boolean): string => {
    if (isAbsolute(value)) return value;
    if (explicit) return resolve(fileDir, value);
    const local = resolve(cwd, value);
    return existsSync(local) ? local : resolve(packageRoot, value);
  };
  return {
    ...config,
    rules: { ...config.rules, dir: pick(config.rules.dir, given('rules', 'dir')) },
    routing: { ...config.routing, file: pick(config.routing.file, given('routing', 'file')) },
  };
}

function envIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => ({ key: i.path.join('.'), message: i.message }));
}

function position(doc: ReturnType<typeof parseDocument> | undefined, lines: LineCounter, path: string[]): { line?: number; column?: number } {
  if (!doc) return {};
  // Walk up until a node that exists in the file (a missing required key is reported at its parent).
  for (let n = path.length; n >= 1; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
    // A key whose value is a scalar: report the key's pair position via the parent map.
  }
  return {};
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
