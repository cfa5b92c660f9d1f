// The working calendar's shapes and pure rules: what a closure day is, how what an administrator
// types becomes a date or a time, which days may be added, and what changed between two versions.
// No I/O here: the service checks input with these before it touches the database.
import {
  HOLIDAY_SOURCE,
  MAX_YEAR,
  MIN_YEAR,
  NATION_NAMES,
  WORKING_WEEKDAYS,
  bankHolidays,
  isNation,
  type Calendar,
  type CalendarConfig,
  type LocalDate,
  type LocalTime,
  type Nation,
  type OpeningHours,
  type WorkingWeekday,
} from '../../time/index.js';
// Internals of the time module: London wall time to an instant is not (yet) in its public index.
import { DAY_MS, dayFromIso, msFromTime } from '../../time/local-date.js';
import { instantFromLondonWall } from '../../time/london.js';
import { dateFromParts, isSupportedDate, type DatePart, type DateParts } from '../../platform/web/date-input.js';

export const DAY_KINDS = ['closure', 'extra_holiday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const DAY_KIND_NAMES: Readonly<Record<DayKind, string>> = {
  closure: 'closure day',
  extra_holiday: 'extra holiday',
};

export const REASON_MAX = 200;

/** A day the council does not work although it is a weekday and not a bank holiday of its nation. */
export interface CalendarDay {
  date: LocalDate;
  kind: DayKind;
  reason: string;
  addedBy: string;
  addedAt: Date;
}

export interface NewCalendarDay {
  date: LocalDate;
  kind: DayKind;
  reason: string;
}

export interface OpeningHoursSettings {
  openingHours: OpeningHours;
  /** null: a request after that day's closing time counts from the next working day. */
  cutOffTime: LocalTime | null;
}

/** What a version row stores: enough to rebuild the calendar, and the holiday data it was built on. */
export interface StoredCalendarConfig {
  nation: Nation;
  closureDays: LocalDate[];
  extraHolidays: LocalDate[];
  openingHours: OpeningHours | null;
  cutOffTime: LocalTime | null;
  holidaySource: string;
}

export interface CalendarVersionRef {
  id: string;
  fingerprint: string;
}

export interface CalendarVersion extends CalendarVersionRef {
  config: StoredCalendarConfig;
  reason: string;
  createdAt: Date;
  createdBy: string;
}

/** The council's calendar as it is now, and the version row that names it. */
export interface WorkingCalendar {
  calendar: Calendar;
  version: CalendarVersionRef;
}

/** Messages by form field id, in the order the fields appear on the page. */
export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

// Dates as the GOV.UK date input asks for them: read in platform/web (the audit trail uses them too).
export { DATE_PARTS, dateFromParts, datePartsOf, isSupportedDate, type DateParse, type DatePart, type DateParts } from '../../platform/web/date-input.js';

const pad = (n: number) => String(n).padStart(2, '0');

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "Tuesday 29 December 2026". A LocalDate has no time zone, so it is formatted as a UTC date. */
export function formatLocalDate(date: LocalDate): string {
  return longDate.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
}

export function weekdayName(date: LocalDate): string {
  return formatLocalDate(date).split(' ')[0]!;
}

