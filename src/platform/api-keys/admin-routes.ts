// Administrators connect other systems: add a client system with its key (shown once), see every
// key with its scopes and last use, revoke a key after confirming.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../db/database.js';
import { InvalidInput } from '../errors.js';
import { formBody, invalidInputErrors, parseForm, type FormErrors } from '../web/forms.js';
import { API_SCOPES, API_SCOPE_NAMES } from './scopes.js';
import { ApiKeyNotFound, createClientSystem, DEFAULT_RATE_LIMIT_PER_MINUTE, getKey, listClientSystems, newClientSystemSchema, revokeKey } from './service.js';

const VIEWS = 'platform/api-keys/views';
const config = { permission: 'api_keys:manage' } as const;

const scopeItems = (chosen: unknown) => {
  const picked = ([] as unknown[]).concat(chosen ?? []);
  return API_SCOPE_NAMES.map((value) => ({ value, text: value, hint: { text: API_SCOPES[value] }, checked: picked.includes(value) }));
};

export function registerApiKeyAdminRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  app.get('/staff/api-keys', { config }, async (request, reply) => {
    const systems = await listClientSystems(db);
    return reply.page(`${VIEWS}/api-keys.njk`, {
      pageTitle: 'API keys',
      revoked: (request.query as Record<string, unknown>).revoked,
      systems: systems.map((s) => ({ ...s, keys: s.keys.map((k) => ({ ...k, scopeList: k.scopes.join(', ') })) })),
    });
  });

  const showForm = (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page(`${VIEWS}/new-client-system.njk`, { pageTitle: 'Add a client system', values, errors, scopes: scopeItems(values.scopes) });

  app.get('/staff/api-keys/new', { config }, (_request, reply) => showForm(reply, { rateLimitPerMinute: String(DEFAULT_RATE_LIMIT_PER_MINUTE) }));

  app.post('/staff/api-keys/new', { config }, async (request, reply) => {
    const body = formBody(request.body);
    const values = { ...body, scopes: ([] as string[]).concat(body.scopes ?? []) };
    const form = parseForm(newClientSystemSchema, values);
    if (!form.ok) return showForm(reply, values, form.errors);
    try {
      const created = await createClientSystem(db, request.actor(), form.value);
      // The key is on this page only: nothing may keep a copy (no cache, no redirect with it in the URL).
      reply.header('cache-control', 'no-store');
      return reply.page(`${VIEWS}/key-created.njk`, { pageTitle: 'Copy the API key now', created, scopeList: created.scopes.join(', ') });
    } catch (error) {
      if (error instanceof InvalidInput) return showForm(reply, values, invalidInputErrors(error));
      throw error;
    }
  });

  type Params = { id: string };
  const findKey = async (id: string) => {
    try {
      return await getKey(db, id);
    } catch (error) {
      if (error instanceof ApiKeyNotFound) return undefined;
      throw error;
    }
  };

  app.get<{ Params: Params }>('/staff/api-keys/:id/revoke', { config }, async (request, reply) => {
    const found = await findKey(request.params.id);
    if (!found) return reply.callNotFound();
    if (found.key.revokedAt) return reply.redirect('/staff/api-keys', 303);
    return reply.page(`${VIEWS}/revoke-key.njk`, { pageTitle: `Revoke key ${found.key.prefix}`, ...found, scopeList: found.key.scopes.join(', ') });
  });

  app.post<{ Params: Params }>('/staff/api-keys/:id/revoke', { config }, async (request, reply) => {
    const found = await findKey(request.params.id);
    if (!found) return reply.callNotFound();
    await revokeKey(db, request.actor(), found.key.id, deps.now());
    return reply.redirect(`/staff/api-keys?revoked=${encodeURIComponent(found.key.prefix)}`, 303);
  });
}
