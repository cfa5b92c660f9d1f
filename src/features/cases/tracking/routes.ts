// The resident's tracking pages. /track asks for the reference and the email address or phone
// number given with it; /track/<secret> is the private link sent with every acknowledgement. Both
// show the same page: where the request has got to, its public timeline, and a form to add
// information. The private link's URL is a secret, so these pages are never cached, never sent as
// a referrer, and kept out of the request log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { formBody, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { CaseContext } from '../lifecycle.js';
import { selectCase } from '../store.js';
import type { StatusCategory } from '../workflow/model.js';
import { addInformation, findByReference, findByToken, recordTracked, viewCase, type TrackedVia } from './service.js';

const VIEWS = 'features/cases/tracking/views';
/** Found by reference and contact details: the case is remembered in a signed cookie for a while. */
const ACCESS_COOKIE = 'charterdesk_tracking';
const ACCESS_MS = 60 * 60_000;
const BY_REFERENCE = '/track/your-request';
/** Lookups per address: enough for a few typing mistakes, far too few to guess references with. */
export const LOOKUP_LIMIT = { max: 10, timeWindow: 10 * 60_000 };

/** Route options for a page whose URL or content is a secret of the resident's. */
export const privatePage: RouteShorthandOptions = {
  // The request log would otherwise write the secret in the URL (see the report on log.ts).
  logLevel: 'warn',
  onRequest: (_request, reply, done) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    done();
  },
};

