// The administrator's Open311 page: the address and jurisdiction_id to give FixMyStreet, and the
// table mapping each case status to the status word Open311 clients understand.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { formBody, invalidInputErrors, type FormErrors } from '../../platform/web/forms.js';
import { STATUS_WORDS } from './model.js';
import { setStatusWords, statusMapping } from './service.js';

const manage = { permission: 'api_keys:manage' } as const;

export function registerOpen311AdminRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const show = async (reply: FastifyReply, chosen: Record<string, string> = {}, errors?: FormErrors, saved = false) => {
    const statuses = (await statusMapping(deps.db)).map((s) => ({
      ...s,
      items: STATUS_WORDS.map((word) => ({ value: word, text: word, selected: (chosen[s.code] ?? s.word) === word })),
    }));
    return reply.code(errors ? 400 : 200).page('features/open311/views/open311.njk', { pageTitle: 'Open311', statuses, errors, saved });
  };

  app.get('/staff/open311', { config: manage }, (request, reply) => show(reply, {}, undefined, (request.query as { saved?: string }).saved === '1'));
  app.post('/staff/open311', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const codes = (await statusMapping(deps.db)).map((s) => s.code);
    const words = Object.fromEntries(codes.map((code) => [code, String(([] as string[]).concat(body[`word-${code}`] ?? '')[0] ?? '')]));
    try {
      await setStatusWords(deps.db, request.actor(), words);
    } catch (error) {
      if (error instanceof InvalidInput) return show(reply, words, invalidInputErrors(error));
      throw error;
    }
    return reply.redirect('/staff/open311?saved=1', 303);
  });
}
