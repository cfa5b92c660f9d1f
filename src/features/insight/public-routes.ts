// The residents' pages: "Pay a compliment", "Make a comment", "Tell us if we did not meet this
// standard" (from the Customer Charter), and "You said, we did". No sign-in; plain HTML forms that
// work without JavaScript; a mistake shows the form again with everything typed kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { DATE_PARTS, dateFromParts, type DatePart } from '../../platform/web/date-input.js';
import { formBody, formError, invalidInputErrors, mergeErrors, readFormBody, toFormErrors, type FormErrors, type FormInput } from '../../platform/web/forms.js';
import { londonDate } from '../../time/index.js';
import { publishedCharter } from '../charter/service.js';
import { feedbackFormSchema, notMetFormSchema, withBlanks } from './model.js';
import { recordFeedback, youSaidWeDid } from './service.js';

const VIEWS = 'features/insight/views';

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

const residentActor = (request: FastifyRequest, name: string): Actor => ({ type: 'resident', label: name || 'resident (web form)', ip: request.ip });

/** The two general forms differ only in their words. */
const GENERAL = {
  compliment: {
    path: '/compliment',
    title: 'Pay a compliment',
    intro: 'Tell us when we got something right, or when one of our staff helped you. We pass compliments on to the people and teams they are about.',
    bodyLabel: 'What do you want to tell us?',
    bodyHint: 'For example, who helped you, when, and what they did.',
    sentTitle: 'Compliment sent',
    sentText: 'Thank you for your compliment. We will pass it on to the team it is about.',
  },
  comment: {
    path: '/comment',
    title: 'Make a comment',
    intro: 'Tell us what you think of our services, or suggest how we could do better. If you want us to put something right, make a complaint instead.',
    bodyLabel: 'What do you want to tell us?',
    bodyHint: 'Do not include personal details such as bank details.',
    sentTitle: 'Comment sent',
    sentText: 'Thank you for your comment. We read every comment and use them to improve our services.',
  },
} as const;
type GeneralKind = keyof typeof GENERAL;

const FEEDBACK_INPUTS: Record<string, FormInput> = {
  serviceId: { field: 'serviceId', id: 'serviceId', subject: 'Service' },
  body: { field: 'body', id: 'body', subject: 'What you want to tell us' },
  contactName: { field: 'contactName', id: 'contactName', subject: 'Your name' },
  contactEmail: { field: 'contactEmail', id: 'contactEmail', subject: 'Email address' },
};
const NOT_MET_INPUTS: Record<string, FormInput> = {
  ...Object.fromEntries(DATE_PARTS.map((p) => [`happenedOn-${p}`, { field: 'happenedOn', id: 'happenedOn-day', subject: 'Date it happened' }])),
  body: { field: 'body', id: 'body', subject: 'What happened' },
  contactName: FEEDBACK_INPUTS.contactName!,
  contactEmail: FEEDBACK_INPUTS.contactEmail!,
  complaint: { field: 'complaint', id: 'complaint', subject: 'Whether to treat this as a complaint' },
};

/** The published standard with its service, or undefined: only what the charter shows can be reported. */
async function publishedStandard(db: Db, id: string) {
  for (const entry of await publishedCharter(db)) {
    const standard = entry.standards.find((s) => s.id === id);
    if (standard) return { standard, service: entry.service };
  }
  return undefined;
}

export function registerInsightPublicRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  for (const kind of Object.keys(GENERAL) as GeneralKind[]) registerGeneralForm(app, deps, kind);
  registerNotMet(app, deps);
  app.get('/you-said-we-did', async (_request, reply) =>
    reply.page(`${VIEWS}/you-said-we-did.njk`, { pageTitle: 'You said, we did', groups: await youSaidWeDid(deps.db) }),
  );
}

