import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, roleLabel, type Capability } from '../access/authz.js';
import type { Config } from '../config/index.js';
import { helpers } from './helpers.js';
import { csrfUserInfo } from './session-cookie.js';

/**
 * Templates live next to the sources (src/web/views); from dist/web/ and src/web/ alike this path is
 * the same folder, so no build step copies them.
 */
export const VIEWS_DIR = fileURLToPath(new URL('../../src/web/views', import.meta.url));

interface NavItem {
  href: string;
  label: string;
  cap: Capability;
}

const NAV: NavItem[] = [
  { href: '/tickets', label: 'Kayıtlar', cap: 'tickets.view' },
  { href: '/review', label: 'İnceleme', cap: 'review.view' },
  { href: '/mail', label: 'Duyuru postası', cap: 'mail.view' },
  { href: '/rules', label: 'Kurallar', cap: 'rules.view' },
  { href: '/dashboard', label: 'Gösterge', cap: 'dashboard.view' },
  { href: '/accounts', label: 'Hesaplar', cap: 'accounts.view' },
  { href: '/audit', label: 'Denetim kaydı', cap: 'audit.view' },
  { href: '/kvkk', label: 'Kişisel veri', cap: 'privacy.manage' },
  { href: '/kullanicilar', label: 'Kullanıcılar', cap: 'users.manage' },
];

/** The first page a user may open (after sign-in). */
export function homeFor(user: { name: string; role: string; unitId: string | null }): string {
  return NAV.find((n) => can(user, n.cap))?.href ?? '/hesap';
}

export interface Renderer {
  /** Renders a full page (inside the layout) or, for htmx requests to fragments, the template alone. */
  page(reply: FastifyReply, req: FastifyRequest, template: string, data: Record<string, unknown>, status?: number): FastifyReply;
  /** Renders a template without the layout (htmx fragments). */
  fragment(reply: FastifyReply, req: FastifyRequest, template: string, data: Record<string, unknown>, status?: number): FastifyReply;
  error(reply: FastifyReply, req: FastifyRequest, status: number, title: string, message: string): FastifyReply;
}

export function createRenderer(config: Config): Renderer {
  // autoEscape is on: `<%= %>` escapes; `<%~ %>` is used only for HTML our helpers built from escaped parts.
  const eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  const base = (reply: FastifyReply, req: FastifyRequest, data: Record<string, unknown>) => {
    const user = req.user;
    return {
      ...data,
      user,
      roleLabel: user ? roleLabel(user.role) : '',
      nav: user && !req.mustEnrol ? NAV.filter((n) => can(user, n.cap)).map((n) => ({ ...n, active: req.url.startsWith(n.href) })) : [],
      csrf: reply.generateCsrf({ userInfo: csrfUserInfo(req) }),
      can: (cap: Capability) => (user ? can(user, cap) : false),
      h: helpers(config),
      university: config.university.name,
    };
  };
  const send = (reply: FastifyReply, html: string, status: number) => reply.code(status).type('text/html; charset=utf-8').send(html);
  return {
    page(reply, req, template, data, status = 200) {
      return send(reply, eta.render(template, base(reply, req, data)), status);
    },
    fragment(reply, req, template, data, status = 200) {
      return send(reply, eta.render(template, base(reply, req, data)), status);
    },
    error(reply, req, status, title, message) {
      return send(reply, eta.render('error', base(reply, req, { title, message, status })), status);
    },
  };
}
