// What an advisor records about a contact, and the pure rules for reading it from a form: the
// outcome, whether it was avoidable and why, how long it took, when it happened (never in the
// future). No I/O: the service checks what only the database knows (the case, the customer, the
// location, the request type).
import { z } from 'zod';
import type { AvoidableTypeCode, ContactOutcomeCode } from '../../platform/db/schema.js';
import type { FormErrors, FormResult } from '../../platform/web/forms.js';
import { toFormErrors } from '../../platform/web/forms.js';
import { londonDate, type LocalDate } from '../../time/index.js';
import { DAY_MS } from '../../time/local-date.js';
import { londonWallMs } from '../../time/london.js';
import { dateFromParts, datePartsOf, isSupportedDate, londonInstant, parseTimeOfDay, type DatePart } from '../calendar/model.js';
import { CHANNEL_NAMES, CHANNELS, type Channel } from '../charter/model.js';

export const OUTCOMES = ['resolved', 'case_raised', 'passed_to_back_office', 'signposted', 'no_action'] as const satisfies readonly ContactOutcomeCode[];
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_NAMES: Record<Outcome, string> = {
  resolved: 'Resolved at first contact',
  case_raised: 'Case raised',
  passed_to_back_office: 'Passed to the back office',
  signposted: 'Signposted elsewhere',
  no_action: 'No action needed',
};

/** The former national indicator NI14's kinds of avoidable contact. */
export const AVOIDABLE_TYPES = ['chasing_progress', 'repeat', 'not_understood', 'wrongly_routed', 'unnecessary_clarification'] as const satisfies readonly AvoidableTypeCode[];
export type AvoidableType = (typeof AVOIDABLE_TYPES)[number];
export const AVOIDABLE_TYPE_NAMES: Record<AvoidableType, string> = {
  chasing_progress: 'Chasing progress',
  repeat: 'Repeat contact',
  not_understood: 'Not understood',
  wrongly_routed: 'Wrongly routed',
  unnecessary_clarification: 'Unnecessary clarification',
};

