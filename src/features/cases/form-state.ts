// What a generated request form carries between its steps (the form, "check your answers", the
// form shown again): the posted values, the uploads held so far, and the errors to show.
// Shared by the resident e-form (resident-routes.ts) and the advisor's form (raise/).
import type { FormErrors, FormInput } from '../../platform/web/forms.js';
import { fieldInputId, toFormValues, type ParseAnswersResult } from '../charter/fields/answers.js';
import type { FieldDefinition } from '../charter/fields/model.js';
import { subject } from '../charter/fields/wording.js';
import { GONE_MESSAGE, heldUploadInput } from './form-files.js';
import type { PendingUpload } from './uploads.js';

export type Body = Record<string, string | string[]>;
/** The uploads held for a form, by field code. */
export type Held = Map<string, PendingUpload>;

/** Every posted value except the token, the button and stale upload ids, plus the uploads held now. */
export function carried(body: Body, held: Held): { name: string; value: string }[] {
  const dropped = new Set(['_csrf', 'action', ...[...held.keys()].map(heldUploadInput)]);
  const posted = Object.entries(body)
    .filter(([name]) => !dropped.has(name))
    .flatMap(([name, value]) => ([] as string[]).concat(value).map((v) => ({ name, value: v })));
  return [...posted, ...[...held].map(([code, upload]) => ({ name: heldUploadInput(code), value: upload.id }))];
}

/** What the form's inputs should hold when shown again; a file input shows the file held, by name. */
export function formValues(fields: readonly FieldDefinition[], parsed: ParseAnswersResult, held: Held): Record<string, unknown> {
  const values: Record<string, unknown> = parsed.ok ? toFormValues(fields, parsed.answers) : { ...parsed.values };
  for (const [code, upload] of held) values[code] = { uploadId: upload.id, filename: upload.answer.filename };
  return values;
}

/** "Select it again" on each field whose upload was taken between reading the form and raising the case. */
export function goneErrors(codes: string[]): FormErrors {
  return { summary: codes.map((code) => ({ text: GONE_MESSAGE, href: `#${code}` })), fields: Object.fromEntries(codes.map((code) => [code, { text: GONE_MESSAGE }])) };
}

export const hasAttachments = (fields: readonly FieldDefinition[]) => fields.some((f) => f.type === 'attachment');

// The contact boxes every generated form ends with (contact-form.ts), as their messages name them.
const CONTACT_INPUTS: Record<string, string> = { contactName: 'Name', contactEmail: 'Email address', contactPhone: 'Phone number' };
// A date's boxes and a location's parts are posted as `${code}-${part}`.
const PART = /^(.+)-(day|month|year|address|postcode|uprn|lat|lng|upload)$/;

/** Names a generated form's posted inputs for readFormBody: the question's field, the box to link to, its wording. */
export function formInputOf(fields: readonly FieldDefinition[]): (name: string) => FormInput | undefined {
  return (name) => {
    const contact = CONTACT_INPUTS[name];
    if (contact) return { field: name, id: name, subject: contact };
    const match = PART.exec(name);
    const field = fields.find((f) => f.code === (match ? match[1] : name));
    if (!field) return undefined;
    const id = match && ['day', 'month', 'year', 'postcode'].includes(match[2]!) ? name : fieldInputId(field);
    return { field: field.code, id, subject: subject(field, 'Answer'), multiple: !match && field.type === 'multiple_choice' };
  };
}
