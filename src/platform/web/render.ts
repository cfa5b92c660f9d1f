// reply.page(): renders a template with what every page needs (the council, who is signed in,
// the staff navigation they may use, a CSRF token for forms).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type nunjucks from 'nunjucks';
import { can, ROLE_NAMES, type Permission } from '../auth/permissions.js';
import type { StaffUser } from '../auth/users.js';
import type { Db } from '../db/database.js';

export interface NavigationItem {
  href: string;
  text: string;
  permission: Permission;
  /**
   * A number to show after the text, like "Cases (12)"; undefined shows none. It runs on every
   * staff page the item is shown on, so it must be one cheap query.
   */
  count?: (context: { db: Db; staff: StaffUser }) => Promise<number | undefined>;
}

/**
 * The items this member of staff may use, with their counts, the current one marked: the closest
 * match, so that /staff/cases/new is "Raise a case" rather than also "Cases".
 */
async function navigationFor(db: Db, items: NavigationItem[], staff: StaffUser, path: string) {
  const allowed = items.filter((item) => can(staff.roles, item.permission));
  const counts = await Promise.all(allowed.map((item) => item.count?.({ db, staff }) ?? Promise.resolve(undefined)));
  const within = (href: string) => path === href || (href !== '/staff' && path.startsWith(`${href}/`));
  const current = allowed.filter((item) => within(item.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return allowed.map((item, i) => ({
    href: item.href,
    text: counts[i] === undefined ? item.text : `${item.text} (${counts[i]})`,
    active: item === current,
  }));
}

export interface RenderDeps {
  db: Db;
  views: nunjucks.Environment;
  navigation: NavigationItem[];
  /**
   * The council every page shows (its name and logo in the header; contact pages show more), read
   * on each page so a change to its settings shows at once. Supplied by app.ts from the council
   * feature: the platform does not know the features. Undefined before the council is set up.
   */
  council: () => Promise<object | undefined>;
}

export function registerRendering(app: FastifyInstance, deps: RenderDeps): void {
  app.decorateReply('page', async function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const staff = request.staff;
    const path = request.url.split('?')[0] ?? '';
    const context = {
      // A page may bring its own (the 503 page, which must not ask the database it is apologising for).
      council: 'council' in data ? data.council : await deps.council(),
      staff,
      staffRoleNames: staff?.roles.map((r) => ROLE_NAMES[r]).join(', '),
      staffNavigation: staff ? await navigationFor(deps.db, deps.navigation, staff, path) : [],
      can: (permission: Permission) => !!staff && can(staff.roles, permission),
      csrfToken: () => this.generateCsrf({ userInfo: this.server.siteCookies.csrfUserInfo(request) }),
      currentPath: path,
      ...data,
    };
    const html = deps.views.render(template, context);
    return this.type('text/html; charset=utf-8').send(html);
  });
}