interface Access {
  caseId: string;
  /** The page's own address, which the add-information form posts under. */
  base: string;
  via: TrackedVia;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface TrackingSectionInput {
  reference: string;
  category: StatusCategory;
  now: Date;
  /** The page's own address: the section's forms post under it. */
  base: string;
  query: Record<string, unknown>;
  /** The section's form, posted and refused: what was typed and why. */
  posted?: { form: string; body: Record<string, string | string[]>; errors?: FormErrors };
}

/**
 * Another feature's part of the tracking page (complaints: "Your complaint" and the stage 2 form),
 * passed in by app.ts so that cases need not know of it. The page includes `template` with the
 * section's model as `section.model`, for any case whose `model` is defined.
 */
export interface TrackingSection {
  template: string;
  model(db: Db, input: TrackingSectionInput): Promise<unknown>;
  /** Its forms, each posted to `<page>/<path>`: InvalidInput shows the page again with the errors; the string returned is the query the page is shown with next. */
  forms?: Record<string, (ctx: CaseContext, reference: string, body: Record<string, string | string[]>) => Promise<string>>;
  /** It says itself where the case is and when we will do what, so the page's own sentence ("We aim to deal with this by …", "We resolved this request on …") is left out. */
  replacesSummary?: boolean;
}

const resident = (request: FastifyRequest): Actor => ({ type: 'resident', label: 'resident (tracking page)', ip: request.ip });

export function registerTrackingRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; publicUrl: string; sections?: readonly TrackingSection[] }): void {
  const { db } = deps;
  const sections = deps.sections ?? [];
  const cookieOptions = { path: '/track', httpOnly: true, sameSite: 'strict', secure: 'auto', signed: true } as const;

  const remember = (reply: FastifyReply, caseId: string) =>
    reply.setCookie(ACCESS_COOKIE, `${caseId}.${deps.now().getTime() + ACCESS_MS}`, { ...cookieOptions, maxAge: ACCESS_MS / 1000 });

  function remembered(request: FastifyRequest): Access | undefined {
    const cookie = request.cookies[ACCESS_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
    if (!unsigned?.valid || !unsigned.value) return undefined;
    const [caseId, until] = unsigned.value.split('.');
    if (!caseId || !(Number(until) > deps.now().getTime())) return undefined;
    return { caseId, base: BY_REFERENCE, via: 'reference' };
  }

  async function linked(token: string): Promise<Access | undefined> {
    const caseId = await findByToken(db, token);
    return caseId ? { caseId, base: `/track/${token}`, via: 'link' } : undefined;
  }

  const showForm = (reply: FastifyReply, values: Record<string, string>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page(`${VIEWS}/track-form.njk`, { pageTitle: 'Track a request', values, errors });

  async function showCase(request: FastifyRequest, reply: FastifyReply, access: Access, form: { errors?: FormErrors; message?: string; posted?: TrackingSectionInput['posted'] } = {}) {
    const now = deps.now();
    const view = await viewCase(db, access.caseId, now);
    await recordTracked(db, resident(request), access.caseId, access.via);
    const query = request.query as Record<string, unknown>;
    const added = query.added === '1' && !form.errors;
    const input = { reference: view.reference, category: view.category, now, base: access.base, query, ...(form.posted && { posted: form.posted }) };
    const shown = (await Promise.all(sections.map(async (s) => ({ template: s.template, replacesSummary: s.replacesSummary, model: await s.model(db, input) })))).filter((s) => s.model !== undefined);
    const ownSummary = shown.some((s) => s.replacesSummary);
    return reply.code(form.errors ? 400 : 200).page(`${VIEWS}/track-case.njk`, { pageTitle: `Your request ${view.reference}`, view, base: access.base, added, sections: shown, ownSummary, errors: form.errors, message: form.message });
  }

  async function sectionForm(request: FastifyRequest, reply: FastifyReply, access: Access, path: string, handle: NonNullable<TrackingSection['forms']>[string]) {
    const body = formBody(request.body);
    const kase = await selectCase(db, { id: access.caseId });
    if (!kase) return reply.callNotFound();
    let next: string;
    try {
      next = await handle({ db, actor: resident(request), now: deps.now(), publicUrl: deps.publicUrl }, kase.reference, body);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      const errors = invalidInputErrors(error);
      return showCase(request, reply, access, { errors, posted: { form: path, body, errors } });
    }
    return reply.redirect(`${access.base}?${next}`, 303);
  }

  async function addFrom(request: FastifyRequest, reply: FastifyReply, access: Access) {
    const message = str(formBody(request.body).message);
    try {
      await addInformation({ db, actor: resident(request), now: deps.now(), publicUrl: deps.publicUrl }, access.caseId, message);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return showCase(request, reply, access, { errors: invalidInputErrors(error), message });
    }
    return reply.redirect(`${access.base}?added=1`, 303);
  }

  // Too many lookups get this page, with the ways to reach the council, rather than a bare error.
  // Any other error goes on to the app's own handler.
  const tooManyLookups = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (error.statusCode !== 429) throw error;
    reply
      .code(429)
      .page(`${VIEWS}/track-too-many.njk`, { pageTitle: 'You have tried too many times', minutes: LOOKUP_LIMIT.timeWindow / 60_000 })
      .catch((renderError: unknown) => {
        request.log.error({ err: renderError }, 'too-many-lookups page failed to render');
        void reply.type('text/plain; charset=utf-8').send('You have tried too many times. Wait, then try again.');
      });
  };

  app.get('/track', privatePage, (_request, reply) => showForm(reply, {}));

  app.post('/track', { ...privatePage, config: { rateLimit: LOOKUP_LIMIT }, errorHandler: tooManyLookups }, async (request, reply) => {
    const body = formBody(request.body);
    const values = { reference: str(body.reference), contact: str(body.contact) };
    try {
      remember(reply, await findByReference(db, values));
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(reply, values, invalidInputErrors(error));
    }
    return reply.redirect(BY_REFERENCE, 303);
  });

  app.get(BY_REFERENCE, privatePage, async (request, reply) => {
    const access = remembered(request);
    if (!access) return reply.redirect('/track', 303);
    // Each visit keeps the case open for another hour, so a resident writing a long reply is not cut off.
    remember(reply, access.caseId);
    return showCase(request, reply, access);
  });

  app.post(`${BY_REFERENCE}/information`, privatePage, async (request, reply) => {
    const access = remembered(request);
    if (!access) return reply.redirect('/track', 303);
    return addFrom(request, reply, access);
  });

  for (const [path, handle] of sections.flatMap((s) => Object.entries(s.forms ?? {}))) {
    app.post(`${BY_REFERENCE}/${path}`, privatePage, async (request, reply) => {
      const access = remembered(request);
      if (!access) return reply.redirect('/track', 303);
      return sectionForm(request, reply, access, path, handle);
    });
    app.post<{ Params: { token: string } }>(`/track/:token/${path}`, privatePage, async (request, reply) => {
      const access = await linked(request.params.token);
      if (!access) return reply.callNotFound();
      return sectionForm(request, reply, access, path, handle);
    });
  }

  app.get<{ Params: { token: string } }>('/track/:token', privatePage, async (request, reply) => {
    const access = await linked(request.params.token);
    if (!access) return reply.callNotFound();
    return showCase(request, reply, access);
  });

  app.post<{ Params: { token: string } }>('/track/:token/information', privatePage, async (request, reply) => {
    const access = await linked(request.params.token);
    if (!access) return reply.callNotFound();
    return addFrom(request, reply, access);
  });
}
