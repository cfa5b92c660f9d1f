// Which browser a pending upload belongs to. An upload's id travels in a hidden input, so it can be
// seen (a shared computer's history, a page saved and sent on): the id alone must not show the
// file or attach it to a request. The browser that uploaded it holds a random token in a signed,
// httpOnly cookie; the upload row keeps only the token's SHA-256 (uploads.ts owner_hash).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PENDING_UPLOAD_LIFETIME_MS } from './uploads.js';

/** The cookie's base name; over HTTPS it gets the site's __Host- prefix (platform/web/cookies.ts). */
export const UPLOAD_OWNER_COOKIE = 'charterdesk_uploads';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface UploadOwner {
  /** The hash of the token this browser holds; undefined before its first upload. */
  readonly hash: string | undefined;
  /** The hash to store with a new upload: gives the browser a token first if it has none. */
  hold(): string;
}

/** The browser's token, from its cookie (refused when the signature does not match). */
function heldToken(request: FastifyRequest): string | undefined {
  const cookie = request.cookies[request.server.siteCookies.name(UPLOAD_OWNER_COOKIE)];
  if (!cookie) return undefined;
  const unsigned = request.unsignCookie(cookie);
  return unsigned.valid && unsigned.value && TOKEN.test(unsigned.value) ? unsigned.value : undefined;
}

export function uploadOwner(request: FastifyRequest, reply: FastifyReply): UploadOwner {
  let token = heldToken(request);
  let renewed = false;
  return {
    get hash() {
      return token && hashOf(token);
    },
    hold() {
      token ??= randomBytes(32).toString('base64url');
      // Renewed with each post that holds a file, so the cookie lasts as long as the newest upload.
      const cookies = request.server.siteCookies;
      if (!renewed) reply.setCookie(cookies.name(UPLOAD_OWNER_COOKIE), token, { ...cookies.options, signed: true, maxAge: PENDING_UPLOAD_LIFETIME_MS / 1000 });
      renewed = true;
      return hashOf(token);
    },
  };
}
