// Mail to the council becomes a contact. A reply that carries a case reference, sent from the
// address on that case, is the resident adding information to their case (which resumes a case
// waiting for them); anything else waits in the inbox for an advisor. All of it in one
// transaction with its audit entry, so the listener answers "stored" only when it is.
import type { Readable } from 'node:stream';
import type { Attachment, ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { FileNotFoundError, newFileKey, type FileStore } from '../../platform/files/index.js';
import { displayFilename, sniffContentType, UNRECOGNISED_CONTENT_TYPE } from '../../platform/files/uploaded.js';
import { addCustomerInformation } from '../cases/lifecycle.js';
import { selectCase, type CaseRow } from '../cases/store.js';
import {
  findReferences, headerValue, isAutomatic, limitSubject, limitText, MAX_ATTACHMENT_BYTES, MAX_BODY_CHARACTERS, MAX_CASE_UPDATE_CHARACTERS,
  MAX_KEPT_ATTACHMENTS, replyText, sameAddress, type ContactStatus,
} from './model.js';
import * as store from './store.js';
import type { Contact, ContactAttachment, ContactSummary, NewContactAttachment } from './store.js';

export interface InboundDeps {
  db: Db;
  files: FileStore;
  now: () => Date;
  /** The site's public address, for links in the resident's notifications. */
  publicUrl: string;
}

/** How the message reached us: the council address it was delivered to and the envelope sender. */
export interface Delivery {
  to: string;
  /** MAIL FROM; '' is the null sender of a bounce. */
  envelopeFrom?: string;
}

export interface ReceivedEmail {
  contactId: string;
  status: ContactStatus;
  caseReference?: string;
  /** True when the Message-ID was recorded before: nothing new was stored. */
  duplicate: boolean;
}

/** What we keep of a message, before anything is written. */
interface InboundEmail {
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string;
  subject: string;
  bodyText: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  automatic: boolean;
}

export const AUTOMATIC_HANDLER = 'CharterDesk (an automatic message: out of office, bounce or delivery report)';

export async function receiveEmail(deps: InboundDeps, mail: ParsedMail, delivery: Delivery): Promise<ReceivedEmail> {
  const email = readEmail(mail, delivery);
  // A redelivery is answered before any file is stored; a redelivery racing the first one is
  // caught by the unique Message-ID inside the transaction.
  const earlier = email.messageId ? await store.selectIdByMessageId(deps.db, email.messageId) : undefined;
  if (earlier) return { contactId: earlier.id, status: earlier.status, duplicate: true };
  const attachments = await keepAttachments(deps.files, mail.attachments);
  try {
    const received = await inTransaction(deps.db, (trx) => record({ ...deps, db: trx }, email, attachments));
    if (received.duplicate) await discardFiles(deps.files, attachments);
    return received;
  } catch (error) {
    // Nothing was recorded: the sender is told to try again, and files without rows would be orphans.
    await discardFiles(deps.files, attachments);
    throw error;
  }
}

function readEmail(mail: ParsedMail, delivery: Delivery): InboundEmail {
  const from = mail.from?.value.find((v) => v.address);
  const subject = limitSubject(mail.subject);
  const bodyText = bodyOf(mail);
  return {
    fromAddress: from?.address?.trim().slice(0, 320) ?? null,
    fromName: from?.name.trim().slice(0, 200) || null,
    toAddress: delivery.to.toLowerCase(),
    subject,
    bodyText,
    messageId: headerValue(mail.messageId) ?? null,
    inReplyTo: headerValue(mail.inReplyTo) ?? null,
    references: findReferences(subject, bodyText),
    automatic: isAutomatic(mail.headers, delivery.envelopeFrom),
  };
}

/** The plain text (mailparser converts an HTML-only message), bounded. */
function bodyOf(mail: ParsedMail): string {
  if (!mail.text && mail.textConversionError) return '[CharterDesk could not read the text of this email. Ask the sender to send it again as plain text.]';
  return limitText((mail.text ?? '').replace(/\r\n?/g, '\n').trim(), MAX_BODY_CHARACTERS, (n) => `\n\n[${n} more characters of this email were not kept]`);
}

async function record(deps: InboundDeps, email: InboundEmail, attachments: readonly NewContactAttachment[]): Promise<ReceivedEmail> {
  const { db } = deps;
  const now = deps.now();
  const kase = await caseOfSender(db, email);
  const contactId = await store.insertEmailContact(db, { ...email, receivedAt: now, caseId: kase?.id ?? null });
  if (!contactId) {
    const first = (await store.selectIdByMessageId(db, email.messageId ?? ''))!;
    return { contactId: first.id, status: first.status, duplicate: true };
  }
  await store.insertAttachments(db, contactId, attachments);
  const status = await settle(deps, contactId, email, kase, attachments.length);
  await recordAudit(db, senderOf(email), {
    action: 'contact.received',
    subjectType: 'contact',
    subjectId: contactId,
    detail: { channel: 'email', to: email.toAddress, status, caseReference: kase?.reference ?? null, attachments: attachments.length, automatic: email.automatic },
  });
  return { contactId, status, ...(kase && { caseReference: kase.reference }), duplicate: false };
}

/**
 * The first case the email names whose contact address is the sender's. Anyone can quote a
 * reference, so a reference alone never lets a stranger add to someone's case.
 */
async function caseOfSender(db: Db, email: InboundEmail): Promise<CaseRow | undefined> {
  if (!email.fromAddress) return undefined;
  for (const reference of email.references) {
    const kase = await selectCase(db, { reference });
    if (kase && sameAddress(kase.contact.email, email.fromAddress)) return kase;
  }
  return undefined;
}

/** Decides where the email goes: added to its case, left for an advisor, or set aside as automatic. */
async function settle(deps: InboundDeps, contactId: string, email: InboundEmail, kase: CaseRow | undefined, attachments: number): Promise<ContactStatus> {
  if (email.automatic) {
    await store.setStatus(deps.db, contactId, 'handled', { by: AUTOMATIC_HANDLER, at: deps.now() });
    return 'handled';
  }
  if (!kase || !(await addToCase(deps, kase, email, attachments))) return 'new';
  await store.setStatus(deps.db, contactId, 'linked');
  return 'linked';
}

const senderOf = (email: InboundEmail): Actor => ({ type: 'resident', label: email.fromAddress ?? 'Unknown sender' });

/**
 * Adds the reply to the case as the resident's information. The case may refuse it (a finished
 * case, an empty reply): a savepoint undoes the refused change's claim on the case, and the email
 * stays in the inbox, linked to its case, for a person to read.
 */
async function addToCase(deps: InboundDeps, kase: CaseRow, email: InboundEmail, attachments: number): Promise<boolean> {
  const ctx = { db: deps.db, actor: senderOf(email), now: deps.now(), publicUrl: deps.publicUrl };
  await sql`SAVEPOINT inbound_email`.execute(deps.db);
  try {
    await addCustomerInformation(ctx, { reference: kase.reference, message: caseMessage(email.bodyText, attachments), channel: 'email' });
    await sql`RELEASE SAVEPOINT inbound_email`.execute(deps.db);
    return true;
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    await sql`ROLLBACK TO SAVEPOINT inbound_email`.execute(deps.db);
    return false;
  }
}

/** The reply without the quoted history, within the case's limit, saying files came with it. */
export function caseMessage(body: string, attachments: number): string {
  const note = attachments ? `\n\n[The email came with ${attachments === 1 ? '1 attachment' : `${attachments} attachments`}.]` : '';
  const reply = limitText(replyText(body), MAX_CASE_UPDATE_CHARACTERS - note.length, () => '\n\n[Shortened: the whole email is kept with the case.]');
  return `${reply}${note}`.trim();
}

/** Stores the files we accept (checked from their bytes) and lists the others with the reason. */
async function keepAttachments(files: FileStore, attachments: readonly Attachment[]): Promise<NewContactAttachment[]> {
  const kept: NewContactAttachment[] = [];
  try {
    for (const attachment of attachments) {
      const filename = displayFilename(attachment.filename ?? 'attachment');
      const contentType = sniffContentType(attachment.content);
      const reason = notKeptReason(contentType, attachment.size, kept.filter((k) => k.stored).length);
      if (reason) {
        kept.push({ filename, size: attachment.size, notKeptReason: reason });
        continue;
      }
      const stored = await files.put(newFileKey('contacts'), attachment.content, { contentType });
      kept.push({ filename, size: stored.size, stored: { key: stored.key, contentType, sha256: stored.sha256 } });
    }
    return kept;
  } catch (error) {
    await discardFiles(files, kept);
    throw error;
  }
}

function notKeptReason(contentType: string, size: number, keptSoFar: number): string | undefined {
  if (contentType === UNRECOGNISED_CONTENT_TYPE) return 'Only JPG, PNG and PDF files are kept';
  if (size > MAX_ATTACHMENT_BYTES) return 'Larger than 10MB';
  if (keptSoFar >= MAX_KEPT_ATTACHMENTS) return `Only the first ${MAX_KEPT_ATTACHMENTS} files of an email are kept`;
  return undefined;
}

async function discardFiles(files: FileStore, attachments: readonly NewContactAttachment[]): Promise<void> {
  for (const a of attachments) if (a.stored) await files.delete(a.stored.key).catch(() => undefined);
}

// ---- what staff do with the inbox

export class ContactNotFound extends Error {}

export interface Inbox {
  status: ContactStatus;
  contacts: ContactSummary[];
  counts: Record<ContactStatus, number>;
}

export async function listInbox(db: Db, status: ContactStatus, limit = 100): Promise<Inbox> {
  const [contacts, counts] = await Promise.all([store.selectEmailContacts(db, status, limit), store.countEmailContacts(db)]);
  return { status, contacts, counts };
}

export interface OpenedContact {
  contact: Contact;
  attachments: ContactAttachment[];
  /** Case references in the email other than its own case's: for an advisor to look at. */
  mentions: string[];
}

/** A customer's email, for a member of staff: every view is audited. */
export async function openContact(db: Db, actor: Actor, id: string): Promise<OpenedContact> {
  const contact = await store.selectContact(db, id);
  if (!contact) throw new ContactNotFound(id);
  const attachments = await store.selectAttachments(db, id);
  await recordAudit(db, actor, { action: 'contact.viewed', subjectType: 'contact', subjectId: id });
  const mentions = findReferences(contact.subject, contact.bodyText).filter((r) => r !== contact.caseReference);
  return { contact, attachments, mentions };
}

/** An email nobody has dealt with, for raising a case from it (no audit: the inbox page audited the view). */
export async function unhandledEmail(db: Db, id: string): Promise<Pick<Contact, 'id' | 'fromAddress' | 'fromName' | 'receivedAt' | 'subject'> | undefined> {
  const contact = await store.selectContact(db, id);
  if (!contact || contact.channel !== 'email' || contact.status !== 'new') return undefined;
  return { id: contact.id, fromAddress: contact.fromAddress, fromName: contact.fromName, receivedAt: contact.receivedAt, subject: contact.subject };
}

/** True when this call marked it; false when it was already handled (by someone else, say). */
export async function markContactHandled(db: Db, actor: Actor, id: string, now: Date): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if (!(await store.selectContact(trx, id))) throw new ContactNotFound(id);
    const marked = await store.markHandled(trx, id, actor.label, now);
    if (marked) await recordAudit(trx, actor, { action: 'contact.handled', subjectType: 'contact', subjectId: id });
    return marked;
  });
}

export interface OpenedFile {
  filename: string;
  contentType: string;
  size: number;
  body: Readable;
}

/** A file that came with an email, for download; undefined when there is no such kept file. */
export async function openContactAttachment(db: Db, files: FileStore, actor: Actor, ids: { contactId: string; attachmentId: string }): Promise<OpenedFile | undefined> {
  const attachment = (await store.selectAttachments(db, ids.contactId)).find((a) => a.id === ids.attachmentId);
  if (!attachment?.fileKey || !attachment.contentType) return undefined;
  try {
    const body = await files.get(attachment.fileKey);
    await recordAudit(db, actor, { action: 'contact.attachment_downloaded', subjectType: 'contact', subjectId: ids.contactId, detail: { attachmentId: attachment.id, filename: attachment.filename } });
    return { filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, body };
  } catch (error) {
    if (error instanceof FileNotFoundError) return undefined;
    throw error;
  }
}
