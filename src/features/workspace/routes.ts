// The staff home page: where everyone lands after signing in.
import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { HomePanelSource } from '../../platform/web/feature.js';
import type { NavigationItem } from '../../platform/web/render.js';

export const workspaceNavigation: NavigationItem[] = [{ href: '/staff', text: 'Home', permission: 'staff:home' }];

/** The features' lists of a person's own work (their action plan actions) come as panels from app.ts. */
export function registerWorkspaceRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; navigation: NavigationItem[]; panels: readonly HomePanelSource[] }): void {
  app.get('/staff', { config: { permission: 'staff:home' } }, async (request, reply) => {
    const staff = request.staff!;
    const tasks = deps.navigation.filter((item) => item.href !== '/staff' && can(staff.roles, item.permission));
    const panels = (await Promise.all(deps.panels.map((panel) => panel({ db: deps.db, staff, now: deps.now() })))).filter((p) => p !== null);
    return reply.page('features/workspace/views/home.njk', { pageTitle: 'Staff home', tasks, panels });
  });
}
