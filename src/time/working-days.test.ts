import { describe, expect, it } from 'vitest';
import { createCalendar, type CalendarConfig, type OpeningHours } from './calendar.js';
import { NATIONS, type Nation } from './nation.js';
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  endOfLondonDay,
  isWorkingDay,
  londonDate,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days.js';

const HOURS: OpeningHours = {
  monday: { open: '08:30', close: '17:00' },
  tuesday: { open: '08:30', close: '17:00' },
  wednesday: { open: '08:30', close: '17:00' },
  thursday: { open: '08:30', close: '17:00' },
  friday: { open: '08:30', close: '16:30' },
};

const calendars = Object.fromEntries(NATIONS.map((n) => [n, createCalendar({ nation: n })])) as Record<
  Nation,
  ReturnType<typeof createCalendar>
>;
const due = (nation: Nation, receivedAt: string, n: number): string =>
  addWorkingDays(calendars[nation], new Date(receivedAt), n).dueDate;
const dueWith = (config: CalendarConfig, receivedAt: string, n: number): string =>
  addWorkingDays(createCalendar(config), new Date(receivedAt), n).dueDate;

describe('addWorkingDays: published examples', () => {
  it('received Thursday 2 April 2026, 5 working days: England 13 April, Scotland 10 April', () => {
    const receivedAt = '2026-04-02T09:00:00Z'; // 10:00 BST
    expect(due('england', receivedAt, 5)).toBe('2026-04-13');
    expect(due('wales', receivedAt, 5)).toBe('2026-04-13');
    expect(due('northern-ireland', receivedAt, 5)).toBe('2026-04-13');
    expect(due('scotland', receivedAt, 5)).toBe('2026-04-10');
  });

  it.each<[string, Nation, string, number, string]>([
    // why, nation, received (UTC), N, due
    ['Easter 2027: Good Friday and Easter Monday', 'england', '2027-03-25T10:00:00Z', 1, '2027-03-30'],
    ['Easter 2027: no Easter Monday in Scotland', 'scotland', '2027-03-25T10:00:00Z', 1, '2027-03-29'],
    ['early May 2025', 'england', '2025-05-02T10:00:00Z', 1, '2025-05-06'],
    ['spring bank holiday 2026', 'wales', '2026-05-22T10:00:00Z', 1, '2026-05-26'],
    ['summer bank holiday, last Monday in August', 'england', '2025-08-22T10:00:00Z', 1, '2025-08-26'],
    ['summer bank holiday in Scotland, first Monday in August', 'scotland', '2025-08-01T10:00:00Z', 1, '2025-08-05'],
    ['not a holiday in Scotland on the last Monday in August', 'scotland', '2025-08-22T10:00:00Z', 1, '2025-08-25'],
    ["St Andrew's Day 2025 substitute, Monday 1 December", 'scotland', '2025-11-28T10:00:00Z', 1, '2025-12-02'],
    ["no St Andrew's Day in England", 'england', '2025-11-28T10:00:00Z', 1, '2025-12-01'],
    ["St Patrick's Day 2026", 'northern-ireland', '2026-03-16T10:00:00Z', 1, '2026-03-18'],
    ['Battle of the Boyne 2026, substitute Monday 13 July', 'northern-ireland', '2026-07-10T10:00:00Z', 1, '2026-07-14'],
    ['Battle of the Boyne 2025, substitute Monday 14 July', 'northern-ireland', '2025-07-11T10:00:00Z', 1, '2025-07-15'],
    ['12 July is not a holiday in England', 'england', '2026-07-10T10:00:00Z', 1, '2026-07-13'],
  ])('%s', (_why, nation, receivedAt, n, expected) => {
    expect(due(nation, receivedAt, n)).toBe(expected);
  });
});

describe('addWorkingDays: Christmas and New Year', () => {
  it('skips Christmas Day and the Boxing Day substitute, 2026', () => {
    // Wed 23 Dec: Thu 24 (1), Fri 25 holiday, Mon 28 substitute, 29 (2), 30 (3), 31 (4), Fri 1 Jan holiday, Mon 4 (5).
    expect(due('england', '2026-12-23T10:00:00Z', 5)).toBe('2027-01-04');
    // Scotland also has 2 January, a Saturday in 2027, so Monday 4 January too.
    expect(due('scotland', '2026-12-23T10:00:00Z', 5)).toBe('2027-01-05');
  });

  it('skips 1 and 2 January in Scotland, only 1 January elsewhere', () => {
    expect(due('england', '2025-12-31T10:00:00Z', 2)).toBe('2026-01-05');
    expect(due('scotland', '2025-12-31T10:00:00Z', 2)).toBe('2026-01-06');
  });

  it('skips the double substitutes of 2027', () => {
    // Christmas and Boxing Day fall at the weekend: Monday 27 and Tuesday 28 are holidays.
    expect(due('england', '2027-12-24T10:00:00Z', 1)).toBe('2027-12-29');
  });

  it('skips closure days 24–31 December', () => {
    const closureDays = ['24', '25', '26', '27', '28', '29', '30', '31'].map((d) => `2026-12-${d}`);
    expect(dueWith({ nation: 'england', closureDays }, '2026-12-23T10:00:00Z', 5)).toBe('2027-01-08');
    expect(dueWith({ nation: 'scotland', closureDays }, '2026-12-23T10:00:00Z', 5)).toBe('2027-01-11');
    // Received during the closure: day 0 is the first working day of the new year.
    const inClosure = addWorkingDays(createCalendar({ nation: 'england', closureDays }), new Date('2026-12-29T10:00:00Z'), 0);
    expect(inClosure.startDate).toBe('2027-01-04');
  });

  it('skips a newly announced bank holiday', () => {
    expect(due('england', '2026-05-29T10:00:00Z', 1)).toBe('2026-06-01');
    expect(dueWith({ nation: 'england', extraHolidays: ['2026-06-01'] }, '2026-05-29T10:00:00Z', 1)).toBe('2026-06-02');
  });
});

