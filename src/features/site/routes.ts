// The council's public pages for residents: home, contact details, accessibility statement.
import type { FastifyInstance } from 'fastify';

export function registerSiteRoutes(app: FastifyInstance): void {
  app.get('/', (_request, reply) => reply.page('features/site/views/home.njk', { pageTitle: 'Customer services' }));
  app.get('/contact', (_request, reply) => reply.page('features/site/views/contact.njk', { pageTitle: 'Contact us' }));
  app.get('/accessibility', (_request, reply) =>
    reply.page('features/site/views/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );
}
