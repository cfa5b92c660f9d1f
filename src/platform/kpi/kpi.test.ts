// The pieces every KPI shares: reporting periods in London time (a BST month starts at 23:00 UTC
// the day before; financial years run April to March), RAG against a target in either direction,
// shares that are null (not 0%) when nothing was measured, and how figures read.
import { describe, expect, it } from 'vitest';
import { countOf, formatFigure, formatValue, percentOf, ragOf } from './model.js';
import { financialYear, month, parsePeriod, periodAt, periodEnded, periodsEndingWith, quarter, shiftPeriod } from './periods.js';

describe('periods', () => {
  it('starts and ends each period at London midnight, summer or winter', () => {
    const july = month(2026, 7);
    expect(july).toMatchObject({ key: '2026-07', label: 'July 2026', firstDay: '2026-07-01', lastDay: '2026-07-31' });
    expect(july.from.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(july.to.toISOString()).toBe('2026-07-31T23:00:00.000Z');
    const q4 = quarter(2026, 4);
    expect(q4).toMatchObject({ key: '2026-Q4', label: 'October to December 2026', firstDay: '2026-10-01', lastDay: '2026-12-31' });
    expect(q4.from.toISOString()).toBe('2026-09-30T23:00:00.000Z');
    expect(q4.to.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const year = financialYear(2026);
    expect(year).toMatchObject({ key: '2026-27', label: 'April 2026 to March 2027', shortLabel: '2026/27', firstDay: '2026-04-01', lastDay: '2027-03-31' });
  });

  it('finds the period a moment falls in by London date', () => {
    // 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April: April, the second quarter, financial year 2026/27.
    const now = new Date('2026-03-31T23:30:00Z');
    expect(periodAt('month', now).key).toBe('2026-04');
    expect(periodAt('quarter', now).key).toBe('2026-Q2');
    expect(periodAt('year', now).key).toBe('2026-27');
    expect(periodAt('year', new Date('2026-03-31T12:00:00Z')).key).toBe('2025-26');
  });

  it('steps back and forward across year ends', () => {
    expect(shiftPeriod(quarter(2026, 1), -1).key).toBe('2025-Q4');
    expect(shiftPeriod(month(2026, 12), 1).key).toBe('2027-01');
    expect(shiftPeriod(financialYear(2026), -2).key).toBe('2024-25');
    expect(periodsEndingWith(quarter(2026, 2), 4).map((p) => p.key)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('reads keys back, and refuses what is not one', () => {
    for (const key of ['2026-Q4', '2026-10', '2026-27', '2099-99']) expect(parsePeriod(key)?.key ?? null).toBe(key === '2099-99' ? null : key);
    for (const bad of ['', '2026-Q5', '2026-13', '2026-28', '26-Q1', '2026-q1', "2026-Q1' OR 1=1", '1066-Q4', '2001-Q1', '2100-Q1', '2999-99']) expect(parsePeriod(bad)).toBeNull();
  });

  it('knows when a period has ended', () => {
    const q = quarter(2026, 4);
    expect(periodEnded(q, new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(periodEnded(q, new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('RAG', () => {
  const target = { target: 75, red: 70 };
  it('is green at or better than the target, amber down to the red threshold, red beyond it', () => {
    expect(ragOf(75, 'higher', target)).toBe('green');
    expect(ragOf(74.9, 'higher', target)).toBe('amber');
    expect(ragOf(70, 'higher', target)).toBe('amber');
    expect(ragOf(69.9, 'higher', target)).toBe('red');
    expect(ragOf(5, 'lower', { target: 10, red: 15 })).toBe('green');
    expect(ragOf(12, 'lower', { target: 10, red: 15 })).toBe('amber');
    expect(ragOf(15.1, 'lower', { target: 10, red: 15 })).toBe('red');
  });

  it('is red for any miss without a red threshold, and nothing without a value, target or direction', () => {
    expect(ragOf(94.9, 'higher', { target: 95, red: null })).toBe('red');
    expect(ragOf(null, 'higher', target)).toBeNull();
    expect(ragOf(80, 'higher', null)).toBeNull();
    expect(ragOf(80, 'neither', target)).toBeNull();
  });
});

describe('figures', () => {
  it('works shares out rounded down to one decimal, and gives none for nothing measured', () => {
    expect(percentOf(2, 3)).toEqual({ value: 66.6, count: 3, numerator: 2, denominator: 3 });
    expect(percentOf(199, 200).value).toBe(99.5);
    expect(percentOf(1999, 2000).value).toBe(99.9);
    expect(percentOf(0, 0).value).toBeNull();
    expect(countOf(0)).toEqual({ value: 0, count: 0 });
  });

  it('reads as managers expect', () => {
    expect(formatFigure(percentOf(190, 200), 'percent')).toBe('95% (190 of 200)');
    expect(formatFigure(percentOf(0, 0), 'percent')).toBe('No data for this period');
    expect(formatValue(1204, 'count')).toBe('1,204');
    expect(formatValue(2830.5, 'pounds')).toBe('£2,830.50');
    expect(formatValue(4.25, 'days')).toBe('4.3 days');
    expect(formatValue(0.42, 'score')).toBe('+0.42');
    expect(formatValue(-0.1, 'score')).toBe('-0.10');
  });
});
