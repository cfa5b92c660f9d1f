// Due dates of a case's standards, from the working-time clock and the council's calendar, and
// their recalculation when the calendar changes (a closure day, a newly announced bank holiday).
// The at-risk moment is stored and recalculated with the due date: it moves when the due date does.
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import type { Calendar } from '../../time/index.js';
import type { WorkingCalendar } from '../calendar/model.js';
import { clockFromRow, recordOf, type CaseClock } from './clocks.js';
import { FINISHED_CATEGORIES } from './workflow/model.js';
import { onCalendarChanged } from '../calendar/events.js';

/** Running clocks of open cases, with what it takes to replay them. */
const runningClocks = (db: Db) =>
  db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['cs.case_id', 'cs.standard_id', 'cs.clock_events', 'cs.due_at', 'v.clock_unit', 'v.clock_amount', 'v.at_risk_percent', 'v.sentence', 'v.start_event', 'v.stop_event'])
    .where('cs.started_at', 'is not', null)
    // Cases whose work is over keep the due dates they were measured against.
    .where('cs.stopped_at', 'is', null)
    .where('c.status_category', 'not in', FINISHED_CATEGORIES);

type RunningClockRow = Awaited<ReturnType<ReturnType<typeof runningClocks>['execute']>>[number];

const clockOf = (row: RunningClockRow): CaseClock => clockFromRow(row);

/** Recomputes every running clock of every open case with the new calendar, noting each move on the case's timeline. */
export async function recalculateOpenCases(db: Db, current: WorkingCalendar, reason: string, actor: Actor, now = new Date()): Promise<number> {
  const rows = await runningClocks(db).where(sql<boolean>`cs.calendar_version_id IS DISTINCT FROM ${current.version.id}::bigint`).execute();
  const moves = new Map<string, { standard: string; from: string | null; to: string }[]>();
  for (const row of rows) {
    // Case first, then its clock: the order a case change takes them in, so the two never deadlock.
    await db.selectFrom('cases').select('id').where('id', '=', row.case_id).forUpdate().execute();
    const record = recordOf(current.calendar, clockOf(row), now);
    await db
      .updateTable('case_standard')
      .set({ due_at: record.dueAt, at_risk_at: record.atRiskAt, calendar_version_id: current.version.id })
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

const FILL_PAGE = 500;

/**
 * Writes the at-risk moment of running clocks that have none: those open when migration 0016 added
 * it (SQL cannot reckon working days exactly, so the engine does it here). Each clock is replayed
 * as at its last event, the moment its stored due date was worked out, so the two agree. Only rows
 * still without one are written: a lifecycle change that got there first keeps its own. Returns
 * how many were written; a clock whose events cannot be replayed is left without one.
 */
export async function fillMissingAtRisk(db: Db, calendar: Calendar): Promise<number> {
  let written = 0;
  let after: { caseId: string; standardId: string } | undefined;
  for (;;) {
    let query = runningClocks(db).where('cs.at_risk_at', 'is', null);
    if (after) query = query.where(sql<boolean>`(cs.case_id, cs.standard_id) > (${after.caseId}, ${after.standardId})`);
    const rows = await query.orderBy('cs.case_id').orderBy('cs.standard_id').limit(FILL_PAGE).execute();
    for (const row of rows) {
      const clock = clockOf(row);
      const last = clock.events.at(-1);
      const atRiskAt = last ? safely(() => recordOf(calendar, clock, last.at).atRiskAt) : null;
      if (!atRiskAt) continue;
      const updated = await db
        .updateTable('case_standard')
        .set({ at_risk_at: atRiskAt })
        .where('case_id', '=', row.case_id)
        .where('standard_id', '=', row.standard_id)
        .where('at_risk_at', 'is', null)
        .executeTakeFirst();
      written += Number(updated.numUpdatedRows);
    }
    if (rows.length < FILL_PAGE) return written;
    // On PGlite the database shares the web thread: let waiting requests in between pages.
    await new Promise((resolve) => setImmediate(resolve));
    const end = rows.at(-1)!;
    after = { caseId: end.case_id, standardId: end.standard_id };
  }
}

function safely<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch {
    return null;
  }
}

onCalendarChanged('cases.due-dates', async ({ db, current, reason, actor }) => {
  await recalculateOpenCases(db, current, reason, actor);
});
