// Sign in and sign out.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { recordAudit } from '../audit/audit.js';
import { formBody, formError, parseForm } from '../web/forms.js';
import { safeReturnPath } from '../web/staff-access.js';
import { createSession, endSession, SESSION_COOKIE, type SessionPolicy } from './sessions.js';
import { LOCKOUT, signIn } from './sign-in.js';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'Enter your email address').pipe(z.email('Enter your email address in the correct format, like name@example.gov.uk')),
  password: z.string().min(1, 'Enter your password').max(1024, 'Enter your password'),
  next: z.string().optional(),
});

const SIGN_IN_PAGE = 'platform/auth/views/sign-in.njk';

export function registerAuthRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; sessions: SessionPolicy }): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } as const;

  app.get('/sign-in', { config: { session: true } }, async (request, reply) => {
    const next = safeReturnPath((request.query as Record<string, unknown>).next);
    if (request.staff) return reply.redirect(next ?? '/staff', 303);
    return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', values: { next } });
  });

  app.post(
    '/sign-in',
    // Per-address slowdown in front of the per-account lock-out.
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
      if (result.outcome !== 'signed-in') {
        const message =
          result.outcome === 'locked'
            ? `This account is locked after ${LOCKOUT.attempts} wrong passwords. Try again in ${Math.max(1, Math.ceil((result.until.getTime() - now.getTime()) / 60_000))} minutes, or ask an administrator to reset your password.`
            : 'The email address or password is not right. Check them and try again.';
        reply.code(result.outcome === 'locked' ? 429 : 401);
        return reply.page(SIGN_IN_PAGE, { pageTitle: 'Sign in', errors: formError('email', message), values });
      }
      const token = await createSession(deps.db, result.user.id, now, deps.sessions);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: deps.sessions.maxHours * 3600 });
      return reply.redirect(values.next ?? '/staff', 303);
    },
  );

  app.post('/sign-out', { config: { session: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(deps.db, token);
    if (request.staff) await recordAudit(deps.db, request.actor(), { action: 'staff.signed_out', subjectType: 'staff_user', subjectId: request.staff.id });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.page('platform/auth/views/signed-out.njk', { pageTitle: 'You have signed out', staff: undefined });
  });
}
