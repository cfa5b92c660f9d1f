import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, dayFromYmd } from './local-date.js';
import { instantFromLondonWall, intlLondonOffsetMs, londonDay, londonOffsetMs, londonWallMs } from './london.js';

/** The UK rule since 1996 (and the EU's): summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = dayFromYmd(year, month + 1, 0);
  const weekday = new Date(lastDay * DAY_MS).getUTCDay();
  return (lastDay - weekday) * DAY_MS + HOUR_MS;
}

const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2101, 0, 1) - 1;

describe('Europe/London', () => {
  it('changes clocks at 01:00 UTC on the last Sundays of March and October, 2000–2100', () => {
    for (let year = 2000; year <= 2100; year++) {
      const spring = lastSundayAtOneUtc(year, 3);
      const autumn = lastSundayAtOneUtc(year, 10);
      expect([londonOffsetMs(spring - 1), londonOffsetMs(spring)]).toEqual([0, HOUR_MS]);
      expect([londonOffsetMs(autumn - 1), londonOffsetMs(autumn)]).toEqual([HOUR_MS, 0]);
      expect(londonOffsetMs(Date.UTC(year, 0, 15))).toBe(0);
      expect(londonOffsetMs(Date.UTC(year, 6, 15))).toBe(HOUR_MS);
    }
  });

  it('knows the 2026 changes: 29 March and 25 October', () => {
    expect(new Date(lastSundayAtOneUtc(2026, 3)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(lastSundayAtOneUtc(2026, 10)).toISOString()).toBe('2026-10-25T01:00:00.000Z');
    // 23:30 UTC on Sunday 29 March is 00:30 BST on Monday 30 March.
    expect(londonDay(Date.parse('2026-03-29T23:30:00Z'))).toBe(dayFromYmd(2026, 3, 30));
    expect(londonDay(Date.parse('2026-10-25T23:30:00Z'))).toBe(dayFromYmd(2026, 10, 25));
  });

  it('agrees with Intl at any instant 2000–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), (instant) => {
        expect(londonOffsetMs(instant)).toBe(intlLondonOffsetMs(instant));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl either side of every change', () => {
    for (let year = 2000; year <= 2100; year++) {
      for (const change of [lastSundayAtOneUtc(year, 3), lastSundayAtOneUtc(year, 10)]) {
        for (const instant of [change - 1000, change, change + 1000]) {
          expect(londonOffsetMs(instant)).toBe(intlLondonOffsetMs(instant));
        }
      }
    }
  });

  it('turns wall-clock time back into the instant, except for the hour that happens twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), (instant) => {
        const wall = londonWallMs(instant);
        const back = instantFromLondonWall(wall);
        if (back !== instant) {
          // Only in the October repeated hour, where the first occurrence is chosen.
          expect(back).toBe(instant - HOUR_MS);
          expect(londonWallMs(back)).toBe(wall);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the repeated October hour as its first occurrence (BST)', () => {
    const wall = Date.UTC(2026, 9, 25, 1, 30);
    expect(new Date(instantFromLondonWall(wall)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads a time skipped in March as the later time it would have been', () => {
    const wall = Date.UTC(2026, 2, 29, 1, 30); // 01:30 does not happen: clocks go 01:00 GMT -> 02:00 BST
    expect(new Date(instantFromLondonWall(wall)).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  });

  it('converts midnight and noon either side of the changes', () => {
    expect(new Date(instantFromLondonWall(Date.UTC(2026, 2, 29))).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(instantFromLondonWall(Date.UTC(2026, 2, 30))).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(new Date(instantFromLondonWall(Date.UTC(2026, 9, 25))).toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(new Date(instantFromLondonWall(Date.UTC(2026, 9, 26))).toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(new Date(instantFromLondonWall(Date.UTC(2026, 9, 25, 12))).toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('refuses instants outside the supported range', () => {
    expect(() => londonOffsetMs(Date.UTC(1990, 0, 1))).toThrow(RangeError);
    expect(() => londonOffsetMs(Date.UTC(2150, 0, 1))).toThrow(RangeError);
  });
});
