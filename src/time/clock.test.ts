import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCalendar, type OpeningHours } from './calendar.js';
import { evaluateClock, type ClockEvent, type ClockResult, type ClockRule, type ClockState } from './clock.js';

const HOURS: OpeningHours = {
  monday: { open: '08:30', close: '17:00' },
  tuesday: { open: '08:30', close: '17:00' },
  wednesday: { open: '08:30', close: '17:00' },
  thursday: { open: '08:30', close: '17:00' },
  friday: { open: '08:30', close: '16:30' },
};
const england = createCalendar({ nation: 'england', openingHours: HOURS });
const FIVE_DAYS: ClockRule = { unit: 'working_days', amount: 5 };

const at = (iso: string): Date => new Date(iso);
const start = (iso = '2026-04-02T09:00:00Z'): ClockEvent => ({ type: 'start', at: at(iso) }); // Thu 10:00 BST
const pause = (iso: string): ClockEvent => ({ type: 'pause', at: at(iso), reason: 'waiting for the customer' });
const resume = (iso: string): ClockEvent => ({ type: 'resume', at: at(iso) });
const stop = (iso: string): ClockEvent => ({ type: 'stop', at: at(iso) });
const extend = (iso: string, by: number, authorisedLimit = 10): ClockEvent => ({
  type: 'extend',
  at: at(iso),
  by,
  reason: 'complex case',
  authorisedLimit,
});

