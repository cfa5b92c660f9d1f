// "The calendar changed": other features (cases, first) react inside the same transaction, so a
// closure day and the due dates it moves are saved together or not at all.
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import type { LocalDate } from '../../time/index.js';
import type { CalendarVersionRef, WorkingCalendar } from './model.js';

export type CalendarChangeKind = 'day_added' | 'day_removed' | 'hours_changed' | 'nation_changed' | 'recorded';

export interface CalendarChanged {
  /** The transaction the change is being made in. Do all work through it: throwing undoes the change. */
  db: Db;
  actor: Actor;
  kind: CalendarChangeKind;
  /** In words, for each case's timeline: "Added closure day Tuesday 29 December 2026: Christmas closure". */
  reason: string;
  /** Days added or removed; empty for other kinds. */
  dates: LocalDate[];
  /** The version in force before the change; undefined for the first one. */
  previous: CalendarVersionRef | undefined;
  /** The calendar now, and the version row just written for it. */
  current: WorkingCalendar;
}

export type CalendarListener = (change: CalendarChanged) => Promise<void> | void;

const listeners = new Map<string, CalendarListener>();

/**
 * Calls `listener` after every calendar change, inside its transaction, in registration order.
 * Registered by name, so registering again (a second app in tests, a reloaded module) replaces
 * rather than doubles. Returns a function that unregisters it.
 */
export function onCalendarChanged(name: string, listener: CalendarListener): () => void {
  listeners.set(name, listener);
  return () => {
    if (listeners.get(name) === listener) listeners.delete(name);
  };
}

export async function notifyCalendarChanged(change: CalendarChanged): Promise<void> {
  for (const listener of [...listeners.values()]) await listener(change);
}
