import { describe, expect, it } from 'vitest';
import { checkCalendarConfig, createCalendar, describeCalendar, type OpeningHours } from './calendar.js';
import type { Nation } from './nation.js';

const HOURS: OpeningHours = {
  monday: { open: '08:30', close: '17:00' },
  tuesday: { open: '08:30', close: '17:00' },
  wednesday: { open: '08:30', close: '17:00' },
  thursday: { open: '08:30', close: '17:00' },
  friday: { open: '08:30', close: '16:30' },
};

describe('createCalendar', () => {
  it('accepts the configuration in the shape the brief gives', () => {
    const calendar = createCalendar({
      nation: 'wales',
      closureDays: ['2026-12-31', '2026-12-29', '2026-12-30', '2026-12-29'],
      extraHolidays: [],
      openingHours: HOURS,
      cutOffTime: '16:00',
    });
    expect(calendar.closureDays).toEqual(['2026-12-29', '2026-12-30', '2026-12-31']);
    expect(calendar.nation).toBe('wales');
    expect(Object.isFrozen(calendar)).toBe(true);
  });

  it('lists every problem in words an administrator can act on', () => {
    const problems = checkCalendarConfig({
      nation: 'cornwall' as Nation,
      closureDays: ['2026-02-30', '1999-12-31'],
      openingHours: { ...HOURS, friday: { open: '17:00', close: '09:00' } },
      cutOffTime: '5pm',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/Unknown nation "cornwall"/);
    expect(problems.join('\n')).toMatch(/2026-02-30/);
    expect(problems.join('\n')).toMatch(/outside the supported range/);
    expect(problems.join('\n')).toMatch(/friday: opening 17:00 is not before closing 09:00/);
    expect(problems.join('\n')).toMatch(/Cut-off time/);
    expect(() => createCalendar({ nation: 'england', closureDays: ['tomorrow'] })).toThrow(RangeError);
  });

  it('needs all five weekdays when opening hours are given', () => {
    const fourDays = Object.fromEntries(Object.entries(HOURS).filter(([day]) => day !== 'friday'));
    expect(checkCalendarConfig({ nation: 'england', openingHours: fourDays as unknown as OpeningHours })).toEqual([
      'Opening hours: friday is missing',
    ]);
  });
});

describe('fingerprint and describeCalendar', () => {
  it('is the same for the same inputs in any order', () => {
    const a = createCalendar({ nation: 'england', closureDays: ['2026-12-29', '2026-12-30'], extraHolidays: [] });
    const b = createCalendar({ nation: 'england', closureDays: ['2026-12-30', '2026-12-29', '2026-12-30'] });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^cal-[0-9a-f]{16}$/);
  });

  it('changes with anything that can move a due date', () => {
    const base = { nation: 'england' as const, closureDays: ['2026-12-29'] };
    const fingerprints = [
      createCalendar(base),
      createCalendar({ ...base, nation: 'wales' }),
      createCalendar({ ...base, closureDays: ['2026-12-30'] }),
      createCalendar({ ...base, extraHolidays: ['2026-06-01'] }),
      createCalendar({ ...base, openingHours: HOURS }),
      createCalendar({ ...base, openingHours: { ...HOURS, friday: { open: '08:30', close: '16:00' } } }),
      createCalendar({ ...base, cutOffTime: '16:00' }),
    ].map((c) => c.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('describes a calendar so a due date can say what produced it', () => {
    const calendar = createCalendar({
      nation: 'northern-ireland',
      closureDays: ['2026-12-29'],
      extraHolidays: ['2026-06-01'],
      openingHours: HOURS,
    });
    expect(describeCalendar(calendar)).toEqual({
      nation: 'northern-ireland',
      nationName: 'Northern Ireland',
      regionCode: 'GB-NIR',
      holidaySource: expect.stringMatching(/^date-holidays 3\.37\.0 \(types public, bank\) with 4 CharterDesk corrections$/) as string,
      closureDays: ['2026-12-29'],
      extraHolidays: ['2026-06-01'],
      openingHours: 'Mon–Thu 08:30–17:00, Fri 08:30–16:30',
      cutOff: 'closing time',
      fingerprint: calendar.fingerprint,
    });
    expect(describeCalendar(createCalendar({ nation: 'scotland' }))).toMatchObject({
      openingHours: 'whole working days (00:00–24:00)',
      cutOff: '17:00',
    });
  });
});