function ok(result: ClockResult): ClockState {
  if (!result.ok) throw new Error(`expected a clock state, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
const evaluate = (events: ClockEvent[], now: string, rule = FIVE_DAYS): ClockState =>
  ok(evaluateClock(england, rule, events, at(now)));

describe('evaluateClock: working days', () => {
  it('runs: due 13 April for 5 working days from Thursday 2 April 2026', () => {
    const state = evaluate([start()], '2026-04-08T12:00:00Z');
    expect(state).toMatchObject({
      dueDate: '2026-04-13',
      paused: false,
      stopped: false,
      breached: false,
      breachedAt: null,
      elapsed: 2, // 7 and 8 April
      remaining: 3, // 9, 10 and 13 April
      timeUnit: 'working_days',
      extendedBy: 0,
      pausedFor: 0,
      calendar: england.fingerprint,
    });
    expect(state.dueAt.toISOString()).toBe('2026-04-13T22:59:59.999Z');
  });

  it('is met when stopped on the due date, even after closing time', () => {
    const state = evaluate([start(), stop('2026-04-13T17:30:00Z')], '2026-05-01T12:00:00Z');
    expect(state).toMatchObject({ stopped: true, breached: false, remaining: 0, elapsed: 5 });
  });

  it('is breached when stopped after the due date, from the first moment past due', () => {
    const state = evaluate([start(), stop('2026-04-14T08:00:00Z')], '2026-05-01T12:00:00Z');
    expect(state).toMatchObject({ stopped: true, breached: true, remaining: -1, elapsed: 6 });
    expect(state.breachedAt?.toISOString()).toBe('2026-04-13T23:00:00.000Z'); // midnight BST
  });

  it('is breached when running past due at now', () => {
    expect(evaluate([start()], '2026-04-13T22:59:59.999Z').breached).toBe(false);
    expect(evaluate([start()], '2026-04-13T23:00:00Z').breached).toBe(true);
  });

  it('moves the due date by the working days paused', () => {
    // Paused Tuesday 7, resumed Thursday 9 April: 8 and 9 April, 2 working days.
    const state = evaluate([start(), pause('2026-04-07T09:00:00Z'), resume('2026-04-09T09:00:00Z')], '2026-04-09T12:00:00Z');
    expect(state).toMatchObject({ dueDate: '2026-04-15', pausedFor: 2, paused: false, elapsed: 1, remaining: 4 });
  });

  it('counts a pause on one day as no working days', () => {
    const state = evaluate([start(), pause('2026-04-07T09:00:00Z'), resume('2026-04-07T14:00:00Z')], '2026-04-07T15:00:00Z');
    expect(state).toMatchObject({ dueDate: '2026-04-13', pausedFor: 0 });
  });

  it('while paused, shows the due date as if resumed now, and cannot breach', () => {
    const state = evaluate([start(), pause('2026-04-07T09:00:00Z')], '2026-04-20T12:00:00Z');
    // Paused for 8, 9, 10, 13, 14, 15, 16, 17, 20 April: 9 working days.
    expect(state).toMatchObject({ paused: true, pausedFor: 9, dueDate: '2026-04-24', breached: false, remaining: 4 });
  });

  it('stays breached when paused or extended after the due time passed', () => {
    const state = evaluate(
      [start(), pause('2026-04-15T09:00:00Z'), resume('2026-04-20T09:00:00Z'), extend('2026-04-20T10:00:00Z', 5), stop('2026-04-21T09:00:00Z')],
      '2026-05-01T12:00:00Z',
    );
    expect(state.breached).toBe(true);
    expect(state.breachedAt?.toISOString()).toBe('2026-04-13T23:00:00.000Z');
    expect(state.dueDate).toBe('2026-04-23'); // 13 April + 3 paused + 5 extended working days
  });

  it('stops while paused: the pause ends at the stop', () => {
    const state = evaluate([start(), pause('2026-04-07T09:00:00Z'), stop('2026-04-09T09:00:00Z')], '2026-05-01T12:00:00Z');
    expect(state).toMatchObject({ stopped: true, paused: false, pausedFor: 2, breached: false, dueDate: '2026-04-15' });
  });

  it('ignores events after now, answering "as at" questions', () => {
    const events = [start(), stop('2026-04-20T09:00:00Z')];
    expect(evaluate(events, '2026-04-10T12:00:00Z')).toMatchObject({ stopped: false, breached: false });
    expect(evaluate(events, '2026-04-20T12:00:00Z')).toMatchObject({ stopped: true, breached: true });
  });

  it('counts from the next working day when started after the cut-off', () => {
    // Friday 13 March 16:45 GMT: after the Friday closing time of 16:30, so day 0 is Monday 16 March.
    expect(evaluate([start('2026-03-13T16:45:00Z')], '2026-03-14T12:00:00Z').dueDate).toBe('2026-03-23');
  });
});

describe('evaluateClock: extensions', () => {
  it('extends by authorised working days, up to the limit', () => {
    const rule: ClockRule = { unit: 'working_days', amount: 10 };
    const state = evaluate([start(), extend('2026-04-10T09:00:00Z', 4), extend('2026-04-14T09:00:00Z', 6)], '2026-04-15T09:00:00Z', rule);
    // 10 working days from 2 April is 20 April; 10 more is 5 May (4 May is a bank holiday).
    expect(state).toMatchObject({ extendedBy: 10, dueDate: '2026-05-05' });
  });

  it('returns an error, not a throw, for an extension over the limit', () => {
    const result = evaluateClock(england, FIVE_DAYS, [start(), extend('2026-04-10T09:00:00Z', 6), extend('2026-04-14T09:00:00Z', 5)], at('2026-04-15T09:00:00Z'));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'extension_over_limit',
        message: 'Extending by 5 would make 11 working days in total, over the authorised 10',
        eventIndex: 2,
      },
    });
  });

  it('rejects extensions that are not positive whole units, or have no reason', () => {
    const code = (event: ClockEvent): string | undefined => {
      const result = evaluateClock(england, FIVE_DAYS, [start(), event], at('2026-04-15T09:00:00Z'));
      return result.ok ? undefined : result.error.code;
    };
    expect(code(extend('2026-04-10T09:00:00Z', 0))).toBe('invalid_extension');
    expect(code(extend('2026-04-10T09:00:00Z', 1.5))).toBe('invalid_extension');
    expect(code({ type: 'extend', at: at('2026-04-10T09:00:00Z'), by: 1, reason: '  ', authorisedLimit: 5 })).toBe('missing_reason');
  });
});

describe('evaluateClock: mistakes in the events are error results', () => {
  it.each<[string, ClockEvent[], string, number]>([
    ['no start', [], 'not_started', -1],
    ['pause before start', [pause('2026-04-07T09:00:00Z')], 'not_started', 0],
    ['two starts', [start(), start('2026-04-03T09:00:00Z')], 'already_started', 1],
    ['pause twice', [start(), pause('2026-04-07T09:00:00Z'), pause('2026-04-08T09:00:00Z')], 'already_paused', 2],
    ['resume without pause', [start(), resume('2026-04-07T09:00:00Z')], 'not_paused', 1],
    ['event after stop', [start(), stop('2026-04-07T09:00:00Z'), pause('2026-04-08T09:00:00Z')], 'already_stopped', 2],
    ['out of order', [start(), pause('2026-04-08T09:00:00Z'), resume('2026-04-07T09:00:00Z')], 'out_of_order', 2],
    ['pause without reason', [start(), { type: 'pause', at: at('2026-04-07T09:00:00Z'), reason: '' }], 'missing_reason', 1],
  ])('%s', (_why, events, code, eventIndex) => {
    const result = evaluateClock(england, FIVE_DAYS, events, at('2026-05-01T09:00:00Z'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, eventIndex });
  });

  it('throws for an invalid rule: that is a programming or configuration error', () => {
    expect(() => evaluateClock(england, { unit: 'working_days', amount: 1.5 }, [start()], at('2026-04-15T09:00:00Z'))).toThrow(RangeError);
    expect(() => evaluateClock(england, { unit: 'fortnights' as 'working_days', amount: 1 }, [start()], at('2026-04-15T09:00:00Z'))).toThrow(RangeError);
  });
});

describe('evaluateClock: other units', () => {
  it('working hours: 4 hours from Friday 15:00 before the March clock change', () => {
    const rule: ClockRule = { unit: 'working_hours', amount: 4 };
    const state = evaluate([start('2026-03-27T15:00:00Z')], '2026-03-30T08:00:00Z', rule);
    expect(state.dueAt.toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(state).toMatchObject({ timeUnit: 'working_hours', dueDate: '2026-03-30', elapsed: 2, remaining: 2, breached: false });
  });

  it('working hours: a pause of 1.5 working hours moves the due time by 1.5 working hours', () => {
    const rule: ClockRule = { unit: 'working_hours', amount: 4 };
    const state = evaluate([start('2026-03-10T09:00:00Z'), pause('2026-03-10T10:00:00Z'), resume('2026-03-10T11:30:00Z')], '2026-03-10T12:00:00Z', rule);
    expect(state.dueAt.toISOString()).toBe('2026-03-10T14:30:00.000Z');
    expect(state.pausedFor).toBe(1.5);
  });

  it('calendar months: a subject access request, extended by two further months', () => {
    const rule: ClockRule = { unit: 'calendar_months', amount: 1 };
    const events = [start('2026-01-31T10:00:00Z')];
    expect(evaluate(events, '2026-02-10T10:00:00Z', rule)).toMatchObject({ dueDate: '2026-03-02', timeUnit: 'calendar_days' });
    const extended = evaluate([...events, extend('2026-02-20T10:00:00Z', 2, 2)], '2026-02-21T10:00:00Z', rule);
    expect(extended).toMatchObject({ dueDate: '2026-04-30', extendedBy: 2 });
    const tooLong = evaluateClock(england, rule, [...events, extend('2026-02-20T10:00:00Z', 3, 2)], at('2026-02-21T10:00:00Z'));
    expect(tooLong.ok).toBe(false);
  });

  it('calendar months: waiting for proof of identity pauses in calendar days', () => {
    const rule: ClockRule = { unit: 'calendar_months', amount: 1 };
    const state = evaluate([start('2026-04-15T10:00:00Z'), pause('2026-04-16T10:00:00Z'), resume('2026-04-26T10:00:00Z')], '2026-04-27T10:00:00Z', rule);
    expect(state).toMatchObject({ pausedFor: 10, dueDate: '2026-05-26' }); // 15 May + 10 days = 25 May, a bank holiday
  });

  it('calendar days: 20 days, moved to the next working day', () => {
    const rule: ClockRule = { unit: 'calendar_days', amount: 20 };
    expect(evaluate([start('2026-03-14T10:00:00Z')], '2026-03-20T10:00:00Z', rule)).toMatchObject({
      dueDate: '2026-04-07', // 3 April is Good Friday, then the weekend and Easter Monday
      elapsed: 6,
      remaining: 18,
    });
  });
});

describe('evaluateClock: at risk once a share of the allowed time is used', () => {
  const ONE_DAY: ClockRule = { unit: 'working_days', amount: 1 };
  // Monday 2 November 2026, 10:00 (GMT): day 0 is Monday, due by the end of Tuesday 3 November.
  const monday = start('2026-11-02T10:00:00Z');

  it('is not at risk minutes after a 1 working day clock starts', () => {
    const state = evaluate([monday], '2026-11-02T10:04:00Z', ONE_DAY);
    expect(state).toMatchObject({ atRisk: false, dueDate: '2026-11-03' });
  });

  it('is at risk when 75% of the time from receipt to the end of the due date has gone', () => {
    // 14 hours of Monday and 24 of Tuesday are allowed: a quarter of 38 hours (9.5) is left at 14:30 on Tuesday.
    const state = evaluate([monday], '2026-11-03T14:30:00Z', ONE_DAY);
    expect(state.atRiskAt.toISOString()).toBe('2026-11-03T14:30:00.000Z');
    expect(state.atRisk).toBe(true);
    expect(evaluate([monday], '2026-11-03T14:29:59Z', ONE_DAY).atRisk).toBe(false);
  });

  it('warns earlier with a share of 50%', () => {
    const state = evaluate([monday], '2026-11-03T05:00:00Z', { ...ONE_DAY, atRiskShare: 0.5 });
    expect(state.atRiskAt.toISOString()).toBe('2026-11-03T05:00:00.000Z');
    expect(state.atRisk).toBe(true);
  });

  it('skips non-working days and starts a weekend request at day 0', () => {
    // Friday 16:00: 8 hours of Friday and all of Monday allowed; 8 hours left at 16:00 on Monday.
    expect(evaluate([start('2026-11-06T16:00:00Z')], '2026-11-06T16:05:00Z', ONE_DAY).atRiskAt.toISOString()).toBe('2026-11-09T16:00:00.000Z');
    // Saturday: day 0 is Monday, due by the end of Tuesday: half of Tuesday left at 12:00 on Tuesday.
    expect(evaluate([start('2026-11-07T10:00:00Z')], '2026-11-07T10:05:00Z', ONE_DAY).atRiskAt.toISOString()).toBe('2026-11-10T12:00:00.000Z');
  });

  it('counts London days in summer time and skips bank holidays', () => {
    // Thursday 2 April 2026 10:00 BST: Good Friday and Easter Monday are not working days, due Tuesday 7 April.
    const state = evaluate([start('2026-04-02T09:00:00Z')], '2026-04-02T09:05:00Z', ONE_DAY);
    expect(state.dueDate).toBe('2026-04-07');
    expect(state.atRiskAt.toISOString()).toBe('2026-04-07T13:30:00.000Z'); // 14:30 BST
  });

  it('does not count paused time, and moves with the due date', () => {
    // Paused Monday, resumed Tuesday: one working day paused, due Wednesday; at risk Wednesday 14:30.
    const events = [monday, pause('2026-11-02T12:00:00Z'), resume('2026-11-03T12:00:00Z')];
    const state = evaluate(events, '2026-11-03T15:00:00Z', ONE_DAY);
    expect(state).toMatchObject({ dueDate: '2026-11-04', atRisk: false });
    expect(state.atRiskAt.toISOString()).toBe('2026-11-04T14:30:00.000Z');
  });

  it('is not at risk while paused, even past the at-risk moment', () => {
    const state = evaluate([monday, pause('2026-11-03T09:00:00Z')], '2026-11-03T15:00:00Z', ONE_DAY);
    expect(state).toMatchObject({ paused: true, atRisk: false });
  });

  it('includes extensions in the allowed time', () => {
    // 1 + 1 working days: 62 hours allowed, a quarter (15.5) left at 08:30 on Wednesday.
    const state = evaluate([monday, extend('2026-11-02T11:00:00Z', 1, 1)], '2026-11-02T11:05:00Z', ONE_DAY);
    expect(state.atRiskAt.toISOString()).toBe('2026-11-04T08:30:00.000Z');
  });

  it('is not at risk once breached or stopped: those have their own states', () => {
    expect(evaluate([monday], '2026-11-04T09:00:00Z', ONE_DAY)).toMatchObject({ breached: true, atRisk: false });
    expect(evaluate([monday, stop('2026-11-03T16:00:00Z')], '2026-11-03T17:00:00Z', ONE_DAY)).toMatchObject({ stopped: true, atRisk: false });
  });

  it('counts working hours for a working-hour rule, pauses excluded', () => {
    const rule: ClockRule = { unit: 'working_hours', amount: 8 };
    // Monday 9 March 2026 09:00 GMT, open 08:30 to 17:00: 6 working hours later is 15:00.
    expect(evaluate([start('2026-03-09T09:00:00Z')], '2026-03-09T09:05:00Z', rule).atRiskAt.toISOString()).toBe('2026-03-09T15:00:00.000Z');
    const paused = evaluate([start('2026-03-09T09:00:00Z'), pause('2026-03-09T10:00:00Z'), resume('2026-03-09T11:00:00Z')], '2026-03-09T11:05:00Z', rule);
    expect(paused.atRiskAt.toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('counts calendar days from receipt for a calendar rule', () => {
    // 10 calendar days from Monday 2 November 10:00: due by the end of 12 November, 254 hours;
    // a quarter (63.5 hours) left at 08:30 on 10 November.
    const state = evaluate([monday], '2026-11-02T10:05:00Z', { unit: 'calendar_days', amount: 10 });
    expect(state.atRiskAt.toISOString()).toBe('2026-11-10T08:30:00.000Z');
  });

  it('throws for a share outside 0 to 1, a configuration error', () => {
    for (const atRiskShare of [0, 1, 1.5, -0.1, Number.NaN]) {
      expect(() => evaluateClock(england, { ...ONE_DAY, atRiskShare }, [monday], at('2026-11-02T11:00:00Z'))).toThrow(RangeError);
    }
  });
});

describe('purity', () => {
  it('gives the same output for the same inputs', () => {
    const events = [start(), pause('2026-04-07T09:00:00Z'), resume('2026-04-09T09:00:00Z')];
    const first = evaluateClock(england, FIVE_DAYS, events, at('2026-04-20T09:00:00Z'));
    const again = evaluateClock(createCalendar({ nation: 'england', openingHours: HOURS }), FIVE_DAYS, events, at('2026-04-20T09:00:00Z'));
    expect(again).toEqual(first);
  });

  it('never reads the clock inside src/time', () => {
    const folder = new URL('.', import.meta.url);
    const sources = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, folder), 'utf8');
      expect(text, file).not.toMatch(/Date\.now\s*\(|new Date\(\s*\)|performance\.now/);
    }
  });
});
