// Reporting periods: a London month, a calendar quarter or a council's financial year (April to
// March), each with a key that survives a URL and a CSV ("2026-10", "2026-Q4", "2026-27"), the
// first instant of the period and the first instant of the next one (a half-open range), and the
// words readers see. Pure: no clock is read here; callers pass `now`.
import { endOfLondonDay, londonDate, MAX_YEAR, MIN_YEAR } from '../../time/index.js';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** "2026-10" (October 2026), "2026-Q4" (October to December 2026), "2026-27" (April 2026 to March 2027). */
  key: string;
  /** The first instant of the period in London, and the first instant of the next one. */
  from: Date;
  to: Date;
  /** "October 2026", "October to December 2026", "April 2026 to March 2027". */
  label: string;
  /** A short label for a chart's axis: "Oct 2026", "Q4 2026" (calendar), "2026/27". */
  shortLabel: string;
  /** The first and last London days, "2026-10-01" and "2026-12-31". */
  firstDay: string;
  lastDay: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const isoDay = (year: number, month: number, day: number): string => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

/** The first instant of a London date (month 1–12, may run past 12; day 0 is the month before's last). */
const startOfLondonDay = (year: number, month: number, day: number): Date => new Date(endOfLondonDay(isoDay(year, month, day - 1)).getTime() + 1);

const pad = (n: number) => String(n).padStart(2, '0');

/** `months` months from the first of `month` in `year`: the half-open range and its first and last days. */
function range(year: number, month: number, months: number) {
  return { from: startOfLondonDay(year, month, 1), to: startOfLondonDay(year, month + months, 1), firstDay: isoDay(year, month, 1), lastDay: isoDay(year, month + months, 0) };
}

export function month(year: number, monthNumber: number): Period {
  return { kind: 'month', key: `${year}-${pad(monthNumber)}`, ...range(year, monthNumber, 1), label: `${MONTHS[monthNumber - 1]} ${year}`, shortLabel: `${MONTHS[monthNumber - 1]!.slice(0, 3)} ${year}` };
}

/** Calendar quarter 1–4 of `year` (quarter 4 is October to December). */
export function quarter(year: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  return { kind: 'quarter', key: `${year}-Q${q}`, ...range(year, first, 3), label: `${MONTHS[first - 1]} to ${MONTHS[first + 1]} ${year}`, shortLabel: `${MONTHS[first - 1]!.slice(0, 3)}–${MONTHS[first + 1]!.slice(0, 3)} ${year}` };
}

/** The financial year that starts on 1 April of `startYear`. */
export function financialYear(startYear: number): Period {
  const next = String((startYear + 1) % 100).padStart(2, '0');
  return { kind: 'year', key: `${startYear}-${next}`, ...range(startYear, 4, 12), label: `April ${startYear} to March ${startYear + 1}`, shortLabel: `${startYear}/${next}` };
}

/** The period of `kind` that `now` falls in (London time). */
export function periodAt(kind: PeriodKind, now: Date): Period {
  const [year, m] = londonDate(now).split('-').map(Number) as [number, number];
  if (kind === 'month') return month(year, m);
  if (kind === 'quarter') return quarter(year, Math.floor((m - 1) / 3) + 1);
  return financialYear(m >= 4 ? year : year - 1);
}

/** The period `steps` before (negative) or after (positive) `period`, of the same kind. */
export function shiftPeriod(period: Period, steps: number): Period {
  const [yearText, rest] = period.key.split('-') as [string, string];
  const year = Number(yearText);
  if (period.kind === 'year') return financialYear(year + steps);
  if (period.kind === 'month') {
    const index = year * 12 + (Number(rest) - 1) + steps;
    return month(Math.floor(index / 12), (index % 12) + 1);
  }
  const index = year * 4 + (Number(rest.slice(1)) - 1) + steps;
  return quarter(Math.floor(index / 4), (index % 4) + 1);
}

/** `count` periods ending with `period`, oldest first. */
export function periodsEndingWith(period: Period, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(period, i - count + 1));
}

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;
const YEAR_KEY = /^(\d{4})-(\d{2})$/;

/** A period from its key, or null when the key is not one (the caller answers "not found" or a field error). */
export function parsePeriod(key: string): Period | null {
  // The calendar reckons London dates within MIN_YEAR..MAX_YEAR; a year outside is no period. Two
  // years' margin at the start leaves room for the trends (eight quarters back) pages draw.
  const year = Number(key.slice(0, 4));
  if (!(year >= MIN_YEAR + 2 && year < MAX_YEAR)) return null;
  const q = QUARTER_KEY.exec(key);
  if (q) return quarter(Number(q[1]), Number(q[2]));
  const m = MONTH_KEY.exec(key);
  if (m) return month(Number(m[1]), Number(m[2]));
  const y = YEAR_KEY.exec(key);
  if (y && (Number(y[1]) + 1) % 100 === Number(y[2])) return financialYear(Number(y[1]));
  return null;
}

/** Whether the period has ended by `now` (a figure for it will not change as days pass). */
export const periodEnded = (period: Period, now: Date): boolean => now.getTime() >= period.to.getTime();
