import { BekciError } from '../core/errors.js';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for credentials at rest. An envelope names the key that made
 * it (the first 8 hex characters of the key's SHA-256), so a wrong key is reported as such instead of
 * as a generic decryption failure, and rotation knows which rows still use the old key.
 *
 * Envelope: `v1:<keyId>:<iv b64url>:<tag b64url>:<ciphertext b64url>`
 */

export class SecretKeyError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('setup', message, options);
  }
}

export interface SecretKey {
  readonly id: string;
  readonly bytes: Buffer;
}

/** Parses a master key given as 64 hex characters or base64 of 32 bytes. */
export function parseKey(raw: string | undefined, variable = 'BEKCI_SECRET_KEY'): SecretKey {
  if (!raw) {
    throw new SecretKeyError(`${variable} tanımlı değil. Platform kimlik bilgileri bu anahtarla şifrelenir. Yeni bir anahtar için: bekci secrets generate`);
  }
  const trimmed = raw.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (!bytes || bytes.length !== 32) {
    throw new SecretKeyError(`${variable} geçersiz: 32 baytlık bir anahtar olmalı (64 onaltılık karakter ya da base64).`);
  }
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

export function encrypt(plaintext: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.from(`bekci:${key.id}`));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', key.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
}

export function envelopeKeyId(envelope: string): string | undefined {
  const parts = envelope.split(':');
  return parts[0] === 'v1' && parts.length === 5 ? parts[1] : undefined;
}

/** Decrypts with whichever of `keys` made the envelope. */
export function decrypt(envelope: string, keys: SecretKey[]): string {
  const parts = envelope.split(':');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretKeyError('Şifreli veri tanınmayan biçimde.');
  const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) {
    throw new SecretKeyError(
      `Bu veri ${keyId} kimlikli anahtarla şifrelenmiş; verilen anahtar(lar): ${keys.map((k) => k.id).join(', ') || 'yok'}. ` +
        'BEKCI_SECRET_KEY yanlış olabilir (anahtar değiştirildiyse eskisini BEKCI_SECRET_KEY_OLD ile verip `bekci secrets rotate` çalıştırın).',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`bekci:${key.id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError('Şifreli veri doğrulanamadı: anahtar yanlış ya da veri bozulmuş.');
  }
}
