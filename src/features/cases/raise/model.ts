// What an advisor records about a request beside the request type's own questions: how it reached
// us and when, where the problem is, and (for a letter) the scanned letter. Pure: the caller passes
// the clock.
import { z } from 'zod';
import type { FormErrors } from '../../../platform/web/forms.js';
import { DAY_MS } from '../../../time/local-date.js';
import { londonWallMs } from '../../../time/london.js';
import { londonDate } from '../../../time/index.js';
import { dateFromParts, datePartsOf, londonInstant, parseTimeOfDay, type DatePart, type DateParts } from '../../calendar/model.js';
import type { Answers, LocationAnswer } from '../../charter/fields/answers.js';
import { sortFields, type FieldDefinition } from '../../charter/fields/model.js';
import { MAX_ADDRESS_LENGTH } from '../../charter/fields/readers.js';
import { CHANNEL_NAMES, CHANNELS, type Channel } from '../../charter/model.js';
import type { CaseLocation } from '../service.js';

// Input names that a request type's field code ([a-z][a-z0-9_]*) can never take, so the advisor's
// own boxes never clash with the request type's questions on the same form.
export const INPUTS = {
  channel: 'contactChannel',
  receivedDate: 'receivedDate',
  receivedTime: 'receivedTime',
  address: 'locationAddress',
  uprn: 'locationUprn',
  latitude: 'locationLatitude',
  longitude: 'locationLongitude',
  scannedLetter: 'scannedLetter',
} as const;

/** Residents reach the web form and Open311 themselves; an advisor logs every other channel. */
export type AdvisorChannel = Exclude<Channel, 'web' | 'open311'>;
export const ADVISOR_CHANNELS: readonly AdvisorChannel[] = CHANNELS.filter((c): c is AdvisorChannel => c !== 'web' && c !== 'open311');

export const channelItems = (chosen: unknown) => ADVISOR_CHANNELS.map((value) => ({ value, text: CHANNEL_NAMES[value], checked: value === chosen }));

/**
 * The scanned letter, read by the same field engine and upload machinery as a request type's own
 * file questions; it becomes an attachment of the case, not an answer.
 */
export const SCANNED_LETTER: FieldDefinition = {
  code: INPUTS.scannedLetter,
  label: 'Scanned letter',
  type: 'attachment',
  required: false,
  hint: 'For a letter only. Add the scan so the team sees what the customer wrote.',
  order: 0,
};

