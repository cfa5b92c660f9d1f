// SQL for contacts and the files that came with them. The service decides; this reads and writes.
import type { Db } from '../../platform/db/database.js';
import type { ContactStatus } from './model.js';

export interface NewContact {
  receivedAt: Date;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  subject: string;
  bodyText: string;
  messageId: string | null;
  inReplyTo: string | null;
  caseId: string | null;
}

export interface NewContactAttachment {
  filename: string;
  size: number;
  stored?: { key: string; contentType: string; sha256: string };
  notKeptReason?: string;
}

export interface ContactSummary {
  id: string;
  receivedAt: Date;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  status: ContactStatus;
  caseReference: string | null;
}

export interface Contact extends ContactSummary {
  channel: string;
  toAddress: string | null;
  bodyText: string;
  messageId: string | null;
  caseId: string | null;
  handledByLabel: string | null;
  handledAt: Date | null;
}

export interface ContactAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  fileKey: string | null;
  notKeptReason: string | null;
}

/**
 * Records an inbound email; undefined when a contact with its Message-ID exists already (a
 * redelivery racing the first delivery waits on the unique index, then lands here).
 */
export async function insertEmailContact(db: Db, contact: NewContact): Promise<string | undefined> {
  const row = await db
    .insertInto('contact')
    .values({
      channel: 'email',
      direction: 'inbound',
      received_at: contact.receivedAt,
      from_address: contact.fromAddress,
      from_name: contact.fromName,
      to_address: contact.toAddress,
      subject: contact.subject,
      body_text: contact.bodyText,
      message_id: contact.messageId,
      in_reply_to: contact.inReplyTo,
      case_id: contact.caseId,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertAttachments(db: Db, contactId: string, attachments: readonly NewContactAttachment[]): Promise<void> {
  if (!attachments.length) return;
  await db
    .insertInto('contact_attachment')
    .values(attachments.map((a) => ({
      contact_id: contactId,
      filename: a.filename,
      size: a.size,
      file_key: a.stored?.key ?? null,
      content_type: a.stored?.contentType ?? null,
      sha256: a.stored?.sha256 ?? null,
      not_kept_reason: a.stored ? null : (a.notKeptReason ?? 'Not kept'),
    })))
    .execute();
}

export async function setStatus(db: Db, id: string, status: ContactStatus, handled?: { by: string; at: Date }): Promise<void> {
  await db
    .updateTable('contact')
    .set({ status, handled_by_label: handled?.by ?? null, handled_at: handled?.at ?? null })
    .where('id', '=', id)
    .execute();
}

/** Marks a contact handled unless it already is; false when someone else got there first. */
export async function markHandled(db: Db, id: string, by: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('contact')
    .set({ status: 'handled', handled_by_label: by, handled_at: at })
    .where('id', '=', id)
    .where('status', '!=', 'handled')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function selectIdByMessageId(db: Db, messageId: string): Promise<{ id: string; status: ContactStatus } | undefined> {
  return db.selectFrom('contact').select(['id', 'status']).where('message_id', '=', messageId).executeTakeFirst();
}

// The case's reference is shown beside each email. A join, rather than a call per row into the
// cases feature, keeps the inbox one query; only the reference is read.
function contactQuery(db: Db) {
  return db
    .selectFrom('contact')
    .leftJoin('cases', 'cases.id', 'contact.case_id')
    .select([
      'contact.id', 'contact.channel', 'contact.received_at', 'contact.from_address', 'contact.from_name', 'contact.to_address', 'contact.subject',
      'contact.body_text', 'contact.message_id', 'contact.case_id', 'contact.status', 'contact.handled_by_label', 'contact.handled_at', 'cases.reference as case_reference',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof contactQuery>['executeTakeFirstOrThrow']>>;

function toContact(row: Row): Contact {
  return {
    id: row.id,
    channel: row.channel,
    receivedAt: row.received_at,
    fromAddress: row.from_address,
    fromName: row.from_name,
    toAddress: row.to_address,
    subject: row.subject,
    bodyText: row.body_text,
    messageId: row.message_id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    status: row.status,
    handledByLabel: row.handled_by_label,
    handledAt: row.handled_at,
  };
}

export async function selectContact(db: Db, id: string): Promise<Contact | undefined> {
  const row = await contactQuery(db).where('contact.id', '=', id).executeTakeFirst();
  return row && toContact(row);
}

/** Emails in one status: the oldest first while they wait for someone, the latest first after. */
export async function selectEmailContacts(db: Db, status: ContactStatus, limit: number): Promise<ContactSummary[]> {
  const rows = await contactQuery(db)
    .where('contact.channel', '=', 'email')
    .where('contact.direction', '=', 'inbound')
    .where('contact.status', '=', status)
    .orderBy('contact.received_at', status === 'new' ? 'asc' : 'desc')
    .orderBy('contact.id')
    .limit(limit)
    .execute();
  return rows.map(toContact);
}

export async function countEmailContacts(db: Db): Promise<Record<ContactStatus, number>> {
  const rows = await db
    .selectFrom('contact')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('channel', '=', 'email')
    .where('direction', '=', 'inbound')
    .groupBy('status')
    .execute();
  const counts: Record<ContactStatus, number> = { new: 0, linked: 0, handled: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export async function selectAttachments(db: Db, contactId: string): Promise<ContactAttachment[]> {
  const rows = await db
    .selectFrom('contact_attachment')
    .select(['id', 'filename', 'size', 'content_type', 'file_key', 'not_kept_reason'])
    .where('contact_id', '=', contactId)
    .orderBy('filename')
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, size: r.size, contentType: r.content_type, fileKey: r.file_key, notKeptReason: r.not_kept_reason }));
}
