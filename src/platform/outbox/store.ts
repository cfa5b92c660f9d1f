// SQL for notification templates and the outbox. A sender claims due rows with
// FOR UPDATE SKIP LOCKED and marks them 'sending' with a lease in next_attempt_at, then sends
// outside any transaction; the row is settled only by the attempt that claimed it.
import { sql, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { NotificationTable } from '../db/schema.js';

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['pending', 'sending', 'sent', 'failed'];

export interface TemplateRecord {
  code: string;
  name: string;
  description: string;
  placeholders: string[];
  emailSubject: string;
  emailBody: string;
  smsBody: string;
  /** The Welsh wording kept beside the English, when the council has one (all three parts). */
  welsh: { emailSubject: string; emailBody: string; smsBody: string } | null;
  notifyEmailTemplateId: string | null;
  notifySmsTemplateId: string | null;
  version: number;
  updatedAt: Date;
  updatedByLabel: string;
}

export interface NotificationRecord {
  id: string;
  templateCode: string;
  templateName: string;
  channel: 'email' | 'sms';
  recipient: string;
  personalisation: Record<string, string>;
  caseId: string | null;
  subject: string | null;
  body: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  providerId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
}

/** A claimed row with what the channel needs to send it. */
export interface ClaimedNotification {
  id: string;
  templateCode: string;
  channel: 'email' | 'sms';
  recipient: string;
  personalisation: Record<string, string>;
  subject: string | null;
  body: string;
  attempts: number;
  notifyTemplateId: string | null;
}

type TemplateRow = {
  code: string;
  name: string;
  description: string;
  placeholders: string[];
  email_subject: string;
  email_body: string;
  sms_body: string;
  email_subject_cy: string | null;
  email_body_cy: string | null;
  sms_body_cy: string | null;
  notify_email_template_id: string | null;
  notify_sms_template_id: string | null;
  version: number;
  updated_at: Date;
  updated_by_label: string;
};

const toTemplate = (r: TemplateRow): TemplateRecord => ({
  code: r.code,
  name: r.name,
  description: r.description,
  placeholders: r.placeholders,
  emailSubject: r.email_subject,
  emailBody: r.email_body,
  smsBody: r.sms_body,
  welsh: r.email_subject_cy && r.email_body_cy && r.sms_body_cy ? { emailSubject: r.email_subject_cy, emailBody: r.email_body_cy, smsBody: r.sms_body_cy } : null,
  notifyEmailTemplateId: r.notify_email_template_id,
  notifySmsTemplateId: r.notify_sms_template_id,
  version: r.version,
  updatedAt: r.updated_at,
  updatedByLabel: r.updated_by_label,
});

export async function selectTemplate(db: Db, code: string): Promise<TemplateRecord | undefined> {
  const row = await db.selectFrom('notification_template').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toTemplate(row);
}

export async function selectTemplates(db: Db): Promise<TemplateRecord[]> {
  const rows = await db.selectFrom('notification_template').selectAll().orderBy('code').execute();
  return rows.map(toTemplate);
}

export interface TemplateChange {
  emailSubject: string;
  emailBody: string;
  smsBody: string;
  notifyEmailTemplateId: string | null;
  notifySmsTemplateId: string | null;
  /** The Welsh wording (all three parts), or null for none. */
  welsh: { emailSubject: string; emailBody: string; smsBody: string } | null;
}

/** Saves a change made to `version`; false when someone else saved the template since. */
export async function updateTemplateRow(db: Db, code: string, version: number, change: TemplateChange, byLabel: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('notification_template')
    .set({
      email_subject: change.emailSubject,
      email_body: change.emailBody,
      sms_body: change.smsBody,
      email_subject_cy: change.welsh?.emailSubject ?? null,
      email_body_cy: change.welsh?.emailBody ?? null,
      sms_body_cy: change.welsh?.smsBody ?? null,
      notify_email_template_id: change.notifyEmailTemplateId,
      notify_sms_template_id: change.notifySmsTemplateId,
      version: sql`version + 1`,
      updated_at: at,
      updated_by_label: byLabel,
    })
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface NewNotification {
  templateCode: string;
  channel: 'email' | 'sms';
  recipient: string;
  personalisation: Record<string, string>;
  caseId: string | null;
  subject: string | null;
  body: string;
  at?: Date;
  /** Welsh when the Welsh wording was used. */
  language?: 'en' | 'cy';
}

export async function insertNotification(db: Db, n: NewNotification): Promise<string> {
  const row = await db
    .insertInto('notification')
    .values({
      template_code: n.templateCode,
      channel: n.channel,
      recipient: n.recipient,
      personalisation: JSON.stringify(n.personalisation),
      case_id: n.caseId,
      ...(n.language ? { language: n.language } : {}),
      subject: n.subject,
      body: n.body,
      ...(n.at ? { created_at: n.at, next_attempt_at: n.at } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims up to `limit` due rows: pending ones whose time has come, and 'sending' ones whose
 * sender's lease ran out (it died). One with no attempts left is failed instead of sent again.
 */
export async function claimDue(db: Db, options: { now: Date; leaseUntil: Date; limit: number; maxAttempts: number }): Promise<ClaimedNotification[]> {
  const rows = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notification')
      .select(['id', 'attempts'])
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', options.now)
      .orderBy('next_attempt_at')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const exhausted = due.filter((n) => n.attempts >= options.maxAttempts).map((n) => n.id);
    const sendable = due.filter((n) => n.attempts < options.maxAttempts).map((n) => n.id);
    if (exhausted.length) await failAbandoned(trx, exhausted, options.now);
    if (!sendable.length) return [];
    return trx
      .updateTable('notification')
      .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: options.leaseUntil })
      .where('id', 'in', sendable)
      .returning(['id', 'template_code', 'channel', 'recipient', 'personalisation', 'subject', 'body', 'attempts'])
      .execute();
  });
  const templates = await notifyIds(db, [...new Set(rows.map((r) => r.template_code))]);
  return rows.map((r) => ({
    id: r.id,
    templateCode: r.template_code,
    channel: r.channel,
    recipient: r.recipient,
    personalisation: r.personalisation,
    subject: r.subject,
    body: r.body,
    attempts: r.attempts,
    // Notify's template ids are read at send time, so an administrator can add one and try again.
    notifyTemplateId: (r.channel === 'email' ? templates.get(r.template_code)?.email : templates.get(r.template_code)?.sms) ?? null,
  }));
}

async function notifyIds(db: Db, codes: string[]): Promise<Map<string, { email: string | null; sms: string | null }>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('notification_template').select(['code', 'notify_email_template_id', 'notify_sms_template_id']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, { email: r.notify_email_template_id, sms: r.notify_sms_template_id }]));
}

