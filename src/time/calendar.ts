/**
 * A council's calendar: which days are working days (Monday to Friday, less its nation's bank
 * holidays, its closure days and any newly announced holidays), its opening hours and the
 * cut-off after which a request counts from the next working day.
 *
 * A Calendar is a value: build it once from its configuration and pass it to the arithmetic.
 * It carries its lookup tables, built lazily per year, so reuse it rather than rebuilding it
 * for each case. Changing a closure day means building a new Calendar (with a new fingerprint)
 * and recalculating open cases' due dates with it.
 */
import { createHash } from 'node:crypto';
import { CORRECTIONS, HOLIDAY_SOURCE } from './bank-holidays.js';
import { DAY_MS, assertSupportedDay, dayFromIso, msFromTime, type LocalDate, type LocalTime } from './local-date.js';
import { NATION_NAMES, NATION_REGION_CODES, isNation, type Nation } from './nation.js';
import { WorkingDayIndex } from './working-day-index.js';

export const WORKING_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type WorkingWeekday = (typeof WORKING_WEEKDAYS)[number];

export interface DayHours {
  readonly open: LocalTime;
  readonly close: LocalTime;
}

/** Opening hours for each working weekday, in London time; Friday often closes earlier. */
export type OpeningHours = Readonly<Record<WorkingWeekday, DayHours>>;

export interface CalendarConfig {
  readonly nation: Nation;
  /** Council closure days, e.g. the working days between Christmas and New Year. */
  readonly closureDays?: readonly LocalDate[];
  /** Bank holidays announced after the holiday data was published (a jubilee, a state funeral). */
  readonly extraHolidays?: readonly LocalDate[];
  /** Without opening hours a working day is the whole London day, 00:00–24:00. */
  readonly openingHours?: OpeningHours;
  /** Receipt after this time counts from the next working day. Default: that day's closing time, else 17:00. */
  readonly cutOffTime?: LocalTime;
}

/** Milliseconds after London midnight. */
export interface Window {
  readonly open: number;
  readonly close: number;
}

export interface Calendar {
  readonly nation: Nation;
  /** Sorted, without duplicates. */
  readonly closureDays: readonly LocalDate[];
  /** Sorted, without duplicates. */
  readonly extraHolidays: readonly LocalDate[];
  readonly openingHours: OpeningHours | undefined;
  readonly cutOffTime: LocalTime | undefined;
  /** Changes whenever anything that could move a due date changes, holiday data included. */
  readonly fingerprint: string;
  /** Lookup tables for the arithmetic in this folder; not part of the public API. */
  readonly workingDays: WorkingDayIndex;
  /** By weekday, 0 = Sunday: the opening window, undefined at weekends. */
  readonly windows: readonly (Window | undefined)[];
  /** By weekday, 0 = Sunday: receipt later than this (ms after midnight) counts from the next working day. */
  readonly cutOffs: readonly number[];
}

const DEFAULT_CUT_OFF: LocalTime = '17:00';

/** What is wrong with a configuration, in words an administrator can act on; empty when it is fine. */
export function checkCalendarConfig(config: CalendarConfig): string[] {
  const problems: string[] = [];
  if (!isNation(config.nation)) problems.push(`Unknown nation ${JSON.stringify(config.nation)}`);
  for (const date of [...(config.closureDays ?? []), ...(config.extraHolidays ?? [])]) {
    const problem = dateProblem(date);
    if (problem) problems.push(problem);
  }
  for (const weekday of config.openingHours ? WORKING_WEEKDAYS : []) {
    const problem = hoursProblem(weekday, config.openingHours?.[weekday]);
    if (problem) problems.push(problem);
  }
  const cutOffProblem = config.cutOffTime === undefined ? undefined : timeProblem(config.cutOffTime);
  if (cutOffProblem) problems.push(`Cut-off time: ${cutOffProblem}`);
  return problems;
}

