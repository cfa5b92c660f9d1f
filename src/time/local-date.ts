/**
 * London business dates as integers.
 *
 * Internally a date is an "epoch day": whole days since 1970-01-01. That turns date arithmetic
 * into integer arithmetic and lets the working-day index be a plain array. At the edges of the
 * module dates are written 'YYYY-MM-DD' (`LocalDate`), the form the database and forms use.
 */

/** A London business date, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** A London wall-clock time of day, 'HH:MM' (24-hour). */
export type LocalTime = string;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** Years the module supports; bank-holiday data and the precomputed tables cover exactly these. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export function dayFromYmd(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

/** Epoch day of 1 January of each supported year, plus the year after, for O(1) year lookups. */
const YEAR_START = Int32Array.from({ length: MAX_YEAR - MIN_YEAR + 2 }, (_, i) =>
  dayFromYmd(MIN_YEAR + i, 1, 1),
);
export const FIRST_DAY = YEAR_START[0]!;
export const LAST_DAY = YEAR_START[YEAR_START.length - 1]! - 1;

export function yearStartDay(year: number): number {
  assertSupportedYear(year);
  return YEAR_START[year - MIN_YEAR]!;
}

export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

export function assertSupportedDay(day: number): void {
  if (!(day >= FIRST_DAY && day <= LAST_DAY)) {
    throw new RangeError(
      `Date ${Number.isFinite(day) ? isoFromDay(day) : String(day)} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`,
    );
  }
}

/** The year a supported epoch day falls in: an estimate from the mean year length, then one correction. */
export function yearOfDay(day: number): number {
  assertSupportedDay(day);
  let i = Math.floor((day - FIRST_DAY) / 365.2425);
  if (day < YEAR_START[i]!) i -= 1;
  else if (day >= YEAR_START[i + 1]!) i += 1;
  return MIN_YEAR + i;
}

/** 0 = Sunday ... 6 = Saturday, as `Date#getUTCDay`. 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const weekday = weekdayOfDay(day);
  return weekday === 0 || weekday === 6;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' strictly: a well-formed string naming a real date, or a RangeError. */
export function dayFromIso(date: LocalDate): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const day = dayFromYmd(year, month, dayOfMonth);
    // Date.UTC rolls 31 February over into March; a round trip catches that.
    if (isoFromDay(day) === date) return day;
  }
  throw new RangeError(`Not a valid date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
}

/** Formatting is a hot path (every due date), so supported days' strings are kept once made. */
const ISO_CACHE: (string | undefined)[] = new Array<string | undefined>(LAST_DAY - FIRST_DAY + 1).fill(undefined);

export function isoFromDay(day: number): LocalDate {
  const slot = day - FIRST_DAY;
  const cached = ISO_CACHE[slot];
  if (cached !== undefined) return cached;
  const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (slot >= 0 && day <= LAST_DAY) ISO_CACHE[slot] = iso;
  return iso;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The corresponding date `months` later: the same day of the month, or the last day of the
 * month when it has no such day (31 January + 1 month is 28 or 29 February), as the ICO
 * reckons the time limit for a subject access request.
 */
export function addMonthsToDay(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const monthIndex = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex - 12 * Math.floor(monthIndex / 12) + 1;
  return dayFromYmd(year, month, Math.min(date.getUTCDate(), daysInMonth(year, month)));
}

const TIME_OF_DAY = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses 'HH:MM' to milliseconds after midnight; '24:00' is allowed as a closing time. */
export function msFromTime(time: LocalTime): number {
  const match = TIME_OF_DAY.exec(time);
  const ms = match ? Number(match[1]) * HOUR_MS + Number(match[2]) * MINUTE_MS : NaN;
  if (!(ms <= DAY_MS)) throw new RangeError(`Not a valid time 'HH:MM': ${JSON.stringify(time)}`);
  return ms;
}