describe('addWorkingDays: when receipt counts', () => {
  it('counts the day of receipt as day 0', () => {
    const result = addWorkingDays(calendars.england, new Date('2026-03-10T10:00:00Z'), 0);
    expect(result).toMatchObject({ startDate: '2026-03-10', dueDate: '2026-03-10' });
  });

  it('counts from the next working day after the 17:00 default cut-off', () => {
    expect(due('england', '2026-03-10T16:59:59Z', 5)).toBe('2026-03-17');
    expect(due('england', '2026-03-10T17:00:00Z', 5)).toBe('2026-03-17'); // at 17:00 exactly: not after
    expect(due('england', '2026-03-10T17:00:00.001Z', 5)).toBe('2026-03-18');
    expect(due('england', '2026-03-10T23:59:00Z', 5)).toBe('2026-03-18');
    // In Northern Ireland the 17 March holiday pushes both by one.
    expect(due('northern-ireland', '2026-03-10T16:59:59Z', 5)).toBe('2026-03-18');
  });

  it('reckons the cut-off in London time (BST in summer)', () => {
    expect(due('england', '2026-04-14T15:59:00Z', 1)).toBe('2026-04-15'); // 16:59 BST
    expect(due('england', '2026-04-14T16:30:00Z', 1)).toBe('2026-04-16'); // 17:30 BST
  });

  it("uses each day's closing time as the cut-off when opening hours are set (Friday 16:30)", () => {
    const config: CalendarConfig = { nation: 'england', openingHours: HOURS };
    expect(dueWith(config, '2026-03-12T16:45:00Z', 1)).toBe('2026-03-13'); // Thursday, closes 17:00
    expect(dueWith(config, '2026-03-13T16:45:00Z', 1)).toBe('2026-03-17'); // Friday, closed at 16:30
  });

  it('uses an explicit cut-off time over closing time', () => {
    const config: CalendarConfig = { nation: 'england', openingHours: HOURS, cutOffTime: '16:00' };
    expect(dueWith(config, '2026-03-10T16:30:00Z', 1)).toBe('2026-03-12');
  });

  it('starts a request received at the weekend on Monday', () => {
    expect(due('england', '2026-04-11T09:00:00Z', 5)).toBe('2026-04-20'); // Saturday
    expect(addWorkingDays(calendars.england, new Date('2026-04-12T12:00:00Z'), 0).startDate).toBe('2026-04-13');
  });

  it('starts a request received before opening on that day', () => {
    const calendar = createCalendar({ nation: 'england', openingHours: HOURS });
    expect(addWorkingDays(calendar, new Date('2026-03-10T06:00:00Z'), 0).startDate).toBe('2026-03-10');
  });

  it('reads receipt on the clock-change weekends in London time', () => {
    // Sunday 29 March 2026 23:30 UTC is Monday 00:30 BST: received on Monday, before the cut-off.
    expect(addWorkingDays(calendars.england, new Date('2026-03-29T23:30:00Z'), 0).startDate).toBe('2026-03-30');
    // Monday 30 March 16:30 UTC is 17:30 BST: after the cut-off.
    expect(addWorkingDays(calendars.england, new Date('2026-03-30T16:30:00Z'), 0).startDate).toBe('2026-03-31');
    // Friday 23 October 2026 23:30 UTC is Saturday 00:30 BST.
    expect(addWorkingDays(calendars.england, new Date('2026-10-23T23:30:00Z'), 0).startDate).toBe('2026-10-26');
    // Sunday 25 October 23:30 UTC is still Sunday (GMT).
    expect(addWorkingDays(calendars.england, new Date('2026-10-25T23:30:00Z'), 0).startDate).toBe('2026-10-26');
  });
});

