// What the request log may hold. Fastify logs every request's URL, and some URLs carry a secret:
// an Open311 client's ?api_key=..., a resident's private tracking link (/track/<token>, ?t=<token>).
// Each is replaced before it is written, so logs never carry one.
import type { FastifyRequest } from 'fastify';

export function redactSecrets(url: string): string {
  return url
    .replace(/([?&]api_key=)[^&#]*/gi, '$1[REDACTED]')
    .replace(/([?&]t=)[^&#]*/gi, '$1[REDACTED]')
    .replace(/(\/track\/)[\w-]{32}(?=[/?#]|$)/g, '$1[REDACTED]');
}

export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: redactSecrets(request.url), host: request.host, remoteAddress: request.ip };
  },
};
