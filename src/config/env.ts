import { z } from 'zod';

/** The environment variables bekci reads. This module and load.ts are the only readers of process.env. */
export const envSchema = z.object({
  BEKCI_CONFIG: z.string().optional(),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'file:… (SQLite) ya da postgresql://… olmalı')
    .optional(),
  /** Master key: 32 bytes as 64 hex characters or base64. Encrypts platform credentials at rest. */
  BEKCI_SECRET_KEY: z.string().optional(),
  /** Previous master key, accepted for decryption during a rotation. */
  BEKCI_SECRET_KEY_OLD: z.string().optional(),
  BEKCI_SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), 'smtp://kullanici:parola@sunucu:587 ya da smtps://… olmalı')
    .optional(),
  /** Password of the LDAP service account (`ldap.bindDn`) used to look users up. */
  BEKCI_LDAP_BIND_PASSWORD: z.string().optional(),
  /** The institution's mailbox: imap://user:pass@host:143 (STARTTLS when offered) or imaps://…:993. */
  BEKCI_IMAP_URL: z
    .string()
    .refine((v) => /^imaps?:\/\//.test(v), 'imap://kullanici:parola@sunucu:143 ya da imaps://… olmalı')
    .optional(),
  /** DKIM private key (PEM), or a file holding it. */
  BEKCI_DKIM_KEY: z.string().optional(),
  BEKCI_DKIM_KEY_FILE: z.string().optional(),
  /** OAuth clients used to refresh and authorise platform tokens (Google Cloud OAuth client, X app, Meta app). */
  BEKCI_YOUTUBE_CLIENT_ID: z.string().optional(),
  BEKCI_YOUTUBE_CLIENT_SECRET: z.string().optional(),
  BEKCI_X_CLIENT_ID: z.string().optional(),
  BEKCI_X_CLIENT_SECRET: z.string().optional(),
  BEKCI_FACEBOOK_APP_ID: z.string().optional(),
  BEKCI_FACEBOOK_APP_SECRET: z.string().optional(),
  BEKCI_INSTAGRAM_APP_ID: z.string().optional(),
  BEKCI_INSTAGRAM_APP_SECRET: z.string().optional(),
  BEKCI_LOG_LEVEL: z.string().optional(),
  BEKCI_WORKER_ID: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** Set to anything: the CLI prints the stack trace of unexpected errors. */
  BEKCI_DEBUG: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** True when `BEKCI_DEBUG` is set (stack traces of unexpected errors on the terminal). */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.BEKCI_DEBUG;
}

/**
 * The environment of a bekci child process that a development tool starts (the chaos campaign): this
 * process's system variables (PATH, HOME, locale) without any bekci setting of its own, plus `vars`.
 */
export function childEnvironment(vars: Record<string, string>, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('BEKCI_') && k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS') out[k] = v;
  return { ...out, ...vars };
}
