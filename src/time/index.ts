/**
 * Calendars and working-time arithmetic: pure functions, no I/O, never reads the clock.
 * Instants are JS Dates (UTC); business dates are London dates written 'YYYY-MM-DD'.
 * See README.md in this folder for the conventions.
 */
export { NATIONS, NATION_NAMES, NATION_REGION_CODES, isNation, type Nation } from './nation.js';
export { MIN_YEAR, MAX_YEAR, type LocalDate, type LocalTime } from './local-date.js';
export { bankHolidays, HOLIDAY_SOURCE, type BankHoliday } from './bank-holidays.js';
export {
  WORKING_WEEKDAYS,
  checkCalendarConfig,
  createCalendar,
  describeCalendar,
  type Calendar,
  type CalendarConfig,
  type CalendarDescription,
  type DayHours,
  type OpeningHours,
  type WorkingWeekday,
} from './calendar.js';
export {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  endOfLondonDay,
  isWorkingDay,
  londonDate,
  workingDayOnOrAfter,
  workingDaysBetween,
  type DueDate,
} from './working-days.js';
export { addWorkingHours, workingHoursBetween } from './working-hours.js';
export {
  DEFAULT_AT_RISK_SHARE,
  evaluateClock,
  type ClockError,
  type ClockErrorCode,
  type ClockEvent,
  type ClockResult,
  type ClockRule,
  type ClockState,
  type ClockUnit,
  type TimeUnit,
} from './clock.js';
