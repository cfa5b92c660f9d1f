// The action plan's SQL: objectives, actions, progress notes and the overdue notices.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Rag } from '../../../platform/kpi/index.js';
import type { LocalDate } from '../../../time/index.js';
import type { ActionInput, ActionKind, ActionStatus, ObjectiveInput } from './model.js';

// ---- objectives

export interface ObjectiveRow {
  id: string;
  title: string;
  description: string;
  position: number;
  version: number;
}

const objectiveColumns = ['id', 'title', 'description', 'position', 'version'] as const;

export async function selectObjectives(db: Db): Promise<ObjectiveRow[]> {
  return db.selectFrom('action_plan_objective').select(objectiveColumns).orderBy('position').orderBy('title').orderBy('id').execute();
}

export async function selectObjective(db: Db, id: string): Promise<ObjectiveRow | undefined> {
  return db.selectFrom('action_plan_objective').select(objectiveColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertObjective(db: Db, input: ObjectiveInput, at: Date): Promise<string> {
  return (await db.insertInto('action_plan_objective').values({ ...input, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Saves the objective if it is still at the version the user opened; false when someone saved it since. */
export async function updateObjective(db: Db, id: string, expectedVersion: number, input: ObjectiveInput, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('action_plan_objective')
    .set((e) => ({ ...input, updated_at: at, version: e('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- actions

export interface ActionRow {
  id: string;
  objectiveId: string;
  objectiveTitle: string;
  kind: ActionKind;
  title: string;
  description: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  ownerActive: boolean;
  dueOn: LocalDate;
  status: ActionStatus;
  rag: Rag;
  serviceId: string | null;
  plannedOn: LocalDate | null;
  kpiCodes: string[];
  closedAt: Date | null;
  version: number;
  createdAt: Date;
}

export interface ActionFilter {
  status?: ActionStatus;
  ownerId?: string;
  /** Only actions overdue on this London day (still to do, due before it). */
  overdueOn?: LocalDate;
  /** Leave out actions completed or cancelled before this instant (the review's quarter). */
  openAtOrAfter?: Date;
}

function actionQuery(db: Db) {
  return db
    .selectFrom('action_plan_action as a')
    .innerJoin('action_plan_objective as o', 'o.id', 'a.objective_id')
    .innerJoin('staff_user as u', 'u.id', 'a.owner_id')
    .select([
      'a.id', 'a.objective_id', 'o.title as objective_title', 'a.kind', 'a.title', 'a.description', 'a.owner_id', 'u.display_name as owner_name',
      'u.email as owner_email', 'u.active as owner_active', 'a.status', 'a.rag', 'a.service_id', 'a.kpi_codes', 'a.closed_at', 'a.version', 'a.created_at',
    ])
    .select([sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on'), sql<string | null>`to_char(a.planned_on, 'YYYY-MM-DD')`.as('planned_on')]);
}

type ActionSelect = Awaited<ReturnType<ReturnType<typeof actionQuery>['executeTakeFirstOrThrow']>>;

const toAction = (r: ActionSelect): ActionRow => ({
  id: r.id, objectiveId: r.objective_id, objectiveTitle: r.objective_title, kind: r.kind, title: r.title, description: r.description,
  ownerId: r.owner_id, ownerName: r.owner_name, ownerEmail: r.owner_email, ownerActive: r.owner_active, dueOn: r.due_on, status: r.status, rag: r.rag,
  serviceId: r.service_id, plannedOn: r.planned_on, kpiCodes: r.kpi_codes, closedAt: r.closed_at, version: r.version, createdAt: r.created_at,
});

/** Actions in the plan's order: by objective, then still-to-do first, soonest due first. */
export async function selectActions(db: Db, filter: ActionFilter = {}): Promise<ActionRow[]> {
  let query = actionQuery(db);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.overdueOn) query = query.where('a.status', 'in', ['open', 'in_progress']).where('a.due_on', '<', filter.overdueOn);
  if (filter.openAtOrAfter) {
    const from = filter.openAtOrAfter;
    query = query.where((e) => e.or([e('a.closed_at', 'is', null), e('a.closed_at', '>=', from)]));
  }
  const rows = await query
    .orderBy('o.position')
    .orderBy('o.title')
    .orderBy(sql`a.status IN ('done', 'cancelled')`)
    .orderBy('a.due_on')
    .orderBy('a.title')
    .execute();
  return rows.map(toAction);
}

export async function selectAction(db: Db, id: string): Promise<ActionRow | undefined> {
  const row = await actionQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row && toAction(row);
}

/** What is saved of an action: what the manager entered, and when it was closed. */
export interface ActionValues extends ActionInput {
  closedAt: Date | null;
}

const actionColumns = (v: ActionValues) => ({
  objective_id: v.objectiveId, kind: v.kind, title: v.title, description: v.description, owner_id: v.ownerId, due_on: v.dueOn, status: v.status, rag: v.rag,
  service_id: v.serviceId, planned_on: v.plannedOn, kpi_codes: v.kpiCodes, closed_at: v.closedAt,
});

export async function insertAction(db: Db, values: ActionValues, at: Date): Promise<string> {
  return (await db.insertInto('action_plan_action').values({ ...actionColumns(values), created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Saves the action if it is still at the version the user opened; false when someone saved it since. */
export async function updateAction(db: Db, id: string, expectedVersion: number, values: ActionValues, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('action_plan_action')
    .set((e) => ({ ...actionColumns(values), updated_at: at, version: e('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A manager's RAG change with a progress note: a change to the action, so its version moves too. */
export async function setRag(db: Db, id: string, rag: Rag, at: Date): Promise<void> {
  await db.updateTable('action_plan_action').set((e) => ({ rag, updated_at: at, version: e('version', '+', 1) })).where('id', '=', id).execute();
}

export async function selectActionTitles(db: Db, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (!ids.length) return [];
  return db.selectFrom('action_plan_action').select(['id', 'title']).where('id', 'in', [...ids]).execute();
}

// ---- progress notes

export interface ProgressRow {
  id: string;
  actionId: string;
  notedAt: Date;
  byLabel: string;
  note: string;
  rag: Rag | null;
  ragBefore: Rag | null;
}

export async function insertProgress(db: Db, p: Omit<ProgressRow, 'id'> & { byId: string | null }): Promise<string> {
  const row = await db
    .insertInto('action_plan_progress')
    .values({ action_id: p.actionId, noted_at: p.notedAt, by_id: p.byId, by_label: p.byLabel, note: p.note, rag: p.rag, rag_before: p.ragBefore })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const toProgress = (r: { id: string; action_id: string; noted_at: Date; by_label: string; note: string; rag: Rag | null; rag_before: Rag | null }): ProgressRow => ({
  id: r.id, actionId: r.action_id, notedAt: r.noted_at, byLabel: r.by_label, note: r.note, rag: r.rag, ragBefore: r.rag_before,
});

/** An action's notes, newest first. */
export async function selectProgress(db: Db, actionId: string): Promise<ProgressRow[]> {
  const rows = await db
    .selectFrom('action_plan_progress')
    .select(['id', 'action_id', 'noted_at', 'by_label', 'note', 'rag', 'rag_before'])
    .where('action_id', '=', actionId)
    .orderBy('noted_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toProgress);
}

/** Each action's latest note at or before `at`: one row per action. */
export async function selectLatestProgress(db: Db, actionIds: readonly string[], at: Date): Promise<Map<string, ProgressRow>> {
  if (!actionIds.length) return new Map();
  const rows = await db
    .selectFrom('action_plan_progress')
    .select(['id', 'action_id', 'noted_at', 'by_label', 'note', 'rag', 'rag_before'])
    .distinctOn('action_id')
    .where('action_id', 'in', [...actionIds])
    .where('noted_at', '<=', at)
    .orderBy('action_id')
    .orderBy('noted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.action_id, toProgress(r)]));
}

// ---- overdue notices

export interface OverdueCandidate {
  id: string;
  title: string;
  objectiveTitle: string;
  dueOn: LocalDate;
  status: ActionStatus;
  ownerName: string;
  ownerEmail: string;
}

/**
 * Actions still to do, due before `today`, whose active owner has not been told about this due
 * date yet. A page at a time: the job yields between pages (a transaction each).
 */
export async function selectUnnotifiedOverdue(db: Db, today: LocalDate, limit: number): Promise<OverdueCandidate[]> {
  const rows = await db
    .selectFrom('action_plan_action as a')
    .innerJoin('action_plan_objective as o', 'o.id', 'a.objective_id')
    .innerJoin('staff_user as u', 'u.id', 'a.owner_id')
    .leftJoin('action_plan_overdue_notice as n', (j) => j.onRef('n.action_id', '=', 'a.id').onRef('n.due_on', '=', 'a.due_on'))
    .select(['a.id', 'a.title', 'o.title as objective_title', 'a.status', 'u.display_name', 'u.email'])
    .select(sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on'))
    .where('a.status', 'in', ['open', 'in_progress'])
    .where('a.due_on', '<', today)
    .where('u.active', '=', true)
    .where('n.action_id', 'is', null)
    .orderBy('a.due_on')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, objectiveTitle: r.objective_title, dueOn: r.due_on, status: r.status, ownerName: r.display_name, ownerEmail: r.email }));
}

/**
 * Claims the notice for this action and due date, at most once (its primary key): false when it
 * was already claimed (another run, another process), and then no message is queued.
 */
export async function claimOverdueNotice(db: Db, actionId: string, dueOn: LocalDate, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('action_plan_overdue_notice')
    .values({ action_id: actionId, due_on: dueOn, notified_at: at })
    .onConflict((oc) => oc.columns(['action_id', 'due_on']).doNothing())
    .returning('action_id')
    .executeTakeFirst();
  return !!row;
}

export async function setNoticeNotification(db: Db, actionId: string, dueOn: LocalDate, notificationId: string): Promise<void> {
  await db.updateTable('action_plan_overdue_notice').set({ notification_id: notificationId }).where('action_id', '=', actionId).where(sql<boolean>`due_on = ${dueOn}::date`).execute();
}

/** When the owner was told each action was overdue, for its current due date. */
export async function selectNoticesFor(db: Db, actionId: string): Promise<{ dueOn: LocalDate; notifiedAt: Date }[]> {
  const rows = await db
    .selectFrom('action_plan_overdue_notice')
    .select(['notified_at'])
    .select(sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'))
    .where('action_id', '=', actionId)
    .orderBy('notified_at', 'desc')
    .execute();
  return rows.map((r) => ({ dueOn: r.due_on, notifiedAt: r.notified_at }));
}
