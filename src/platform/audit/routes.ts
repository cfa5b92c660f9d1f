// Managers and administrators read the audit trail.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { recentAuditEvents } from './audit.js';

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/staff/audit', { config: { permission: 'audit:read' } }, async (_request, reply) =>
    reply.page('platform/audit/views/audit.njk', { pageTitle: 'Audit trail', events: await recentAuditEvents(deps.db, 200) }),
  );
}
