// SQL for the work queues. Every queue is one condition on cases (queueWhere), shared by the page,
// its count and the navigation's count, so a number shown always matches the list behind it.
// Open cases are `status_category IN (new, open, waiting)` rather than NOT IN the finished ones,
// so that "my teams" is a plain lookup in cases_team_queue_idx (team_id, status_category).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { CasesTable, Schema } from '../../../platform/db/schema.js';
import { OPEN_CATEGORIES, PAGE_SIZE, type QueueQuery } from './model.js';

type QueueDb = Schema & { c: CasesTable };

export interface QueueRow {
  id: string;
  reference: string;
  workflowCode: string;
  status: string;
  statusCategory: string;
  channel: string;
  receivedAt: Date;
  /** The earliest due date of the case's standards still running (paused or not): the queue's order. */
  dueAt: Date | null;
  /** The earliest due date of the standards running and not paused: what makes a case overdue. */
  runningDueAt: Date | null;
  /** The earliest at-risk moment of those standards (time/clock.ts atRiskAt): what makes a case due soon. */
  runningAtRiskAt: Date | null;
  requestTypeName: string;
  teamId: string | null;
  teamName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
}

const myTeams = (eb: ExpressionBuilder<QueueDb, 'c'>, userId: string) => eb.selectFrom('team_member').select('team_member.team_id').where('team_member.user_id', '=', userId);

/** The open cases of `query`'s view and filters, as seen by the member of staff `userId`. */
function queueWhere(query: Omit<QueueQuery, 'page'>, userId: string) {
  return (eb: ExpressionBuilder<QueueDb, 'c'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [eb('c.status_category', 'in', OPEN_CATEGORIES)];
    if (query.view === 'mine') conditions.push(eb('c.assignee_id', '=', userId));
    if (query.view === 'teams') conditions.push(eb('c.team_id', 'in', myTeams(eb, userId)));
    if (query.view === 'unassigned') conditions.push(eb('c.assignee_id', 'is', null));
    if (query.serviceId) conditions.push(eb('c.service_id', '=', query.serviceId));
    if (query.status) conditions.push(eb('c.status', '=', query.status));
    if (query.ward) conditions.push(eb(eb.fn('lower', ['c.ward']), '=', query.ward.toLowerCase()));
    if (query.channel) conditions.push(eb('c.channel', '=', query.channel));
    if (query.teamId) conditions.push(eb('c.team_id', '=', query.teamId));
    return eb.and(conditions);
  };
}

// The queries are built apart from running them so that explain-queue.ts can show their plans.

export const queueCountQuery = (db: Db, query: Omit<QueueQuery, 'page'>, userId: string) =>
  db
    .selectFrom('cases as c')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(queueWhere(query, userId));

export async function countQueue(db: Db, query: Omit<QueueQuery, 'page'>, userId: string): Promise<number> {
  return Number((await queueCountQuery(db, query, userId).executeTakeFirstOrThrow()).n);
}

// cases.next_due_at (migration 0011) is the earliest due date of the case's standards still running,
// kept by a trigger. Not in schema.ts's CasesTable yet, hence the raw references.
const nextDueAt = sql<Date | null>`c.next_due_at`;

/**
 * Which cases are on the page, in queue order: earliest running due date first, cases with none
 * last, then oldest first. That is the order of the partial indexes of migration 0011, so a page is
 * an index walk that stops after it.
 */
const pageOfCases = (db: Db, query: QueueQuery, userId: string) =>
  db
    .selectFrom('cases as c')
    .select(['c.id', 'c.reference', 'c.workflow_code', 'c.status', 'c.status_category', 'c.channel', 'c.received_at', 'c.team_id', 'c.assignee_id', 'c.request_type_id', 'c.request_type_version', nextDueAt.as('due_at')])
    .where(queueWhere(query, userId))
    .orderBy(sql`c.next_due_at asc nulls last`)
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE);

/** The page's cases with what the queue shows about them, looked up for those rows only (not for the rows an offset skips). */
export const queuePageQuery = (db: Db, query: QueueQuery, userId: string) =>
  db
    .selectFrom(pageOfCases(db, query, userId).as('p'))
    .innerJoin('request_type_version as rtv', (join) => join.onRef('rtv.request_type_id', '=', 'p.request_type_id').onRef('rtv.version', '=', 'p.request_type_version'))
    .leftJoin('team as t', 't.id', 'p.team_id')
    .leftJoin('staff_user as u', 'u.id', 'p.assignee_id')
    // The running, unpaused clocks of each case on the page, read once for both moments.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('case_standard as cs')
          .select((agg) => [agg.fn.min('cs.due_at').as('running_due_at'), agg.fn.min('cs.at_risk_at').as('running_at_risk_at')])
          .whereRef('cs.case_id', '=', 'p.id')
          .where('cs.stopped_at', 'is', null)
          .where('cs.paused', '=', false)
          .as('running'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id', 'p.reference', 'p.workflow_code', 'p.status', 'p.status_category', 'p.channel', 'p.received_at', 'p.team_id', 'p.assignee_id', 'p.due_at',
      'rtv.name as request_type_name', 't.name as team_name', 'u.display_name as assignee_name',
      'running.running_due_at', 'running.running_at_risk_at',
    ])
    .orderBy(sql`p.due_at asc nulls last`)
    .orderBy('p.received_at')
    .orderBy('p.id');

export async function selectQueuePage(db: Db, query: QueueQuery, userId: string): Promise<QueueRow[]> {
  const rows = await queuePageQuery(db, query, userId).execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    workflowCode: r.workflow_code,
    status: r.status,
    statusCategory: r.status_category,
    channel: r.channel,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    runningDueAt: r.running_due_at,
    runningAtRiskAt: r.running_at_risk_at,
    requestTypeName: r.request_type_name,
    teamId: r.team_id,
    teamName: r.team_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
  }));
}

/**
 * For the navigation, on every staff page, in one query: how many teams the person is in, and how
 * many open cases those teams have.
 */
export const navigationCountQuery = (db: Db, userId: string) =>
  db.selectNoFrom((eb) => [
      eb.selectFrom('team_member').select((agg) => agg.fn.countAll<string>().as('n')).where('team_member.user_id', '=', userId).as('teams'),
      eb
        .selectFrom('cases as c')
        .select((agg) => agg.fn.countAll<string>().as('n'))
        .where(queueWhere({ view: 'teams', serviceId: null, status: null, ward: null, channel: null, teamId: null }, userId))
        .as('open'),
    ]);

export async function countMyTeamsQueue(db: Db, userId: string): Promise<{ teams: number; open: number }> {
  const row = await navigationCountQuery(db, userId).executeTakeFirstOrThrow();
  return { teams: Number(row.teams), open: Number(row.open) };
}

/** The team each of these cases is in now, by reference (cases that do not exist are left out). */
export async function selectCaseTeams(db: Db, references: readonly string[]): Promise<Map<string, string | null>> {
  if (!references.length) return new Map();
  const rows = await db.selectFrom('cases').select(['reference', 'team_id']).where('reference', 'in', references).execute();
  return new Map(rows.map((r) => [r.reference, r.team_id]));
}
