// Due dates of a case's standards, from the working-time clock and the council's calendar, and
// their recalculation when the calendar changes (a closure day, a newly announced bank holiday).
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import type { ClockUnit } from '../../time/clock.js';
import type { WorkingCalendar } from '../calendar/model.js';
import type { CaseMilestone } from '../charter/model.js';
import { fromStoredEvents, recordOf, type CaseClock } from './clocks.js';
import { FINISHED_CATEGORIES } from './workflow/model.js';
import { onCalendarChanged } from '../calendar/events.js';

/** Recomputes every running clock of every open case with the new calendar, noting each move on the case's timeline. */
export async function recalculateOpenCases(db: Db, current: WorkingCalendar, reason: string, actor: Actor, now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['cs.case_id', 'cs.standard_id', 'cs.clock_events', 'cs.due_at', 'v.clock_unit', 'v.clock_amount', 'v.sentence', 'v.start_event', 'v.stop_event'])
    .where('cs.started_at', 'is not', null)
    // Cases whose work is over keep the due dates they were measured against.
    .where('cs.stopped_at', 'is', null)
    .where('c.status_category', 'not in', FINISHED_CATEGORIES)
    .where(sql<boolean>`cs.calendar_version_id IS DISTINCT FROM ${current.version.id}::bigint`)
    .execute();
  const moves = new Map<string, { standard: string; from: string | null; to: string }[]>();
  for (const row of rows) {
    // Case first, then its clock: the order a case change takes them in, so the two never deadlock.
    await db.selectFrom('cases').select('id').where('id', '=', row.case_id).forUpdate().execute();
    const clock: CaseClock = {
      standardId: row.standard_id,
      sentence: row.sentence,
      rule: { unit: row.clock_unit as ClockUnit, amount: row.clock_amount },
      startEvent: row.start_event as CaseMilestone,
      stopEvent: row.stop_event as CaseMilestone,
      events: fromStoredEvents(row.clock_events),
      void: false,
    };
    const record = recordOf(current.calendar, clock, now);
    await db
      .updateTable('case_standard')
      .set({ due_at: record.dueAt, calendar_version_id: current.version.id })
      .where('case_id', '=', row.case_id)
      .where('standard_id', '=', row.standard_id)
      .execute();
    if (record.dueAt && row.due_at?.getTime() !== record.dueAt.getTime()) {
      const list = moves.get(row.case_id) ?? [];
      list.push({ standard: row.sentence, from: row.due_at?.toISOString() ?? null, to: record.dueAt.toISOString() });
      moves.set(row.case_id, list);
    }
  }
  for (const [caseId, changes] of moves) {
    await db
      .insertInto('case_event')
      .values({ case_id: caseId, type: 'due_dates_recalculated', at: now, actor_type: actor.type, actor_label: actor.label, detail: JSON.stringify({ reason, calendarVersion: current.version.id, changes }) })
      .execute();
  }
  return moves.size;
}

onCalendarChanged('cases.due-dates', async ({ db, current, reason, actor }) => {
  await recalculateOpenCases(db, current, reason, actor);
});
