// What staff can do with notifications: see what was sent and what failed, try a failed one again,
// and (administrators) change the wording of each template. Every change is audited.
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import { inTransaction, type Db } from '../db/database.js';
import { StaleEditError } from '../errors.js';
import * as store from './store.js';
import type { NotificationRecord, NotificationStatus, TemplateChange, TemplateRecord } from './store.js';
import { bracketProblem, placeholdersIn } from './templates.js';

export { NOTIFICATION_STATUSES, type NotificationRecord, type NotificationStatus, type TemplateRecord } from './store.js';

export class NotificationNotFound extends Error {}
export class TemplateNotFound extends Error {}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function listNotifications(db: Db, filter: { status?: NotificationStatus; caseId?: string; limit?: number } = {}): Promise<NotificationRecord[]> {
  return store.selectNotifications(db, filter);
}

export function notificationCounts(db: Db): Promise<Record<NotificationStatus, number>> {
  return store.countByStatus(db);
}

export async function getNotification(db: Db, id: string): Promise<NotificationRecord> {
  const found = uuid.test(id) ? (await store.selectNotifications(db, { id, limit: 1 }))[0] : undefined;
  if (!found) throw new NotificationNotFound('No such notification');
  return found;
}

/** Puts a failed notification back in the queue, due now; false when it was no longer failed. */
export async function retryNotification(db: Db, actor: Actor, id: string, now = new Date()): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const notification = await getNotification(trx, id);
    if (!(await store.requeueFailed(trx, notification.id, now))) return false;
    await recordAudit(trx, actor, {
      action: 'notification.retried',
      subjectType: 'notification',
      subjectId: notification.id,
      detail: { template: notification.templateCode, channel: notification.channel, lastError: notification.lastError, caseId: notification.caseId },
    });
    return true;
  });
}

export function listTemplates(db: Db): Promise<TemplateRecord[]> {
  return store.selectTemplates(db);
}

export async function getTemplate(db: Db, code: string): Promise<TemplateRecord> {
  const found = await store.selectTemplate(db, code);
  if (!found) throw new TemplateNotFound(`No notification template ${code}`);
  return found;
}

const wording = (label: string, max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, `Enter the ${label}`)
        .max(max, `The ${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
        .superRefine((text, ctx) => {
          const problem = bracketProblem(text);
          if (problem) ctx.addIssue({ code: 'custom', message: `The ${label} ${problem}` });
        }),
    );

const notifyId = (label: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v.toLowerCase()))
    .pipe(z.string().regex(uuid, `The ${label} must be a template ID from GOV.UK Notify, like 8b8a2b4c-3d1e-4f5a-9b6c-7d8e9f0a1b2c`).nullable());

/** A Welsh part: may be empty (no Welsh wording), otherwise checked as the English is. */
const welshWording = (label: string, max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `The ${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
        .superRefine((text, ctx) => {
          const problem = bracketProblem(text);
          if (problem) ctx.addIssue({ code: 'custom', message: `The ${label} ${problem}` });
        }),
    )
    .optional();

const WELSH_PARTS = [
  ['welshEmailSubject', 'Welsh email subject'],
  ['welshEmailBody', 'Welsh email message'],
  ['welshSmsBody', 'Welsh text message'],
] as const;

export const templateFormSchema = z
  .object({
    emailSubject: wording('email subject', 200),
    emailBody: wording('email message', 10_000),
    // GOV.UK Notify sends at most 918 characters (6 text messages) in one go.
    smsBody: wording('text message', 918),
    // Welsh wording: all three parts or none (a message is sent in Welsh only when all are there).
    welshEmailSubject: welshWording('Welsh email subject', 200),
    welshEmailBody: welshWording('Welsh email message', 10_000),
    welshSmsBody: welshWording('Welsh text message', 918),
    notifyEmailTemplateId: notifyId('GOV.UK Notify email template ID'),
    notifySmsTemplateId: notifyId('GOV.UK Notify text message template ID'),
    version: z.coerce.number().int().min(1),
  })
  .superRefine((value, ctx) => {
    if (!WELSH_PARTS.some(([field]) => value[field])) return;
    for (const [field, label] of WELSH_PARTS) {
      if (!value[field]) ctx.addIssue({ code: 'custom', path: [field], message: `Enter the ${label}, or leave all three Welsh parts empty` });
    }
  });
export type TemplateFormInput = z.input<typeof templateFormSchema>;

/** Placeholders the template uses that CharterDesk does not send with it: messages would fail to queue. */
export function unknownPlaceholders(template: Pick<TemplateRecord, 'placeholders' | 'emailSubject' | 'emailBody' | 'smsBody'> & { welsh?: TemplateRecord['welsh'] }): string[] {
  const sent = new Set(template.placeholders);
  const welsh = template.welsh ? [template.welsh.emailSubject, template.welsh.emailBody, template.welsh.smsBody] : [];
  return placeholdersIn([template.emailSubject, template.emailBody, template.smsBody, ...welsh].join('\n')).filter((name) => !sent.has(name));
}

const CHANGEABLE: (keyof TemplateChange)[] = ['emailSubject', 'emailBody', 'smsBody', 'welsh', 'notifyEmailTemplateId', 'notifySmsTemplateId'];

/** Saves an administrator's change (form strings are fine: they are parsed here); throws StaleEditError if someone else saved it since `version`. */
export async function updateTemplate(db: Db, actor: Actor, code: string, raw: TemplateFormInput | Record<string, unknown>, now = new Date()): Promise<TemplateRecord> {
  const { version, welshEmailSubject, welshEmailBody, welshSmsBody, ...english } = templateFormSchema.parse(raw);
  return inTransaction(db, async (trx) => {
    const before = await getTemplate(trx, code);
    // Welsh left out altogether (a caller that knows only the English) keeps the Welsh there is.
    const welsh = welshEmailSubject === undefined && welshEmailBody === undefined && welshSmsBody === undefined ? before.welsh : welshEmailSubject && welshEmailBody && welshSmsBody ? { emailSubject: welshEmailSubject, emailBody: welshEmailBody, smsBody: welshSmsBody } : null;
    const change: TemplateChange = { ...english, welsh };
    const changed = CHANGEABLE.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(change[field]));
    if (!changed.length) return before;
    if (!(await store.updateTemplateRow(trx, code, version, change, actor.label, now))) {
      throw new StaleEditError('Someone else changed this template since you opened it. Check their changes below, then make yours again.');
    }
    await recordAudit(trx, actor, {
      action: 'notification_template.changed',
      subjectType: 'notification_template',
      subjectId: code,
      detail: { changed: Object.fromEntries(changed.map((field) => [field, { from: before[field], to: change[field] }])) },
    });
    return getTemplate(trx, code);
  });
}