async function failAbandoned(db: Db, ids: string[], now: Date): Promise<void> {
  await db
    .updateTable('notification')
    .set({ status: 'failed', failed_at: now, last_error: sql`'The process sending its last attempt stopped before it finished' || coalesce(' (earlier: ' || last_error || ')', '')` })
    .where('id', 'in', ids)
    .execute();
}

/** Only the attempt that claimed the row settles it. */
const claimedBy = (n: ClaimedNotification) => ({ id: n.id, attempts: n.attempts });

/** Ends a claim with `set`, unless the claim was lost (its lease ran out and another sender took it). */
async function finishClaim(db: Db, n: ClaimedNotification, set: Updateable<NotificationTable>): Promise<void> {
  const { id, attempts } = claimedBy(n);
  await db.updateTable('notification').set(set).where('id', '=', id).where('attempts', '=', attempts).where('status', '=', 'sending').execute();
}

export function markSent(db: Db, n: ClaimedNotification, at: Date, providerId: string | null): Promise<void> {
  return finishClaim(db, n, { status: 'sent', sent_at: at, provider_id: providerId, last_error: null });
}

export function markRetry(db: Db, n: ClaimedNotification, retryAt: Date, error: string): Promise<void> {
  return finishClaim(db, n, { status: 'pending', next_attempt_at: retryAt, last_error: error });
}

export function markFailed(db: Db, n: ClaimedNotification, at: Date, error: string): Promise<void> {
  return finishClaim(db, n, { status: 'failed', failed_at: at, last_error: error });
}

/** Puts a failed notification back in the queue for a fresh set of attempts; false if it was not failed. */
export async function requeueFailed(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('notification')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, failed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countByStatus(db: Db): Promise<Record<NotificationStatus, number>> {
  const rows = await db.selectFrom('notification').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute();
  const counts: Record<NotificationStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** The latest notifications, failed ones first (newest failure first), then the newest of the rest. */
export async function selectNotifications(db: Db, filter: { status?: NotificationStatus; caseId?: string; id?: string; limit?: number } = {}): Promise<NotificationRecord[]> {
  let query = db
    .selectFrom('notification as n')
    .innerJoin('notification_template as t', 't.code', 'n.template_code')
    .selectAll('n')
    .select('t.name as template_name')
    .orderBy(sql`n.status = 'failed'`, 'desc')
    .orderBy(sql`coalesce(n.failed_at, n.created_at)`, 'desc')
    .orderBy('n.id')
    .limit(filter.limit ?? 100);
  if (filter.status) query = query.where('n.status', '=', filter.status);
  if (filter.caseId) query = query.where('n.case_id', '=', filter.caseId);
  if (filter.id) query = query.where('n.id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    templateCode: r.template_code,
    templateName: r.template_name,
    channel: r.channel,
    recipient: r.recipient,
    personalisation: r.personalisation,
    caseId: r.case_id,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    providerId: r.provider_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    failedAt: r.failed_at,
  }));
}