function registerGeneralForm(app: FastifyInstance, deps: { db: Db; now: () => Date }, kind: GeneralKind): void {
  const { db } = deps;
  const words = GENERAL[kind];

  const showForm = async (reply: FastifyReply, form: Body, errors?: FormErrors) => {
    const services = (await publishedCharter(db)).map((e) => e.service);
    const chosen = first(form.serviceId);
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/feedback-form.njk`, {
      pageTitle: words.title,
      words,
      form,
      errors,
      services: [{ value: '', text: 'Not about a particular service' }, ...services.map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen }))],
    });
  };

  app.get(words.path, async (request, reply) => {
    const query = formBody(request.query);
    return showForm(reply, { serviceId: first(query.service) });
  });

  app.post(words.path, { config: { ownTextCheck: true } }, async (request, reply) => {
    const { body, errors: inputErrors } = readFormBody(request.body, (name) => FEEDBACK_INPUTS[name]);
    const parsed = feedbackFormSchema.safeParse(withBlanks(body, Object.keys(FEEDBACK_INPUTS)));
    const published = (await publishedCharter(db)).map((e) => e.service.id);
    const serviceError = parsed.success && parsed.data.serviceId && !published.includes(parsed.data.serviceId) ? formError('serviceId', 'Select the service from the list') : undefined;
    const errors = mergeErrors(inputErrors, parsed.success ? undefined : toFormErrors(parsed.error), serviceError);
    if (errors || !parsed.success) return showForm(reply, body, errors);
    const form = parsed.data;
    try {
      await recordFeedback(db, residentActor(request, form.contactName), {
        kind,
        receivedAt: deps.now(),
        channel: 'web',
        body: form.body,
        serviceId: form.serviceId || null,
        contact: { name: form.contactName, email: form.contactEmail },
      });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(reply, body, invalidInputErrors(error));
    }
    return reply.redirect(`${words.path}/sent`, 303);
  });

  app.get(`${words.path}/sent`, (_request, reply) => reply.page(`${VIEWS}/feedback-sent.njk`, { pageTitle: words.sentTitle, words }));
}

function registerNotMet(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  type Params = { Params: { standardId: string } };

  const showForm = (reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof publishedStandard>>>, form: Body, view: { errors?: FormErrors; dateParts?: readonly DatePart[] } = {}) =>
    reply.code(view.errors ? 400 : 200).page(`${VIEWS}/not-met-form.njk`, {
      pageTitle: 'Tell us we did not meet a standard',
      standard: found.standard,
      service: found.service,
      form,
      errors: view.errors,
      dateItems: DATE_PARTS.map((part) => ({
        name: part,
        label: part.charAt(0).toUpperCase() + part.slice(1),
        value: first(form[`happenedOn-${part}`]),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${view.dateParts?.includes(part) ? ' govuk-input--error' : ''}`,
      })),
    });

  app.get<Params>('/standards/:standardId/not-met', async (request, reply) => {
    const found = await publishedStandard(db, request.params.standardId);
    if (!found) return reply.callNotFound();
    return showForm(reply, found, {});
  });

  app.post<Params>('/standards/:standardId/not-met', { config: { ownTextCheck: true } }, async (request, reply) => {
    const found = await publishedStandard(db, request.params.standardId);
    if (!found) return reply.callNotFound();
    const { body, errors: inputErrors } = readFormBody(request.body, (name) => NOT_MET_INPUTS[name]);
    const now = deps.now();
    const date = readHappenedOn(body, now);
    const parsed = notMetFormSchema.safeParse(withBlanks(body, ['body', 'contactName', 'contactEmail', 'complaint']));
    // The page's order: when, what, name, email, complaint.
    const errors = mergeErrors(inputErrors, date.errors, parsed.success ? undefined : toFormErrors(parsed.error));
    if (errors || !parsed.success || !date.value) return showForm(reply, found, body, { errors, dateParts: date.parts });
    const form = parsed.data;
    const id = await recordFeedback(db, residentActor(request, form.contactName), {
      kind: 'failed_standard',
      receivedAt: now,
      happenedOn: date.value,
      channel: 'web',
      body: form.body,
      standardId: found.standard.id,
      serviceId: found.service.id,
      contact: { name: form.contactName, email: form.contactEmail },
    });
    // The complaint form (features/complaints) starts from what was reported here.
    if (form.complaint === 'yes') return reply.redirect(`/complain?standard=${encodeURIComponent(found.standard.id)}&feedback=${encodeURIComponent(id)}`, 303);
    return reply.redirect(`/standards/${found.standard.id}/not-met/sent`, 303);
  });

  app.get<Params>('/standards/:standardId/not-met/sent', async (request, reply) => {
    const found = await publishedStandard(db, request.params.standardId);
    if (!found) return reply.callNotFound();
    return reply.page(`${VIEWS}/not-met-sent.njk`, { pageTitle: 'Report sent', standard: found.standard, service: found.service });
  });
}

/** "When did it happen?": a real date, today or earlier; the summary links to the first box in error. */
function readHappenedOn(body: Body, now: Date): { value?: string; errors?: FormErrors; parts?: readonly DatePart[] } {
  const parsed = dateFromParts({ day: first(body['happenedOn-day']), month: first(body['happenedOn-month']), year: first(body['happenedOn-year']) }, 'Date it happened');
  const fail = (text: string, parts: readonly DatePart[]) => ({ errors: { summary: [{ text, href: `#happenedOn-${parts[0] ?? 'day'}` }], fields: { happenedOn: { text } } }, parts });
  if (!parsed.ok) return fail(parsed.message, parsed.parts);
  if (parsed.date > londonDate(now)) return fail('Date it happened must be today or in the past', DATE_PARTS);
  return { value: parsed.date };
}
