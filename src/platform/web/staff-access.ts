// Sign-in and permission checks for every staff route, in one place. A route under /staff that does
// not name a permission is a programming error, caught when the app is built rather than in production.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { can } from '../auth/permissions.js';
import { resumeSession, type SessionPolicy } from '../auth/sessions.js';

export class UnguardedStaffRouteError extends Error {}

/** Only a same-site path may be a place to return to after signing in (no open redirects). */
export function safeReturnPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : undefined;
}

const isStaffPath = (url: string) => url === '/staff' || url.startsWith('/staff/') || url.startsWith('/staff?');

export interface StaffRoute {
  method: string;
  url: string;
  permission: string;
}

/** Registers the checks; returns the list of staff routes, filled in as routes are added. */
export function registerStaffAccess(app: FastifyInstance, deps: { db: Db; now: () => Date; sessions: SessionPolicy }): StaffRoute[] {
  const staffRoutes: StaffRoute[] = [];
  app.decorateRequest('staff', undefined);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/staff')) return;
    const permission = route.config?.permission;
    if (!permission) throw new UnguardedStaffRouteError(`Staff route ${String(route.method)} ${route.url} does not name a permission`);
    for (const method of ([] as string[]).concat(route.method)) staffRoutes.push({ method, url: route.url, permission });
  });

  // Staff pages show customers' records: no shared computer's browser or proxy may keep one. Every
  // response under /staff, error pages and redirects included, unless a route chose its own. The
  // address as sent: a malformed one is answered under another path (errors.ts), still not kept.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isStaffPath(request.originalUrl) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const { permission, session } = request.routeOptions.config;
    if (!permission && !session) return;
    const token = request.cookies[app.siteCookies.session];
    if (token) request.staff = await resumeSession(deps.db, token, deps.now(), deps.sessions);
    if (!permission) return;
    if (!request.staff) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/sign-in${next}`, 303);
    }
    if (!can(request.staff.roles, permission)) {
      reply.code(403);
      return reply.page('error.njk', {
        pageTitle: 'You do not have permission to see this page',
        paragraphs: ['Your role does not include this part of CharterDesk. Ask an administrator if you need it for your work.'],
        link: { href: '/staff', text: 'Go to your staff home page' },
      });
    }
  });
  return staffRoutes;
}
