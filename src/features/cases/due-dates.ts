// Due dates of a case's standards, from the working-time clock and the council's calendar, and
// their recalculation when the calendar changes (a closure day, a newly announced bank holiday).
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { evaluateClock, type Calendar } from '../../time/index.js';
import type { ClockUnit } from '../../time/clock.js';
import type { WorkingCalendar } from '../calendar/model.js';
import { onCalendarChanged } from '../calendar/events.js';

/** When a standard's clock, started at `startedAt` with no pauses yet, runs out. */
export function dueAt(calendar: Calendar, clock: { unit: ClockUnit; amount: number }, startedAt: Date): Date {
  const result = evaluateClock(calendar, clock, [{ type: 'start', at: startedAt }], startedAt);
  if (!result.ok) throw new Error(`clock could not start: ${result.error.message}`);
  return result.value.dueAt;
}

// Cases whose work is over keep the due dates they were measured against.
const FINISHED = ['resolved', 'closed', 'cancelled', 'duplicate'];

/** Recomputes every running clock of every open case with the new calendar, noting each move on the case's timeline. */
export async function recalculateOpenCases(db: Db, current: WorkingCalendar, reason: string, actor: Actor): Promise<number> {
  const clocks = await db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['cs.case_id', 'cs.standard_id', 'cs.started_at', 'cs.due_at', 'v.clock_unit', 'v.clock_amount', 'v.sentence'])
    .where('cs.started_at', 'is not', null)
    .where('c.status', 'not in', FINISHED)
    .where(sql<boolean>`cs.calendar_version_id IS DISTINCT FROM ${current.version.id}::bigint`)
    .execute();
  const moves = new Map<string, { standard: string; from: string | null; to: string }[]>();
  for (const clock of clocks) {
    const due = dueAt(current.calendar, { unit: clock.clock_unit as ClockUnit, amount: clock.clock_amount }, clock.started_at as Date);
    await db
      .updateTable('case_standard')
      .set({ due_at: due, calendar_version_id: current.version.id })
      .where('case_id', '=', clock.case_id)
      .where('standard_id', '=', clock.standard_id)
      .execute();
    if (clock.due_at?.getTime() !== due.getTime()) {
      const list = moves.get(clock.case_id) ?? [];
      list.push({ standard: clock.sentence, from: clock.due_at?.toISOString() ?? null, to: due.toISOString() });
      moves.set(clock.case_id, list);
    }
  }
  for (const [caseId, changes] of moves) {
    await db
      .insertInto('case_event')
      .values({ case_id: caseId, type: 'due_dates_recalculated', at: new Date(), actor_type: actor.type, actor_label: actor.label, detail: JSON.stringify({ reason, calendarVersion: current.version.id, changes }) })
      .execute();
  }
  return moves.size;
}

onCalendarChanged('cases.due-dates', async ({ db, current, reason, actor }) => {
  await recalculateOpenCases(db, current, reason, actor);
});
