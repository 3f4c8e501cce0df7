/** What the console's route modules share: the signed-in user, the dependencies, the renderer. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/authz.js';
import type { PasswordSignInProvider } from '../auth/provider.js';
import type { SessionStore } from '../auth/sessions.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import type { Renderer } from './render.js';
import type { RulesHolder } from './rules-holder.js';

/** The signed-in user as the console sees them. */
export type WebUser = Actor & { id: string };

declare module 'fastify' {
  interface FastifyRequest {
    user: WebUser | null;
    /** Between a correct password and the TOTP code: whose code is awaited (grants nothing else). */
    pendingUserId: string | null;
    /** The user's role requires TOTP and they have not enrolled: enrolment is all they may do. */
    mustEnrol: boolean;
  }
}

export interface WebDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Sign-in providers tried in order (local first). Defaults to local accounts only. */
  signIn?: PasswordSignInProvider[];
  /** Clock for tests. */
  now?: () => Date;
}

/** What every route module receives. */
export interface WebContext {
  deps: WebDeps;
  sessions: SessionStore;
  providers: PasswordSignInProvider[];
  render: Renderer;
  rules: RulesHolder;
  now: () => Date;
}

/** A request that must come from a signed-in user. Redirects to the sign-in page otherwise. */
export function requireUser(req: FastifyRequest, reply: FastifyReply): WebUser | undefined {
  if (req.user) return req.user;
  if (req.method === 'GET') void reply.redirect('/login');
  else void reply.code(401).type('text/plain; charset=utf-8').send('Oturum açmanız gerekiyor.');
  return undefined;
}
