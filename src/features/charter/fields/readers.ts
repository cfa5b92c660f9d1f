// One reader per field type: what was posted -> the answer, or the GOV.UK message for the first
// thing wrong with it. Messages follow the Design System's patterns for each component.
import type { Answer, AttachmentAnswer, FieldError, FieldValue, FormBody, LocationAnswer, LocationValue, ParseOptions } from './answers.js';
import { DATE_PARTS, joinParts, readDateParts, type DateParts } from './date-parts.js';
import { DEFAULT_MAX_LENGTH, type FieldDefinition, type FieldType } from './model.js';
import { formatNumber, subject, verbThing } from './wording.js';

export interface Reading {
  value: FieldValue;
  answer?: Answer;
  error?: FieldError;
}
type Reader = (field: FieldDefinition, body: FormBody, options: ParseOptions) => Reading;

/** The first string posted under `key`; '' when there is none. */
function first(body: FormBody, key: string): string {
  const v = body[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return (v as unknown[]).find((x): x is string => typeof x === 'string') ?? '';
  return '';
}

function all(body: FormBody, key: string): string[] {
  const v = body[key];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return (v as unknown[]).filter((x): x is string => typeof x === 'string');
  return [];
}

// Browsers post a textarea's line breaks as CRLF; the character count counts each as one.
const normaliseText = (raw: string) => raw.replace(/\r\n?/g, '\n').trim();

const fail = (value: FieldValue, text: string, parts?: FieldError['parts']): Reading => ({ value, error: parts ? { text, parts } : { text } });

/** An empty answer: an error when the field must be answered, no answer otherwise. */
const empty = (field: FieldDefinition, value: FieldValue, message: string, parts?: FieldError['parts']): Reading =>
  field.required ? fail(value, message, parts) : { value };

const readText: Reader = (field, body) => {
  const raw = first(body, field.code);
  const text = normaliseText(raw);
  if (text === '') return empty(field, raw, verbThing('Enter', field, 'an answer'));
  const max = field.maxLength ?? (field.type === 'long_text' ? DEFAULT_MAX_LENGTH.long_text : DEFAULT_MAX_LENGTH.text);
  if (text.length > max) return fail(raw, `${subject(field, 'Answer')} must be ${formatNumber(max)} characters or fewer`);
  return { value: raw, answer: text };
};

// Digits with an optional sign and decimal point; 15 significant digits at most, so no precision is lost.
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

const readNumber: Reader = (field, body) => {
  const raw = first(body, field.code);
  const text = raw.replace(/[\s,]/g, '');
  if (text === '') return empty(field, raw, verbThing('Enter', field, 'a number'));
  if (!NUMBER.test(text) || text.replace(/\D/g, '').replace(/^0+/, '').length > 15) return fail(raw, 'Enter a number, like 3');
  const n = Number(text);
  const name = subject(field, 'Number');
  if (!field.decimals && !Number.isInteger(n)) return fail(raw, `${name} must be a whole number, like 3`);
  const { min, max } = field;
  const outside = (min !== undefined && n < min) || (max !== undefined && n > max);
  if (outside && min !== undefined && max !== undefined) return fail(raw, `${name} must be between ${formatNumber(min)} and ${formatNumber(max)}`);
  if (outside && min !== undefined) return fail(raw, `${name} must be ${formatNumber(min)} or more`);
  if (outside && max !== undefined) return fail(raw, `${name} must be ${formatNumber(max)} or less`);
  return { value: raw, answer: n };
};

const readDate: Reader = (field, body, options) => {
  const value = Object.fromEntries(DATE_PARTS.map((p) => [p, first(body, `${field.code}-${p}`).trim()])) as DateParts;
  const reading = readDateParts(value);
  const name = subject(field, 'Date');
  switch (reading.kind) {
    case 'empty':
      return empty(field, value, verbThing('Enter', field, 'a date'));
    case 'incomplete':
      return fail(value, `${name} must include a ${joinParts(reading.missing)}`, reading.missing);
    case 'unreal':
      return fail(value, `${name} must be a real date`, reading.parts);
  }
  const today = options.today ?? '';
  // ISO dates compare correctly as strings.
  if (field.dateRule === 'past' && reading.date > today) return fail(value, `${name} must be today or in the past`);
  if (field.dateRule === 'future' && reading.date < today) return fail(value, `${name} must be today or in the future`);
  return { value, answer: reading.date };
};

const readSingleChoice: Reader = (field, body) => {
  const raw = first(body, field.code);
  const message = verbThing('Select', field, 'an option');
  if (raw === '') return empty(field, raw, message);
  // A value that is not an option (a stale or altered form) is treated as no choice.
  const option = field.options?.find((o) => o.value === raw);
  return option ? { value: raw, answer: option.value } : fail('', message);
};

const readMultipleChoice: Reader = (field, body) => {
  const posted = all(body, field.code);
  // In the options' order, once each; values that are not options are dropped.
  const chosen = (field.options ?? []).filter((o) => posted.includes(o.value)).map((o) => o.value);
  if (chosen.length === 0) return empty(field, chosen, verbThing('Select', field, 'at least one option'));
  return { value: chosen, answer: chosen };
};

const readYesNo: Reader = (field, body) => {
  const raw = first(body, field.code);
  if (raw === 'yes' || raw === 'no') return { value: raw, answer: raw === 'yes' };
  return raw === '' ? empty(field, raw, 'Select yes or no') : fail('', 'Select yes or no');
};

export const MAX_ADDRESS_LENGTH = 500;
// Outward code, then inward code (digit and two letters that are never C, I, K, M, O or V).
const POSTCODE = /^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})$/;
/** Around England, Scotland, Wales and Northern Ireland, islands included: a point outside is a mistake. */
export const UK_BOUNDS = { minLat: 49.8, maxLat: 61, minLng: -8.8, maxLng: 2 };

