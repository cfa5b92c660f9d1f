// Errors reach people as a clear page (or a JSON message for machine clients), never a stack trace.
// Mistakes by the user get a 4xx that says what to do; only our own faults are 500s, and are logged.
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldIssue } from '../errors.js';
import { isDatabaseUnavailable } from '../db/database.js';

// The router refuses an address it cannot percent-decode ("/%c0", "/track/%E0%A4%A") before any
// hook runs, with a bare JSON 400 and none of our headers. So such an address is sent on to a path
// no route answers, and the not-found handler, which runs every hook, gives our 400 page instead.
const malformed = new WeakSet<IncomingMessage>();
const MALFORMED_URL_PATH = '/.malformed-url';

/** Fastify's rewriteUrl option: the address as sent, or a path for the 400 page when it is malformed. */
export function rewriteMalformedUrl(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  try {
    decodeURIComponent(url.split('?')[0] ?? '');
    return url;
  } catch {
    malformed.add(raw);
    return MALFORMED_URL_PATH;
  }
}

function wantsJson(request: FastifyRequest): boolean {
  // originalUrl: a malformed API address was rewritten, and is still answered as the API answers.
  if (request.originalUrl.startsWith('/api/') || request.url === '/health') return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

interface ErrorPage {
  status: number;
  title: string;
  paragraphs: string[];
  /** Input refused before the route ran (text-input.ts): each field and what is wrong with it. */
  fields?: FieldIssue[];
}

/** The GOV.UK "service unavailable" page: the database is away (a restart, a failover) and will be back. */
const UNAVAILABLE: ErrorPage = {
  status: 503,
  title: 'Sorry, the service is unavailable',
  paragraphs: ['Try again in a few minutes. Anything you had already sent and seen confirmed has been saved.'],
};

function describe(error: FastifyError): ErrorPage {
  if ((error as unknown) instanceof InvalidInput) {
    return { status: 400, title: 'There is a problem with what you entered', paragraphs: ['Go back, correct it and try again.'], fields: (error as unknown as InvalidInput).issues };
  }
  if (isDatabaseUnavailable(error)) return UNAVAILABLE;
  const status = error.statusCode ?? 500;
  if (error.code?.startsWith('FST_CSRF')) {
    return {
      status: 403,
      title: 'Your form could not be sent',
      paragraphs: [
        'For your security, forms expire and can only be sent from this website.',
        'Go back, reload the page and try again. Nothing you had already saved has been lost.',
      ],
    };
  }
  if (status === 429) {
    return { status, title: 'Too many attempts', paragraphs: ['You have tried too many times in a short while. Wait a minute, then try again.'] };
  }
  if (status === 413) {
    return { status, title: 'What you sent is too large', paragraphs: ['Go back and send something smaller.'] };
  }
  if (status >= 400 && status < 500) {
    return { status, title: 'There is a problem with your request', paragraphs: ['Go back and check what you entered, then try again.'] };
  }
  return {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. If it keeps happening, contact the council.'],
  };
}

async function send(request: FastifyRequest, reply: FastifyReply, page: ErrorPage): Promise<FastifyReply> {
  reply.code(page.status);
  if (wantsJson(request)) return reply.send({ error: page.title, message: page.paragraphs.join(' '), ...(page.fields && { fields: page.fields }) });
  try {
    // The form is not on this page, so the summary names each field without linking to it.
    const errors = page.fields && { summary: page.fields.map((f) => ({ text: f.message })) };
    // While the database is away the page goes without the council's name rather than without a page.
    const council = page === UNAVAILABLE ? { council: undefined } : {};
    return await reply.page('error.njk', { pageTitle: page.title, paragraphs: page.paragraphs, errors, ...council });
  } catch (renderError) {
    // The page itself failed (the database may be down): plain text is better than nothing.
    // Pages show the council's name, read from the database: while it is away that is expected, and already logged.
    if (!isDatabaseUnavailable(renderError)) request.log.error({ err: renderError }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${page.title}\n\n${page.paragraphs.join('\n')}`);
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const page = describe(error);
    // One line, no stack, per request the database could not answer: an outage must not flood the log.
    if (page === UNAVAILABLE) request.log.warn({ error: error.message }, 'database unavailable: answered 503');
    else if (page.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status: page.status }, error.message);
    return send(request, reply, page);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (malformed.has(request.raw)) {
      request.log.info({ url: request.originalUrl, status: 400 }, 'malformed address');
      return send(request, reply, describe({ statusCode: 400 } as FastifyError));
    }
    return send(request, reply, {
      status: 404,
      title: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    });
  });
}
