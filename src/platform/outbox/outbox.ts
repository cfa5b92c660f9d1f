// Queue a notification inside the caller's transaction: if the change that causes it is rolled
// back, so is the message; if the change is saved, the worker will deliver it (or show staff that
// it could not), never lose it. The text is rendered now, so what was promised is what is sent.
import type { Db } from '../db/database.js';
import { insertNotification, selectTemplate } from './store.js';
import { normalisePersonalisation, render, type Personalisation } from './templates.js';

export interface QueuedNotification {
  /** A notification_template code, like 'case.received'. */
  template: string;
  /** Email is used when both are given; a phone number alone means a text message. */
  to: { email?: string | undefined; phone?: string | undefined };
  /** A value for every ((placeholder)) in the template; others are kept but unused. */
  personalisation: Personalisation;
  /** The case it is about, so staff can see a case's messages. */
  caseId?: string | undefined;
  /** When it was queued, by the caller's clock; default the database's now. Due at once. */
  now?: Date | undefined;
}

export class UnknownTemplateError extends Error {}

/** Writes the message to the outbox in `db` (the caller's transaction); returns its id. */
export async function queueNotification(db: Db, notification: QueuedNotification): Promise<string> {
  const email = notification.to.email?.trim();
  const phone = notification.to.phone?.trim();
  if (!email && !phone) throw new Error(`Notification ${notification.template} needs an email address or a phone number to go to`);
  const template = await selectTemplate(db, notification.template);
  if (!template) throw new UnknownTemplateError(`There is no notification template ${notification.template}`);
  const values = normalisePersonalisation(notification.personalisation);
  const rendered = email
    ? { channel: 'email' as const, recipient: email, subject: render(template.emailSubject, values, template.code), body: render(template.emailBody, values, template.code) }
    : { channel: 'sms' as const, recipient: phone ?? '', subject: null, body: render(template.smsBody, values, template.code) };
  return insertNotification(db, { templateCode: template.code, personalisation: values, caseId: notification.caseId ?? null, at: notification.now, ...rendered });
}
