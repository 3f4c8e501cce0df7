import type { FastifyRequest } from 'fastify';

/** The console's session cookie (an opaque token; the database keeps its hash). */
export const SESSION_COOKIE = 'bekci_oturum';

/** What a CSRF token is bound to: the session, so a token from before sign-in or another session fails. */
export function csrfUserInfo(req: FastifyRequest): string {
  return req.cookies[SESSION_COOKIE] ?? 'anonim';
}