describe('addWorkingDays: the due instant and its calendar', () => {
  it('is the end of the London due date: 23:59:59.999 BST or GMT', () => {
    const summer = addWorkingDays(calendars.england, new Date('2026-04-02T09:00:00Z'), 5);
    expect(summer.dueAt.toISOString()).toBe('2026-04-13T22:59:59.999Z');
    const winter = addWorkingDays(calendars.england, new Date('2026-12-23T10:00:00Z'), 5);
    expect(winter.dueAt.toISOString()).toBe('2027-01-04T23:59:59.999Z');
    expect(summer.calendar).toBe(calendars.england.fingerprint);
  });

  it('rejects counts that are not whole numbers 0 or more, and invalid dates', () => {
    for (const n of [-1, 1.5, NaN, Infinity]) {
      expect(() => addWorkingDays(calendars.england, new Date('2026-04-02T09:00:00Z'), n)).toThrow(RangeError);
    }
    expect(() => addWorkingDays(calendars.england, new Date('nonsense'), 1)).toThrow(RangeError);
  });

  it('refuses to count past 2100', () => {
    expect(() => addWorkingDays(calendars.england, new Date('2100-12-30T10:00:00Z'), 5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  const a = new Date('2026-04-02T09:00:00Z');
  it('counts as addWorkingDays counts', () => {
    expect(workingDaysBetween(calendars.england, a, new Date('2026-04-13T11:00:00Z'))).toBe(5);
    expect(workingDaysBetween(calendars.england, a, new Date('2026-04-10T11:00:00Z'))).toBe(4);
    expect(workingDaysBetween(calendars.scotland, a, new Date('2026-04-10T11:00:00Z'))).toBe(5);
    expect(workingDaysBetween(calendars.england, a, a)).toBe(0);
  });

  it('is negative when b is before day 0', () => {
    expect(workingDaysBetween(calendars.england, a, new Date('2026-03-31T11:00:00Z'))).toBe(-2);
  });

  it('crosses years', () => {
    const from = new Date('2025-06-02T09:00:00Z');
    const result = addWorkingDays(calendars.wales, from, 400);
    expect(workingDaysBetween(calendars.wales, from, result.dueAt)).toBe(400);
  });
});

describe('addCalendarDays and addCalendarMonths', () => {
  it('adds calendar days from the date of receipt, moving a non-working due date on', () => {
    expect(addCalendarDays(calendars.england, new Date('2026-04-01T10:00:00Z'), 20).dueDate).toBe('2026-04-21');
    // 3 April is Good Friday, 6 April Easter Monday (not in Scotland).
    expect(addCalendarDays(calendars.england, new Date('2026-04-01T10:00:00Z'), 2).dueDate).toBe('2026-04-07');
    expect(addCalendarDays(calendars.scotland, new Date('2026-04-01T10:00:00Z'), 2).dueDate).toBe('2026-04-06');
  });

  it('takes the corresponding date a month later (subject access requests)', () => {
    const sar = (receivedAt: string, months = 1, nation: Nation = 'england'): string =>
      addCalendarMonths(calendars[nation], new Date(receivedAt), months).dueDate;
    expect(sar('2026-04-15T10:00:00Z')).toBe('2026-05-15');
    // 31 January: no 31 February, so the end of February: Saturday 28th, so Monday 2 March.
    expect(sar('2026-01-31T10:00:00Z')).toBe('2026-03-02');
    expect(sar('2028-01-31T10:00:00Z')).toBe('2028-02-29'); // leap year, a Tuesday
    // 25 December 2026 and the Boxing Day substitute 28 December: due Tuesday 29 December.
    expect(sar('2026-11-25T10:00:00Z')).toBe('2026-12-29');
    // Extended by two further months: three months from receipt, 3 April is Good Friday.
    expect(sar('2026-01-03T10:00:00Z', 3)).toBe('2026-04-07');
    expect(sar('2026-01-03T10:00:00Z', 3, 'scotland')).toBe('2026-04-06');
  });

  it('starts calendar limits on the London date of receipt, with no cut-off', () => {
    // 23:30 BST on Thursday 30 April is still 30 April in London.
    const late = addCalendarMonths(calendars.england, new Date('2026-04-30T22:30:00Z'), 1);
    expect(late.startDate).toBe('2026-04-30');
    expect(late.dueDate).toBe('2026-06-01'); // 30 May is a Saturday
    expect(addCalendarDays(calendars.england, new Date('2026-04-11T10:00:00Z'), 0).startDate).toBe('2026-04-11');
  });
});

describe('date helpers', () => {
  it('answers isWorkingDay, workingDayOnOrAfter, londonDate and endOfLondonDay', () => {
    expect(isWorkingDay(calendars.england, '2026-04-06')).toBe(false);
    expect(isWorkingDay(calendars.scotland, '2026-04-06')).toBe(true);
    expect(isWorkingDay(calendars.england, '2026-04-11')).toBe(false);
    expect(workingDayOnOrAfter(calendars.england, '2026-04-03')).toBe('2026-04-07');
    expect(workingDayOnOrAfter(calendars.england, '2026-04-07')).toBe('2026-04-07');
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(endOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-25T23:59:59.999Z');
    expect(endOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T22:59:59.999Z');
  });
});
