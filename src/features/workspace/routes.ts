// The staff home page: where everyone lands after signing in.
import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/permissions.js';
import type { NavigationItem } from '../../platform/web/render.js';

export const workspaceNavigation: NavigationItem[] = [{ href: '/staff', text: 'Home', permission: 'staff:home' }];

export function registerWorkspaceRoutes(app: FastifyInstance, deps: { navigation: NavigationItem[] }): void {
  app.get('/staff', { config: { permission: 'staff:home' } }, (request, reply) => {
    const roles = request.staff?.roles ?? [];
    const tasks = deps.navigation.filter((item) => item.href !== '/staff' && can(roles, item.permission));
    return reply.page('features/workspace/views/home.njk', { pageTitle: 'Staff home', tasks });
  });
}
