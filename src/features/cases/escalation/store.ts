// SQL for escalation: the running clocks that reached a level and were not escalated at it, the
// people to tell, and the once-only record of each escalation.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { FINISHED_CATEGORIES } from '../workflow/model.js';
import type { EscalationLevel, LevelReached, StaffMember } from './model.js';

/** A running clock to escalate, with what the message and the timeline say about it. */
export interface DueClock {
  caseId: string;
  standardId: string;
  standard: string;
  dueAt: Date;
  /** When the clock reached the level (its at-risk moment or due time): the order candidates come in. */
  reachedAt: Date;
  reference: string;
  workflowCode: string;
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  service: string;
  requestType: string;
}

/** Where a page of candidates ends: the next page starts after it (keyset order). */
export type DueClockKey = Pick<DueClock, 'reachedAt' | 'caseId' | 'standardId'>;

/**
 * Clocks running (started, not stopped, not paused) on open cases that have reached `level`, with
 * no escalation at it yet: earliest first. The running-clock indexes (due_at, 0008; at_risk_at,
 * 0016; both where stopped_at is null) keep this cheap however many cases have finished.
 */
export async function selectDueClocks(db: Db, level: EscalationLevel, reached: LevelReached, options: { after?: DueClockKey; limit: number }): Promise<DueClock[]> {
  const column = `cs.${reached.column}` as const;
  let query = db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service_standard_version as sv', (join) => join.onRef('sv.standard_id', '=', 'cs.standard_id').onRef('sv.version', '=', 'cs.standard_version'))
    .innerJoin('service as s', 's.id', 'c.service_id')
    .innerJoin('request_type_version as rv', (join) => join.onRef('rv.request_type_id', '=', 'c.request_type_id').onRef('rv.version', '=', 'c.request_type_version'))
    .select([
      'cs.case_id', 'cs.standard_id', 'cs.due_at', `${column} as reached_at`, 'sv.sentence', 'c.reference', 'c.workflow_code', 'c.status', 'c.team_id', 'c.assignee_id',
      's.name as service', 'rv.name as request_type',
    ])
    .where('cs.stopped_at', 'is', null)
    .where('cs.due_at', 'is not', null)
    .where('cs.paused', '=', false)
    .where(column, '<', reached.before)
    .where('c.status_category', 'not in', FINISHED_CATEGORIES)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('case_escalation as e').select('e.level').whereRef('e.case_id', '=', 'cs.case_id').whereRef('e.standard_id', '=', 'cs.standard_id').where('e.level', '=', level))),
    );
  if (reached.notDueBefore) query = query.where('cs.due_at', '>=', reached.notDueBefore);
  if (options.after) query = query.where(sql<boolean>`(${sql.ref(column)}, cs.case_id, cs.standard_id) > (${options.after.reachedAt}, ${options.after.caseId}, ${options.after.standardId})`);
  const rows = await query.orderBy(column).orderBy('cs.case_id').orderBy('cs.standard_id').limit(options.limit).execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    standardId: r.standard_id,
    standard: r.sentence,
    dueAt: r.due_at!,
    reachedAt: r.reached_at!,
    reference: r.reference,
    workflowCode: r.workflow_code,
    status: r.status,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    service: r.service,
    requestType: r.request_type,
  }));
}

/**
 * Records that `level` was escalated for the clock. False when it already was: another process
 * got there first (its insert wins, ours waits for it to commit and then does nothing).
 */
export async function insertEscalation(db: Db, clock: Pick<DueClock, 'caseId' | 'standardId'>, level: EscalationLevel, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('case_escalation')
    .values({ case_id: clock.caseId, standard_id: clock.standardId, level, escalated_at: at })
    .onConflict((oc) => oc.columns(['case_id', 'standard_id', 'level']).doNothing())
    .returning('level')
    .executeTakeFirst();
  return row !== undefined;
}

const active = (db: Db) => db.selectFrom('staff_user as u').select(['u.id', 'u.display_name as name', 'u.email']).where('u.active', '=', true);

/** The case's assignee and its team's leads, as they are now; people who have left are not told. */
export async function selectPeopleToTell(db: Db, clock: Pick<DueClock, 'assigneeId' | 'teamId'>): Promise<{ assignee: StaffMember | undefined; leads: StaffMember[] }> {
  const assignee = clock.assigneeId ? await active(db).where('u.id', '=', clock.assigneeId).executeTakeFirst() : undefined;
  const leads = clock.teamId
    ? await active(db)
        .innerJoin('team_member as m', 'm.user_id', 'u.id')
        .where('m.team_id', '=', clock.teamId)
        .where('m.lead', '=', true)
        .orderBy('u.display_name')
        .execute()
    : [];
  return { assignee, leads };
}

export interface Escalation {
  caseId: string;
  standardId: string;
  level: EscalationLevel;
  escalatedAt: Date;
}

/** A case's escalations, oldest first: for the case page and tests. */
export async function selectEscalations(db: Db, caseId: string): Promise<Escalation[]> {
  const rows = await db.selectFrom('case_escalation').selectAll().where('case_id', '=', caseId).orderBy('escalated_at').orderBy('level').execute();
  return rows.map((r) => ({ caseId: r.case_id, standardId: r.standard_id, level: r.level, escalatedAt: r.escalated_at }));
}
