import { describe, expect, it } from 'vitest';
import { CORRECTIONS, bankHolidays, packageHolidays } from './bank-holidays.js';
import { NATIONS, type Nation } from './nation.js';

/**
 * Bank holidays as published on GOV.UK (www.gov.uk/bank-holidays) for 2025–2027: the days off,
 * so a holiday on a weekend appears only as its substitute weekday.
 */
const PUBLISHED: Record<Nation, Record<number, string[]>> = {
  england: {
    2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
    2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  },
  wales: {
    2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
    2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  },
  scotland: {
    // 2 January; first Monday in August; St Andrew's Day (Sunday 30 Nov 2025 -> Monday 1 Dec); no Easter Monday.
    2025: ['01-01', '01-02', '04-18', '05-05', '05-26', '08-04', '12-01', '12-25', '12-26'],
    2026: ['01-01', '01-02', '04-03', '05-04', '05-25', '08-03', '11-30', '12-25', '12-28'],
    // 2 January 2027 is a Saturday: substitute Monday 4 January.
    2027: ['01-01', '01-04', '03-26', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'],
  },
  'northern-ireland': {
    // 12 July 2025 is a Saturday (-> 14 July), 12 July 2026 a Sunday (-> 13 July).
    2025: ['01-01', '03-17', '04-18', '04-21', '05-05', '05-26', '07-14', '08-25', '12-25', '12-26'],
    2026: ['01-01', '03-17', '04-03', '04-06', '05-04', '05-25', '07-13', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-17', '03-26', '03-29', '05-03', '05-31', '07-12', '08-30', '12-27', '12-28'],
  },
};

const dates = (nation: Nation, year: number): string[] => bankHolidays(nation, year).map((h) => h.date);

describe('bankHolidays', () => {
  for (const nation of NATIONS) {
    for (const year of [2025, 2026, 2027]) {
      it(`${nation} ${year} matches the published list`, () => {
        expect(dates(nation, year)).toEqual(PUBLISHED[nation][year]!.map((d) => `${year}-${d}`));
      });
    }
  }

  it('leaves out observances such as Mother’s Day and Easter Sunday', () => {
    const names = bankHolidays('england', 2026).map((h) => h.name);
    expect(names.join()).not.toMatch(/Mother|Father|Easter Sunday/);
    expect(dates('england', 2026)).not.toContain('2026-03-15');
  });

  it('names the substitute days', () => {
    expect(bankHolidays('england', 2026).find((h) => h.date === '2026-12-28')?.name).toMatch(/Boxing Day.*substitute/);
    expect(bankHolidays('scotland', 2025).find((h) => h.date === '2025-12-01')?.name).toMatch(/St Andrew.*substitute/);
  });

  it('has the one-off holidays of recent years', () => {
    expect(dates('england', 2020)).toContain('2020-05-08'); // VE Day, early May holiday moved
    expect(dates('england', 2020)).not.toContain('2020-05-04');
    expect(dates('england', 2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(dates('scotland', 2023)).toContain('2023-05-08'); // Coronation
    expect(dates('scotland', 2022)).toEqual(expect.arrayContaining(['2022-01-03', '2022-01-04']));
  });

  it('applies the corrections to the package data', () => {
    expect(dates('wales', 2002)).toEqual(expect.arrayContaining(['2002-06-03', '2002-06-04']));
    expect(dates('wales', 2002)).not.toContain('2002-05-27');
    expect(dates('northern-ireland', 2011)).toContain('2011-04-29');
    expect(dates('england', 2012)).toEqual(expect.arrayContaining(['2012-06-04', '2012-06-05']));
    expect(dates('england', 2012)).not.toContain('2012-05-28');
    expect(dates('scotland', 2006)).not.toContain('2006-11-30');
    expect(dates('scotland', 2007)).toContain('2007-11-30');
  });

  // If one of these fails, date-holidays has fixed the data: drop the correction.
  describe('each correction is still needed', () => {
    for (const correction of CORRECTIONS) {
      it(correction.why, () => {
        for (const nation of correction.nations) {
          for (const date of correction.remove) {
            expect(packageHolidays(nation, Number(date.slice(0, 4))).map((h) => h.date)).toContain(date);
          }
          for (const { date } of correction.add) {
            expect(packageHolidays(nation, Number(date.slice(0, 4))).map((h) => h.date)).not.toContain(date);
          }
        }
      });
    }
  });

  it('gives every nation eight or more weekday holidays in every year 2000–2100, in order', () => {
    for (const nation of NATIONS) {
      for (let year = 2000; year <= 2100; year++) {
        const list = dates(nation, year);
        expect(list.length).toBeGreaterThanOrEqual(8);
        expect([...list].sort()).toEqual(list);
        expect(new Set(list).size).toBe(list.length);
        for (const date of list) {
          expect(date.startsWith(`${year}-`)).toBe(true);
          expect([0, 6]).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
        }
      }
    }
  });

  it('caches per nation and year, and refuses years outside 2000–2100', () => {
    expect(bankHolidays('wales', 2031)).toBe(bankHolidays('wales', 2031));
    expect(Object.isFrozen(bankHolidays('wales', 2031))).toBe(true);
    expect(() => bankHolidays('wales', 1999)).toThrow(RangeError);
    expect(() => bankHolidays('wales', 2101)).toThrow(RangeError);
  });
});
