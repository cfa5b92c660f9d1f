// The clocks of a case's standards, as pure functions of their events. A milestone (received,
// acknowledged, assigned, visited, resolved, closed) starts the standards that start with it and
// stops the ones that stop with it; waiting for the customer pauses every running clock; an
// extension needs a reason. The due date, the pause and the met/missed outcome are all derived
// from the events by time/clock.ts, so they can be recomputed at any time.
import { evaluateClock, type Calendar, type ClockEvent, type ClockRule, type ClockState, type ClockUnit } from '../../time/index.js';
import type { StoredClockEvent } from '../../platform/db/schema.js';
import { InvalidInput } from '../../platform/errors.js';
import { CASE_MILESTONES, type CaseMilestone } from '../charter/model.js';

export interface CaseClock {
  standardId: string;
  /** The version of the standard the case is measured against. */
  standardVersion?: number;
  sentence: string;
  rule: ClockRule;
  startEvent: CaseMilestone;
  stopEvent: CaseMilestone;
  /** The most an extension may add in total, in the rule's unit; null or absent: the rule's own amount. */
  extensionLimit?: number | null;
  events: ClockEvent[];
  /** 'void' once the case was cancelled or marked a duplicate before the clock stopped. */
  void: boolean;
}

export type ClockOutcome = 'met' | 'missed' | 'void';

/** A standard version's clock rule: its unit, its amount and the whole percent of it after which it is at risk. */
export function ruleOf(unit: ClockUnit, amount: number, atRiskPercent: number): ClockRule {
  return { unit, amount, atRiskShare: atRiskPercent / 100 };
}

/** A clock as stored: its case_standard row joined to the version of the standard it runs under. */
export interface StoredClockRow {
  standard_id: string;
  sentence: string;
  clock_unit: string;
  clock_amount: number;
  at_risk_percent: number;
  start_event: string;
  stop_event: string;
  extension_limit?: number | null;
  clock_events: StoredClockEvent[];
}

/** The clock a stored row describes, as the engine replays it (void when the case was cancelled). */
export function clockFromRow(row: StoredClockRow, isVoid = false): CaseClock {
  return {
    standardId: row.standard_id,
    sentence: row.sentence,
    rule: ruleOf(row.clock_unit as ClockUnit, row.clock_amount, row.at_risk_percent),
    startEvent: row.start_event as CaseMilestone,
    stopEvent: row.stop_event as CaseMilestone,
    extensionLimit: row.extension_limit ?? null,
    events: fromStoredEvents(row.clock_events),
    void: isVoid,
  };
}

/** What is stored for a clock after a change: derived from the events. */
export interface ClockRecord {
  startedAt: Date | null;
  dueAt: Date | null;
  /** When the running clock is at risk (time/clock.ts atRiskAt), kept beside dueAt for the queue and escalation. */
  atRiskAt: Date | null;
  paused: boolean;
  stoppedAt: Date | null;
  outcome: ClockOutcome | null;
}

export const isRunning = (clock: CaseClock): boolean => !clock.void && clock.events.length > 0 && !clock.events.some((e) => e.type === 'stop');
const isPaused = (clock: CaseClock): boolean => isRunning(clock) && clock.events.findLast((e) => e.type === 'pause' || e.type === 'resume')?.type === 'pause';

const order = (milestone: CaseMilestone): number => CASE_MILESTONES.indexOf(milestone);

/**
 * The clocks a milestone changes, with their new events. A milestone also stops the clocks of the
 * milestones before it: a request resolved without a separate acknowledgement has been answered,
 * so its acknowledgement clock stops then (and is met or missed by that time).
 */
