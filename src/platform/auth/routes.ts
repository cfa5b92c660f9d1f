// Sign in and sign out.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { recordAudit } from '../audit/audit.js';
import { formBody, formError, parseForm } from '../web/forms.js';
import { safeReturnPath } from '../web/staff-access.js';
import { prepareDecoy } from './passwords.js';
import { createSession, endSession, type SessionPolicy } from './sessions.js';
import { signIn } from './sign-in.js';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'Enter your email address').pipe(z.email('Enter your email address in the correct format, like name@example.gov.uk')),
  password: z.string().min(1, 'Enter your password').max(1024, 'Enter your password'),
  next: z.string().optional(),
});

const SIGN_IN_PAGE = 'platform/auth/views/sign-in.njk';

export function registerAuthRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; sessions: SessionPolicy }): void {
  const cookies = app.siteCookies;
  app.addHook('onReady', async () => {
    await prepareDecoy();
  });

  app.get('/sign-in', { config: { session: true } }, async (request, reply) => {
    const next = safeReturnPath((request.query as Record<string, unknown>).next);
    if (request.staff) return reply.redirect(next ?? '/staff', 303);
    return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', values: { next } });
  });

  app.post(
    '/sign-in',
    // One address trying many accounts is slowed here; one account from one address in throttle.ts.
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = formBody(request.body);
      const values = { email: body.email, next: safeReturnPath(body.next) };
      const form = parseForm(signInSchema, body);
      if (!form.ok) {
        reply.code(400);
        return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', errors: form.errors, values });
      }
      const now = deps.now();
      const result = await signIn(deps.db, form.value.email, form.value.password, now, request.ip);
      if (result.outcome === 'throttled') {
        const seconds = Math.max(1, Math.ceil((result.until.getTime() - now.getTime()) / 1000));
        reply.code(429).header('retry-after', String(seconds));
        return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', errors: formError('email', slowedMessage(seconds)), values });
      }
      if (result.outcome === 'wrong-credentials') {
        reply.code(401);
        return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', errors: formError('email', 'The email address or password is not right. Check them and try again.'), values });
      }
      // A new sign-in in this browser ends the session its cookie named, whoever's it was.
      const previous = request.cookies[cookies.session];
      if (previous) await endSession(deps.db, previous);
      const token = await createSession(deps.db, result.user.id, now, deps.sessions);
      reply.setCookie(cookies.session, token, { ...cookies.options, maxAge: deps.sessions.maxHours * 3600 });
      cookies.rotateCsrfSecret(reply);
      return reply.redirect(values.next ?? '/staff', 303);
    },
  );

  app.post('/sign-out', { config: { session: true } }, async (request, reply) => {
    const token = request.cookies[cookies.session];
    if (token) await endSession(deps.db, token);
    if (request.staff) await recordAudit(deps.db, request.actor(), { action: 'staff.signed_out', subjectType: 'staff_user', subjectId: request.staff.id });
    reply.clearCookie(cookies.session, cookies.options);
    return reply.page('platform/auth/views/signed-out.njk', { pageTitle: 'You have signed out', staff: undefined });
  });
}

/** The same words for every email, known or not: how long to wait, and what else to do. */
function slowedMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `There have been too many wrong passwords for this email address. Wait ${minutes === 1 ? '1 minute' : `${minutes} minutes`}, then try again. If you have forgotten your password, ask an administrator to reset it.`;
}
