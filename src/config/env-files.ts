/**
 * The environment as bekci reads it, before validation:
 * - an EMPTY variable counts as unset (compose files write `VAR: ${VAR:-}` for optional values);
 * - each secret may come from a file instead, `NAME_FILE=/run/secrets/…` (Docker and Kubernetes
 *   secrets), read here and nowhere else. Giving both `NAME` and `NAME_FILE` is an error.
 * Messages never contain a secret or any part of a secret file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { envSchema } from './env.js';

/** Variables that may be given as `NAME_FILE`. */
export const FILE_VARIABLES = ['BEKCI_SECRET_KEY', 'BEKCI_SECRET_KEY_OLD', 'BEKCI_SMTP_URL', 'DATABASE_URL'] as const;

export interface EnvIssue {
  key: string;
  message: string;
}

/** bekci's variables from `raw`, empty ones dropped and `*_FILE` ones read. */
export function readEnvironment(raw: NodeJS.ProcessEnv, cwd: string): { env: Record<string, string>; issues: EnvIssue[] } {
  const env: Record<string, string> = {};
  const issues: EnvIssue[] = [];
  for (const key of Object.keys(envSchema.shape)) {
    const value = raw[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  for (const key of FILE_VARIABLES) {
    const fileKey = `${key}_FILE`;
    const file = raw[fileKey];
    if (file === undefined || file === '') continue;
    if (env[key] !== undefined) {
      issues.push({ key: fileKey, message: `${key} ile ${fileKey} birlikte verilemez; yalnız birini kullanın` });
      continue;
    }
    let content: string;
    try {
      content = readFileSync(resolve(cwd, file), 'utf8');
    } catch (e) {
      issues.push({ key: fileKey, message: `dosya okunamadı: ${file} (${(e as NodeJS.ErrnoException).code ?? 'hata'})` });
      continue;
    }
    // Secret files usually end with a newline; the secret itself never has surrounding white space.
    const value = content.trim();
    if (value === '') issues.push({ key: fileKey, message: `dosya boş: ${file}` });
    else env[key] = value;
  }
  return { env, issues };
}
