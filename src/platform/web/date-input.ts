// Dates as the GOV.UK date input pattern asks for them: three boxes, one message naming what is
// wrong and which boxes to highlight. Shared by every form with a date (calendar, contacts, raising
// a case, the audit trail's filter).
import { MAX_YEAR, MIN_YEAR, type LocalDate } from '../../time/index.js';

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DateParts = Record<DatePart, string>;
export type DateParse = { ok: true; date: LocalDate } | { ok: false; message: string; parts: DatePart[] };

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1–12 from "12", "Dec" or "December" (the pattern asks services to accept month names). */
function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const month = Number(text);
    return month >= 1 && month <= 12 ? month : undefined;
  }
  const lower = text.toLowerCase();
  const index = MONTH_NAMES.findIndex((name) => lower.length >= 3 && name.startsWith(lower));
  return index >= 0 ? index + 1 : undefined;
}

function joinWithAnd(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** True for a real 'YYYY-MM-DD' date in the years the time module supports. */
export function isSupportedDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const time = Date.UTC(year, Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)));
  return year >= MIN_YEAR && year <= MAX_YEAR && new Date(time).toISOString().slice(0, 10) === value;
}

/**
 * Reads a GOV.UK date input. `label` starts the messages ("Date", "Date received"); `parts` says
 * which boxes to highlight, so the error summary can link to the first of them.
 */
export function dateFromParts(input: Partial<DateParts>, label = 'Date'): DateParse {
  const given = { day: input.day?.trim() ?? '', month: input.month?.trim() ?? '', year: input.year?.trim() ?? '' };
  const missing = DATE_PARTS.filter((part) => given[part] === '');
  if (missing.length === DATE_PARTS.length) return { ok: false, message: `Enter the ${label.toLowerCase()}`, parts: [...DATE_PARTS] };
  if (missing.length) return { ok: false, message: `${label} must include a ${joinWithAnd(missing)}`, parts: missing };
  if (!/^\d{4}$/.test(given.year)) return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  const day = /^\d{1,2}$/.test(given.day) ? Number(given.day) : NaN;
  const month = monthNumber(given.month);
  const wrong: DatePart[] = [];
  if (!(day >= 1 && day <= 31)) wrong.push('day');
  if (month === undefined) wrong.push('month');
  if (wrong.length) return { ok: false, message: `${label} must be a real date`, parts: wrong };
  const date = `${given.year}-${pad(month!)}-${pad(day)}`;
  const year = Number(given.year);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, message: `${label} must be between 1 January ${MIN_YEAR} and 31 December ${MAX_YEAR}`, parts: ['year'] };
  }
  // 31 April passes each box's own check; only the day can be wrong then.
  if (!isSupportedDate(date)) return { ok: false, message: `${label} must be a real date`, parts: ['day'] };
  return { ok: true, date };
}

export function datePartsOf(date: LocalDate): DateParts {
  return { day: String(Number(date.slice(8, 10))), month: String(Number(date.slice(5, 7))), year: date.slice(0, 4) };
}
