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
  /** Welsh uses the template's Welsh wording where it has one (a person who wrote in Welsh is answered in Welsh). */
  language?: 'en' | 'cy' | undefined;
}

export class UnknownTemplateError extends Error {}

interface Filled {
  code: string;
  language: 'en' | 'cy';
  values: Record<string, string>;
  subject: string;
  body: string;
  /** The text message's wording, filled in only when one is sent. */
  smsWording: string;
}

/**
 * A template's wording filled in, in Welsh when asked and the template has it: for a letter that is
 * kept (a complaint response) as well as sent.
 */
export async function renderTemplate(db: Db, code: string, personalisation: Personalisation, language: 'en' | 'cy' = 'en'): Promise<Filled> {
  const template = await selectTemplate(db, code);
  if (!template) throw new UnknownTemplateError(`There is no notification template ${code}`);
  const values = normalisePersonalisation(personalisation);
  const welsh = language === 'cy' ? template.welsh : null;
  const wording = welsh ?? template;
  return { code, language: welsh ? 'cy' : 'en', values, subject: render(wording.emailSubject, values, code), body: render(wording.emailBody, values, code), smsWording: wording.smsBody };
}

/** Writes the message to the outbox in `db` (the caller's transaction); returns its id. */
export async function queueNotification(db: Db, notification: QueuedNotification): Promise<string> {
  const email = notification.to.email?.trim();
  const phone = notification.to.phone?.trim();
  if (!email && !phone) throw new Error(`Notification ${notification.template} needs an email address or a phone number to go to`);
  const filled = await renderTemplate(db, notification.template, notification.personalisation, notification.language);
  return queueFilled(db, filled, { email, phone, caseId: notification.caseId, now: notification.now });
}

/** Queues wording already filled in (renderTemplate), to an email address or else a phone. */
export async function queueFilled(db: Db, filled: Filled, to: { email?: string | undefined; phone?: string | undefined; caseId?: string | undefined; now?: Date | undefined }): Promise<string> {
  const email = to.email?.trim();
  const rendered = email ? { channel: 'email' as const, recipient: email, subject: filled.subject, body: filled.body } : { channel: 'sms' as const, recipient: to.phone?.trim() ?? '', subject: null, body: render(filled.smsWording, filled.values, filled.code) };
  return insertNotification(db, { templateCode: filled.code, personalisation: filled.values, caseId: to.caseId ?? null, at: to.now, language: filled.language, ...rendered });
}
