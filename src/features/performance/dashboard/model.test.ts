// The dashboard's pure rules: which period a query means, how targets and changes read, and the
// target form's checks (numbers in the KPI's unit, red worse than the target given its direction).
import { describe, expect, it } from 'vitest';
import { changeText, chooseBreakdown, choosePeriod, periodOptions, readTargetForm, targetText } from './model.js';

const NOW = new Date('2026-11-15T12:00:00Z');

describe('choosePeriod', () => {
  it('is the quarter now is in when none is given', () => {
    expect(choosePeriod(undefined, NOW)).toMatchObject({ ok: true, period: { key: '2026-Q4' } });
    expect(choosePeriod('  ', NOW)).toMatchObject({ ok: true, period: { key: '2026-Q4' } });
  });

  it('reads months, quarters and financial years', () => {
    expect(choosePeriod('2026-10', NOW)).toMatchObject({ ok: true, period: { kind: 'month', label: 'October 2026' } });
    expect(choosePeriod('2026-27', NOW)).toMatchObject({ ok: true, period: { kind: 'year' } });
    expect(choosePeriod('2025-Q1', NOW)).toMatchObject({ ok: true, period: { kind: 'quarter' } });
  });

  it('refuses what is not a period, what has not begun and what is too old or too far off, with words', () => {
    expect(choosePeriod('2026-Q5', NOW)).toEqual({ ok: false, message: 'Choose a period from the list, or give a quarter like 2026-Q4, a month like 2026-10 or a financial year like 2026-27' });
    expect(choosePeriod('2026-28', NOW)).toMatchObject({ ok: false });
    expect(choosePeriod('2026-12', NOW)).toEqual({ ok: false, message: 'Choose a period that has started: December 2026 has not begun yet' });
    expect(choosePeriod('1999-Q4', NOW)).toEqual({ ok: false, message: 'Choose a period from 2000 onwards' });
    expect(choosePeriod('2999-Q1', NOW)).toMatchObject({ ok: false });
  });

  it('offers recent periods of each kind, newest first, with the chosen one among them', () => {
    const chosen = choosePeriod('2021-Q2', NOW);
    const groups = periodOptions(chosen.ok ? chosen.period : null, NOW);
    expect(groups.map((g) => g.label)).toEqual(['Quarters', 'Months', 'Financial years']);
    expect(groups[0]!.options[0]).toEqual({ value: '2026-Q4', text: 'Quarter: October to December 2026', selected: false });
    expect(groups[0]!.options.at(-1)).toMatchObject({ value: '2021-Q2', selected: true });
    expect(groups[2]!.options[0]!.value).toBe('2026-27');
  });
});

describe('how figures read', () => {
  it('states a target with its direction and red threshold', () => {
    expect(targetText({ target: 95, red: 90 }, 'percent', 'higher')).toBe('95% or more (red below 90%)');
    expect(targetText({ target: 5, red: null }, 'days', 'lower')).toBe('5 days or less');
    expect(targetText(null, 'percent', 'higher')).toBe('No target');
    expect(targetText({ target: 5, red: null }, 'count', 'neither')).toBe('No target');
  });

  it('says how much a figure moved, and whether that is better', () => {
    expect(changeText(95, 92.5, 'percent', 'higher')).toBe('Up 2.5 points (better)');
    expect(changeText(91, 92, 'percent', 'higher')).toBe('Down 1 point (worse)');
    expect(changeText(4, 5.5, 'days', 'lower')).toBe('Down 1.5 days (better)');
    expect(changeText(1204, 1100, 'count', 'neither')).toBe('Up 104');
    expect(changeText(3.5, 3.25, 'pounds', 'lower')).toBe('Up £0.25 (worse)');
    expect(changeText(0.3, 0.1, 'score', 'higher')).toBe('Up 0.20 (better)');
    expect(changeText(95, 95, 'percent', 'higher')).toBe('No change');
    expect(changeText(null, 95, 'percent', 'higher')).toBe('No comparison');
  });

  it('picks service by default (else the KPI’s first breakdown) and refuses one it does not offer', () => {
    expect(chooseBreakdown({ breakdowns: ['channel', 'service'] }, '')).toEqual({ ok: true, by: 'service' });
    expect(chooseBreakdown({ breakdowns: ['channel', 'team'] }, '')).toEqual({ ok: true, by: 'channel' });
    expect(chooseBreakdown({ breakdowns: ['service', 'channel'] }, 'channel')).toEqual({ ok: true, by: 'channel' });
    expect(chooseBreakdown({ breakdowns: [] }, '')).toEqual({ ok: true, by: null });
    expect(chooseBreakdown({ breakdowns: ['service'] }, 'team')).toEqual({ ok: false, message: 'Choose a breakdown from the list (service)' });
  });
});

describe('the target form', () => {
  const percent = { unit: 'percent', direction: 'higher' } as const;
  const days = { unit: 'days', direction: 'lower' } as const;
  const messages = (result: ReturnType<typeof readTargetForm>) => (result.ok ? [] : result.errors.summary.map((s) => `${s.href} ${s.text}`));

  it('gives null for the default target, whatever the boxes hold', () => {
    expect(readTargetForm({ choice: 'default', target: 'x', red: '' }, percent)).toEqual({ ok: true, target: null });
  });

  it('reads numbers as managers type them, in the unit', () => {
    expect(readTargetForm({ choice: 'own', target: '97.5%', red: ' 90 ' }, percent)).toEqual({ ok: true, target: { target: 97.5, red: 90 } });
    expect(readTargetForm({ choice: 'own', target: '95', red: '' }, percent)).toEqual({ ok: true, target: { target: 95, red: null } });
    expect(readTargetForm({ choice: 'own', target: '5 days', red: '10' }, days)).toEqual({ ok: true, target: { target: 5, red: 10 } });
    expect(readTargetForm({ choice: 'own', target: '£3.20', red: '£4' }, { unit: 'pounds', direction: 'lower' })).toEqual({ ok: true, target: { target: 3.2, red: 4 } });
    expect(readTargetForm({ choice: 'own', target: '1,200', red: '' }, { unit: 'count', direction: 'higher' })).toEqual({ ok: true, target: { target: 1200, red: null } });
  });

  it('names each mistake against its field', () => {
    expect(messages(readTargetForm({ choice: '', target: '', red: '' }, percent))).toEqual(['#choice Select whether to use the default target or set your own']);
    expect(messages(readTargetForm({ choice: 'own', target: '', red: 'x' }, percent))).toEqual(['#target Enter the target', '#red The red threshold must be a percentage, like 95']);
    expect(messages(readTargetForm({ choice: 'own', target: '101', red: '' }, percent))).toEqual(['#target The target must be between 0 and 100']);
    expect(messages(readTargetForm({ choice: 'own', target: '0.5', red: '2' }, { unit: 'score', direction: 'higher' }))).toEqual(['#red The red threshold must be between -1 and 1']);
  });

  it('wants red worse than the target, given the direction', () => {
    expect(messages(readTargetForm({ choice: 'own', target: '90', red: '90' }, percent))).toEqual(['#red The red threshold must be lower than the target (90%), because higher is better for this measure']);
    expect(messages(readTargetForm({ choice: 'own', target: '5', red: '4' }, days))).toEqual(['#red The red threshold must be higher than the target (5 days), because lower is better for this measure']);
  });
});
