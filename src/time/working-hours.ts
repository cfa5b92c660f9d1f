/**
 * Working-hour arithmetic: time counts only inside the opening hours of working days, in
 * London time. Opening and closing times are converted to instants day by day, so a working
 * day's length is right on either side of a clock change.
 */
import type { Calendar } from './calendar.js';
import { DAY_MS, HOUR_MS, weekdayOfDay } from './local-date.js';
import { instantFromLondonWall, londonDay } from './london.js';
import { instantOf } from './working-days.js';

/** A working day's opening window as instants [open, close). */
function windowOn(calendar: Calendar, day: number): [number, number] {
  const window = calendar.windows[weekdayOfDay(day)]!; // working days are Monday to Friday
  return [instantFromLondonWall(day * DAY_MS + window.open), instantFromLondonWall(day * DAY_MS + window.close)];
}

/**
 * The instant `hours` working hours after `start`. A start outside opening hours counts from
 * the next opening. Time running out exactly at a closing time gives that closing time, not
 * the next opening.
 */
export function addWorkingHours(calendar: Calendar, start: Date, hours: number): Date {
  if (!(Number.isFinite(hours) && hours >= 0)) throw new RangeError(`Working hours must be 0 or more, not ${hours}`);
  const from = instantOf(start);
  let remaining = Math.round(hours * HOUR_MS);
  let day = calendar.workingDays.onOrAfter(londonDay(from));
  for (;;) {
    const [open, close] = windowOn(calendar, day);
    const begin = Math.max(from, open);
    if (begin < close) {
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
    day = calendar.workingDays.onOrAfter(day + 1);
  }
}

/** Working hours between two instants; negative when b is before a. */
export function workingHoursBetween(calendar: Calendar, a: Date, b: Date): number {
  const from = instantOf(a);
  const to = instantOf(b);
  if (to < from) return -workingHoursBetween(calendar, b, a);
  let total = 0;
  const lastDay = londonDay(to);
  for (let day = calendar.workingDays.onOrAfter(londonDay(from)); day <= lastDay; ) {
    const [open, close] = windowOn(calendar, day);
    total += Math.max(0, Math.min(close, to) - Math.max(open, from));
    day = calendar.workingDays.onOrAfter(day + 1);
  }
  return total / HOUR_MS;
}
