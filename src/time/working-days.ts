/**
 * Working-day and calendar-day arithmetic, reckoned in London.
 *
 * Day of receipt is day 0. A request received on a non-working day, or on a working day after
 * the cut-off, starts on the next working day, which is then day 0. A due date's instant is the
 * end of that London day (23:59:59.999), whatever the opening hours: standards promise a day
 * ("within 5 working days"), so anything done on the due date is on time, and measuring a
 * standard agrees with the dates the customer was told.
 */
import type { Calendar } from './calendar.js';
import { DAY_MS, addMonthsToDay, dayFromIso, isoFromDay, weekdayOfDay, type LocalDate } from './local-date.js';
import { instantFromLondonWall, londonDay, londonWallMs } from './london.js';

export interface DueDate {
  /** Day 0 of the count, 'YYYY-MM-DD'. */
  readonly startDate: LocalDate;
  readonly dueDate: LocalDate;
  /** The end of the due date: 23:59:59.999 London time. */
  readonly dueAt: Date;
  /** Fingerprint of the calendar that produced it, to trace and to recalculate. */
  readonly calendar: string;
}

export function instantOf(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function assertCount(n: number, what: string): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`${what} must be a whole number 0 or more, not ${n}`);
}

/** The London date of an instant. */
export function londonDate(instant: Date): LocalDate {
  return isoFromDay(londonDay(instantOf(instant)));
}

/** The last millisecond of a London day. */
export function endOfDayMs(day: number): number {
  return instantFromLondonWall((day + 1) * DAY_MS) - 1;
}

export function endOfLondonDay(date: LocalDate): Date {
  return new Date(endOfDayMs(dayFromIso(date)));
}

export function isWorkingDay(calendar: Calendar, date: LocalDate): boolean {
  return calendar.workingDays.isWorking(dayFromIso(date));
}

/** The date itself if it is a working day, otherwise the next working day. */
export function workingDayOnOrAfter(calendar: Calendar, date: LocalDate): LocalDate {
  return isoFromDay(calendar.workingDays.onOrAfter(dayFromIso(date)));
}

/** Day 0 for an instant of receipt: its London day, or the next working day. */
export function startDay(calendar: Calendar, instant: number): number {
  const wall = londonWallMs(instant);
  const day = Math.floor(wall / DAY_MS);
  const afterCutOff = wall - day * DAY_MS > calendar.cutOffs[weekdayOfDay(day)]!;
  return calendar.workingDays.onOrAfter(afterCutOff ? day + 1 : day);
}

export function dueDateOf(calendar: Calendar, start: number, due: number): DueDate {
  return {
    startDate: isoFromDay(start),
    dueDate: isoFromDay(due),
    dueAt: new Date(endOfDayMs(due)),
    calendar: calendar.fingerprint,
  };
}

/** Due date n working days after receipt ("acknowledge within 5 working days"). */
export function addWorkingDays(calendar: Calendar, receivedAt: Date, n: number): DueDate {
  assertCount(n, 'Working days');
  const start = startDay(calendar, instantOf(receivedAt));
  return dueDateOf(calendar, start, calendar.workingDays.add(start, n));
}

/**
 * Working days from receipt `a` to `b`, counted as addWorkingDays counts them: from day 0 of
 * `a` to b's London date, so workingDaysBetween(a, addWorkingDays(a, n).dueAt) is n.
 * Negative when b's date is before day 0.
 */
export function workingDaysBetween(calendar: Calendar, a: Date, b: Date): number {
  const start = startDay(calendar, instantOf(a));
  return calendar.workingDays.countBetween(start, londonDay(instantOf(b)));
}

/**
 * Calendar-day and calendar-month limits run from the London date of receipt, working day or
 * not, with no cut-off (as the ICO reckons subject access requests); a due date that is not a
 * working day moves to the next working day.
 */
function calendarDue(calendar: Calendar, receivedAt: Date, step: (day: number) => number): DueDate {
  const start = londonDay(instantOf(receivedAt));
  return dueDateOf(calendar, start, calendar.workingDays.onOrAfter(step(start)));
}

export function addCalendarDays(calendar: Calendar, receivedAt: Date, n: number): DueDate {
  assertCount(n, 'Calendar days');
  return calendarDue(calendar, receivedAt, (day) => day + n);
}

/** The corresponding date `months` later (31 Jan + 1 month = end of February), then the next working day. */
export function addCalendarMonths(calendar: Calendar, receivedAt: Date, months: number): DueDate {
  assertCount(months, 'Calendar months');
  return calendarDue(calendar, receivedAt, (day) => addMonthsToDay(day, months));
}
