// The clock rules of a case, without a database: which milestone starts and stops which standard,
// pauses while waiting for the customer, voiding, and the met/missed outcome derived from events.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../time/index.js';
import { applyMilestone, extendClock, pauseClocks, recordOf, resumeClocks, voidClocks, type CaseClock } from './clocks.js';

const calendar = createCalendar({ nation: 'england' });
const clock = (standardId: string, startEvent: CaseClock['startEvent'], stopEvent: CaseClock['stopEvent'], amount = 5): CaseClock => ({
  standardId, sentence: standardId, rule: { unit: 'working_days', amount }, startEvent, stopEvent, events: [], void: false,
});
const thursday = new Date('2026-04-02T09:00:00Z');

describe('case clocks', () => {
  it('start with their start milestone and not with another', () => {
    const [started, ...rest] = applyMilestone([clock('fix', 'received', 'resolved'), clock('visit', 'acknowledged', 'visited')], 'received', thursday);
    expect(started?.standardId).toBe('fix');
    expect(rest).toEqual([]);
    expect(recordOf(calendar, started!, thursday).dueAt?.toISOString()).toBe('2026-04-13T22:59:59.999Z');
  });

  it('stop with their stop milestone or any later one, so resolving answers an unacknowledged request', () => {
    const running = applyMilestone([clock('ack', 'received', 'acknowledged', 1), clock('fix', 'received', 'resolved')], 'received', thursday);
    const stopped = applyMilestone(running, 'resolved', new Date('2026-04-08T09:00:00Z'));
    const outcomes = stopped.map((c) => [c.standardId, recordOf(calendar, c, new Date('2026-04-08T09:00:00Z')).outcome]);
    expect(outcomes).toEqual([['ack', 'missed'], ['fix', 'met']]);
  });

  it('pause only running clocks, once, and resume them; a clock stopped while paused resumes first', () => {
    const running = applyMilestone([clock('fix', 'received', 'resolved')], 'received', thursday);
    const paused = pauseClocks(running, new Date('2026-04-07T10:00:00Z'), 'Which bin?');
    expect(pauseClocks(paused, new Date('2026-04-08T10:00:00Z'), 'again')).toEqual([]);
    expect(recordOf(calendar, paused[0]!, new Date('2026-04-08T10:00:00Z')).paused).toBe(true);
    const resumed = resumeClocks(paused, new Date('2026-04-09T10:00:00Z'));
    expect(recordOf(calendar, resumed[0]!, new Date('2026-04-09T10:00:00Z')).dueAt?.toISOString()).toBe('2026-04-15T22:59:59.999Z');
    const stoppedWhilePaused = applyMilestone(paused, 'resolved', new Date('2026-04-08T10:00:00Z'));
    expect(stoppedWhilePaused[0]?.events.map((e) => e.type)).toEqual(['start', 'pause', 'resume', 'stop']);
  });

  it('void running clocks when a case is cancelled, with no met or missed', () => {
    const running = applyMilestone([clock('fix', 'received', 'resolved')], 'received', thursday);
    const [voided] = voidClocks(running);
    expect(recordOf(calendar, voided!, new Date('2026-05-01T09:00:00Z')).outcome).toBe('void');
  });

  it('extend by at most the standard’s own length, and only with a reason', () => {
    const [running] = applyMilestone([clock('fix', 'received', 'resolved')], 'received', thursday);
    expect(() => extendClock(running!, thursday, 2, ' ')).toThrow('reason');
    const tooLong = extendClock(running!, thursday, 6, 'Parts on order');
    expect(() => recordOf(calendar, tooLong, thursday)).toThrow();
    expect(recordOf(calendar, extendClock(running!, thursday, 5, 'Parts on order'), thursday).dueAt?.toISOString()).toBe('2026-04-20T22:59:59.999Z');
  });
});
