// Errors reach people as a clear page (or a JSON message for machine clients), never a stack trace.
// Mistakes by the user get a 4xx that says what to do; only our own faults are 500s, and are logged.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url === '/health') return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

interface ErrorPage {
  status: number;
  title: string;
  paragraphs: string[];
}

function describe(error: FastifyError): ErrorPage {
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
  if (wantsJson(request)) return reply.send({ error: page.title, message: page.paragraphs.join(' ') });
  try {
    return await reply.page('error.njk', { pageTitle: page.title, paragraphs: page.paragraphs });
  } catch (renderError) {
    // The page itself failed (the database may be down): plain text is better than nothing.
    request.log.error({ err: renderError }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${page.title}\n\n${page.paragraphs.join('\n')}`);
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const page = describe(error);
    if (page.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status: page.status }, error.message);
    return send(request, reply, page);
  });

  app.setNotFoundHandler(async (request, reply) =>
    send(request, reply, {
      status: 404,
      title: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    }),
  );
}
