import { describe, expect, test } from 'vitest';
import { decrypt, encrypt, generateKey, parseKey, SecretKeyError, Vault } from '../../src/secrets/index.js';
import { createTestDb, dbLabel } from '../helpers/db.js';

describe('secrets', () => {
  test('round trip, and tampering is detected', () => {
    const key = parseKey(generateKey());
    const env = encrypt('EAAB-token', key);
    expect(env).not.toContain('EAAB-token');
    expect(decrypt(env, [key])).toBe('EAAB-token');
    const parts = env.split(':');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => decrypt(parts.join(':'), [key])).toThrow(SecretKeyError);
  });

  test('a missing or wrong key is a clear error', () => {
    expect(() => parseKey(undefined)).toThrow(/BEKCI_SECRET_KEY tanımlı değil/);
    expect(() => parseKey('abc')).toThrow(/32 baytlık/);
    const env = encrypt('x', parseKey(generateKey()));
    expect(() => decrypt(env, [parseKey(generateKey())])).toThrow(/anahtar/);
  });

  test(`rotation re-encrypts stored credentials (${dbLabel()})`, async () => {
    const db = await createTestDb();
    try {
      const oldKey = generateKey();
      const newKey = generateKey();
      const before = Vault.fromConfig({ secrets: { secretKey: oldKey } });
      await db.prisma.unit.create({ data: { id: 'ki', kind: 'directorate', name: 'Kurumsal İletişim' } });
      await db.prisma.account.create({
        data: { platform: 'x', externalId: '1', name: 'uni', unitId: 'ki', credentials: before.seal({ accessToken: 'tok-1' }) },
      });
      const after = Vault.fromConfig({ secrets: { secretKey: newKey, secretKeyOld: oldKey } });
      expect(await after.rotate(db.prisma)).toEqual({ rotated: 1, total: 1 });
      expect(await after.rotate(db.prisma)).toEqual({ rotated: 0, total: 1 });
      const row = await db.prisma.account.findFirstOrThrow();
      const onlyNew = Vault.fromConfig({ secrets: { secretKey: newKey } });
      expect(onlyNew.open<{ accessToken: string }>(row.credentials).accessToken).toBe('tok-1');
      expect(() => before.open(row.credentials)).toThrow(SecretKeyError);
    } finally {
      await db.drop();
    }
  });
});

describe('a wrong master key never splits the credential store', () => {
  test(`adding or rotating credentials with another key is refused (${dbLabel()})`, async () => {
    const db = await createTestDb();
    try {
      const { addAccount, rotateAccountToken } = await import('../../src/accounts/service.js');
      const { loadConfig } = await import('../../src/config/index.js');
      const base = loadConfig({ env: {}, cwd: '/nonexistent' });
      const good = Vault.fromConfig({ secrets: { secretKey: generateKey() } });
      const wrong = Vault.fromConfig({ secrets: { secretKey: generateKey() } });
      await db.prisma.unit.create({ data: { id: 'kurumsal-iletisim', kind: 'directorate', name: 'KI' } });
      const input = { platform: 'x', externalId: '1', name: 'uni', unitId: 'kurumsal-iletisim', credentials: { accessToken: 't' } };
      const account = await addAccount({ prisma: db.prisma, vault: good, config: base }, input, 'test');
      await expect(addAccount({ prisma: db.prisma, vault: wrong, config: base }, { ...input, externalId: '2' }, 'test')).rejects.toThrow(SecretKeyError);
      await expect(rotateAccountToken({ prisma: db.prisma, vault: wrong }, account.id, { accessToken: 'u' }, 'test')).rejects.toThrow(/anahtar/);
      expect(good.open<{ accessToken: string }>((await db.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).credentials).accessToken).toBe('t');
    } finally {
      await db.drop();
    }
  });
});
