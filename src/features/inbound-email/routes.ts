// The inbox: emails to the council that a person needs to read (those not added to a case by
// themselves), the ones added to cases, and those handled. An advisor reads one, raises a case
// from it or marks it as handled.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { sendDownload } from '../../platform/web/download.js';
import { searchCustomers } from '../customers/service.js';
import { CONTACT_STATUSES, type ContactStatus } from './model.js';
import { ContactNotFound, listInbox, markContactHandled, openContact, openContactAttachment } from './service.js';

const VIEWS = 'features/inbound-email/views';
const raise = { permission: 'cases:raise' } as const;

export const inboxNavigation: NavigationItem = { href: '/staff/inbox', text: 'Inbox', permission: 'cases:raise' };

/** How each status is named to staff, as a view of the inbox and as a tag on an email. */
const STATUS_NAMES: Record<ContactStatus, { view: string; tag: { text: string; classes: string } }> = {
  new: { view: 'To handle', tag: { text: 'To handle', classes: 'govuk-tag--blue' } },
  linked: { view: 'Added to cases', tag: { text: 'Added to case', classes: 'govuk-tag--green' } },
  handled: { view: 'Handled', tag: { text: 'Handled', classes: 'govuk-tag--grey' } },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isStatus = (value: unknown): value is ContactStatus => typeof value === 'string' && (CONTACT_STATUSES as readonly string[]).includes(value);

type ContactRequest = FastifyRequest<{ Params: { id: string } }>;

/** A malformed or unknown id is a 404 page, never a database error. */
function withContact<R extends ContactRequest>(handler: (request: R, reply: FastifyReply) => Promise<unknown>) {
  return async (request: R, reply: FastifyReply) => {
    if (!UUID.test(request.params.id)) return reply.callNotFound();
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof ContactNotFound) return reply.callNotFound();
      throw error;
    }
  };
}

export function registerInboxRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; now: () => Date }): void {
  const { db } = deps;

  app.get('/staff/inbox', { config: raise }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const status = isStatus(query.show) ? query.show : 'new';
    const inbox = await listInbox(db, status);
    return reply.page(`${VIEWS}/inbox.njk`, {
      pageTitle: status === 'new' ? 'Inbox' : `Inbox: ${STATUS_NAMES[status].view.toLowerCase()}`,
      status,
      views: CONTACT_STATUSES.map((s) => ({ href: s === 'new' ? '/staff/inbox' : `/staff/inbox?show=${s}`, text: STATUS_NAMES[s].view, count: inbox.counts[s], current: s === status })),
      contacts: inbox.contacts,
      handled: typeof query.handled === 'string' && UUID.test(query.handled) ? query.handled : undefined,
    });
  });

  app.get<{ Params: { id: string } }>('/staff/inbox/:id', { config: raise }, withContact(async (request, reply) => {
    const opened = await openContact(db, request.actor(), request.params.id);
    const query = request.query as Record<string, unknown>;
    // Who the sender is, when their address is on a customer record: the advisor sees their history.
    const senders = opened.contact.fromAddress ? await searchCustomers(db, opened.contact.fromAddress, { limit: 5 }) : [];
    return reply.page(`${VIEWS}/message.njk`, {
      pageTitle: opened.contact.subject || 'Email with no subject',
      ...opened,
      senders,
      tag: STATUS_NAMES[opened.contact.status].tag,
      alreadyHandled: query.already === '1',
    });
  }));

  app.post<{ Params: { id: string } }>('/staff/inbox/:id/handled', { config: raise }, withContact(async (request, reply) => {
    const marked = await markContactHandled(db, request.actor(), request.params.id, deps.now());
    // Someone else marked it first: show them who, rather than pretend this click did it.
    return reply.redirect(marked ? `/staff/inbox?handled=${request.params.id}` : `/staff/inbox/${request.params.id}?already=1`, 303);
  }));

  app.get<{ Params: { id: string; attachmentId: string } }>('/staff/inbox/:id/attachments/:attachmentId', { config: raise }, withContact(async (request, reply) => {
    if (!UUID.test(request.params.attachmentId)) return reply.callNotFound();
    const file = await openContactAttachment(db, deps.files, request.actor(), { contactId: request.params.id, attachmentId: request.params.attachmentId });
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file);
  }));
}
