// What CharterDesk adds to Fastify's request, reply and route options.
import type { ApiScope } from '../api-keys/scopes.js';
import type { ApiClient } from '../api-keys/service.js';
import type { Actor } from '../audit/audit.js';
import type { Permission } from '../auth/permissions.js';
import type { StaffUser } from '../auth/users.js';
import type { SiteCookies } from './cookies.js';
import type { StaffRoute } from './staff-access.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route under /staff with the permission it needs (the app refuses one without). */
    staffRoutes: StaffRoute[];
    /** The site's cookie names and flags (__Host- and Secure over HTTPS). */
    siteCookies: SiteCookies;
  }
  interface FastifyRequest {
    /** The signed-in staff user, on routes that need or offer sign-in. */
    staff: StaffUser | undefined;
    /** The client system whose API key was accepted, on routes with an apiScope. */
    client: ApiClient | undefined;
    /** Who is acting, for the audit trail. */
    actor(): Actor;
  }
  interface FastifyReply {
    /** Renders a page template inside the shared layout. */
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyContextConfig {
    /** Every /staff route must name the permission it needs; the app refuses to start otherwise. */
    permission?: Permission;
    /** Load the staff session on a route without requiring one (the sign-in page). */
    session?: boolean;
    /** Opt a non-GET route out of CSRF checks: only for machine clients that authenticate with a key. */
    csrf?: false;
    /** An API route: callers need a key with this scope (see platform/api-keys/guard.ts); never a staff session. */
    apiScope?: ApiScope;
    /** With apiScope: a call without a key goes on with no client (Open311 reads are open); a wrong key is still refused. */
    apiKeyOptional?: boolean;
    /** With apiScope: how this API writes the guard's refusals (Open311 answers in XML); the JSON API's shape otherwise. */
    apiError?: (reply: FastifyReply, status: number, message: string) => FastifyReply;
    /** The route reads its form body's unstorable text itself (text-input.ts), to show the form again with a message on the field; its path and query are still checked. */
    ownTextCheck?: boolean;
  }
}

export {};
