// Open311 GeoReport v2 as the request types see it, without I/O: a request type's fields become a
// service definition's attributes (the same definition drives the resident e-form), and a posted
// report becomes the form-shaped answers the field engine checks. Rules that are easy to miss are in
// ../../../../shared/OPEN311.md; the parts that matter here are noted where they apply.
import { z } from 'zod';
import type { FieldDefinition, FieldType } from '../charter/fields/model.js';
import { sortFields } from '../charter/fields/model.js';
import type { StatusCategory } from '../cases/workflow/model.js';

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

// Locations come from lat/long, address_string and address_id; files come as media_url links.
const DATATYPES: Record<FieldType, Datatype | null> = {
  text: 'string',
  long_text: 'text',
  number: 'number',
  date: 'datetime',
  single_choice: 'singlevaluelist',
  multiple_choice: 'multivaluelist',
  yes_no: 'singlevaluelist',
  location: null,
  attachment: null,
};

/** The field the report's `description` fills: the form's first long answer, if it has one. */
export function descriptionField(fields: readonly FieldDefinition[]): FieldDefinition | undefined {
  return sortFields(fields).find((f) => f.type === 'long_text');
}

export const locationField = (fields: readonly FieldDefinition[]): FieldDefinition | undefined => sortFields(fields).find((f) => f.type === 'location');

export interface Attribute {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

/** The fields a client answers as attribute[code]: all but the description, the location and files. */
export function attributeFields(fields: readonly FieldDefinition[]): FieldDefinition[] {
  const description = descriptionField(fields);
  return sortFields(fields).filter((f) => f !== description && DATATYPES[f.type] !== null);
}

export function attributesOf(fields: readonly FieldDefinition[]): Attribute[] {
  return attributeFields(fields).map((field, i) => ({
    variable: true,
    code: field.code,
    datatype: DATATYPES[field.type]!,
    required: field.required,
    datatype_description: field.hint ?? '',
    order: i + 1,
    description: field.label,
    values: field.type === 'yes_no' ? [{ key: 'yes', name: 'Yes' }, { key: 'no', name: 'No' }] : (field.options ?? []).map((o) => ({ key: o.value, name: o.label })),
  }));
}

/** The status words FixMyStreet understands; a case status maps to one through a table administrators edit. */
export const STATUS_WORDS = [
  'OPEN', 'IN_PROGRESS', 'ACTION_SCHEDULED', 'INVESTIGATING', 'FIXED', 'CLOSED', 'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY', 'NO_FURTHER_ACTION', 'INTERNAL_REFERRAL', 'FOR_TRIAGE', 'CANCELLED', 'REOPEN',
] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

/** The word for a status nobody has mapped yet, from what kind of status it is. */
export const WORD_FOR_CATEGORY: Record<StatusCategory, StatusWord> = {
  new: 'OPEN',
  open: 'IN_PROGRESS',
  waiting: 'ACTION_SCHEDULED',
  resolved: 'FIXED',
  closed: 'CLOSED',
  cancelled: 'NO_FURTHER_ACTION',
  duplicate: 'DUPLICATE',
};

export interface ParamIssue {
  /** The parameter at fault, as the client sent it: `lat`, `attribute[bin]`... */
  param: string;
  message: string;
}

export class Open311Invalid extends Error {
  constructor(readonly issues: ParamIssue[]) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join('; '));
  }
}

type Body = Record<string, string | string[]>;

/** A parameter sent empty counts as not sent; one sent twice (`lat=1&lat=2`) is refused, not guessed at. */
export function param(body: Body, name: string): string | undefined {
  const value = body[name];
  if (Array.isArray(value) && value.filter((v) => v.trim()).length > 1) throw new Open311Invalid([{ param: name, message: 'must be sent once' }]);
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

// W3C date-times: a date, or a date and time with Z or an offset.
const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

// The moments a date parameter may name. The database stores no year 0 and no year 10000, and a
// window is also reckoned back from an end date (90 days for requests), so the edges stay well clear.
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 0, 1);

/** A W3C date-time parameter; one that is not a real moment (30 February, hour 25) is refused, not rolled over. */
export function dateParam(body: Body, name: string): Date | undefined {
  const text = param(body, name);
  if (!text) return undefined;
  const date = isRealMoment(text) ? new Date(text.replace(' ', 'T')) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new Open311Invalid([{ param: name, message: 'must be a W3C date-time, like 2026-11-24T09:30:00+00:00' }]);
  if (date.getTime() < EARLIEST || date.getTime() >= LATEST) throw new Open311Invalid([{ param: name, message: 'must be a date-time from 1900 to 9998' }]);
  return date;
}

