// API routes say what they need with `config: { apiScope: 'catalogue:read' }`. This checks the key
// (Authorization: Bearer <key>, or an `api_key` query or form field as Open311 clients send it),
// applies the key's rate limit, and makes the client the actor of everything the call does.
// Only the key authenticates: API routes never read the staff session cookie, so a signed-in
// browser visiting an API URL carries no authority there (and CSRF cannot ride on it).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { sendApiError } from './api-errors.js';
import { PerKeyRateLimiter } from './rate-limit.js';
import { authenticateKey } from './service.js';

export class MisconfiguredApiRouteError extends Error {}

/** The key a client sent: the Authorization header first, then the Open311 `api_key` field. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
  for (const source of [request.query, request.body]) {
    const value = source && typeof source === 'object' ? (source as Record<string, unknown>).api_key : undefined;
    if (typeof value === 'string') return value.trim();
  }
  return undefined;
}

const STATUS = { missing: 401, unknown: 401, revoked: 401, scope: 403 } as const;

export function registerApiKeyAuth(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const limiter = new PerKeyRateLimiter(deps.now);
  app.decorateRequest('client', undefined);

  // Mistakes in how a route is declared stop the app from starting, as for staff routes.
  app.addHook('onRoute', (route) => {
    const config = route.config ?? {};
    if (route.url.startsWith('/api/') && !config.apiScope) throw new MisconfiguredApiRouteError(`API route ${String(route.method)} ${route.url} does not name an apiScope`);
    if (!config.apiScope) return;
    if (config.permission || config.session) throw new MisconfiguredApiRouteError(`API route ${route.url} must not use the staff session`);
    const methods = ([] as string[]).concat(route.method);
    if (!methods.every((m) => m === 'GET' || m === 'HEAD') && config.csrf !== false) {
      throw new MisconfiguredApiRouteError(`API route ${route.url} authenticates by key: declare csrf: false`);
    }
  });

  // preHandler, not onRequest: an Open311 client may send its key in the form body.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const scope = request.routeOptions.config.apiScope;
    if (!scope) return;
    const { apiKeyOptional, apiError } = request.routeOptions.config;
    const presented = presentedKey(request);
    if (apiKeyOptional && !presented) return;
    const result = await authenticateKey(deps.db, presented, scope, deps.now());
    if (!result.ok) {
      // Open311 answers every refusal with 403 and its own error document, as its specification shows.
      if (apiError) return apiError(reply, 403, result.message);
      if (result.reason !== 'scope') reply.header('www-authenticate', 'Bearer realm="CharterDesk API"');
      return sendApiError(reply, STATUS[result.reason], result.reason === 'scope' ? 'forbidden' : 'unauthenticated', result.message);
    }
    const decision = limiter.take(result.client.keyId, result.client.rateLimitPerMinute);
    reply.header('x-ratelimit-limit', decision.limit).header('x-ratelimit-remaining', decision.remaining).header('x-ratelimit-reset', decision.resetSeconds);
    if (!decision.allowed) {
      reply.header('retry-after', decision.resetSeconds);
      const message = `This key may make ${decision.limit} calls a minute: try again in ${decision.resetSeconds} seconds`;
      if (apiError) return apiError(reply, 429, message);
      return sendApiError(reply, 429, 'rate_limited', message);
    }
    request.client = result.client;
  });
}