export function nextDate(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function isWeekendDate(date: LocalDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

// ---------------------------------------------------------------------------------------------
// Times of day.

/** '8:30', '08:30', '8.30' or '0830' -> '08:30'; undefined unless a time from 00:00 to 23:59. */
export function parseTimeOfDay(text: string): LocalTime | undefined {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours <= 23 && minutes <= 59 ? `${pad(hours)}:${pad(minutes)}` : undefined;
}

const minutesOf = (time: LocalTime) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

// ---------------------------------------------------------------------------------------------
// Checking what an administrator asks for. Field ids are those of the forms, so the service's
// messages land beside the right box whoever calls it.

function reasonProblem(reason: string, missing: string): string | undefined {
  if (reason === '') return missing;
  if (reason.length > REASON_MAX) return `Reason must be ${REASON_MAX} characters or fewer`;
  return undefined;
}

export function checkNewDay(input: { date?: unknown; kind?: unknown; reason?: unknown }): Checked<NewCalendarDay> {
  const errors: FieldErrors = {};
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!isSupportedDate(input.date)) errors.date = `Enter a real date between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (!DAY_KINDS.includes(input.kind as DayKind)) errors.kind = 'Choose whether the council is closed or it is an extra bank holiday';
  const problem = reasonProblem(reason, 'Enter the reason the council is closed that day');
  if (problem) errors.reason = problem;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { date: input.date as LocalDate, kind: input.kind as DayKind, reason } };
}

export function checkRemoval(input: { reason?: unknown }): Checked<{ reason: string }> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  const problem = reasonProblem(reason, 'Enter why the day is being removed');
  return problem ? { ok: false, errors: { reason: problem } } : { ok: true, value: { reason } };
}

/**
 * Why a date cannot be added to a nation's calendar, or undefined. A weekend or a bank holiday is
 * not a working day already, so adding it would change nothing and only mislead whoever reads it.
 */
export function dayProblem(date: LocalDate, nation: Nation, existing: CalendarDay | undefined): string | undefined {
  const written = formatLocalDate(date);
  if (existing) return `${written} is already ${existing.kind === 'closure' ? 'a closure day' : 'an extra holiday'}`;
  if (isWeekendDate(date)) return `${written} is a ${weekdayName(date)}, which is not a working day: choose a date from Monday to Friday`;
  const holiday = bankHolidays(nation, Number(date.slice(0, 4))).find((h) => h.date === date);
  if (holiday) return `${written} is already a bank holiday in ${NATION_NAMES[nation]} (${holiday.name})`;
  return undefined;
}

export interface OpeningHoursInput {
  hours: Partial<Record<WorkingWeekday, { opens?: string; closes?: string }>>;
  cutOffTime?: string | null;
  reason?: string;
}

const WEEKDAY_NAMES: Readonly<Record<WorkingWeekday, string>> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
};

export function weekdayLabel(weekday: WorkingWeekday): string {
  return WEEKDAY_NAMES[weekday];
}

function checkDayHours(weekday: WorkingWeekday, given: { opens?: string; closes?: string } | undefined, errors: FieldErrors) {
  const name = WEEKDAY_NAMES[weekday];
  const [opensText, closesText] = [given?.opens?.trim() ?? '', given?.closes?.trim() ?? ''];
  const opens = parseTimeOfDay(opensText);
  const closes = parseTimeOfDay(closesText);
  if (!opens) errors[`${weekday}-opens`] = opensText === '' ? `Enter the time the council opens on ${name}` : `${name}’s opening time must be a time like 08:30`;
  if (!closes) errors[`${weekday}-closes`] = closesText === '' ? `Enter the time the council closes on ${name}` : `${name}’s closing time must be a time like 17:00`;
  else if (opens && minutesOf(opens) >= minutesOf(closes)) errors[`${weekday}-closes`] = `${name}’s closing time must be after its opening time`;
  return opens && closes ? { open: opens, close: closes } : undefined;
}

/** Opening hours for every weekday (open before close, HH:MM) and an optional cut-off. */
export function checkOpeningHours(input: OpeningHoursInput): Checked<OpeningHoursSettings & { reason: string }> {
  const errors: FieldErrors = {};
  const hours: Partial<Record<WorkingWeekday, { open: LocalTime; close: LocalTime }>> = {};
  for (const weekday of WORKING_WEEKDAYS) {
    const day = checkDayHours(weekday, input.hours[weekday], errors);
    if (day) hours[weekday] = day;
  }
  const cutOffText = input.cutOffTime?.trim() ?? '';
  const cutOffTime = cutOffText === '' ? null : (parseTimeOfDay(cutOffText) ?? undefined);
  if (cutOffTime === undefined) errors.cutOffTime = 'Cut-off time must be a time like 16:00, or left empty';
  else if (cutOffTime !== null && Object.keys(hours).length === WORKING_WEEKDAYS.length) {
    // A cut-off before the council opens would push every request to the next working day.
    const latestOpening = Math.max(...Object.values(hours).map((h) => minutesOf(h.open)));
    if (minutesOf(cutOffTime) <= latestOpening) errors.cutOffTime = 'Cut-off time must be after the council opens every day';
  }
  const reason = input.reason?.trim() ?? '';
  const problem = reasonProblem(reason, 'Enter the reason the hours are changing');
  if (problem) errors.reason = problem;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { openingHours: hours as OpeningHours, cutOffTime: cutOffTime ?? null, reason } };
}

// ---------------------------------------------------------------------------------------------
// Configurations and versions.

export function calendarConfigOf(nation: Nation, days: readonly CalendarDay[], settings: OpeningHoursSettings): CalendarConfig {
  return {
    nation,
    closureDays: days.filter((d) => d.kind === 'closure').map((d) => d.date),
    extraHolidays: days.filter((d) => d.kind === 'extra_holiday').map((d) => d.date),
    openingHours: settings.openingHours,
    ...(settings.cutOffTime === null ? {} : { cutOffTime: settings.cutOffTime }),
  };
}

/**
 * A string that is equal for equal configurations whatever the order of their days, so a built
 * Calendar can be found again without building it (its fingerprint follows from the same inputs).
 */
export function configKey(config: CalendarConfig): string {
  const hours = config.openingHours;
  return JSON.stringify([
    config.nation,
    [...(config.closureDays ?? [])].sort(),
    [...(config.extraHolidays ?? [])].sort(),
    hours ? WORKING_WEEKDAYS.map((d) => [hours[d].open, hours[d].close]) : null,
    config.cutOffTime ?? null,
  ]);
}

export function storedConfigOf(calendar: Calendar): StoredCalendarConfig {
  return {
    nation: calendar.nation,
    closureDays: [...calendar.closureDays],
    extraHolidays: [...calendar.extraHolidays],
    openingHours: calendar.openingHours ?? null,
    cutOffTime: calendar.cutOffTime ?? null,
    holidaySource: HOLIDAY_SOURCE,
  };
}

/** Rebuilds the configuration a version stored (with today's holiday data: see `holidaySource`). */
export function configOfStored(stored: StoredCalendarConfig): CalendarConfig {
  if (!isNation(stored.nation)) throw new RangeError(`Stored calendar has an unknown nation ${JSON.stringify(stored.nation)}`);
  return {
    nation: stored.nation,
    closureDays: stored.closureDays,
    extraHolidays: stored.extraHolidays,
    ...(stored.openingHours ? { openingHours: stored.openingHours } : {}),
    ...(stored.cutOffTime ? { cutOffTime: stored.cutOffTime } : {}),
  };
}

/**
 * Why the calendar differs from the last version recorded, for a version written on first use
 * (the council's nation or the bank holiday data changed without going through these pages).
 */
export function describeDifference(before: StoredCalendarConfig | undefined, after: StoredCalendarConfig): string {
  if (!before) return 'Calendar recorded for the first time';
  const reasons: string[] = [];
  if (before.nation !== after.nation) reasons.push(`Nation changed from ${NATION_NAMES[before.nation] ?? before.nation} to ${NATION_NAMES[after.nation]}`);
  if (before.holidaySource !== after.holidaySource) reasons.push(`Bank holiday data updated to ${after.holidaySource}`);
  // Compared through configKey, because jsonb does not keep an object's key order.
  if (configKey({ ...configOfStored(before), nation: after.nation }) !== configKey(configOfStored(after))) {
    reasons.push('Closure days or opening hours changed outside CharterDesk');
  }
  return reasons.length ? reasons.join('; ') : 'Bank holiday corrections changed';
}

// ---------------------------------------------------------------------------------------------
// The working-day calculator.

export const CALCULATOR_MAX_DAYS = 250;

export type CalculationCheck =
  | { ok: true; value: { receivedAt: Date; days: number } }
  | { ok: false; errors: FieldErrors; dateParts: DatePart[] };

/** The instant London clocks show `time` on `date` (the earlier one in the October overlap). */
export function londonInstant(date: LocalDate, time: LocalTime): Date {
  return new Date(instantFromLondonWall(dayFromIso(date) * DAY_MS + msFromTime(time)));
}

/** Received date (GOV.UK date input), optional time (empty: the start of the day) and a number of working days. */
export function checkCalculation(input: DateParts & { time: string; days: string }): CalculationCheck {
  const errors: FieldErrors = {};
  const date = dateFromParts(input, 'Date received');
  if (!date.ok) errors.received = date.message;
  const timeText = input.time.trim();
  const time = timeText === '' ? '00:00' : parseTimeOfDay(timeText);
  if (!time) errors.time = 'Time received must be a time like 14:30, or left empty';
  const daysText = input.days.trim();
  const days = /^\d{1,3}$/.test(daysText) ? Number(daysText) : NaN;
  if (daysText === '') errors.days = 'Enter the number of working days';
  else if (!(days <= CALCULATOR_MAX_DAYS)) errors.days = `Number of working days must be a whole number from 0 to ${CALCULATOR_MAX_DAYS}`;
  if (!date.ok || !time || Object.keys(errors).length) return { ok: false, errors, dateParts: date.ok ? [] : date.parts };
  try {
    return { ok: true, value: { receivedAt: londonInstant(date.date, time), days } };
  } catch (error) {
    // The last day or two of 2100: London's offset is only known up to the end of the supported range.
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, errors: { received: `Date received must be before December ${MAX_YEAR}` }, dateParts: ['year'] };
  }
}
