// reply.page(): renders a template with what every page needs (the council, who is signed in,
// the staff navigation they may use, a CSRF token for forms).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type nunjucks from 'nunjucks';
import { can, ROLE_NAMES, type Permission } from '../auth/permissions.js';
import type { Db } from '../db/database.js';
import { findCouncil } from '../../features/council/service.js';

export interface NavigationItem {
  href: string;
  text: string;
  permission: Permission;
}

export function registerRendering(app: FastifyInstance, deps: { db: Db; views: nunjucks.Environment; navigation: NavigationItem[] }): void {
  app.decorateReply('page', async function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const staff = request.staff;
    const path = request.url.split('?')[0] ?? '';
    const context = {
      council: await findCouncil(deps.db),
      staff,
      staffRoleNames: staff?.roles.map((r) => ROLE_NAMES[r]).join(', '),
      staffNavigation: staff
        ? deps.navigation
            .filter((item) => can(staff.roles, item.permission))
            .map((item) => ({ href: item.href, text: item.text, active: path === item.href || (item.href !== '/staff' && path.startsWith(`${item.href}/`)) }))
        : [],
      can: (permission: Permission) => !!staff && can(staff.roles, permission),
      csrfToken: () => this.generateCsrf(),
      currentPath: path,
      ...data,
    };
    const html = deps.views.render(template, context);
    return this.type('text/html; charset=utf-8').send(html);
  });
}
