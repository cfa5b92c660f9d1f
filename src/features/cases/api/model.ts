// The cases JSON API without I/O: a posted case checked field by field, and a case as the API shows
// it. The rules live where the forms keep them: the request type's questions are read by the same
// field engine as the e-form (parseAnswers), the contact details and the location by the advisor
// form's schemas. This file only turns JSON's types into the strings a form posts (as the catalogue
// API does) and names each mistake by its JSON path, like "answers.bin_type" or "contact.email".
import { z } from 'zod';
import type { FieldIssue } from '../../../platform/errors.js';
import { parseAnswers, type Answers } from '../../charter/fields/answers.js';
import type { FieldDefinition } from '../../charter/fields/model.js';
import { CHANNELS, type Channel } from '../../charter/model.js';
import { caseLocation, INPUTS, locationField, placeSchema, type Place } from '../raise/model.js';
import { contactDetails, contactSchema } from '../contact-form.js';
import type { CaseLocation, ContactDetails } from '../service.js';
import type { CaseEvent } from '../store.js';

/** Open311 has its own endpoint and rules; every other channel a client system may pass on. */
export const API_CHANNELS = CHANNELS.filter((c) => c !== 'open311') as [Channel, ...Channel[]];
/** A client's clock a little ahead of ours is not a mistake: up to this, receivedAt becomes now. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * A request logged late (a letter found in a pile) is still recent; an older one is a mistake,
 * and the council's calendar does not reach back indefinitely.
 */
export const MAX_AGE_MS = 366 * 86_400_000;
const MAX_CLIENT_REFERENCE = 200;

export class InvalidBody extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super('The request has mistakes: see fields');
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pathOf = (path: readonly PropertyKey[], prefix = ''): string => [prefix, ...path.map(String)].filter(Boolean).join('.') || 'body';
const issuesOf = (error: z.ZodError, prefix = ''): FieldIssue[] => error.issues.map((i) => ({ field: pathOf(i.path, prefix), message: i.message }));

// ---- the envelope: everything but the answers, which need the request type

const envelopeSchema = z.object({
  requestType: z
    .string({ error: 'Send the code of a request type, like missed-bin' })
    .trim()
    .min(1, 'Send the code of a request type, like missed-bin')
    .max(100, 'Request type codes are 100 characters or fewer')
    .transform((code) => code.toLowerCase()),
  answers: z.record(z.string(), z.unknown(), { error: 'Send the answers as an object, each answer under its question’s code' }).default({}),
  contact: z.record(z.string(), z.unknown(), { error: 'Send the contact as an object: name, email, phone' }).default({}),
  location: z.record(z.string(), z.unknown(), { error: 'Send the location as an object: address, uprn, latitude, longitude' }).default({}),
  channel: z.enum(API_CHANNELS, { error: `Channel must be one of ${API_CHANNELS.join(', ')}` }).default('web'),
  receivedAt: z.iso.datetime({ offset: true, error: 'Send receivedAt as an ISO 8601 date and time, like 2026-04-02T09:30:00Z' }).optional(),
  clientReference: z
    .string({ error: 'Send clientReference as text' })
    .trim()
    .min(1, 'Send clientReference as text, or leave it out')
    .max(MAX_CLIENT_REFERENCE, `clientReference must be ${MAX_CLIENT_REFERENCE} characters or fewer`)
    .optional(),
});

/**
 * A JSON object as the form with `names` would post it: text and numbers as strings, absent as ''.
 * Anything else (true, a list, an object) cannot be what a form box holds: it is the client's
 * mistake, named by its JSON path.
 */
function asForm(json: Record<string, unknown>, names: Record<string, string>, prefix: string): { form: Record<string, string>; issues: FieldIssue[] } {
  const form: Record<string, string> = {};
  const issues: FieldIssue[] = [];
  for (const [key, name] of Object.entries(names)) {
    const value = json[key];
    if (value === undefined || value === null) form[name] = '';
    else if (typeof value === 'string' || typeof value === 'number') form[name] = String(value);
    else {
      form[name] = '';
      issues.push({ field: `${prefix}.${key}`, message: `Send ${key} as text or a number` });
    }
  }
  for (const key of Object.keys(json)) if (!Object.hasOwn(names, key)) issues.push({ field: `${prefix}.${key}`, message: `${prefix} has no ${key}: send ${Object.keys(names).join(', ')}` });
  return { form, issues };
}

/** Checks JSON with a form's schema, naming each mistake by the JSON key it came from. */
function throughForm<S extends z.ZodType>(schema: S, json: Record<string, unknown>, names: Record<string, string>, prefix: string): { value?: z.output<S>; issues: FieldIssue[] } {
  const { form, issues } = asForm(json, names, prefix);
  const keyOf = new Map(Object.entries(names).map(([key, name]) => [name, key]));
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const found = parsed.error.issues.map((i) => ({ field: `${prefix}.${keyOf.get(String(i.path[0])) ?? String(i.path[0])}`, message: i.message }));
    // A value of the wrong type was already named; the schema would only call it empty.
    issues.push(...found.filter((f) => !issues.some((i) => i.field === f.field)));
  }
  return issues.length || !parsed.success ? { issues } : { value: parsed.data, issues };
}

