// Staff pages: the notifications sent and failed (/staff/notifications), trying a failed one again,
// and the templates administrators edit (/staff/notifications/templates).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../db/database.js';
import { StaleEditError } from '../errors.js';
import { formBody, formError, parseForm, type FormErrors } from '../web/forms.js';
import {
  getTemplate,
  listNotifications,
  listTemplates,
  NOTIFICATION_STATUSES,
  NotificationNotFound,
  notificationCounts,
  retryNotification,
  TemplateNotFound,
  templateFormSchema,
  unknownPlaceholders,
  updateTemplate,
  type NotificationStatus,
  type TemplateRecord,
} from './service.js';

const VIEWS = 'platform/outbox/views';
const read = { permission: 'notifications:read' } as const;
const manage = { permission: 'notifications:manage' } as const;

export const navigation = { href: '/staff/notifications', text: 'Notifications', permission: 'notifications:read' } as const;

const STATUS_NAMES: Record<NotificationStatus, { text: string; classes: string }> = {
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
  pending: { text: 'Waiting to send', classes: 'govuk-tag--blue' },
  sending: { text: 'Sending', classes: 'govuk-tag--yellow' },
  sent: { text: 'Sent', classes: 'govuk-tag--green' },
};

const isStatus = (value: unknown): value is NotificationStatus => typeof value === 'string' && (NOTIFICATION_STATUSES as readonly string[]).includes(value);

export function registerNotificationRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  app.get('/staff/notifications', { config: read }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const status = isStatus(query.status) ? query.status : undefined;
    const [notifications, counts] = await Promise.all([listNotifications(db, { status, limit: 100 }), notificationCounts(db)]);
    return reply.page(`${VIEWS}/notifications.njk`, {
      pageTitle: 'Notifications',
      status,
      retried: query.retried === '1',
      counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      statusItems: [{ value: '', text: 'All' }, ...(['failed', 'pending', 'sending', 'sent'] as const).map((s) => ({ value: s, text: `${STATUS_NAMES[s].text} (${counts[s]})`, selected: s === status }))],
      notifications: notifications.map((n) => ({ ...n, tag: STATUS_NAMES[n.status] })),
    });
  });

  app.post<{ Params: { id: string } }>('/staff/notifications/:id/retry', { config: manage }, async (request, reply) => {
    try {
      await retryNotification(db, request.actor(), request.params.id, deps.now());
    } catch (error) {
      if (error instanceof NotificationNotFound) return reply.callNotFound();
      throw error;
    }
    return reply.redirect('/staff/notifications?retried=1', 303);
  });

  app.get('/staff/notifications/templates', { config: manage }, async (request, reply) => {
    const saved = (request.query as Record<string, unknown>).saved;
    const templates = await listTemplates(db);
    const savedTemplate = templates.find((t) => t.code === saved);
    return reply.page(`${VIEWS}/templates.njk`, {
      pageTitle: 'Notification templates',
      templates,
      saved: savedTemplate,
      unknown: savedTemplate ? unknownPlaceholders(savedTemplate).map((n) => `((${n}))`) : [],
    });
  });

  registerTemplateEditRoutes(app, deps);
}

function registerTemplateEditRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  type Params = { code: string };

  const findTemplate = async (code: string) => {
    try {
      return await getTemplate(db, code);
    } catch (error) {
      if (error instanceof TemplateNotFound) return undefined;
      throw error;
    }
  };

  const showForm = (reply: FastifyReply, template: TemplateRecord, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page(`${VIEWS}/template.njk`, {
      pageTitle: `Change template: ${template.name}`,
      template,
      values,
      errors,
      placeholders: template.placeholders.map((n) => `((${n}))`).join(', '),
    });

  const valuesOf = (t: TemplateRecord) => ({
    emailSubject: t.emailSubject,
    emailBody: t.emailBody,
    smsBody: t.smsBody,
    welshEmailSubject: t.welsh?.emailSubject ?? '',
    welshEmailBody: t.welsh?.emailBody ?? '',
    welshSmsBody: t.welsh?.smsBody ?? '',
    notifyEmailTemplateId: t.notifyEmailTemplateId ?? '',
    notifySmsTemplateId: t.notifySmsTemplateId ?? '',
    version: String(t.version),
  });

  app.get<{ Params: Params }>('/staff/notifications/templates/:code', { config: manage }, async (request, reply) => {
    const template = await findTemplate(request.params.code);
    if (!template) return reply.callNotFound();
    return showForm(reply, template, valuesOf(template));
  });

  app.post<{ Params: Params }>('/staff/notifications/templates/:code', { config: manage }, async (request, reply) => {
    const template = await findTemplate(request.params.code);
    if (!template) return reply.callNotFound();
    const values = formBody(request.body);
    const form = parseForm(templateFormSchema, values);
    if (!form.ok) return showForm(reply, template, values, form.errors);
    try {
      await updateTemplate(db, request.actor(), template.code, values, deps.now());
    } catch (error) {
      if (!(error instanceof StaleEditError)) throw error;
      // Show what is saved now, so they can make their change again on top of it.
      const current = await getTemplate(db, template.code);
      return showForm(reply, current, valuesOf(current), formError('emailSubject', error.message));
    }
    return reply.redirect(`/staff/notifications/templates?saved=${encodeURIComponent(template.code)}`, 303);
  });
}