type Body = Record<string, string | string[]>;
const text = (body: Body, name: string): string => {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

function fieldErrors(messages: [field: string, message: string, anchor?: string][]): FormErrors | undefined {
  if (!messages.length) return undefined;
  return {
    summary: messages.map(([field, message, anchor]) => ({ text: message, href: `#${anchor ?? field}` })),
    fields: Object.fromEntries(messages.map(([field, message]) => [field, { text: message }])),
  };
}

// ---- how and when it reached us

export interface Receipt {
  channel: AdvisorChannel;
  receivedAt: Date;
}

export type ReceiptReading = { ok: true; value: Receipt } | { ok: false; errors: FormErrors; dateParts: DatePart[] };

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's date and the time now, in London: what the form starts with. */
export function receiptDefaults(now: Date): Body {
  const parts = datePartsOf(londonDate(now));
  const minutes = Math.floor((((londonWallMs(now.getTime()) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return {
    [`${INPUTS.receivedDate}-day`]: parts.day,
    [`${INPUTS.receivedDate}-month`]: parts.month,
    [`${INPUTS.receivedDate}-year`]: parts.year,
    [INPUTS.receivedTime]: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
  };
}

/** The channel and the date and time received: when it arrived, which may be before today (a letter), never after now. */
export function readReceipt(body: Body, now: Date): ReceiptReading {
  const messages: [string, string, string?][] = [];
  const channel = ADVISOR_CHANNELS.find((c) => c === text(body, INPUTS.channel));
  if (!channel) messages.push([INPUTS.channel, 'Select how the customer contacted us']);
  const parts: DateParts = { day: text(body, `${INPUTS.receivedDate}-day`), month: text(body, `${INPUTS.receivedDate}-month`), year: text(body, `${INPUTS.receivedDate}-year`) };
  const date = dateFromParts(parts, 'Date received');
  const timeText = text(body, INPUTS.receivedTime).trim();
  const time = parseTimeOfDay(timeText);
  let dateParts: DatePart[] = [];
  if (!date.ok) {
    dateParts = date.parts;
    messages.push([INPUTS.receivedDate, date.message, `${INPUTS.receivedDate}-${date.parts[0] ?? 'day'}`]);
  } else if (date.date > londonDate(now)) {
    dateParts = ['day', 'month', 'year'];
    messages.push([INPUTS.receivedDate, 'Date received must be today or in the past', `${INPUTS.receivedDate}-day`]);
  }
  if (!time) messages.push([INPUTS.receivedTime, timeText === '' ? 'Enter the time received, like 14:30' : 'Time received must be a time like 14:30']);
  else if (date.ok && date.date === londonDate(now) && londonInstant(date.date, time) > now) messages.push([INPUTS.receivedTime, 'Time received must be now or earlier']);
  const errors = fieldErrors(messages);
  if (errors || !channel || !date.ok || !time) return { ok: false, errors: errors ?? { summary: [], fields: {} }, dateParts };
  return { ok: true, value: { channel, receivedAt: londonInstant(date.date, time) } };
}

// ---- where it is

const optionalNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || (/^[-+]?\d+(\.\d+)?$/.test(v) && Number(v) >= min && Number(v) <= max), message)
    .transform((v) => (v === '' ? undefined : Number(v)));

const blankToUndefined = (v: string) => (v === '' ? undefined : v);

export const placeSchema = z
  .object({
    [INPUTS.address]: z.string().trim().max(MAX_ADDRESS_LENGTH, `Address or description must be ${MAX_ADDRESS_LENGTH} characters or fewer`).transform(blankToUndefined),
    [INPUTS.uprn]: z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d{1,12}$/.test(v), 'UPRN must be a number of up to 12 digits')
      .transform(blankToUndefined),
    [INPUTS.latitude]: optionalNumber(-90, 90, 'Latitude must be a number from -90 to 90, like 52.6309'),
    [INPUTS.longitude]: optionalNumber(-180, 180, 'Longitude must be a number from -180 to 180, like -1.1323'),
  })
  .superRefine((place, ctx) => {
    const [lat, lng] = [place[INPUTS.latitude], place[INPUTS.longitude]];
    if ((lat === undefined) !== (lng === undefined)) {
      ctx.addIssue({ code: 'custom', path: [lat === undefined ? INPUTS.latitude : INPUTS.longitude], message: 'Enter both the latitude and the longitude, or neither' });
    }
  });

/** Reads the advisor's location boxes; a box left out of the post is empty. */
export function readPlace(body: Body) {
  return placeSchema.safeParse(Object.fromEntries([INPUTS.address, INPUTS.uprn, INPUTS.latitude, INPUTS.longitude].map((name) => [name, text(body, name)])));
}

export type Place = z.output<typeof placeSchema>;

/** The request type's first location question, whose answer says where the problem is. */
export const locationField = (fields: readonly FieldDefinition[]): FieldDefinition | undefined => sortFields(fields).find((f) => f.type === 'location');

/**
 * Where the case is: the location question's answer, made exact by what the advisor adds (a UPRN
 * from the address search, a position from the map). Undefined when nothing places it.
 */
export function caseLocation(fields: readonly FieldDefinition[], answers: Answers, place: Place): CaseLocation | undefined {
  const field = locationField(fields);
  const answer = (field ? answers[field.code] : undefined) as LocationAnswer | undefined;
  const address = place[INPUTS.address] ?? ([answer?.address, answer?.postcode].filter(Boolean).join(', ') || undefined);
  const uprn = place[INPUTS.uprn] ?? answer?.uprn;
  const latitude = place[INPUTS.latitude] ?? answer?.lat;
  const longitude = place[INPUTS.longitude] ?? answer?.lng;
  const location: CaseLocation = {
    ...(address && { address }),
    ...(uprn && { uprn }),
    ...(latitude !== undefined && longitude !== undefined && { latitude, longitude }),
  };
  return Object.keys(location).length ? location : undefined;
}

// ---- the reference, read out

const PHONETIC: Record<string, string> = {
  A: 'Alpha', B: 'Bravo', C: 'Charlie', D: 'Delta', E: 'Echo', F: 'Foxtrot', G: 'Golf', H: 'Hotel', J: 'Juliett', K: 'Kilo', L: 'Lima', M: 'Mike', N: 'November',
  P: 'Papa', Q: 'Quebec', R: 'Romeo', S: 'Sierra', T: 'Tango', U: 'Uniform', V: 'Victor', W: 'Whiskey', X: 'X-ray', Y: 'Yankee', Z: 'Zulu',
};

/** "H for Hotel, N for November, 4, K for Kilo, then 7, ...": a reference as an advisor reads it over the phone. */
export function readOut(reference: string): string[] {
  return reference.split('-').map((group) => [...group].map((c) => (PHONETIC[c] ? `${c} for ${PHONETIC[c]}` : c)).join(', '));
}