const CONTACT_NAMES = { name: 'contactName', email: 'contactEmail', phone: 'contactPhone' };
const PLACE_NAMES = { address: INPUTS.address, uprn: INPUTS.uprn, latitude: INPUTS.latitude, longitude: INPUTS.longitude };

const NOWHERE: Place = { [INPUTS.address]: undefined, [INPUTS.uprn]: undefined, [INPUTS.latitude]: undefined, [INPUTS.longitude]: undefined };

export interface Envelope {
  requestType: string;
  answers: Record<string, unknown>;
  contact: ContactDetails;
  place: Place;
  /** What the client sent as its location, to answer a location question it did not answer itself. */
  sentLocation: Record<string, unknown>;
  channel: Channel;
  receivedAt: Date;
  clientReference?: string;
}

/**
 * The body's own fields, checked. Issues are collected, not thrown: `value` is there whenever the
 * request type and the answers could be read, so the answers are checked in the same reply.
 */
export function readEnvelope(body: unknown, now: Date): { value?: Envelope; issues: FieldIssue[] } {
  if (!isRecord(body)) return { issues: [{ field: 'body', message: 'Send a JSON object' }] };
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return { issues: issuesOf(parsed.error) };
  const { data } = parsed;
  const contact = throughForm(contactSchema, data.contact, CONTACT_NAMES, 'contact');
  const place = throughForm(placeSchema, data.location, PLACE_NAMES, 'location');
  const issues = [...contact.issues, ...place.issues];
  const receivedAt = readReceivedAt(data.receivedAt, now, issues);
  const value: Envelope = {
    requestType: data.requestType,
    answers: data.answers,
    contact: contact.value ? contactDetails(contact.value) : {},
    place: place.value ?? NOWHERE,
    sentLocation: data.location,
    channel: data.channel,
    receivedAt,
    ...(data.clientReference && { clientReference: data.clientReference }),
  };
  return { value, issues };
}

/** Every issue once, in order; a location the client got wrong is not also reported as missing. */
export function allIssues(...lists: FieldIssue[][]): FieldIssue[] {
  const issues = lists.flat();
  const locationWrong = issues.some((i) => i.field.startsWith('location.'));
  return issues.filter((i) => !(locationWrong && i.field === 'location'));
}

function readReceivedAt(iso: string | undefined, now: Date, issues: FieldIssue[]): Date {
  if (iso === undefined) return now;
  const at = new Date(iso);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) issues.push({ field: 'receivedAt', message: 'receivedAt must be now or in the past' });
  if (at.getTime() < now.getTime() - MAX_AGE_MS) issues.push({ field: 'receivedAt', message: 'receivedAt must be within the last year' });
  return at.getTime() > now.getTime() ? now : at;
}

// ---- the answers, against the request type's questions

/** Files cannot come through JSON; a client system that has one sends a link in a text answer. */
export const apiFields = (fields: readonly FieldDefinition[]): FieldDefinition[] => fields.filter((f) => f.type !== 'attachment');

type FormBody = Record<string, string | string[]>;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCATION_PARTS = { address: 'address', postcode: 'postcode', uprn: 'uprn', latitude: 'lat', longitude: 'lng' } as const;

/** One answer as the e-form posts it, under `body`; a message when its JSON type cannot be one. */
function answerAsForm(field: FieldDefinition, value: unknown, body: FormBody): string | undefined {
  const code = field.code;
  switch (field.type) {
    case 'date': {
      const match = typeof value === 'string' ? ISO_DATE.exec(value.trim()) : null;
      if (!match) return 'Send a date as YYYY-MM-DD, like 2026-04-02';
      Object.assign(body, { [`${code}-year`]: match[1]!, [`${code}-month`]: match[2]!, [`${code}-day`]: match[3]! });
      return undefined;
    }
    case 'yes_no':
      if (typeof value !== 'boolean') return 'Send true or false';
      body[code] = value ? 'yes' : 'no';
      return undefined;
    case 'multiple_choice': {
      const values = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return 'Send a list of option values';
      // The e-form drops a value that is not an option (an altered form); a client system is told.
      const unknown = values.filter((v) => !field.options?.some((o) => o.value === v));
      if (unknown.length) return `${unknown.join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'}: choose from ${optionList(field)}`;
      body[code] = values;
      return undefined;
    }
    case 'location':
      if (!isRecord(value)) return 'Send the location as an object: address, postcode, uprn, latitude, longitude';
      return locationAsForm(code, value, body);
    default:
      if (typeof value !== 'string' && typeof value !== 'number') return field.type === 'single_choice' ? `Send one option value: ${optionList(field)}` : 'Send text or a number';
      body[code] = String(value);
      return undefined;
  }
}

