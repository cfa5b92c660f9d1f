// The site's own cookies: their names and flags in one place. Served over HTTPS (PUBLIC_URL starts
// https://) each is Secure and named with the __Host- prefix, which a browser accepts only from a
// secure page, for the whole site (Path=/) and from this host alone (no Domain): another site on a
// sibling domain, or a page on plain http, cannot plant or overwrite it. Over http (the demo, the
// tests) the plain names are kept, since a browser refuses __Host- cookies there.
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CookieOptions {
  path: '/';
  httpOnly: true;
  sameSite: 'lax';
  secure: true | 'auto';
}

export interface SiteCookies {
  /** Served over HTTPS: Secure cookies with __Host- names, which must be for the whole site (Path=/). */
  https: boolean;
  /** The staff session's cookie. */
  session: string;
  /** The CSRF secret's (signed) cookie. */
  csrf: string;
  /** A cookie name with the prefix this site uses. */
  name(base: string): string;
  options: CookieOptions;
  /** What CSRF tokens are bound to: the session the browser's cookie names, or none. */
  csrfUserInfo(request: FastifyRequest): string;
  /** A new CSRF secret for the browser: tokens issued before (and for another session) stop working. */
  rotateCsrfSecret(reply: FastifyReply): void;
}

export function siteCookies(publicUrl: string): SiteCookies {
  const https = publicUrl.startsWith('https://');
  const name = (base: string) => (https ? `__Host-${base}` : base);
  const options: CookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: https ? true : 'auto' };
  const session = name('charterdesk_session');
  const csrf = name('charterdesk_csrf');
  return {
    https,
    session,
    csrf,
    name,
    options,
    // A digest, not the session token itself: the token is a secret and the user info is hashed into
    // every CSRF token. Keyed so that it does not equal the session's id_hash in the database.
    csrfUserInfo: (request) => {
      const token = request.cookies[session];
      return token ? createHmac('sha256', 'charterdesk csrf').update(token).digest('base64url') : 'signed-out';
    },
    rotateCsrfSecret: (reply) => {
      reply.setCookie(csrf, randomBytes(18).toString('base64url'), { ...options, signed: true });
    },
  };
}
