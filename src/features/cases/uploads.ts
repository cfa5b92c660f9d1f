// Case attachments: the bytes in the FileStore, a row in case_attachment for each. A resident's
// file is stored when the form is first posted, as a pending upload (no case yet), so it survives
// "check your answers" and a form shown again with errors; submitting attaches it to the case.
// A pending upload belongs to the browser that sent it (upload-owner.ts): its id alone finds nothing.

// Pending uploads nobody submitted are swept when a new upload arrives: no timers or jobs needed.
import type { Readable } from 'node:stream';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { newFileKey, type FileStore } from '../../platform/files/index.js';
import type { AttachmentAnswer } from '../charter/fields/answers.js';

/** How long a pending upload is kept for a resident to finish their request. */
export const PENDING_UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface PendingUpload {
  id: string;
  fieldCode: string;
  answer: AttachmentAnswer;
}

export interface NewUpload {
  requestTypeId: string;
  fieldCode: string;
  /** Already made safe for display (displayFilename). */
  filename: string;
  /** Already checked from the bytes (sniffContentType). */
  contentType: string;
  bytes: Buffer;
  /** The hash of the uploading browser's token (upload-owner.ts). */
  ownerHash: string;
}

/** Some pending uploads were swept or already attached (a double submission) before submitting. */
export class PendingUploadGoneError extends Error {
  constructor(readonly ids: string[]) {
    super(`Pending uploads no longer available: ${ids.join(', ')}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUploadId = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const expiryFor = (now: Date) => new Date(now.getTime() - PENDING_UPLOAD_LIFETIME_MS);

/** Stores the file, then its row; a row that fails to insert takes its file with it. */
export async function savePendingUpload(db: Db, files: FileStore, upload: NewUpload, now: Date): Promise<PendingUpload> {
  await sweepPendingUploads(db, files, now);
  const stored = await files.put(newFileKey('attachments'), upload.bytes, { contentType: upload.contentType });
  try {
    const { id } = await db
      .insertInto('case_attachment')
      .values({
        request_type_id: upload.requestTypeId,
        field_code: upload.fieldCode,
        file_key: stored.key,
        filename: upload.filename,
        content_type: upload.contentType,
        size: stored.size,
        sha256: stored.sha256,
        uploaded_at: now,
        owner_hash: upload.ownerHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, fieldCode: upload.fieldCode, answer: { filename: upload.filename, contentType: upload.contentType, size: stored.size } };
  } catch (error) {
    await files.delete(stored.key);
    throw error;
  }
}

/**
 * Deletes pending uploads older than a day: rows first (DELETE ... RETURNING hands each row to one
 * process only, so several app servers never fight over a file), then their files. A file whose
 * delete fails is only an orphan on disk, never a row pointing at nothing.
 */
export async function sweepPendingUploads(db: Db, files: FileStore, now: Date): Promise<number> {
  const swept = await db
    .deleteFrom('case_attachment')
    .where('case_id', 'is', null)
    .where('uploaded_at', '<', expiryFor(now))
    .returning('file_key')
    .execute();
  for (const { file_key } of swept) await files.delete(file_key);
  return swept.length;
}

/**
 * The pending uploads named by id that this browser uploaded (ownerHash) for this request type and
 * that have not expired, by field. Another browser's id finds nothing, as if it had gone.
 */
export async function findPendingUploads(db: Db, input: { requestTypeId: string; ids: string[]; ownerHash: string | undefined; now: Date }): Promise<Map<string, PendingUpload>> {
  const { requestTypeId, ownerHash, now } = input;
  const valid = input.ids.filter(isUploadId);
  if (!valid.length || !ownerHash) return new Map();
  const rows = await db
    .selectFrom('case_attachment')
    .select(['id', 'field_code', 'filename', 'content_type', 'size'])
    .where('id', 'in', valid)
    .where('request_type_id', '=', requestTypeId)
    .where('owner_hash', '=', ownerHash)
    .where('case_id', 'is', null)
    .where('uploaded_at', '>=', expiryFor(now))

    .execute();
  return new Map(rows.map((r) => [r.field_code, { id: r.id, fieldCode: r.field_code, answer: { filename: r.filename, contentType: r.content_type, size: r.size } }]));
}

/** Attaches pending uploads to a new case, inside its transaction; all of them or none. */
export async function claimPendingUploads(trx: Db, input: { caseId: string; requestTypeId: string; ids: string[]; at: Date }): Promise<void> {
  if (!input.ids.length) return;
  const claimed = await trx
    .updateTable('case_attachment')
    .set({ case_id: input.caseId, attached_at: input.at })
    .where('id', 'in', input.ids)
    .where('request_type_id', '=', input.requestTypeId)
    .where('case_id', 'is', null)
    .returning('id')
    .execute();
  const missing = input.ids.filter((id) => !claimed.some((c) => c.id === id));
  if (missing.length) throw new PendingUploadGoneError(missing);
}

export interface CaseAttachmentDownload {
  filename: string;
  contentType: string;
  size: number;
  body: Readable;
}

const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * Opens a case's attachment for a member of staff and records that they saw it: a customer's file
 * is part of their record. Undefined when there is no such attachment on that case.
 */
export async function openCaseAttachment(db: Db, files: FileStore, actor: Actor, target: { reference: string; id: string }): Promise<CaseAttachmentDownload | undefined> {
  if (!REFERENCE.test(target.reference) || !isUploadId(target.id)) return undefined;
  const row = await db
    .selectFrom('case_attachment')
    .innerJoin('cases', 'cases.id', 'case_attachment.case_id')
    .select(['case_attachment.id', 'case_attachment.file_key', 'case_attachment.filename', 'case_attachment.content_type', 'case_attachment.size', 'case_attachment.field_code', 'cases.id as case_id'])
    .where('cases.reference', '=', target.reference)
    .where('case_attachment.id', '=', target.id)
    .executeTakeFirst();
  if (!row) return undefined;
  // A row whose file is missing is our fault, not the user's: FileNotFoundError becomes a logged 500.
  const body = await files.get(row.file_key);
  try {
    await recordAudit(db, actor, {
      action: 'case.attachment_viewed',
      subjectType: 'case',
      subjectId: row.case_id,
      detail: { reference: target.reference, attachmentId: row.id, field: row.field_code, filename: row.filename },
    });
  } catch (error) {
    body.destroy();
    throw error;
  }
  return { filename: row.filename, contentType: row.content_type, size: row.size, body };
}