export function applyMilestone(clocks: readonly CaseClock[], milestone: CaseMilestone, at: Date): CaseClock[] {
  const changed: CaseClock[] = [];
  for (const clock of clocks) {
    if (clock.void) continue;
    if (clock.events.length === 0 && clock.startEvent === milestone) {
      changed.push({ ...clock, events: [{ type: 'start', at }] });
    } else if (isRunning(clock) && order(clock.stopEvent) <= order(milestone)) {
      // A clock stopped while paused is resumed at the same instant: the pause ends with the work.
      const resume: ClockEvent[] = isPaused(clock) ? [{ type: 'resume', at }] : [];
      changed.push({ ...clock, events: [...clock.events, ...resume, { type: 'stop', at }] });
    }
  }
  return changed;
}

export function pauseClocks(clocks: readonly CaseClock[], at: Date, reason: string): CaseClock[] {
  return clocks.filter((c) => isRunning(c) && !isPaused(c)).map((c) => ({ ...c, events: [...c.events, { type: 'pause', at, reason }] }));
}

export function resumeClocks(clocks: readonly CaseClock[], at: Date): CaseClock[] {
  return clocks.filter(isPaused).map((c) => ({ ...c, events: [...c.events, { type: 'resume', at }] }));
}

/** Cancelling a case or marking it a duplicate: its running clocks measure nothing any more. */
export function voidClocks(clocks: readonly CaseClock[]): CaseClock[] {
  return clocks.filter(isRunning).map((c) => ({ ...c, void: true }));
}

/**
 * An authorised extension. The most a standard may be extended by, in total, is its own limit
 * (England's stage 1 complaint response: 10 working days more; an acknowledgement: none) or, when
 * it sets none, its own length (a 10 working day standard can run to 20).
 */
export function extendClock(clock: CaseClock, at: Date, by: number, reason: string): CaseClock {
  if (!isRunning(clock)) throw new InvalidInput([{ field: 'standardId', message: 'This standard’s clock is not running, so it cannot be extended' }]);
  if (!reason.trim()) throw new InvalidInput([{ field: 'reason', message: 'Enter the reason for the extension' }]);
  const limit = clock.extensionLimit ?? clock.rule.amount;
  if (limit === 0) throw new InvalidInput([{ field: 'by', message: `“${clock.sentence}” cannot be extended` }]);
  return { ...clock, events: [...clock.events, { type: 'extend', at, by, reason: reason.trim(), authorisedLimit: limit }] };
}

/** The clock's state at `now`, or the error the events break (an extension over its limit, say). */
export function clockState(calendar: Calendar, clock: CaseClock, now: Date): ClockState | null {
  if (clock.events.length === 0) return null;
  const result = evaluateClock(calendar, clock.rule, clock.events, now);
  if (!result.ok) {
    if (result.error.code === 'extension_over_limit' || result.error.code === 'invalid_extension') throw new InvalidInput([{ field: 'by', message: result.error.message }]);
    throw new Error(`clock for standard ${clock.standardId}: ${result.error.message}`);
  }
  return result.value;
}

/** What to store for a clock: its due date and, once stopped, whether the standard was met. */
export function recordOf(calendar: Calendar, clock: CaseClock, now: Date): ClockRecord {
  const state = clockState(calendar, clock, now);
  const stop = clock.events.find((e) => e.type === 'stop');
  const stoppedAt = clock.void ? now : (stop?.at ?? null);
  let outcome: ClockOutcome | null = null;
  if (clock.void) outcome = 'void';
  else if (stop && state) outcome = state.breached ? 'missed' : 'met';
  return { startedAt: state?.startedAt ?? null, dueAt: state?.dueAt ?? null, atRiskAt: state?.atRiskAt ?? null, paused: state?.paused ?? false, stoppedAt, outcome };
}

export function toStoredEvents(events: readonly ClockEvent[]): StoredClockEvent[] {
  return events.map((e) => ({ ...e, at: e.at.toISOString() }));
}

export function fromStoredEvents(events: readonly StoredClockEvent[]): ClockEvent[] {
  return events.map((e) => ({ ...e, at: new Date(e.at) }));
}