export const LOCATION_KINDS = ['contact_centre', 'service_centre', 'mail_room', 'other'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const LOCATION_KIND_NAMES: Record<LocationKind, string> = {
  contact_centre: 'Contact centre',
  service_centre: 'Customer service centre',
  mail_room: 'Mail room',
  other: 'Other',
};

/** Open311 reports arrive by themselves; an advisor logs every other channel. */
export const CONTACT_CHANNELS = CHANNELS.filter((c): c is Exclude<Channel, 'open311'> => c !== 'open311');
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const channelName = (channel: string): string => CHANNEL_NAMES[channel as Channel] ?? channel;

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_NAMES: Record<Direction, string> = { inbound: 'The customer contacted us', outbound: 'We contacted the customer' };

/** The national first contact resolution target councils compare themselves with. */
export const NATIONAL_FCR_TARGET = 0.75;

export const MAX_REASON = 500;
export const MAX_DURATION_SECONDS = 86_400;
export const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

// ---- when it happened

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's date and the time now, in London: what the form starts with. */
export function whenDefaults(now: Date): Body {
  const parts = datePartsOf(londonDate(now));
  const minutes = Math.floor((((londonWallMs(now.getTime()) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return { 'receivedDate-day': parts.day, 'receivedDate-month': parts.month, 'receivedDate-year': parts.year, receivedTime: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` };
}

type Issue = [field: string, message: string];

/** The date (and, when asked, the time) the contact happened: may be earlier, never after now. */
function readWhen(body: Body, now: Date, withTime: boolean): { at?: Date; issues: Issue[]; dateParts: DatePart[] } {
  const date = dateFromParts({ day: first(body['receivedDate-day']), month: first(body['receivedDate-month']), year: first(body['receivedDate-year']) }, 'Date of the contact');
  if (!date.ok) return { issues: [['receivedDate', date.message]], dateParts: date.parts };
  if (date.date > londonDate(now)) return { issues: [['receivedDate', 'Date of the contact must be today or in the past']], dateParts: ['day', 'month', 'year'] };
  if (!withTime) {
    // A letter is dated by the day it arrived; today's is stamped now, an earlier day's at noon.
    const at = date.date === londonDate(now) ? now : londonInstant(date.date, '12:00');
    return { at, issues: [], dateParts: [] };
  }
  const timeText = first(body.receivedTime).trim();
  const time = parseTimeOfDay(timeText);
  if (!time) return { issues: [['receivedTime', timeText === '' ? 'Enter the time of the contact, like 14:30' : 'Time of the contact must be a time like 14:30']], dateParts: [] };
  const at = londonInstant(date.date, time);
  if (at > now) return { issues: [['receivedTime', 'Time of the contact must be now or earlier']], dateParts: [] };
  return { at, issues: [], dateParts: [] };
}

// ---- the contact form

const trimmed = (max: number, message: string) => z.string().trim().max(max, message);
const optionalId = (message: string) => z.string().trim().refine((v) => v === '' || UUID.test(v), message).transform((v) => v || undefined);
const caseReference = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => v === '' || REFERENCE.test(v), 'Case reference must be like HN4K-7PQ2')
  .transform((v) => v || undefined);
const wholeNumber = (max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) <= max), message)
    .transform((v) => (v === '' ? undefined : Number(v)));

/**
 * "serviceId" or "serviceId:requestTypeId": one select lists each service and, under it, its
 * request types, so the reason is chosen with one control that works without JavaScript.
 */
export const reasonValue = (serviceId: string, requestTypeId?: string): string => (requestTypeId ? `${serviceId}:${requestTypeId}` : serviceId);

const reasonChoice = z
  .string()
  .trim()
  .refine((v) => v === '' || /^[0-9a-f-]{36}(:[0-9a-f-]{36})?$/.test(v), 'Select the service from the list')
  .transform((v) => {
    const [serviceId, requestTypeId] = v ? v.split(':') : [];
    return { serviceId: serviceId || undefined, requestTypeId: requestTypeId || undefined };
  });

export const contactFormSchema = z
  .object({
    channel: z.enum(CONTACT_CHANNELS, { error: 'Select the channel' }),
    direction: z.enum(DIRECTIONS, { error: 'Select who made the contact' }),
    locationId: optionalId('Select the location from the list'),
    serviceChoice: reasonChoice,
    reason: trimmed(MAX_REASON, `Reason must be ${MAX_REASON} characters or fewer`),
    outcome: z.enum(OUTCOMES, { error: 'Select the outcome of the contact' }),
    avoidable: z.enum(['yes', 'no'], { error: 'Select yes if the contact was avoidable' }),
    avoidableType: z.union([z.enum(AVOIDABLE_TYPES), z.literal('')], { error: 'Select why the contact was avoidable' }),
    durationMinutes: wholeNumber(1440, 'Minutes must be a whole number from 0 to 1440'),
    durationSeconds: wholeNumber(59, 'Seconds must be a whole number from 0 to 59'),
    caseReference,
  })
  .superRefine((form, ctx) => {
    const issue = avoidableIssue(form);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue[0]], message: issue[1] });
    const seconds = durationOf(form.durationMinutes, form.durationSeconds);
    if (seconds !== undefined && seconds > MAX_DURATION_SECONDS) ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'Duration must be 24 hours or less' });
  });

/** The rule of the avoidable-contact measure: a contact counted as avoidable says why. */
function avoidableIssue(form: { avoidable?: unknown; avoidableType?: unknown }): Issue | undefined {
  return form.avoidable === 'yes' && !form.avoidableType ? ['avoidableType', 'Select why the contact was avoidable'] : undefined;
}

/** Minutes and seconds as typed -> seconds; nothing typed -> not recorded. */
export function durationOf(minutes: number | undefined, seconds: number | undefined): number | undefined {
  if (minutes === undefined && seconds === undefined) return undefined;
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

export interface ContactForm {
  channel: ContactChannel;
  direction: Direction;
  receivedAt: Date;
  locationId?: string;
  serviceId?: string;
  requestTypeId?: string;
  reason?: string;
  outcome: Outcome;
  avoidable: boolean;
  avoidableType?: AvoidableType;
  durationSeconds?: number;
  caseReference?: string;
}

export type FormReading<T> = FormResult<T> & { dateParts: DatePart[] };

/** Field name -> the id of the input the error summary links to (a date's first box). */
export const fieldAnchor = (field: string): string => ({ receivedDate: 'receivedDate-day', customerId: 'q' })[field] ?? field;

function withIssues(errors: FormErrors | undefined, issues: Issue[]): FormErrors | undefined {
  if (!issues.length) return errors;
  const merged: FormErrors = { summary: [...(errors?.summary ?? [])], fields: { ...errors?.fields } };
  for (const [field, text] of issues) {
    if (merged.fields[field]) continue;
    merged.fields[field] = { text };
    merged.summary.push({ text, href: `#${fieldAnchor(field)}` });
  }
  return merged;
}

const formInput = (body: Body, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, first(body[name])]));

/** The log-a-contact form's body -> a contact, or every problem in the order of the page. */
export function readContactForm(body: Body, now: Date): FormReading<ContactForm> {
  const input = formInput(body, ['channel', 'direction', 'locationId', 'serviceChoice', 'reason', 'outcome', 'avoidable', 'avoidableType', 'durationMinutes', 'durationSeconds', 'caseReference']);
  // An unset radio is posted as nothing: undefined gives the schema's "select" message.
  for (const radio of ['channel', 'direction', 'outcome', 'avoidable']) if (input[radio] === '') delete input[radio];
  const parsed = contactFormSchema.safeParse(input);
  const when = readWhen(body, now, true);
  // zod skips the object's refinements when a field fails: the avoidable rule is asked here too.
  const avoidable = parsed.success ? [] : [avoidableIssue(input)].filter((i): i is Issue => !!i);
  const errors = withIssues(parsed.success ? undefined : toFormErrors(parsed.error, fieldAnchor), [...avoidable, ...when.issues]);
  if (errors || !parsed.success || !when.at) return { ok: false, errors: errors ?? { summary: [], fields: {} }, dateParts: when.dateParts };
  const f = parsed.data;
  const durationSeconds = durationOf(f.durationMinutes, f.durationSeconds);
  return {
    ok: true,
    dateParts: [],
    value: {
      channel: f.channel,
      direction: f.direction,
      receivedAt: when.at,
      ...(f.locationId && { locationId: f.locationId }),
      ...(f.serviceChoice.serviceId && { serviceId: f.serviceChoice.serviceId }),
      ...(f.serviceChoice.requestTypeId && { requestTypeId: f.serviceChoice.requestTypeId }),
      ...(f.reason && { reason: f.reason }),
      outcome: f.outcome,
      avoidable: f.avoidable === 'yes',
      ...(f.avoidable === 'yes' && f.avoidableType && { avoidableType: f.avoidableType }),
      ...(durationSeconds !== undefined && { durationSeconds }),
      ...(f.caseReference && { caseReference: f.caseReference }),
    },
  };
}

// ---- the mail room's letter

export const MAX_SENDER_NAME = 200;
export const MAX_SENDER_ADDRESS = 500;
export const MAX_SUMMARY = 2000;

export const letterFormSchema = z.object({
  senderName: trimmed(MAX_SENDER_NAME, `Sender’s name must be ${MAX_SENDER_NAME} characters or fewer`),
  senderAddress: trimmed(MAX_SENDER_ADDRESS, `Sender’s address must be ${MAX_SENDER_ADDRESS} characters or fewer`),
  customerId: optionalId('Choose the customer from the search results'),
  caseReference,
  locationId: optionalId('Select the location from the list'),
  summary: trimmed(MAX_SUMMARY, `Summary must be ${MAX_SUMMARY} characters or fewer`).min(1, 'Enter a short summary of the letter'),
});

export interface LetterForm {
  receivedAt: Date;
  senderName?: string;
  senderAddress?: string;
  customerId?: string;
  caseReference?: string;
  locationId?: string;
  summary: string;
}

export function readLetterForm(body: Body, now: Date): FormReading<LetterForm> {
  const parsed = letterFormSchema.safeParse(formInput(body, ['senderName', 'senderAddress', 'customerId', 'caseReference', 'locationId', 'summary']));
  const when = readWhen(body, now, false);
  const errors = withIssues(parsed.success ? undefined : toFormErrors(parsed.error, fieldAnchor), when.issues.map(([, m]) => ['receivedDate', m.replace('Date of the contact', 'Date received')]));
  if (errors || !parsed.success || !when.at) return { ok: false, errors: errors ?? { summary: [], fields: {} }, dateParts: when.dateParts };
  const f = parsed.data;
  return {
    ok: true,
    dateParts: [],
    value: {
      receivedAt: when.at,
      ...(f.senderName && { senderName: f.senderName }),
      ...(f.senderAddress && { senderAddress: f.senderAddress }),
      ...(f.customerId && { customerId: f.customerId }),
      ...(f.caseReference && { caseReference: f.caseReference }),
      ...(f.locationId && { locationId: f.locationId }),
      summary: f.summary,
    },
  };
}

// ---- locations

export const locationSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter a code, like town_hall')
    .max(60, 'Code must be 60 characters or fewer')
    .regex(/^[a-z][a-z0-9_]*$/, 'Code must start with a letter and use only lower-case letters, numbers and underscores, like town_hall'),
  name: z.string().trim().min(1, 'Enter the location’s name').max(200, 'Name must be 200 characters or fewer'),
  kind: z.enum(LOCATION_KINDS, { error: 'Select the kind of location' }),
  address: z.string().trim().max(500, 'Address must be 500 characters or fewer').transform((v) => v || null),
  active: z.preprocess((v) => v === undefined || v === '' || v === 'yes' || v === true, z.boolean()),
});
export type LocationInput = z.output<typeof locationSchema>;

// ---- the measures' period

export type MeasureGrouping = 'channel' | 'service' | 'advisor' | 'location' | 'month';
export const MEASURE_GROUPINGS: readonly MeasureGrouping[] = ['channel', 'service', 'advisor', 'location', 'month'];
export const GROUPING_NAMES: Record<MeasureGrouping, string> = { channel: 'Channel', service: 'Service', advisor: 'Advisor', location: 'Location', month: 'Month' };

/** The calendar quarter that holds `today` (councils' financial quarters start on the same days). */
export function quarterOf(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const year = Number(today.slice(0, 4));
  const startMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return { from: `${year}-${pad(startMonth)}-01`, to: `${year}-${pad(endMonth)}-${pad(lastDay)}` };
}

/** "2026-04-01" or "1/4/2026" -> a LocalDate; undefined when it is not a real date. */
export function parseDayText(text: string): LocalDate | undefined {
  const value = text.trim();
  if (isSupportedDate(value)) return value;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!match) return undefined;
  const date = `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}`;
  return isSupportedDate(date) ? date : undefined;
}
