import { describe, expect, it } from 'vitest';
import { createCalendar, type OpeningHours } from './calendar.js';
import { addWorkingHours, workingHoursBetween } from './working-hours.js';

const HOURS: OpeningHours = {
  monday: { open: '08:30', close: '17:00' },
  tuesday: { open: '08:30', close: '17:00' },
  wednesday: { open: '08:30', close: '17:00' },
  thursday: { open: '08:30', close: '17:00' },
  friday: { open: '08:30', close: '16:30' },
};
const england = createCalendar({ nation: 'england', openingHours: HOURS });
const scotland = createCalendar({ nation: 'scotland', openingHours: HOURS });
const wholeDays = createCalendar({ nation: 'england' });

const add = (calendar: typeof england, start: string, hours: number): string =>
  addWorkingHours(calendar, new Date(start), hours).toISOString();
const between = (calendar: typeof england, a: string, b: string): number =>
  workingHoursBetween(calendar, new Date(a), new Date(b));

describe('addWorkingHours within opening hours', () => {
  it('adds within a day, and ends at closing time rather than the next opening', () => {
    expect(add(england, '2026-03-10T09:00:00Z', 2)).toBe('2026-03-10T11:00:00.000Z');
    expect(add(england, '2026-03-10T08:30:00Z', 8.5)).toBe('2026-03-10T17:00:00.000Z');
    expect(add(england, '2026-03-09T08:30:00Z', 17)).toBe('2026-03-10T17:00:00.000Z');
  });

  it('starts at opening when started before it, and the next morning when after closing', () => {
    expect(add(england, '2026-03-10T07:00:00Z', 1)).toBe('2026-03-10T09:30:00.000Z');
    expect(add(england, '2026-03-10T18:00:00Z', 1)).toBe('2026-03-11T09:30:00.000Z');
    expect(add(england, '2026-03-10T18:00:00Z', 0)).toBe('2026-03-11T08:30:00.000Z');
  });

  it('closes at 16:30 on Fridays and skips the weekend', () => {
    // Friday 13 March 16:00: half an hour on Friday, 1.5 hours on Monday.
    expect(add(england, '2026-03-13T16:00:00Z', 2)).toBe('2026-03-16T10:00:00.000Z');
  });

  it('skips bank holidays of the nation: Easter 2026', () => {
    // Thursday 2 April 16:00 BST: one hour Thursday, then Good Friday; Easter Monday in England only.
    expect(add(england, '2026-04-02T15:00:00Z', 2)).toBe('2026-04-07T08:30:00.000Z'); // 09:30 BST Tuesday
    expect(add(scotland, '2026-04-02T15:00:00Z', 2)).toBe('2026-04-06T08:30:00.000Z'); // 09:30 BST Monday
  });

  it('crosses the March clock change (29 March 2026) in London time', () => {
    // Friday 27 March 15:00 GMT: 1.5 hours Friday; Monday 30 March opens 08:30 BST (07:30 UTC), plus 2.5 hours.
    expect(add(england, '2026-03-27T15:00:00Z', 4)).toBe('2026-03-30T10:00:00.000Z');
    expect(between(england, '2026-03-27T15:00:00Z', '2026-03-30T10:00:00Z')).toBe(4);
  });

  it('crosses the October clock change (25 October 2026) in London time', () => {
    // Friday 23 October 15:00 BST (14:00 UTC): 1.5 hours Friday; Monday 26 October opens 08:30 GMT.
    expect(add(england, '2026-10-23T14:00:00Z', 4)).toBe('2026-10-26T11:00:00.000Z');
    expect(between(england, '2026-10-23T14:00:00Z', '2026-10-26T11:00:00Z')).toBe(4);
  });
});

describe('addWorkingHours without opening hours: whole working days', () => {
  it('counts 24 hours a working day, so the clock change shows in the instant', () => {
    // Friday 12:00 GMT + 24 working hours: 12 on Friday, 12 on Monday, ending 12:00 BST = 11:00 UTC.
    expect(add(wholeDays, '2026-03-27T12:00:00Z', 24)).toBe('2026-03-30T11:00:00.000Z');
    // Friday 12:00 BST + 24: ending Monday 12:00 GMT.
    expect(add(wholeDays, '2026-10-23T11:00:00Z', 24)).toBe('2026-10-26T12:00:00.000Z');
  });
});

describe('workingHoursBetween', () => {
  it('counts only opening hours on working days', () => {
    expect(between(england, '2026-03-10T09:00:00Z', '2026-03-10T11:30:00Z')).toBe(2.5);
    expect(between(england, '2026-03-10T06:00:00Z', '2026-03-10T20:00:00Z')).toBe(8.5);
    expect(between(england, '2026-03-13T06:00:00Z', '2026-03-16T20:00:00Z')).toBe(16.5); // Fri 8 + Mon 8.5
    expect(between(england, '2026-03-14T10:00:00Z', '2026-03-15T10:00:00Z')).toBe(0); // weekend
  });

  it('counts a full week across the March clock change', () => {
    // Friday 12:00 GMT to Monday 12:00 BST: 4.5 hours Friday, 3.5 hours Monday.
    expect(between(england, '2026-03-27T12:00:00Z', '2026-03-30T11:00:00Z')).toBe(8);
    expect(between(wholeDays, '2026-03-27T12:00:00Z', '2026-03-30T11:00:00Z')).toBe(24);
  });

  it('is negative when b is before a', () => {
    expect(between(england, '2026-03-10T11:30:00Z', '2026-03-10T09:00:00Z')).toBe(-2.5);
  });

  it('rejects negative or non-finite hours', () => {
    for (const hours of [-1, NaN, Infinity]) {
      expect(() => addWorkingHours(england, new Date('2026-03-10T09:00:00Z'), hours)).toThrow(RangeError);
    }
  });
});
