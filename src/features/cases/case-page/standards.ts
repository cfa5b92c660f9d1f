// Where each standard on a case stands today, as an officer needs to see it: which ones are
// running, paused, at risk (its standard's share of the time allowed used: the same moment the
// queue's "Due soon" and escalation read from case_standard.at_risk_at), overdue, or settled as
// met, missed or void. Pure: the calendar and the time are passed in.
import type { Calendar } from '../../../time/index.js';
import { CLOCK_UNIT_NAMES } from '../../charter/model.js';
import { clockState, isRunning, type CaseClock } from '../clocks.js';

export type StandardState = 'not_started' | 'running' | 'paused' | 'at_risk' | 'overdue' | 'met' | 'missed' | 'void';

/** GOV.UK tag text and colour for each state. */
export const STANDARD_TAGS: Record<StandardState, { text: string; classes: string }> = {
  not_started: { text: 'Not started', classes: 'govuk-tag--grey' },
  running: { text: 'Running', classes: 'govuk-tag--blue' },
  paused: { text: 'Paused', classes: 'govuk-tag--yellow' },
  at_risk: { text: 'At risk', classes: 'govuk-tag--orange' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  met: { text: 'Met', classes: 'govuk-tag--green' },
  missed: { text: 'Missed', classes: 'govuk-tag--red' },
  void: { text: 'Void', classes: 'govuk-tag--grey' },
};

/** A clock as the lifecycle's store reads it: its events, and what was recorded when it stopped. */
export type StoredClock = CaseClock & { outcome: string | null; dueAt: Date | null };

export interface StandardView {
  standardId: string;
  sentence: string;
  state: StandardState;
  tag: { text: string; classes: string };
  dueAt: Date | null;
  /** When a running clock is (or was) at risk; null once it is settled, paused or not started. */
  atRiskAt: Date | null;
  /** The unit an extension is counted in, plural: "working days". */
  unit: string;
  /** Only a running clock can be extended. */
  extendable: boolean;
}

function stateOf(calendar: Calendar, clock: StoredClock, now: Date): { state: StandardState; dueAt: Date | null; atRiskAt?: Date } {
  // A stopped clock keeps the due date it was measured against.
  if (clock.void || clock.outcome === 'void') return { state: 'void', dueAt: clock.dueAt };
  if (clock.outcome === 'met' || clock.outcome === 'missed') return { state: clock.outcome, dueAt: clock.dueAt };
  const live = clockState(calendar, clock, now);
  if (!live) return { state: 'not_started', dueAt: null };
  if (live.stopped) return { state: live.breached ? 'missed' : 'met', dueAt: live.dueAt };
  // A standard already missed stays missed while the case waits for the customer.
  if (live.breached) return { state: 'overdue', dueAt: live.dueAt };
  if (live.paused) return { state: 'paused', dueAt: live.dueAt };
  return { state: live.atRisk ? 'at_risk' : 'running', dueAt: live.dueAt, atRiskAt: live.atRiskAt };
}

export function standardViews(calendar: Calendar, clocks: readonly StoredClock[], now: Date): StandardView[] {
  return clocks.map((clock) => {
    const { state, dueAt, atRiskAt } = stateOf(calendar, clock, now);
    return {
      standardId: clock.standardId,
      sentence: clock.sentence,
      state,
      tag: STANDARD_TAGS[state],
      dueAt,
      atRiskAt: atRiskAt ?? null,
      unit: CLOCK_UNIT_NAMES[clock.rule.unit][1],
      extendable: isRunning(clock),
    };
  });
}