function dateProblem(date: LocalDate): string | undefined {
  try {
    assertSupportedDay(dayFromIso(date));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function timeProblem(time: LocalTime): string | undefined {
  try {
    msFromTime(time);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function hoursProblem(weekday: WorkingWeekday, hours: DayHours | undefined): string | undefined {
  if (!hours) return `Opening hours: ${weekday} is missing`;
  const problem = timeProblem(hours.open) ?? timeProblem(hours.close);
  if (problem) return `Opening hours on ${weekday}: ${problem}`;
  if (msFromTime(hours.open) >= msFromTime(hours.close)) {
    return `Opening hours on ${weekday}: opening ${hours.open} is not before closing ${hours.close}`;
  }
  return undefined;
}

/** Builds a calendar; throws a RangeError listing every problem (see checkCalendarConfig). */
export function createCalendar(config: CalendarConfig): Calendar {
  const problems = checkCalendarConfig(config);
  if (problems.length > 0) throw new RangeError(`Invalid calendar: ${problems.join('; ')}`);
  const closureDays = sortedUnique(config.closureDays ?? []);
  const extraHolidays = sortedUnique(config.extraHolidays ?? []);
  const closed = new Set([...closureDays, ...extraHolidays].map(dayFromIso));
  const windows = openingWindows(config.openingHours);
  const calendar: Calendar = {
    nation: config.nation,
    closureDays,
    extraHolidays,
    openingHours: config.openingHours,
    cutOffTime: config.cutOffTime,
    fingerprint: fingerprintOf(config.nation, closureDays, extraHolidays, config),
    workingDays: new WorkingDayIndex(config.nation, closed),
    windows,
    cutOffs: windows.map((window) => cutOffFor(config, window)),
  };
  return Object.freeze(calendar);
}

function sortedUnique(dates: readonly LocalDate[]): readonly LocalDate[] {
  return Object.freeze([...new Set(dates)].sort());
}

function openingWindows(hours: OpeningHours | undefined): (Window | undefined)[] {
  const byWeekday: (Window | undefined)[] = [undefined];
  for (const weekday of WORKING_WEEKDAYS) {
    const day = hours?.[weekday];
    byWeekday.push(day ? { open: msFromTime(day.open), close: msFromTime(day.close) } : { open: 0, close: DAY_MS });
  }
  byWeekday.push(undefined);
  return byWeekday;
}

function cutOffFor(config: CalendarConfig, window: Window | undefined): number {
  if (config.cutOffTime !== undefined) return msFromTime(config.cutOffTime);
  if (config.openingHours && window) return window.close;
  return msFromTime(DEFAULT_CUT_OFF);
}

function fingerprintOf(
  nation: Nation,
  closureDays: readonly LocalDate[],
  extraHolidays: readonly LocalDate[],
  config: CalendarConfig,
): string {
  // Fixed key order and sorted dates: the same inputs give the same string whatever order they came in.
  const hours = config.openingHours;
  const canonical = JSON.stringify({
    nation,
    closureDays,
    extraHolidays,
    openingHours: hours ? WORKING_WEEKDAYS.map((d) => [hours[d].open, hours[d].close]) : null,
    cutOffTime: config.cutOffTime ?? null,
    holidays: HOLIDAY_SOURCE,
    corrections: CORRECTIONS,
  });
  return `cal-${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

export interface CalendarDescription {
  readonly nation: Nation;
  readonly nationName: string;
  readonly regionCode: string;
  readonly holidaySource: string;
  readonly closureDays: readonly LocalDate[];
  readonly extraHolidays: readonly LocalDate[];
  readonly openingHours: string;
  readonly cutOff: string;
  readonly fingerprint: string;
}

/** A small, traceable account of a calendar, to store or show beside the due dates it produced. */
export function describeCalendar(calendar: Calendar): CalendarDescription {
  return {
    nation: calendar.nation,
    nationName: NATION_NAMES[calendar.nation],
    regionCode: NATION_REGION_CODES[calendar.nation],
    holidaySource: HOLIDAY_SOURCE,
    closureDays: calendar.closureDays,
    extraHolidays: calendar.extraHolidays,
    openingHours: calendar.openingHours ? describeHours(calendar.openingHours) : 'whole working days (00:00–24:00)',
    cutOff: calendar.cutOffTime ?? (calendar.openingHours ? 'closing time' : DEFAULT_CUT_OFF),
    fingerprint: calendar.fingerprint,
  };
}

/** "Mon–Thu 08:30–17:00, Fri 08:30–16:30": runs of weekdays with the same hours. */
function describeHours(hours: OpeningHours): string {
  const runs: { from: string; to: string; text: string }[] = [];
  for (const weekday of WORKING_WEEKDAYS) {
    const text = `${hours[weekday].open}–${hours[weekday].close}`;
    const short = weekday.charAt(0).toUpperCase() + weekday.slice(1, 3);
    const last = runs[runs.length - 1];
    if (last && last.text === text) last.to = short;
    else runs.push({ from: short, to: short, text });
  }
  return runs.map((r) => `${r.from === r.to ? r.from : `${r.from}–${r.to}`} ${r.text}`).join(', ');
}
