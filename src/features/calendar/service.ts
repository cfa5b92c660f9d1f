// What staff can do with the council's working calendar: read it (a Calendar for the time module,
// with the version row that names it), add and remove closure days and extra holidays, change
// the opening hours. Each change is checked, audited, versioned and announced to listeners in one
// transaction, so it is saved whole or not at all.
import { recordAudit, systemActor, type Actor, type AuditEntry } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import {
  NATION_NAMES,
  addWorkingDays,
  bankHolidays,
  createCalendar,
  describeCalendar,
  isWorkingDay,
  londonDate,
  type BankHoliday,
  type Calendar,
  type CalendarConfig,
  type CalendarDescription,
  type DueDate,
  type LocalDate,
} from '../../time/index.js';
import { getCouncil, onCouncilSettingsChanged } from '../council/service.js';
import { notifyCalendarChanged, type CalendarChangeKind } from './events.js';
import {
  DAY_KIND_NAMES,
  calendarConfigOf,
  checkNewDay,
  checkOpeningHours,
  checkRemoval,
  configKey,
  configOfStored,
  dayProblem,
  describeDifference,
  formatLocalDate,
  isSupportedDate,
  nextDate,
  storedConfigOf,
  type CalendarDay,
  type CalendarVersion,
  type CalendarVersionRef,
  type FieldErrors,
  type NewCalendarDay,
  type OpeningHoursInput,
  type OpeningHoursSettings,
  type WorkingCalendar,
} from './model.js';
import * as store from './store.js';

export { onCalendarChanged, type CalendarChanged, type CalendarListener } from './events.js';
export type { CalendarDay, CalendarVersion, CalendarVersionRef, WorkingCalendar } from './model.js';

/** Input an administrator can correct; `fields` are messages by form field id. */
export class CalendarInputError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join('; '));
    this.name = 'CalendarInputError';
  }
}

export class CalendarDayNotFoundError extends Error {}

// ---------------------------------------------------------------------------------------------
// Building calendars

const MAX_CACHED_CALENDARS = 32;
const calendars = new Map<string, Calendar>();

/**
 * One Calendar per configuration, and so per fingerprint: a Calendar builds its working-day
 * indexes lazily on itself, so reusing it keeps them. A small, least-recently-used map of
 * immutable values, shared safely by every app in the process.
 */
function calendarFor(config: CalendarConfig): Calendar {
  const key = configKey(config);
  const cached = calendars.get(key);
  if (cached) {
    calendars.delete(key);
    calendars.set(key, cached);
    return cached;
  }
  const calendar = createCalendar(config);
  calendars.set(key, calendar);
  if (calendars.size > MAX_CACHED_CALENDARS) calendars.delete(calendars.keys().next().value!);
  return calendar;
}

interface CalendarState {
  calendar: Calendar;
  latest: CalendarVersion | undefined;
}

async function readState(db: Db): Promise<CalendarState> {
  const council = await getCouncil(db);
  const days = await store.selectCalendarDays(db);
  const hours = await store.selectOpeningHours(db);
  const latest = await store.selectLatestVersion(db);
  return { calendar: calendarFor(calendarConfigOf(council.nation, days, hours)), latest };
}

const refOf = (version: CalendarVersion): CalendarVersionRef => ({ id: version.id, fingerprint: version.fingerprint });

/**
 * The council's calendar now, and the version that names it: store `version.id` beside a due date
 * to trace it. If the calendar differs from the last version recorded (the first use, a new
 * release of the bank holiday data, a nation changed without the hook), a version is written
 * first, so the answer always names a row that describes it.
 */
export async function getWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const { calendar, latest } = await readState(db);
  if (latest && latest.fingerprint === calendar.fingerprint) return { calendar, version: refOf(latest) };
  return recordCurrentVersion(db, systemActor, 'recorded');
}

/** Under the calendar lock, so that several processes noticing the same difference record it once. */
async function recordCurrentVersion(db: Db, actor: Actor, kind: CalendarChangeKind, reason?: string): Promise<WorkingCalendar> {
  return inTransaction(db, async (trx) => {
    await store.lockCalendar(trx);
    const { calendar, latest } = await readState(trx);
    if (latest && latest.fingerprint === calendar.fingerprint) return { calendar, version: refOf(latest) };
    const why = reason ?? describeDifference(latest?.config, storedConfigOf(calendar));
    const audit: AuditEntry = { action: 'calendar.version_recorded', subjectType: 'calendar', detail: { kind, reason: why } };
    return writeVersion(trx, actor, { kind, reason: why, dates: [], audit: [audit] }, latest && refOf(latest), calendar);
  });
}

interface Change {
  kind: CalendarChangeKind;
  reason: string;
  dates: LocalDate[];
  audit: AuditEntry[];
}

