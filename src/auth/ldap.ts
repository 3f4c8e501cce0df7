import { Client, InvalidCredentialsError } from 'ldapts';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { LockoutPolicy } from './local.js';
import { LocalSignIn } from './local.js';
import type { PasswordSignInProvider, SignInResult } from './provider.js';

/** RFC 4515 escaping of a value put into a search filter. */
export function escapeFilterValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- NUL must be escaped in an LDAP filter (RFC 4515)
  return v.replace(/[\\*()\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * LDAP / Active Directory sign-in: finds the person's entry (service account or anonymous search),
 * then binds as that entry with the password typed. Roles and units stay in bekci: only people who
 * have a bekci user can sign in. The same lockout as local accounts applies.
 */
export class LdapSignIn implements PasswordSignInProvider {
  readonly id = 'ldap';
  private readonly lockout: LocalSignIn;

  constructor(
    private readonly prisma: Prisma,
    private readonly ldap: Config['ldap'],
    private readonly bindPassword: string | undefined,
    policy: LockoutPolicy,
  ) {
    this.lockout = new LocalSignIn(prisma, policy);
  }

  async signIn(username: string, password: string, now: Date): Promise<SignInResult> {
    const name = username.trim();
    const user = await this.prisma.user.findUnique({ where: { name } });
    if (!user || user.disabled) return { ok: false, reason: 'unknown_user' };
    if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
    // An empty password would be an anonymous ("unauthenticated") bind that many servers accept.
    if (!password) return { ok: false, reason: 'bad_password' };
    // tlsOptions make ldapts speak TLS from the first byte: only for ldaps:// (StartTLS is separate).
    const tls = this.ldap.url.startsWith('ldaps://') ? { tlsOptions: { rejectUnauthorized: this.ldap.rejectUnauthorized } } : {};
    const client = new Client({ url: this.ldap.url, timeout: this.ldap.timeoutMs, connectTimeout: this.ldap.timeoutMs, ...tls });
    try {
      if (this.ldap.startTls) await client.startTLS({ rejectUnauthorized: this.ldap.rejectUnauthorized });
      if (this.ldap.bindDn) await client.bind(this.ldap.bindDn, this.bindPassword ?? '');
      const filter = this.ldap.userFilter.split('{username}').join(escapeFilterValue(name));
      const { searchEntries } = await client.search(this.ldap.baseDn, { scope: 'sub', filter, attributes: ['dn'], sizeLimit: 2 });
      if (searchEntries.length !== 1) return { ok: false, reason: 'unknown_user' };
      try {
        await client.bind(searchEntries[0]!.dn, password);
      } catch (e) {
        if (e instanceof InvalidCredentialsError) return this.lockout.recordFailure(user.id, user.name, now);
        throw e;
      }
      // With TOTP on, the failure count runs on until the code is right too: a known password must not
      // reset the guesses left for the second factor.
      await this.prisma.user.update({
        where: { id: user.id },
        data: user.totpEnabledAt ? { lastLoginAt: now } : { failedLogins: 0, lockedUntil: null, lastLoginAt: now },
      });
      return { ok: true, userId: user.id, username: user.name };
    } catch {
      // Directory unreachable or misconfigured: sign-in fails, nothing else does.
      return { ok: false, reason: 'unavailable' };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
