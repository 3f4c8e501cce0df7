import { BekciError } from '../core/errors.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { AccountCredentials } from '../platforms/contract.js';
import { PLATFORMS, type Platform } from '../core/platform.js';
import type { Vault } from '../secrets/index.js';
import { audit } from '../audit/audit.js';
import { ensureUnit } from '../users/units.js';

export { PLATFORMS };

export class AccountError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('account', message, options);
  }
}

/** Reads credentials given on the command line: a bare token, or a JSON object of credential fields. */
export function parseCredentials(raw: string): AccountCredentials {
  const text = raw.trim();
  if (!text) throw new AccountError('Kimlik bilgisi boş.');
  if (text.startsWith('{')) {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // JSON.parse's message quotes the text around the error: a fragment of the secret.
      throw new AccountError('JSON kimlik bilgisi okunamadı: geçersiz JSON (içerik gösterilmedi).');
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new AccountError('JSON kimlik bilgisi bir nesne olmalı: {"accessToken": "…"}');
    if (typeof obj.accessToken !== 'string' || !obj.accessToken) throw new AccountError('JSON kimlik bilgisinde "accessToken" olmalı.');
    return obj as unknown as AccountCredentials;
  }
  return { accessToken: text };
}

export interface AddAccountInput {
  platform: string;
  externalId: string;
  name: string;
  unitId: string;
  credentials: AccountCredentials;
  pollIntervalSec?: number;
  dryRun?: boolean;
}

/** Tries credentials before they are stored (see verify.ts); absent in tests that seed accounts directly. */
export type VerifyCredentials = (account: { platform: Platform; externalId: string; credentials: AccountCredentials }) => Promise<void>;

export async function addAccount(
  deps: { prisma: Prisma; vault: Vault; config: Pick<Config, 'units' | 'worker' | 'routing'>; verify?: VerifyCredentials },
  input: AddAccountInput,
  actor: string,
) {
  if (!PLATFORMS.includes(input.platform as Platform)) {
    throw new AccountError(`Bilinmeyen platform: ${input.platform} (${PLATFORMS.join(', ')})`);
  }
  if (!(await ensureUnit(deps.prisma, deps.config, input.unitId))) {
    throw new AccountError(`Bilinmeyen birim: ${input.unitId}. Birimler: bekci.yaml "units" ve rules/routing.yaml birimleri.`);
  }
  await deps.vault.assertMatchesStore(deps.prisma);
  const existing = await deps.prisma.account.findUnique({ where: { platform_externalId: { platform: input.platform, externalId: input.externalId } } });
  if (existing) throw new AccountError(`Bu hesap zaten kayıtlı: ${existing.id} (${existing.name})`);
  await deps.verify?.({ platform: input.platform as Platform, externalId: input.externalId, credentials: input.credentials });
  const account = await deps.prisma.account.create({
    data: {
      platform: input.platform,
      externalId: input.externalId,
      name: input.name,
      unitId: input.unitId,
      credentials: deps.vault.seal(input.credentials),
      pollIntervalSec: input.pollIntervalSec ?? deps.config.worker.defaultPollIntervalSec,
      dryRun: input.dryRun ?? false,
    },
  });
  await audit(deps.prisma, {
    actor,
    action: 'account.add',
    entityType: 'account',
    entityId: account.id,
    data: { platform: input.platform, name: input.name, unitId: input.unitId },
  });
  return account;
}

export async function findAccount(prisma: Prisma, ref: string) {
  const account =
    (await prisma.account.findUnique({ where: { id: ref } })) ?? (await prisma.account.findFirst({ where: { OR: [{ externalId: ref }, { name: ref }] } }));
  if (!account) throw new AccountError(`Hesap bulunamadı: ${ref}`);
  return account;
}

export async function setAccountStatus(prisma: Prisma, ref: string, status: 'active' | 'disabled', actor: string) {
  const account = await findAccount(prisma, ref);
  await prisma.account.update({
    where: { id: account.id },
    data: { status, ...(status === 'active' ? { nextPollAt: new Date(), consecutiveFailures: 0, backoffUntil: null } : {}) },
  });
  await audit(prisma, { actor, action: status === 'active' ? 'account.enable' : 'account.disable', entityType: 'account', entityId: account.id });
  return account;
}

export async function setAccountDryRun(prisma: Prisma, ref: string, dryRun: boolean, actor: string) {
  const account = await findAccount(prisma, ref);
  await prisma.account.update({ where: { id: account.id }, data: { dryRun } });
  await audit(prisma, { actor, action: 'account.dry_run', entityType: 'account', entityId: account.id, data: { dryRun } });
  return account;
}

/** Replaces the credentials and brings an account that needed re-authorisation back into service. */
export async function rotateAccountToken(
  deps: { prisma: Prisma; vault: Vault; verify?: VerifyCredentials },
  ref: string,
  credentials: AccountCredentials,
  actor: string,
) {
  const account = await findAccount(deps.prisma, ref);
  await deps.verify?.({ platform: account.platform as Platform, externalId: account.externalId, credentials });
  await deps.vault.assertMatchesStore(deps.prisma);
  await deps.prisma.account.update({
    where: { id: account.id },
    data: {
      credentials: deps.vault.seal(credentials),
      status: account.status === 'needs_reauth' ? 'active' : account.status,
      lastError: null,
      consecutiveFailures: 0,
      backoffUntil: null,
      nextPollAt: new Date(),
    },
  });
  await audit(deps.prisma, { actor, action: 'account.rotate_token', entityType: 'account', entityId: account.id });
  return account;
}
