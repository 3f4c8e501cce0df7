/**
 * The TOTP second factor (RFC 6238, 6 digits, 30-second steps, SHA-1 as every authenticator app
 * supports). It follows whichever provider checked the password (local or LDAP): the secret is bekci's,
 * sealed with the installation's master key (src/secrets). A code is accepted within one step of clock
 * skew and never twice: the last accepted step is stored and only a later one passes.
 */
import { Secret, TOTP } from 'otpauth';
import { audit } from '../audit/audit.js';
import { requireCapability, type Actor } from '../access/authz.js';
import { ROLES, type Role } from '../access/roles.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { envelopeKeyId } from '../secrets/crypto.js';
import { Vault } from '../secrets/index.js';
import { UserInputError } from '../users/users.js';

const PERIOD = 30;
const DIGITS = 6;
/** Steps either side of now a code may come from (clock skew of the phone). */
const SKEW_STEPS = 1;
const SETTING_KEY = 'web.totpRequiredRoles';

export type TotpCheck = 'ok' | 'bad' | 'replay';

function totpFor(secret: Secret, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, secret, digits: DIGITS, period: PERIOD, algorithm: 'SHA1' });
}

/** A code as people type it ("123 456"), or undefined when it cannot be one. */
export function normaliseCode(raw: unknown): string | undefined {
  const code = String(raw ?? '').replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${DIGITS}}$`).test(code) ? code : undefined;
}

/** The time step a code matched, or undefined. */
function matchStep(secret: Secret, code: string, now: Date): number | undefined {
  const delta = TOTP.validate({ token: code, secret, digits: DIGITS, period: PERIOD, timestamp: now.getTime(), window: SKEW_STEPS });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** Roles that must use TOTP: the console's saved setting, else the configuration's default. */
export async function totpRequiredRoles(prisma: Prisma, config: Pick<Config, 'web'>): Promise<Role[]> {
  const row = await prisma.meta.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return [...config.web.totpRequiredRoles];
  const saved = JSON.parse(row.value) as unknown;
  return Array.isArray(saved) ? ROLES.filter((r) => saved.includes(r)) : [];
}

/** Saves which roles must use TOTP (admin only, audited). Members of such roles not yet enrolled are sent to enrolment. */
export async function setTotpRequiredRoles(prisma: Prisma, config: Pick<Config, 'secrets'>, actor: Actor, roles: readonly string[]): Promise<Role[]> {
  requireCapability(actor, 'users.manage');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UserInputError(`Bilinmeyen rol: ${unknown.join(', ')}`);
  // Without the master key nobody could enrol, and members of these roles would be shut out.
  if (roles.length && !config.secrets.secretKey) {
    throw new UserInputError('İki adımlı doğrulamayı zorunlu kılmak için önce BEKCI_SECRET_KEY tanımlanmalı (anahtarlar onunla şifrelenir).');
  }
  const value = ROLES.filter((r) => roles.includes(r));
  await prisma.meta.upsert({
    where: { key: SETTING_KEY },
    create: { key: SETTING_KEY, value: JSON.stringify(value) },
    update: { value: JSON.stringify(value) },
  });
  await audit(prisma, { actor: actor.name, action: 'settings.totp_roles', entityType: 'setting', entityId: SETTING_KEY, data: { roles: value } });
  return value;
}

/** Whether this user must enrol before doing anything else. */
export async function mustEnrolTotp(prisma: Prisma, config: Pick<Config, 'web'>, user: { role: string; totpEnabledAt: Date | null }): Promise<boolean> {
  if (user.totpEnabledAt) return false;
  return (await totpRequiredRoles(prisma, config)).includes(user.role as Role);
}

/**
 * Starts (or restarts) enrolment: a fresh secret, stored sealed as pending. Returns the secret in
 * base32 and the otpauth:// URI for the page that shows them once; nothing else ever reveals them.
 */
export async function beginTotpEnrolment(prisma: Prisma, config: Pick<Config, 'secrets' | 'university'>, userId: string) {
  const vault = Vault.fromConfig(config);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const secret = new Secret({ size: 20 });
  await prisma.user.update({ where: { id: userId }, data: { totpPending: vault.seal(secret.base32) } });
  return { secret: secret.base32, uri: totpFor(secret, user.name, `Bekçi (${config.university.name})`).toString() };
}

/** The pending secret again (a wrong confirmation code shows the same one), or undefined. */
export async function pendingTotpEnrolment(prisma: Prisma, config: Pick<Config, 'secrets' | 'university'>, userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpPending) return undefined;
  const base32 = Vault.fromConfig(config).open<string>(user.totpPending);
  return { secret: base32, uri: totpFor(Secret.fromBase32(base32), user.name, `Bekçi (${config.university.name})`).toString() };
}

/** Confirms enrolment with a code of the pending secret; on success TOTP is on from now on. */
export async function confirmTotpEnrolment(prisma: Prisma, config: Pick<Config, 'secrets'>, userId: string, rawCode: unknown, now: Date): Promise<boolean> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const code = normaliseCode(rawCode);
  if (!user.totpPending || !code) return false;
  const step = matchStep(Secret.fromBase32(Vault.fromConfig(config).open<string>(user.totpPending)), code, now);
  if (step === undefined) return false;
  const done = await prisma.user.updateMany({
    where: { id: userId, totpPending: user.totpPending },
    data: { totpSecret: user.totpPending, totpPending: null, totpEnabledAt: now, totpLastStep: step },
  });
  if (done.count !== 1) return false;
  await audit(prisma, { actor: user.name, action: 'user.totp.enable', entityType: 'user', entityId: userId });
  return true;
}

/**
 * Checks a sign-in code. `replay` is a correct code of a step already used (or older than one used):
 * refused like a wrong one. The step is claimed atomically, so two requests with one code cannot both pass.
 */
export async function verifyTotp(prisma: Prisma, config: Pick<Config, 'secrets'>, userId: string, rawCode: unknown, now: Date): Promise<TotpCheck> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const code = normaliseCode(rawCode);
  if (!user.totpSecret || !code) return 'bad';
  const step = matchStep(Secret.fromBase32(Vault.fromConfig(config).open<string>(user.totpSecret)), code, now);
  if (step === undefined) return 'bad';
  const claimed = await prisma.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return claimed.count === 1 ? 'ok' : 'replay';
}

/** Turns one's own TOTP off with a current code; refused while the role requires it. */
export async function disableOwnTotp(prisma: Prisma, config: Pick<Config, 'secrets' | 'web'>, userId: string, rawCode: unknown, now: Date): Promise<void> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if ((await totpRequiredRoles(prisma, config)).includes(user.role as Role)) {
    throw new UserInputError('Rolünüz için iki adımlı doğrulama zorunlu; kapatılamaz.');
  }
  if ((await verifyTotp(prisma, config, userId, rawCode, now)) !== 'ok') throw new UserInputError('Doğrulama kodu hatalı ya da daha önce kullanılmış.');
  await prisma.user.update({ where: { id: userId }, data: { totpSecret: null, totpPending: null, totpEnabledAt: null, totpLastStep: null } });
  await audit(prisma, { actor: user.name, action: 'user.totp.disable', entityType: 'user', entityId: userId });
}

/**
 * An admin clears someone's TOTP (a lost phone): the secret is removed and their sessions end; if their
 * role requires TOTP they enrol again at the next sign-in. The actor is checked here, so the CLI's `--by`
 * and the console get the same rule.
 */
export async function resetTotp(prisma: Prisma, actor: Actor, name: string): Promise<void> {
  requireCapability(actor, 'users.manage');
  const user = await prisma.user.findUnique({ where: { name } });
  if (!user) throw new UserInputError(`Kullanıcı bulunamadı: ${name}`);
  await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { totpSecret: null, totpPending: null, totpEnabledAt: null, totpLastStep: null } }),
    prisma.webSession.deleteMany({ where: { userId: user.id } }),
  ]);
  await audit(prisma, { actor: actor.name, action: 'user.totp.reset', entityType: 'user', entityId: user.id });
}

/** Re-seals every TOTP secret with the current master key (part of `bekci secrets rotate`). */
export async function rotateTotpSecrets(prisma: Prisma, vault: Vault): Promise<number> {
  const users = await prisma.user.findMany({ where: { OR: [{ totpSecret: { not: null } }, { totpPending: { not: null } }] } });
  let n = 0;
  for (const u of users) {
    const data: { totpSecret?: string; totpPending?: string } = {};
    if (u.totpSecret && envelopeKeyId(u.totpSecret) !== vault.keyId) data.totpSecret = vault.seal(vault.open<string>(u.totpSecret));
    if (u.totpPending && envelopeKeyId(u.totpPending) !== vault.keyId) data.totpPending = vault.seal(vault.open<string>(u.totpPending));
    if (!Object.keys(data).length) continue;
    const r = await prisma.user.updateMany({ where: { id: u.id, totpSecret: u.totpSecret, totpPending: u.totpPending }, data });
    n += r.count;
  }
  return n;
}
