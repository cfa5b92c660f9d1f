// The attachment fields of one posted e-form: a new file in this post, or one held from an earlier
// post (its pending upload's id carried in a hidden input), ready for parseAnswers to check.
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import { toFormValues, type AnswerErrors, type AttachmentAnswer, type ParseAnswersResult } from '../charter/fields/answers.js';
import { sortFields, type FieldDefinition } from '../charter/fields/model.js';
import { displayFilename, sniffContentType } from '../../platform/files/uploaded.js';
import type { ReceivedFile } from '../../platform/web/multipart.js';
import type { UploadOwner } from './upload-owner.js';
import { findPendingUploads, savePendingUpload, type PendingUpload } from './uploads.js';

export interface FormFiles {
  /** Each attachment field's file, new or held, in the shape parseAnswers takes. */
  answers: Record<string, AttachmentAnswer | undefined>;
  /** New files in this post, by field: stored once their field passes its checks. */
  fresh: Map<string, { answer: AttachmentAnswer; bytes: Buffer }>;
  /** Uploads held from an earlier post, by field. */
  held: Map<string, PendingUpload>;
  /** Fields whose earlier upload is no longer held (swept after a day, or already sent). */
  gone: string[];
}

/** The hidden input that carries a held upload's id through the form and "check your answers". */
export const heldUploadInput = (code: string) => `${code}-upload`;

export const GONE_MESSAGE = 'The file you uploaded is no longer available. Select it again';

const attachmentFields = (fields: readonly FieldDefinition[]) => fields.filter((f) => f.type === 'attachment');

// The browser posts an empty part for a file input left empty: that is "no new file".
const chosen = (file: ReceivedFile) => file.filename !== '' || file.bytes.length > 0;

function freshFile(file: ReceivedFile): { answer: AttachmentAnswer; bytes: Buffer } {
  // Past the limit we hold only the first bytes: say one more than we have, so the size check trips.
  const size = file.tooLarge ? file.bytes.length + 1 : file.bytes.length;
  return { answer: { filename: displayFilename(file.filename), contentType: sniffContentType(file.bytes), size }, bytes: file.bytes };
}

function postedId(body: Record<string, string | string[]>, code: string): string {
  const value = body[heldUploadInput(code)];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export async function readFormFiles(
  db: Db,
  input: { requestTypeId: string; fields: readonly FieldDefinition[]; body: Record<string, string | string[]>; files: ReceivedFile[]; owner: UploadOwner; now: Date },
): Promise<FormFiles> {
  const result: FormFiles = { answers: {}, fresh: new Map(), held: new Map(), gone: [] };
  const wanted = new Map<string, string>();
  for (const field of attachmentFields(input.fields)) {
    const file = input.files.find((f) => f.field === field.code && chosen(f));
    if (file) result.fresh.set(field.code, freshFile(file));
    else if (postedId(input.body, field.code)) wanted.set(field.code, postedId(input.body, field.code));
  }
  // An id this browser did not upload is treated as gone: "select it again", and its file is never shown.
  const found = await findPendingUploads(db, { requestTypeId: input.requestTypeId, ids: [...wanted.values()], ownerHash: input.owner.hash, now: input.now });
  for (const [code, id] of wanted) {
    const upload = found.get(code);
    if (upload?.id === id) result.held.set(code, upload);
    else result.gone.push(code);
  }
  for (const [code, file] of result.fresh) result.answers[code] = file.answer;
  for (const [code, upload] of result.held) result.answers[code] = upload.answer;
  return result;
}

/** parseAnswers' result with "select it again" on each field whose held upload has gone. */
export function withGoneUploads(parsed: ParseAnswersResult, fields: readonly FieldDefinition[], gone: string[]): ParseAnswersResult {
  if (!gone.length) return parsed;
  const errors: AnswerErrors = parsed.ok ? { summary: [], fields: {} } : { summary: [], fields: { ...parsed.errors.fields } };
  for (const code of gone) errors.fields[code] = { text: GONE_MESSAGE };
  // The summary lists errors in the form's order, as parseAnswers does, keeping its links.
  const hrefs = new Map<string, string>();
  if (!parsed.ok) {
    const inError = sortFields(fields).filter((f) => parsed.errors.fields[f.code]);
    inError.forEach((f, i) => hrefs.set(f.code, parsed.errors.summary[i]?.href ?? `#${f.code}`));
  }
  for (const field of sortFields(fields)) {
    const error = errors.fields[field.code];
    if (error) errors.summary.push({ text: error.text, href: gone.includes(field.code) ? `#${field.code}` : (hrefs.get(field.code) ?? `#${field.code}`) });
  }
  return { ok: false, errors, values: parsed.ok ? toFormValues(fields, parsed.answers) : parsed.values };
}

/** Stores each new file whose field passed its checks; returns every upload now held, by field. */
export async function holdNewFiles(
  db: Db,
  store: FileStore,
  input: { requestTypeId: string; formFiles: FormFiles; errors: AnswerErrors | undefined; owner: UploadOwner; now: Date },
): Promise<Map<string, PendingUpload>> {
  const held = new Map(input.formFiles.held);
  for (const [code, file] of input.formFiles.fresh) {
    if (input.errors?.fields[code]) continue;
    const upload = { requestTypeId: input.requestTypeId, fieldCode: code, filename: file.answer.filename, contentType: file.answer.contentType, bytes: file.bytes, ownerHash: input.owner.hold() };

    held.set(code, await savePendingUpload(db, store, upload, input.now));
  }
  return held;
}
