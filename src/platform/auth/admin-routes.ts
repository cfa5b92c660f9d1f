// Administrators manage staff accounts: see who has access, add a user.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { formBody, formError, parseForm } from '../web/forms.js';
import { ROLE_NAMES, ROLES } from './permissions.js';
import { createUser, listUsers, newStaffUserSchema, UserExistsError } from './users.js';

const roleItems = (chosen: string[]) => ROLES.map((value) => ({ value, text: ROLE_NAMES[value], checked: chosen.includes(value) }));

export function registerUserAdminRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const config = { permission: 'users:manage' } as const;

  app.get('/staff/users', { config }, async (request, reply) => {
    const users = await listUsers(deps.db);
    return reply.page('platform/auth/views/users.njk', {
      pageTitle: 'Staff users',
      added: (request.query as Record<string, unknown>).added,
      users: users.map((u) => ({ ...u, roleNames: u.roles.map((r) => ROLE_NAMES[r]).join(', ')})),
    });
  });

  app.get('/staff/users/new', { config }, (_request, reply) =>
    reply.page('platform/auth/views/new-user.njk', { pageTitle: 'Add a staff user', roles: roleItems([]), values: {} }),
  );

  app.post('/staff/users/new', { config }, async (request, reply) => {
    const body = formBody(request.body);
    const chosenRoles = ([] as string[]).concat(body.roles ?? []);
    const show = (errors: unknown) => {
      reply.code(400);
      return reply.page('platform/auth/views/new-user.njk', { pageTitle: 'Add a staff user', roles: roleItems(chosenRoles), values: { ...body, password: '' }, errors });
    };
    const form = parseForm(newStaffUserSchema, { ...body, roles: chosenRoles });
    if (!form.ok) return show(form.errors);
    try {
      await createUser(deps.db, request.actor(), form.value);
    } catch (error) {
      if (error instanceof UserExistsError) return show(formError('email', error.message));
      throw error;
    }
    return reply.redirect(`/staff/users?added=${encodeURIComponent(form.value.email)}`, 303);
  });
}