// JavaScript's Date rolls 30 February over to 2 March; the calendar date is checked first.
function isRealMoment(text: string): boolean {
  const parts = W3C_DATE.exec(text);
  if (!parts) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

function params(body: Body, name: string): string[] {
  return ([] as string[]).concat(body[name] ?? []).map((v) => v.trim()).filter(Boolean);
}

/** attribute[code] and attribute[code][] (a multivaluelist), every one kept, known or not. */
export function attributesFrom(body: Body): Record<string, string | string[]> {
  const attributes: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match) continue;
    const values = ([] as string[]).concat(value).map((v) => v.trim()).filter(Boolean);
    if (!values.length) continue;
    attributes[match[1]!] = match[2] || values.length > 1 ? values : values[0]!;
  }
  return attributes;
}

const MAX_MEDIA_URLS = 10;
const MAX_DESCRIPTION = 10_000;

const mediaUrl = z.url({ protocol: /^https?$/ }).max(2048);
const email = z.email().max(254);

export interface Report {
  serviceCode: string;
  description?: string;
  lat?: number;
  long?: number;
  addressString?: string;
  addressId?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  deviceId?: string;
  accountId?: string;
  mediaUrls: string[];
  attributes: Record<string, string | string[]>;
}

function coordinate(body: Body, name: 'lat' | 'long', limit: number, issues: ParamIssue[]): number | undefined {
  const text = param(body, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit) issues.push({ param: name, message: `must be a number from -${limit} to ${limit} (decimal degrees)` });
  return value;
}

/** The report's own parameters, checked; the request type's answers are checked by the field engine after. */
export function readReport(body: Body): Report {
  const issues: ParamIssue[] = [];
  const serviceCode = param(body, 'service_code');
  if (!serviceCode) issues.push({ param: 'service_code', message: 'is required' });
  const lat = coordinate(body, 'lat', 90, issues);
  const long = coordinate(body, 'long', 180, issues);
  if ((lat === undefined) !== (long === undefined)) issues.push({ param: lat === undefined ? 'lat' : 'long', message: 'lat and long must be sent together' });
  const addressString = param(body, 'address_string');
  const addressId = param(body, 'address_id');
  if (lat === undefined && !addressString && !addressId) issues.push({ param: 'lat', message: 'a location is required: lat and long, address_string or address_id' });
  const description = param(body, 'description')?.replace(/\r\n?/g, '\n');
  if (description && description.length > MAX_DESCRIPTION) issues.push({ param: 'description', message: `must be ${MAX_DESCRIPTION} characters or fewer` });
  const mediaUrls = params(body, 'media_url');
  if (mediaUrls.length > MAX_MEDIA_URLS) issues.push({ param: 'media_url', message: `at most ${MAX_MEDIA_URLS} may be sent` });
  for (const url of mediaUrls) if (!mediaUrl.safeParse(url).success) issues.push({ param: 'media_url', message: 'must be an http or https URL' });
  const address = param(body, 'email');
  if (address && !email.safeParse(address).success) issues.push({ param: 'email', message: 'must be an email address' });
  const others = optional(body, { phone: 'phone', firstName: 'first_name', lastName: 'last_name', deviceId: 'device_id', accountId: 'account_id' }, issues);
  for (const name of ['address_string', 'address_id']) if ((param(body, name)?.length ?? 0) > MAX_OPTIONAL) issues.push({ param: name, message: `must be ${MAX_OPTIONAL} characters or fewer` });
  const attributes = attributesFrom(body);
  issues.push(...referenceIssues(attributes));
  if (issues.length) throw new Open311Invalid(issues);
  return {
    serviceCode: serviceCode!,
    ...(description && { description }),
    ...(lat !== undefined && { lat, long }),
    ...(addressString && { addressString }),
    ...(addressId && { addressId }),
    ...(address && { email: address }),
    ...others,
    mediaUrls,
    attributes,
  };
}

const MAX_OPTIONAL = 500;
/** As the JSON API's clientReference: an identifier, kept (and indexed) as sent, so never cut short. */
const MAX_CLIENT_REFERENCE = 200;
const REFERENCE_ATTRIBUTES = ['fixmystreet_id', 'client_reference'];

/** The client's reference for a report, if sent, must be one value of a sensible length. */
function referenceIssues(attributes: Record<string, string | string[]>): ParamIssue[] {
  return REFERENCE_ATTRIBUTES.flatMap((code) => {
    const value = attributes[code];
    if (Array.isArray(value)) return [{ param: `attribute[${code}]`, message: 'must be sent once' }];
    if (value !== undefined && value.length > MAX_CLIENT_REFERENCE) return [{ param: `attribute[${code}]`, message: `must be ${MAX_CLIENT_REFERENCE} characters or fewer` }];
    return [];
  });
}