/** 'sw1a1aa' -> 'SW1A 1AA'; undefined when it cannot be a UK postcode. */
export function normalisePostcode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return POSTCODE.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : undefined;
}

function readCoordinates(lat: string, lng: string): { lat?: number; lng?: number; error?: string } {
  if (lat === '' && lng === '') return {};
  const [y, x] = [Number(lat), Number(lng)];
  const inside = lat !== '' && lng !== '' && y >= UK_BOUNDS.minLat && y <= UK_BOUNDS.maxLat && x >= UK_BOUNDS.minLng && x <= UK_BOUNDS.maxLng;
  return inside ? { lat: y, lng: x } : { error: 'Latitude and longitude must both be given, in decimal degrees, for a place in the UK' };
}

// Residents type an address or description and perhaps a postcode; advisors' address search and
// map (or Open311 clients, through their own adapter) may add a UPRN or a latitude and longitude.
const readLocation: Reader = (field, body) => {
  const key = (part: string) => `${field.code}-${part}`;
  const value: LocationValue = { address: first(body, key('address')), postcode: first(body, key('postcode')) };
  for (const extra of ['uprn', 'lat', 'lng'] as const) if (first(body, key(extra)) !== '') value[extra] = first(body, key(extra)).trim();
  const answer: LocationAnswer = {};
  const address = normaliseText(value.address);
  if (address.length > MAX_ADDRESS_LENGTH) return fail(value, `Address or description must be ${MAX_ADDRESS_LENGTH} characters or fewer`, ['address']);
  if (address) answer.address = address;
  if (value.postcode.trim()) {
    const postcode = normalisePostcode(value.postcode);
    if (!postcode) return fail(value, 'Postcode must be a real UK postcode, like SW1A 1AA', ['postcode']);
    answer.postcode = postcode;
  }
  if (value.uprn !== undefined) {
    if (!/^\d{1,12}$/.test(value.uprn)) return fail(value, 'UPRN must be a number of up to 12 digits', ['address']);
    answer.uprn = value.uprn;
  }
  const coordinates = readCoordinates(value.lat ?? '', value.lng ?? '');
  if (coordinates.error) return fail(value, coordinates.error, ['address']);
  Object.assign(answer, coordinates);
  // A postcode alone covers too many streets to find the place; an address, UPRN or point does not.
  const placed = answer.address !== undefined || answer.uprn !== undefined || answer.lat !== undefined;
  if (!placed && field.required) return fail(value, verbThing('Enter', field, 'the address or a description of the location'), ['address']);
  return Object.keys(answer).length ? { value, answer } : { value };
};

/** Files residents may attach; the multipart handler should check the bytes, not only this claim. */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** What residents call each type, for messages and hints. */
export const ATTACHMENT_TYPE_NAMES: Record<string, string> = { 'image/jpeg': 'JPG', 'image/png': 'PNG', 'application/pdf': 'PDF' };

/** "10MB", "500KB": sizes as GOV.UK writes them in file upload messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)}MB`;
  if (bytes >= 1024) return `${formatNumber(Math.round(bytes / 1024))}KB`;
  return `${bytes} bytes`;
}

/** "JPG, PNG or PDF" */
export function typeList(contentTypes: readonly string[]): string {
  const names = contentTypes.map((t) => ATTACHMENT_TYPE_NAMES[t] ?? t);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

// The browser sends an empty part when no file is chosen: that is no answer, not an empty file.
const noFile = (file: AttachmentAnswer | undefined): file is undefined => !file || (file.filename === '' && file.size === 0);

const readAttachment: Reader = (field, _body, options) => {
  const file = options.attachments?.[field.code];
  const rules = options.attachmentRules ?? { contentTypes: ATTACHMENT_CONTENT_TYPES, maxBytes: ATTACHMENT_MAX_BYTES };
  if (noFile(file)) return empty(field, '', verbThing('Select', field, 'a file'));
  const contentType = file.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (!rules.contentTypes.includes(contentType)) return fail('', `The selected file must be a ${typeList(rules.contentTypes)}`);
  if (file.size <= 0) return fail('', 'The selected file is empty');
  if (file.size > rules.maxBytes) return fail('', `The selected file must be smaller than ${formatBytes(rules.maxBytes)}`);
  // Old browsers send the whole path; only the name is the resident's to show.
  const filename = file.filename.split(/[\\/]/).pop()?.trim() || 'file';
  return { value: '', answer: { filename, contentType, size: file.size } };
};

export const READERS: Record<FieldType, Reader> = {
  text: readText,
  long_text: readText,
  number: readNumber,
  date: readDate,
  single_choice: readSingleChoice,
  multiple_choice: readMultipleChoice,
  yes_no: readYesNo,
  location: readLocation,
  attachment: readAttachment,
};
