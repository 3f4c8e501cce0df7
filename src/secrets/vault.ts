import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { decrypt, encrypt, envelopeKeyId, parseKey, SecretKeyError, type SecretKey } from './crypto.js';

/**
 * Encrypts and decrypts account credentials with the master key from the environment. The previous key
 * (BEKCI_SECRET_KEY_OLD) is accepted for reading, so a rotation can run while the worker runs.
 */
export class Vault {
  private constructor(
    private readonly current: SecretKey,
    private readonly old: SecretKey | undefined,
  ) {}

  static fromConfig(config: Pick<Config, 'secrets'>): Vault {
    const current = parseKey(config.secrets.secretKey);
    const old = config.secrets.secretKeyOld ? parseKey(config.secrets.secretKeyOld, 'BEKCI_SECRET_KEY_OLD') : undefined;
    return new Vault(current, old);
  }

  get keyId(): string {
    return this.current.id;
  }

  seal(value: unknown): string {
    return encrypt(JSON.stringify(value), this.current);
  }

  open<T>(envelope: string): T {
    return JSON.parse(decrypt(envelope, this.old ? [this.current, this.old] : [this.current])) as T;
  }

  /**
   * Refuses a key that did not make the stored credentials (a typo in BEKCI_SECRET_KEY would otherwise
   * encrypt new credentials under a second key and split the store). Call before writing credentials
   * and at worker start.
   */
  async assertMatchesStore(prisma: Prisma): Promise<void> {
    const known = new Set([this.current.id, ...(this.old ? [this.old.id] : [])]);
    const rows = await prisma.account.findMany({ select: { credentials: true } });
    const foreign = [...new Set(rows.map((r) => envelopeKeyId(r.credentials) ?? '?'))].filter((id) => !known.has(id));
    if (foreign.length) {
      throw new SecretKeyError(
        `Kayıtlı kimlik bilgileri ${foreign.join(', ')} kimlikli anahtarla şifrelenmiş, BEKCI_SECRET_KEY ise ${this.current.id}. ` +
          'Anahtar yanlış olabilir; değiştirdiyseniz eskisini BEKCI_SECRET_KEY_OLD ile verip `bekci secrets rotate` çalıştırın.',
      );
    }
  }

  /** Re-encrypts every account's credentials with the current key. Returns how many rows changed. */
  async rotate(prisma: Prisma): Promise<{ rotated: number; total: number }> {
    const accounts = await prisma.account.findMany({ select: { id: true, credentials: true } });
    let rotated = 0;
    for (const a of accounts) {
      if (envelopeKeyId(a.credentials) === this.current.id) continue;
      const sealed = this.seal(this.open(a.credentials));
      // Only replace what we read: a concurrent `rotate-token` wins.
      const res = await prisma.account.updateMany({ where: { id: a.id, credentials: a.credentials }, data: { credentials: sealed } });
      rotated += res.count;
    }
    return { rotated, total: accounts.length };
  }
}
