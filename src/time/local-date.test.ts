import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  FIRST_DAY,
  LAST_DAY,
  addMonthsToDay,
  dayFromIso,
  daysInYear,
  isoFromDay,
  msFromTime,
  weekdayOfDay,
  yearOfDay,
} from './local-date.js';

describe('local dates', () => {
  it('round-trips every supported date and agrees with Date on year and weekday', () => {
    const wrong: string[] = [];
    for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
      const date = new Date(day * DAY_MS);
      const iso = isoFromDay(day);
      const right =
        iso === date.toISOString().slice(0, 10) &&
        dayFromIso(iso) === day &&
        yearOfDay(day) === date.getUTCFullYear() &&
        weekdayOfDay(day) === date.getUTCDay();
      if (!right) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    expect(isoFromDay(FIRST_DAY)).toBe('2000-01-01');
    expect(isoFromDay(LAST_DAY)).toBe('2100-12-31');
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-4-1', '02/04/2026', '', '2026-04-02T00:00']) {
      expect(() => dayFromIso(bad)).toThrow(RangeError);
    }
    expect(isoFromDay(dayFromIso('2028-02-29'))).toBe('2028-02-29');
  });

  it('refuses days outside 2000–2100', () => {
    expect(() => yearOfDay(FIRST_DAY - 1)).toThrow(RangeError);
    expect(() => yearOfDay(LAST_DAY + 1)).toThrow(RangeError);
  });

  it('knows leap years, 2000 yes and 2100 no', () => {
    expect([2000, 2024, 2026, 2100].map(daysInYear)).toEqual([366, 366, 365, 365]);
  });

  it('adds months to the corresponding date, or the end of a shorter month', () => {
    const plus = (iso: string, months: number): string => isoFromDay(addMonthsToDay(dayFromIso(iso), months));
    expect(plus('2026-01-31', 1)).toBe('2026-02-28');
    expect(plus('2028-01-31', 1)).toBe('2028-02-29');
    expect(plus('2026-03-31', 1)).toBe('2026-04-30');
    expect(plus('2026-04-15', 1)).toBe('2026-05-15');
    expect(plus('2026-11-30', 3)).toBe('2027-02-28');
    expect(plus('2026-12-31', 12)).toBe('2027-12-31');
    expect(plus('2026-01-31', 3)).toBe('2026-04-30');
  });

  it('reads times of day, allowing 24:00 as a closing time', () => {
    expect(msFromTime('08:30')).toBe(8.5 * 3_600_000);
    expect(msFromTime('24:00')).toBe(DAY_MS);
    for (const bad of ['8:30', '24:01', '17:60', '25:00', '17.00', '']) expect(() => msFromTime(bad)).toThrow(RangeError);
  });
});
