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
const resident = (request: FastifyRequest): Actor => ({ type: 'resident', label: 'resident (tracking page)', ip: request.ip });

export function registerTrackingRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; publicUrl: string }): void {
  const { db } = deps;
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

  async function showCase(request: FastifyRequest, reply: FastifyReply, access: Access, form: { errors?: FormErrors; message?: string } = {}) {
    const view = await viewCase(db, access.caseId, deps.now());
    await recordTracked(db, resident(request), access.caseId, access.via);
    const added = (request.query as Record<string, unknown>).added === '1' && !form.errors;
    return reply.code(form.errors ? 400 : 200).page(`${VIEWS}/track-case.njk`, { pageTitle: `Your request ${view.reference}`, view, base: access.base, added, ...form });
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
