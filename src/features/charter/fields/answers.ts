// A resident's or advisor's answers to a request type's fields: read from a posted form, checked
// against each field's rules, and shown back on a "Check your answers" page. Pure: the caller
// passes in today's date and any uploaded file's details.
import type { FormErrors } from '../../../platform/web/forms.js';
import { isIsoDate, isoToDateParts, type DatePart, type DateParts } from './date-parts.js';
import { sortFields, type FieldDefinition, type FieldType } from './model.js';
import { READERS } from './readers.js';

export { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPE_NAMES, normalisePostcode } from './readers.js';

export interface LocationAnswer {
  /** The address or a description of the place, as the resident wrote it. */
  address?: string;
  /** Normalised: upper case, one space, like "SW1A 1AA". */
  postcode?: string;
  /** Unique Property Reference Number, from an advisor's address search or an Open311 client. */
  uprn?: string;
  lat?: number;
  lng?: number;
}

/** What the multipart handler found; the file itself is stored elsewhere. */
export interface AttachmentAnswer {
  filename: string;
  contentType: string;
  size: number;
}

export interface AnswerByType {
  text: string;
  long_text: string;
  number: number;
  /** 'YYYY-MM-DD' */
  date: string;
  /** The option's value. */
  single_choice: string;
  /** Option values, in the options' order. */
  multiple_choice: string[];
  yes_no: boolean;
  location: LocationAnswer;
  attachment: AttachmentAnswer;
}
export type Answer = AnswerByType[FieldType];
/** By field code; an optional field left empty has no entry. */
export type Answers = Record<string, Answer>;

/** What the form's inputs hold, to fill them in again after an error. */
export interface LocationValue {
  address: string;
  postcode: string;
  uprn?: string;
  lat?: string;
  lng?: string;
}
export type FieldValue = string | string[] | DateParts | LocationValue;
export type FormValues = Record<string, FieldValue>;

export type LocationPart = 'address' | 'postcode';

/** A field's message; `parts` names the boxes in error for a date (day, month, year) or a location. */
export interface FieldError {
  text: string;
  parts?: (DatePart | LocationPart)[];
}
export interface AnswerErrors extends FormErrors {
  fields: Record<string, FieldError>;
}

export interface AttachmentRules {
  contentTypes: readonly string[];
  maxBytes: number;
}

export interface ParseOptions {
  /** Today in London, 'YYYY-MM-DD'; needed when a date field accepts only past or only future dates. */
  today?: string;
  /** Uploaded files' details by field code, from the multipart handler. */
  attachments?: Record<string, AttachmentAnswer | undefined>;
  attachmentRules?: AttachmentRules;
}

/** A urlencoded body: strings, or arrays of them for repeated keys (checkboxes). */
export type FormBody = Readonly<Record<string, unknown>>;

export type ParseAnswersResult = { ok: true; answers: Answers } | { ok: false; errors: AnswerErrors; values: FormValues };

/**
 * The id of the input an error links to, and of the element each field's block is built around:
 * the field code, except the date's and location's boxes (`${code}-day`, `${code}-postcode`).
 * Radios and checkboxes: the code is the first option's id, as govuk-frontend names them.
 */
export function fieldInputId(field: Pick<FieldDefinition, 'code' | 'type'>, part?: DatePart | LocationPart): string {
  if (field.type === 'date') return `${field.code}-${part ?? 'day'}`;
  if (field.type === 'location') return `${field.code}-${part ?? 'address'}`;
  return field.code;
}

function checkToday(fields: readonly FieldDefinition[], today: string | undefined): void {
  const needsToday = fields.some((f) => f.type === 'date' && (f.dateRule === 'past' || f.dateRule === 'future'));
  if (needsToday && (today === undefined || !isIsoDate(today))) {
    throw new RangeError(`parseAnswers needs options.today as 'YYYY-MM-DD' to check past or future dates, got ${String(today)}`);
  }
}

/**
 * Reads each field's answer from a posted form, in the fields' order. Keys the fields do not name
 * are ignored. On failure, `values` holds what was typed, to show the form again.
 */
export function parseAnswers(fields: readonly FieldDefinition[], body: FormBody, options: ParseOptions = {}): ParseAnswersResult {
  checkToday(fields, options.today);
  const answers: Answers = {};
  const values: FormValues = {};
  const errors: AnswerErrors = { summary: [], fields: {} };
  for (const field of sortFields(fields)) {
    const reading = READERS[field.type](field, body, options);
    values[field.code] = reading.value;
    if (reading.error) {
      errors.fields[field.code] = reading.error;
      errors.summary.push({ text: reading.error.text, href: `#${fieldInputId(field, reading.error.parts?.[0])}` });
    } else if (reading.answer !== undefined) {
      answers[field.code] = reading.answer;
    }
  }
  return errors.summary.length ? { ok: false, errors, values } : { ok: true, answers };
}

/** Saved answers as input values, for the "Change" link back to the form. */
export function toFormValues(fields: readonly FieldDefinition[], answers: Answers): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const answer = answers[field.code];
    if (answer !== undefined) values[field.code] = answerToValue(field, answer);
  }
  return values;
}

function answerToValue(field: FieldDefinition, answer: Answer): FieldValue {
  switch (field.type) {
    case 'date':
      return isoToDateParts(typeof answer === 'string' ? answer : '');
    case 'yes_no':
      return answer === true ? 'yes' : answer === false ? 'no' : '';
    case 'multiple_choice':
      return Array.isArray(answer) ? answer : [];
    case 'location': {
      const a = answer as LocationAnswer;
      const value: LocationValue = { address: a.address ?? '', postcode: a.postcode ?? '' };
      if (a.uprn !== undefined) value.uprn = a.uprn;
      if (a.lat !== undefined) value.lat = String(a.lat);
      if (a.lng !== undefined) value.lng = String(a.lng);
      return value;
    }
    case 'attachment':
      // A browser never fills a file input in again; the page can name the file it has.
      return '';
    default:
      return typeof answer === 'string' || typeof answer === 'number' ? String(answer) : '';
  }
}

export { answerRows, type AnswerRow, type AnswerRowOptions } from './rows.js';
