// Administrators edit the council's settings.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { formBody, formError, parseForm } from '../../platform/web/forms.js';
import { NATIONS, NATION_NAMES } from '../../time/nation.js';
import { councilSettingsSchema } from './model.js';
import { StaleEditError } from '../../platform/errors.js';
import { changeCouncilSettings, getCouncil } from './service.js';

const PAGE = 'features/council/views/settings.njk';
const nationItems = (chosen: unknown) => NATIONS.map((value) => ({ value, text: NATION_NAMES[value], checked: value === chosen }));

export function registerCouncilRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const config = { permission: 'council:manage' } as const;

  app.get('/staff/council', { config }, async (request, reply) => {
    const council = await getCouncil(deps.db);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return reply.page(PAGE, {
      pageTitle: 'Council settings',
      nations: nationItems(council.nation),
      saved,
      values: { ...council, population: council.population?.toLocaleString('en-GB') ?? '' },
    });
  });

  app.post('/staff/council', { config }, async (request, reply) => {
    const body = formBody(request.body);
    const form = parseForm(councilSettingsSchema, body);
    const version = Number(body.version);
    const show = (errors: unknown) => {
      reply.code(errors ? 400 : 200);
      return reply.page(PAGE, { pageTitle: 'Council settings', nations: nationItems(body.nation), values: body, errors });
    };
    if (!form.ok) return show(form.errors);
    try {
      await changeCouncilSettings(deps.db, request.actor(), form.value, version);
    } catch (error) {
      if (!(error instanceof StaleEditError)) throw error;
      reply.code(409);
      return reply.page(PAGE, {
        pageTitle: 'Council settings',
        nations: nationItems(body.nation),
        values: body,
        errors: formError('name', `${error.message}. Your changes are below and have not been saved: reload the page to see theirs, then make your changes again.`),
      });
    }
    return reply.redirect('/staff/council?saved=1', 303);
  });
}