async function writeVersion(trx: Db, actor: Actor, change: Change, previous: CalendarVersionRef | undefined, calendar: Calendar): Promise<WorkingCalendar> {
  const version = refOf(await store.insertVersion(trx, actor, { fingerprint: calendar.fingerprint, config: storedConfigOf(calendar), reason: change.reason }));
  for (const entry of change.audit) {
    await recordAudit(trx, actor, { ...entry, detail: { ...entry.detail, calendarVersion: version.id, fingerprint: version.fingerprint } });
  }
  const current = { calendar, version };
  await notifyCalendarChanged({ db: trx, actor, kind: change.kind, reason: change.reason, dates: change.dates, previous, current });
  return current;
}

/**
 * The one way the calendar's tables change: lock, bring the version up to date, apply, then write
 * the version, the audit events and the listeners' work, all in one transaction.
 */
async function changeCalendar(db: Db, actor: Actor, apply: (trx: Db, before: WorkingCalendar) => Promise<Change>): Promise<WorkingCalendar> {
  return inTransaction(db, async (trx) => {
    await store.lockCalendar(trx);
    const before = await getWorkingCalendar(trx);
    const change = await apply(trx, before);
    const { calendar } = await readState(trx);
    // Hours saved unchanged: nothing that could move a due date changed, so no version.
    if (calendar.fingerprint === before.calendar.fingerprint) return before;
    return writeVersion(trx, actor, change, before.version, calendar);
  });
}

// A nation change moves bank holidays, so it is a calendar change in the council's transaction.
// The council feature announces it through a hook rather than calling the calendar, because the
// calendar depends on the council (for its nation) and the dependency should point one way.
onCouncilSettingsChanged('calendar', async ({ db, actor, before, after }) => {
  if (before.nation === after.nation) return;
  await recordCurrentVersion(db, actor, 'nation_changed', `Nation changed from ${NATION_NAMES[before.nation]} to ${NATION_NAMES[after.nation]}`);
});

// ---------------------------------------------------------------------------------------------
// Changes

export interface CalendarDayInput {
  date: string;
  kind: string;
  reason: string;
}

function checkedDays(input: readonly CalendarDayInput[]): NewCalendarDay[] {
  if (input.length === 0) throw new CalendarInputError({ date: 'Enter the date' });
  const days = input.map((raw) => {
    const checked = checkNewDay(raw);
    if (!checked.ok) throw new CalendarInputError(checked.errors);
    return checked.value;
  });
  const twice = days.find((day, i) => days.findIndex((other) => other.date === day.date) !== i);
  if (twice) throw new CalendarInputError({ date: `${formatLocalDate(twice.date)} is listed twice` });
  return days;
}

/** "Added closure day Tuesday 29 December 2026: Christmas closure"; a long list is summarised. */
function addedReason(days: readonly NewCalendarDay[]): string {
  const reasons = [...new Set(days.map((d) => d.reason))].join('; ');
  if (days.length <= 3) return `Added ${days.map((d) => `${DAY_KIND_NAMES[d.kind]} ${formatLocalDate(d.date)}`).join(', ')}: ${reasons}`;
  const dates = days.map((d) => d.date).sort();
  return `Added ${days.length} days from ${formatLocalDate(dates[0]!)} to ${formatLocalDate(dates[dates.length - 1]!)}: ${reasons}`;
}

/**
 * Adds closure days or extra holidays, all or none, as one calendar version. Refuses (with
 * CalendarInputError) a date that is already closed, a weekend, a bank holiday, outside
 * 2000–2100, or without a reason.
 */
export async function addCalendarDays(db: Db, actor: Actor, input: readonly CalendarDayInput[]): Promise<WorkingCalendar> {
  const days = checkedDays(input);
  return changeCalendar(db, actor, async (trx, before) => {
    for (const day of days) {
      const problem = dayProblem(day.date, before.calendar.nation, await store.selectCalendarDay(trx, day.date));
      if (problem) throw new CalendarInputError({ date: problem });
      await store.insertCalendarDay(trx, actor, day);
    }
    return {
      kind: 'day_added',
      reason: addedReason(days),
      dates: days.map((d) => d.date),
      audit: days.map((d) => ({ action: 'calendar.day_added', subjectType: 'calendar_day', subjectId: d.date, detail: { kind: d.kind, reason: d.reason } })),
    };
  });
}

export function addCalendarDay(db: Db, actor: Actor, input: CalendarDayInput): Promise<WorkingCalendar> {
  return addCalendarDays(db, actor, [input]);
}

