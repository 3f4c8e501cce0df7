/**
 * The sign-in layer: every way of proving who someone is (local passwords today, LDAP, later OIDC and
 * SAML) is a provider that turns credentials into a bekci user name. Sessions, roles and scope do not
 * depend on which provider signed someone in.
 */

/** Outcome of one sign-in attempt. Failure reasons are for logs and throttling, never shown verbatim. */
export type SignInResult =
  | { ok: true; userId: string; username: string }
  | { ok: false; reason: 'unknown_user' | 'bad_password' | 'locked' | 'disabled' | 'no_password' | 'unavailable'; lockedUntil?: Date };

/** A provider of username + password sign-in (local accounts, LDAP/Active Directory). */
export interface PasswordSignInProvider {
  readonly id: string;
  signIn(username: string, password: string, now: Date): Promise<SignInResult>;
}

/**
 * A provider that redirects to an identity provider and comes back with a callback (OIDC, SAML).
 * Not implemented yet; the console lists such providers on its sign-in page when configured.
 */
export interface RedirectSignInProvider {
  readonly id: string;
  readonly label: string;
  startUrl(returnTo: string): Promise<string>;
  callback(query: Record<string, string>): Promise<SignInResult>;
}
