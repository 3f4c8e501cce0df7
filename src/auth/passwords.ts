import { Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id recommendation: 19 MiB memory, 2 iterations, parallelism 1. */
export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

/** Turkish reasons a new password is refused, or none. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`parola en az ${MIN_PASSWORD_LENGTH} karakter olmalı`);
  if ([...password].length > 256) problems.push('parola en çok 256 karakter olabilir');
  if (username && password.toLocaleLowerCase('tr').includes(username.toLocaleLowerCase('tr'))) problems.push('parola kullanıcı adını içermemeli');
  if (new Set(password).size < 4) problems.push('parola çok tekdüze');
  return problems;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Constant-time verification; a malformed hash is a mismatch, never an exception. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, for unknown users and locked accounts, so that the
 * response time does not tell whether a user name exists.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('bekci-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
}
