// The resident e-form, generated from the request type: the form, "check your answers", and a
// confirmation with the case reference. Plain HTML forms: it all works without JavaScript.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { formBody, toFormErrors, type FormErrors } from '../../platform/web/forms.js';
import { londonDate } from '../../time/index.js';
import { answerRows, parseAnswers, type FormValues } from '../charter/fields/answers.js';
import { sortFields } from '../charter/fields/model.js';
import { offeredOnline, residentFormFields, type RequestType } from '../charter/request-types.js';
import { getService, listRequestTypes } from '../charter/service.js';
import { raiseCase } from './service.js';

const VIEWS = 'features/cases/views';

const contactSchema = z.object({
  contactName: z.string().trim().max(200, 'Your name must be 200 characters or fewer'),
  contactEmail: z
    .string()
    .trim()
    .max(254, 'Enter an email address in the correct format, like name@example.com')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address in the correct format, like name@example.com'),
  contactPhone: z
    .string()
    .trim()
    .refine((v) => v === '' || /^(?:\+44|0)\d{9,10}$/.test(v.replace(/[\s()-]/g, '')), 'Enter a UK phone number, like 07700 900 982'),
});

type Body = Record<string, string | string[]>;

/** A request type residents may use now, with its published service; undefined otherwise. */
async function residentRequestType(db: Db, code: string): Promise<{ requestType: RequestType; serviceName: string } | undefined> {
  const requestType = (await listRequestTypes(db, { audience: 'resident' })).find((r) => r.code === code);
  if (!requestType || !offeredOnline(requestType)) return undefined;
  const service = await getService(db, { id: requestType.serviceId });
  return service.published ? { requestType, serviceName: service.name } : undefined;
}

function mergeErrors(a: FormErrors | undefined, b: FormErrors | undefined): FormErrors | undefined {
  if (!a) return b;
  if (!b) return a;
  return { summary: [...a.summary, ...b.summary], fields: { ...a.fields, ...b.fields } };
}

/** Every posted value except the token and the button, to carry through "check your answers". */
function carried(body: Body): { name: string; value: string }[] {
  return Object.entries(body)
    .filter(([name]) => name !== '_csrf' && name !== 'action')
    .flatMap(([name, value]) => ([] as string[]).concat(value).map((v) => ({ name, value: v })));
}

export function registerResidentRequestRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  const showForm = (reply: FastifyReply, found: { requestType: RequestType; serviceName: string }, values: FormValues | Body, contact: Body, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page(`${VIEWS}/request-form.njk`, {
      pageTitle: found.requestType.name,
      requestType: found.requestType,
      serviceName: found.serviceName,
      fields: sortFields(residentFormFields(found.requestType)),
      values,
      contact,
      errors,
    });

  app.get<{ Params: { code: string } }>('/request/:code', async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    if (!found) return reply.callNotFound();
    return showForm(reply, found, {}, {});
  });

  app.post<{ Params: { code: string } }>('/request/:code', async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    if (!found) return reply.callNotFound();
    const body = formBody(request.body);
    const now = deps.now();
    const fields = residentFormFields(found.requestType);
    const parsed = parseAnswers(fields, body, { today: londonDate(now) });
    const contact = contactSchema.safeParse(body);
    if (body.action === 'change') return showForm(reply, found, parsed.ok ? body : parsed.values, body);
    if (!parsed.ok || !contact.success) {
      const errors = mergeErrors(parsed.ok ? undefined : parsed.errors, contact.success ? undefined : toFormErrors(contact.error));
      return showForm(reply, found, parsed.ok ? body : parsed.values, body, errors);
    }
    if (body.action !== 'submit') {
      return reply.page(`${VIEWS}/check-answers.njk`, {
        pageTitle: 'Check your answers before sending your request',
        requestType: found.requestType,
        // "Change your answers" posts everything back to the form, so rows carry no links of their own.
        rows: answerRows(fields, parsed.answers, { change: false }),
        contact: contact.data,
        carried: carried(body),
      });
    }
    const details = contact.data;
    const raised = await raiseCase(db, { type: 'resident', label: details.contactName || 'resident (web form)', ip: request.ip }, {
      requestType: found.requestType,
      channel: 'web',
      answers: parsed.answers,
      contact: { ...(details.contactName && { name: details.contactName }), ...(details.contactEmail && { email: details.contactEmail }), ...(details.contactPhone && { phone: details.contactPhone }) },
      receivedAt: now,
    });
    return reply.redirect(`/request/${found.requestType.code}/sent?reference=${encodeURIComponent(raised.reference)}`, 303);
  });

  app.get<{ Params: { code: string }; Querystring: { reference?: string } }>('/request/:code/sent', async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    const reference = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/.test(request.query.reference ?? '') ? request.query.reference : undefined;
    if (!found || !reference) return reply.callNotFound();
    return reply.page(`${VIEWS}/request-sent.njk`, { pageTitle: 'Request sent', requestType: found.requestType, reference });
  });
}
