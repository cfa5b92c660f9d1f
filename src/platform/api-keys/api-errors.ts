// The JSON API's errors: `{ error, message }` with a short machine-readable `error`, plus `fields`
// for invalid input. Clients' mistakes are 4xx with a message that says what to change; never a 500.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../db/database.js';
import { InvalidInput, type FieldIssue } from '../errors.js';

export type ApiErrorCode = 'unauthenticated' | 'forbidden' | 'rate_limited' | 'not_found' | 'invalid' | 'conflict' | 'bad_request' | 'too_large' | 'server_error' | 'unavailable';

export function sendApiError(reply: FastifyReply, status: number, error: ApiErrorCode, message: string, fields?: FieldIssue[]): FastifyReply {
  return reply.code(status).send(fields ? { error, message, fields } : { error, message });
}

/**
 * For an encapsulated context holding API routes: a body that is not JSON, too large or of a type
 * we do not read gets the API's error shape instead of the web pages' one.
 */
export function registerApiErrorHandler(api: FastifyInstance): void {
  api.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ error: error.message }, 'database unavailable: answered 503');
      return sendApiError(reply, 503, 'unavailable', 'The service is unavailable for a moment: try again shortly. Nothing was saved by this call.');
    }
    // Raised before the route ran: text the database cannot store (platform/web/text-input.ts).
    if ((error as unknown) instanceof InvalidInput) {
      request.log.info({ status: 400 }, error.message);
      return sendApiError(reply, 400, 'invalid', 'The request has mistakes: see fields', (error as unknown as InvalidInput).issues);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'API request failed');
      return sendApiError(reply, 500, 'server_error', 'Something went wrong on our side. Try again later.');
    }
    request.log.info({ code: error.code, status }, error.message);
    if (status === 413) return sendApiError(reply, 413, 'too_large', 'The request body is too large');
    if (status === 415) return sendApiError(reply, 415, 'bad_request', 'Send the body as JSON, with Content-Type: application/json');
    if (status === 429) return sendApiError(reply, 429, 'rate_limited', 'Too many calls: wait a minute, then try again');
    return sendApiError(reply, status, 'bad_request', error.code?.startsWith('FST_ERR_CTP') ? `The request body could not be read: ${error.message}` : error.message);
  });
}
