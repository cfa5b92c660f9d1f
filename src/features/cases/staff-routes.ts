// Staff pages for cases. For now: downloading a case's attachment (the case pages come with the
// cases lifecycle). A file is always a download, never shown inline, with the type we checked.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import { attachmentDisposition } from './attachments.js';
import { openCaseAttachment } from './uploads.js';

export function registerCaseStaffRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore }): void {
  app.get<{ Params: { reference: string; id: string } }>(
    '/staff/cases/:reference/attachments/:id',
    { config: { permission: 'cases:read' } },
    async (request, reply) => {
      const file = await openCaseAttachment(deps.db, deps.files, request.actor(), { reference: request.params.reference, id: request.params.id });
      if (!file) return reply.callNotFound();
      return reply
        .header('content-type', file.contentType)
        .header('content-length', file.size)
        .header('content-disposition', attachmentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        // A customer's document: never kept by a shared computer's browser or a proxy.
        .header('cache-control', 'private, no-store')
        .send(file.body);
    },
  );
}