/** Removes a closure day or extra holiday; CalendarDayNotFoundError if there is none on that date. */
export async function removeCalendarDay(db: Db, actor: Actor, date: string, input: { reason: string }): Promise<WorkingCalendar> {
  if (!isSupportedDate(date)) throw new CalendarDayNotFoundError('There is no closure day or extra holiday on that date');
  const checked = checkRemoval(input);
  if (!checked.ok) throw new CalendarInputError(checked.errors);
  return changeCalendar(db, actor, async (trx) => {
    const day = await store.selectCalendarDay(trx, date);
    if (!day) throw new CalendarDayNotFoundError(`There is no closure day or extra holiday on ${formatLocalDate(date)}`);
    await store.deleteCalendarDay(trx, date);
    return {
      kind: 'day_removed',
      reason: `Removed ${DAY_KIND_NAMES[day.kind]} ${formatLocalDate(date)}: ${checked.value.reason}`,
      dates: [date],
      audit: [{ action: 'calendar.day_removed', subjectType: 'calendar_day', subjectId: date, detail: { kind: day.kind, reason: checked.value.reason, addedBecause: day.reason } }],
    };
  });
}

/** Sets the opening hours of every weekday and the cut-off (null: each day's closing time). */
export async function changeOpeningHours(db: Db, actor: Actor, input: OpeningHoursInput): Promise<WorkingCalendar> {
  const checked = checkOpeningHours(input);
  if (!checked.ok) throw new CalendarInputError(checked.errors);
  const { reason, ...settings } = checked.value;
  return changeCalendar(db, actor, async (trx) => {
    const before = await store.selectOpeningHours(trx);
    await store.updateOpeningHours(trx, settings);
    return {
      kind: 'hours_changed',
      reason: `Opening hours changed: ${reason}`,
      dates: [],
      audit: [{ action: 'calendar.hours_changed', subjectType: 'calendar', detail: { before, after: settings, reason } }],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function getOpeningHours(db: Db): Promise<OpeningHoursSettings> {
  return store.selectOpeningHours(db);
}

export async function findCalendarDay(db: Db, date: string): Promise<CalendarDay | undefined> {
  return isSupportedDate(date) ? store.selectCalendarDay(db, date) : undefined;
}

export async function listCalendarVersions(db: Db, limit = 10): Promise<CalendarVersion[]> {
  return store.selectVersions(db, limit);
}

export async function getCalendarVersion(db: Db, id: string): Promise<CalendarVersion | undefined> {
  return store.selectVersion(db, id);
}

/**
 * The calendar a version recorded, to recompute a due date as it was computed. It is built with
 * the bank holiday data installed now: if `version.config.holidaySource` differs, so may the
 * fingerprint, and that difference is the explanation.
 */
export async function calendarOfVersion(db: Db, id: string): Promise<Calendar | undefined> {
  const version = await store.selectVersion(db, id);
  return version && calendarFor(configOfStored(version.config));
}

export interface CalendarOverview {
  working: WorkingCalendar;
  description: CalendarDescription;
  hours: OpeningHoursSettings;
  closureDays: CalendarDay[];
  extraHolidays: CalendarDay[];
  bankHolidays: { year: number; holidays: readonly BankHoliday[] }[];
  versions: CalendarVersion[];
}

/** Everything the calendar page shows: days from the start of `today`'s year, holidays for it and the next. */
export async function getCalendarOverview(db: Db, today: LocalDate): Promise<CalendarOverview> {
  const working = await getWorkingCalendar(db);
  const year = Number(today.slice(0, 4));
  const days = await store.selectCalendarDays(db, `${year}-01-01`);
  const nation = working.calendar.nation;
  return {
    working,
    description: describeCalendar(working.calendar),
    hours: await store.selectOpeningHours(db),
    closureDays: days.filter((d) => d.kind === 'closure'),
    extraHolidays: days.filter((d) => d.kind === 'extra_holiday'),
    bankHolidays: [year, year + 1].filter((y) => y <= 2100).map((y) => ({ year: y, holidays: bankHolidays(nation, y) })),
    versions: await store.selectVersions(db, 10),
  };
}

export interface DueDateCheck {
  due: DueDate;
  version: CalendarVersionRef;
  /** Weekdays from the day of receipt to the due date that did not count, and why. */
  notCounted: { date: LocalDate; why: string }[];
}

/** The working-day calculator: lets staff check the council's calendar against a date they know. */
export async function checkDueDate(db: Db, receivedAt: Date, workingDays: number): Promise<DueDateCheck> {
  const { calendar, version } = await getWorkingCalendar(db);
  const due = addWorkingDays(calendar, receivedAt, workingDays);
  const from = londonDate(receivedAt);
  const days = new Map((await store.selectCalendarDays(db, from)).map((d) => [d.date, d]));
  const notCounted: DueDateCheck['notCounted'] = [];
  for (let date = from; date <= due.dueDate; date = nextDate(date)) {
    if (isWorkingDay(calendar, date)) continue;
    const day = days.get(date);
    const holiday = bankHolidays(calendar.nation, Number(date.slice(0, 4))).find((h) => h.date === date);
    const why = day ? `${DAY_KIND_NAMES[day.kind]}: ${day.reason}` : holiday ? `bank holiday: ${holiday.name}` : undefined;
    if (why) notCounted.push({ date, why });
  }
  return { due, version, notCounted };
}
