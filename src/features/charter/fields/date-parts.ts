// The GOV.UK date input: three boxes, day, month and year, read as a calendar date. Pure arithmetic:
// no Date objects, so no time zone and no clock can creep in.

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DateParts = Record<DatePart, string>;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type DateReading =
  | { kind: 'empty' }
  | { kind: 'date'; date: string }
  | { kind: 'incomplete'; missing: DatePart[] }
  | { kind: 'unreal'; parts: DatePart[] };

/** People type "Jan", "january" or "Sept" in the month box; GOV.UK asks services to accept them. */
function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower));
  return index === -1 ? undefined : index + 1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** What the three boxes say: nothing, a date, which parts are missing, or which parts cannot be right. */
export function readDateParts(input: DateParts): DateReading {
  const missing = DATE_PARTS.filter((p) => input[p] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length) return { kind: 'incomplete', missing };
  const day = /^\d{1,2}$/.test(input.day) ? Number(input.day) : NaN;
  const month = monthNumber(input.month) ?? NaN;
  const year = /^\d{4}$/.test(input.year) ? Number(input.year) : NaN;
  const wrong: DatePart[] = [];
  if (!(day >= 1 && day <= 31)) wrong.push('day');
  if (!(month >= 1 && month <= 12)) wrong.push('month');
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) wrong.push('year');
  if (wrong.length) return { kind: 'unreal', parts: wrong };
  // 30 February: the day is the part that cannot be right.
  if (day > daysInMonth(year, month)) return { kind: 'unreal', parts: ['day'] };
  return { kind: 'date', date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** '2026-04-14' -> { day: '14', month: '4', year: '2026' }, to fill the boxes again. */
export function isoToDateParts(date: string): DateParts {
  const m = ISO_DATE.exec(date);
  if (!m) return { day: '', month: '', year: '' };
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' };
}

/** '2026-04-14' -> '14 April 2026'. */
export function formatIsoDate(date: string): string {
  const m = ISO_DATE.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}`;
}

/** A list for messages: "day", "day and month". Two at most are ever missing. */
export function joinParts(parts: readonly DatePart[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
