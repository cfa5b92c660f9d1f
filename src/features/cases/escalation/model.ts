// Escalation as pure rules: when a running clock is at risk or breached, who hears about it, and
// how the timeline tells it. No I/O: the service reads and writes, these decide.
import { formatDay } from '../../../platform/views/environment.js';

export const ESCALATION_LEVELS = ['at_risk', 'breached'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** The staff notification template of each level (their wording is in notification_template). */
export const TEMPLATE_OF: Readonly<Record<EscalationLevel, string>> = {
  at_risk: 'staff.case_at_risk',
  breached: 'staff.case_breached',
};

/**
 * What makes a running clock reach a level at `now`: the column that holds the moment it does
 * (case_standard.due_at or .at_risk_at) is before `before`, and, for at risk, the clock is not
 * yet past due (a breached clock is told as breached, not as at risk too).
 */
export interface LevelReached {
  column: 'due_at' | 'at_risk_at';
  before: Date;
  notDueBefore?: Date;
}

/**
 * At risk once the clock has used its standard's share of the time allowed: at_risk_at, worked out
 * by time/clock.ts with the due date, is now or earlier. Breached once past the due instant.
 */
export function levelsReached(now: Date): Record<EscalationLevel, LevelReached> {
  return {
    breached: { column: 'due_at', before: now },
    // `before` is exclusive: at risk from the at-risk instant itself.
    at_risk: { column: 'at_risk_at', before: new Date(now.getTime() + 1), notDueBefore: now },
  };
}

export interface StaffMember {
  id: string;
  name: string;
  email: string;
}

/** The assignee first, then the team's leads; a lead who is also the assignee is told once. */
export function recipients(assignee: StaffMember | undefined, leads: readonly StaffMember[]): StaffMember[] {
  const byId = new Map<string, StaffMember>();
  for (const person of [...(assignee ? [assignee] : []), ...leads]) if (!byId.has(person.id)) byId.set(person.id, person);
  return [...byId.values()];
}

export const NOBODY_TOLD = 'Nobody was told: the case has no assignee and its team has no lead';

/** The 'escalated' event's detail. Nobody to tell is recorded too: it shows the case has no owner. */
export function escalationDetail(level: EscalationLevel, clock: { standardId: string; standard: string; dueAt: Date }, told: readonly StaffMember[]): Record<string, unknown> {
  return {
    level,
    standardId: clock.standardId,
    standard: clock.standard,
    dueAt: clock.dueAt.toISOString(),
    notified: told.map((person) => person.name),
    ...(told.length ? {} : { note: NOBODY_TOLD }),
  };
}

/** How the officer's timeline shows an 'escalated' event (case-page/timeline.ts). */
export function describeEscalation(detail: Record<string, unknown>): { title: string; lines: string[] } {
  const standard = typeof detail.standard === 'string' ? detail.standard : '';
  const notified = Array.isArray(detail.notified) ? detail.notified.filter((n): n is string => typeof n === 'string') : [];
  const due = typeof detail.dueAt === 'string' ? formatDay(detail.dueAt) : 'no date';
  const title = detail.level === 'breached' ? `Escalated: past its due date: ${standard}` : `Escalated: at risk of missing: ${standard}`;
  const told = notified.length ? `Told ${notified.join(', ')}` : typeof detail.note === 'string' ? detail.note : NOBODY_TOLD;
  return { title, lines: [`Due ${due}`, told] };
}