const optionList = (field: FieldDefinition): string => (field.options ?? []).map((o) => o.value).join(', ');

function locationAsForm(code: string, value: Record<string, unknown>, body: FormBody): string | undefined {
  const bad = Object.keys(value).find((key) => !Object.hasOwn(LOCATION_PARTS, key));
  if (bad) return `A location has no ${bad}: send ${Object.keys(LOCATION_PARTS).join(', ')}`;
  for (const [key, part] of Object.entries(LOCATION_PARTS)) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') return `Send the location’s ${key} as text or a number`;
    body[`${code}-${part}`] = String(v);
  }
  // The e-form always posts both boxes; a reader treats a missing one as empty anyway.
  body[`${code}-address`] ??= '';
  body[`${code}-postcode`] ??= '';
  return undefined;
}

export interface ReadAnswers {
  answers?: Answers;
  location?: CaseLocation;
  issues: FieldIssue[];
}

/**
 * The client's answers checked by the field engine, and where the case is. A location question the
 * client did not answer in `answers` is answered by the body's `location`, so a client system that
 * only knows "where" need not learn the question's code.
 */
export function readAnswers(fields: readonly FieldDefinition[], envelope: Pick<Envelope, 'answers' | 'place' | 'sentLocation'>, today: string): ReadAnswers {
  const issues: FieldIssue[] = [];
  const body: FormBody = {};
  const named = new Map<string, string>();
  for (const code of Object.keys(envelope.answers)) {
    if (!fields.some((f) => f.code === code)) issues.push({ field: `answers.${code}`, message: `${code} is not a question of this request type: see its fields in GET /api/v1/request-types/{code}` });
  }
  for (const field of fields) {
    const value = envelope.answers[field.code];
    named.set(field.code, `answers.${field.code}`);
    if (value === undefined || value === null) continue;
    const message = answerAsForm(field, value, body);
    if (message) issues.push({ field: `answers.${field.code}`, message });
  }
  const where = locationField(fields);
  if (where && envelope.answers[where.code] == null) {
    locationAsForm(where.code, { address: envelope.sentLocation.address, uprn: envelope.sentLocation.uprn, latitude: envelope.sentLocation.latitude, longitude: envelope.sentLocation.longitude }, body);
    named.set(where.code, 'location');
  }
  const parsed = parseAnswers(fields, body, { today });
  if (!parsed.ok) {
    for (const [code, error] of Object.entries(parsed.errors.fields)) {
      const field = named.get(code) ?? `answers.${code}`;
      // One message per answer: a type mistake found above says more than the engine's "Enter ...".
      if (!issues.some((i) => i.field === field)) issues.push({ field, message: error.text });
    }
  }
  if (issues.length || !parsed.ok) return { issues };
  return { answers: parsed.answers, location: caseLocation(fields, parsed.answers, envelope.place), issues };
}

// ---- a case as the API shows it

export interface DueDateJson {
  /** The standard's code, stable across its versions. */
  standard: string;
  sentence: string;
  /** Null while the clock has not started (a standard that starts when the case is assigned, say). */
  dueAt: Date | null;
  outcome: 'met' | 'missed' | 'void' | null;
}

export interface TimelineEntryJson {
  type: string;
  at: Date;
  channel?: string;
  status?: string;
  statusName?: string;
  message?: string;
  duplicateOf?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * A public event with only what the resident could read when tracking: never an internal reason,
 * never who on the staff did it. The resident's own words go only to the client system that sent
 * the case, as Open311 does.
 */
export function timelineEntry(event: CaseEvent, ownCase: boolean): TimelineEntryJson {
  const d = event.detail;
  const entry: TimelineEntryJson = { type: event.type, at: event.at };
  switch (event.type) {
    case 'received':
      return { ...entry, ...(text(d.channel) && { channel: text(d.channel) }) };
    case 'status_changed':
      return { ...entry, ...(text(d.to) && { status: text(d.to) }), ...(text(d.toName) && { statusName: text(d.toName) }) };
    case 'public_update':
      return { ...entry, ...(text(d.message) && { message: text(d.message) }) };
    case 'customer_update':
      return { ...entry, ...(text(d.channel) && { channel: text(d.channel) }), ...(ownCase && text(d.message) && { message: text(d.message) }) };
    case 'marked_duplicate':
      return { ...entry, ...(text(d.of) && { duplicateOf: text(d.of) }) };
    default:
      return entry;
  }
}

export const caseUrl = (reference: string): string => `/api/v1/cases/${encodeURIComponent(reference)}`;