/** Optional text parameters; a longer one than any real name or number is refused rather than cut short. */
function optional<K extends string>(body: Body, names: Record<K, string>, issues: ParamIssue[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const value = param(body, name);
    if (value && value.length > MAX_OPTIONAL) issues.push({ param: name, message: `must be ${MAX_OPTIONAL} characters or fewer` });
    else if (value) out[key] = value;
  }
  return out;
}

/**
 * An update's parameters that the case does not keep as they are but must still be right: a client
 * that sends a wrong one is told so, as for a report. The service reads the rest.
 */
export function checkUpdate(body: Body): void {
  const issues: ParamIssue[] = [];
  const read = (name: string, check: (value: string) => string | undefined) => {
    try {
      const value = param(body, name);
      const message = value === undefined ? undefined : check(value);
      if (message) issues.push({ param: name, message });
    } catch (error) {
      if (!(error instanceof Open311Invalid)) throw error;
      issues.push(...error.issues);
    }
  };
  for (const name of ['service_request_id', 'update_id', 'description']) read(name, () => undefined);
  read('updated_datetime', () => {
    dateParam(body, 'updated_datetime');
    return undefined;
  });
  // Recorded for staff, never acted on: a word outside the specification's list (a client's own
  // extended status) is kept, since refusing it would lose the resident's comment with it.
  read('status', (v) => (/^[A-Za-z][A-Za-z_ -]{0,49}$/.test(v) ? undefined : `must be a status word such as ${STATUS_WORDS.slice(0, 3).join(', ')}`));
  read('email', (v) => (email.safeParse(v).success ? undefined : 'must be an email address'));
  read('media_url', (v) => (mediaUrl.safeParse(v).success ? undefined : 'must be an http or https URL'));
  for (const name of ['first_name', 'last_name']) read(name, (v) => (v.length > MAX_OPTIONAL ? `must be ${MAX_OPTIONAL} characters or fewer` : undefined));
  if (issues.length) throw new Open311Invalid(issues);
}

/**
 * The report as the posted form the field engine reads: attributes under their codes, the
 * description in the description field, the location's parts, dates split into day, month, year.
 */
export function formBodyFor(fields: readonly FieldDefinition[], report: Report): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const field of attributeFields(fields)) {
    const value = report.attributes[field.code];
    if (value === undefined) continue;
    // Only a multivaluelist takes several values (attribute[code][]); any other sent twice is refused.
    if (Array.isArray(value) && value.length > 1 && field.type !== 'multiple_choice') throw new Open311Invalid([{ param: `attribute[${field.code}]`, message: 'must be sent once' }]);
    if (field.type === 'date') {
      const [year = '', month = '', day = ''] = String(([] as string[]).concat(value)[0]).slice(0, 10).split('-');
      Object.assign(body, { [`${field.code}-day`]: day, [`${field.code}-month`]: month, [`${field.code}-year`]: year });
    } else {
      body[field.code] = value;
    }
  }
  const description = descriptionField(fields);
  if (description && report.description) body[description.code] = report.description;
  const location = locationField(fields);
  if (location) {
    const uprn = report.addressId && /^\d{1,12}$/.test(report.addressId) ? report.addressId : stringAttribute(report, 'uprn');
    const address = report.addressString ?? stringAttribute(report, 'closest_address') ?? (uprn ? undefined : report.addressId);
    Object.assign(body, {
      [`${location.code}-address`]: address ?? '',
      [`${location.code}-postcode`]: '',
      ...(uprn && { [`${location.code}-uprn`]: uprn }),
      ...(report.lat !== undefined && { [`${location.code}-lat`]: String(report.lat), [`${location.code}-lng`]: String(report.long) }),
    });
  }
  return body;
}

function stringAttribute(report: Report, code: string): string | undefined {
  const value = report.attributes[code];
  return typeof value === 'string' ? value : undefined;
}

/** The parameter a field's answer came from, to name it in an error. */
export function paramFor(fields: readonly FieldDefinition[], code: string): string {
  if (descriptionField(fields)?.code === code) return 'description';
  if (locationField(fields)?.code === code) return 'lat';
  return `attribute[${code}]`;
}

/** The client's own reference for a report, so a retried POST finds the first case. */
export function clientReference(report: Report): string | undefined {
  return stringAttribute(report, 'fixmystreet_id') ?? stringAttribute(report, 'client_reference');
}
