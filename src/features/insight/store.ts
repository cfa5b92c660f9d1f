// Customer Insight's SQL: feedback, themes, actions and the links between them.
import type { Db } from '../../platform/db/database.js';
import { sql } from 'kysely';
import type { ActionInput, ActionStatus, FeedbackKind } from './model.js';

export interface FeedbackInsert {
  kind: FeedbackKind;
  receivedAt: Date;
  happenedOn: string | null;
  channel: string;
  body: string;
  serviceId: string | null;
  standardId: string | null;
  caseId: string | null;
  customerId: string | null;
  ratingId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export async function insertFeedback(db: Db, f: FeedbackInsert): Promise<string> {
  const row = await db
    .insertInto('feedback')
    .values({
      kind: f.kind,
      received_at: f.receivedAt,
      happened_on: f.happenedOn,
      channel: f.channel,
      body: f.body,
      service_id: f.serviceId,
      standard_id: f.standardId,
      case_id: f.caseId,
      customer_id: f.customerId,
      rating_id: f.ratingId,
      contact_name: f.contactName,
      contact_email: f.contactEmail,
      contact_phone: f.contactPhone,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The service a standard belongs to, or undefined when there is no such standard. */
export async function serviceOfStandard(db: Db, standardId: string): Promise<string | undefined> {
  const row = await db.selectFrom('service_standard').select('service_id').where('id', '=', standardId).executeTakeFirst();
  return row?.service_id;
}

// ---- the queue and one feedback

export interface FeedbackFilter {
  kind?: FeedbackKind;
  serviceId?: string;
  themeId?: string;
  reviewed?: boolean;
}

export interface FeedbackRow extends FeedbackInsert {
  id: string;
  reviewed: boolean;
  reviewedAt: Date | null;
  reviewedByLabel: string | null;
}

const FEEDBACK_COLUMNS = [
  'f.id', 'f.kind', 'f.received_at', 'f.channel', 'f.body', 'f.service_id', 'f.standard_id', 'f.case_id', 'f.customer_id', 'f.rating_id',
  'f.contact_name', 'f.contact_email', 'f.contact_phone', 'f.reviewed', 'f.reviewed_at', 'f.reviewed_by_label',
] as const;

/** A date comes back as text: both drivers would make it a Date at the process's local midnight. */
const HAPPENED_ON = sql<string | null>`to_char(f.happened_on, 'YYYY-MM-DD')`.as('happened_on');

type FeedbackSelect = {
  id: string; kind: FeedbackKind; received_at: Date; channel: string; body: string; service_id: string | null; standard_id: string | null;
  case_id: string | null; customer_id: string | null; rating_id: string | null; contact_name: string | null; contact_email: string | null;
  contact_phone: string | null; happened_on: string | null; reviewed: boolean; reviewed_at: Date | null; reviewed_by_label: string | null;
};

const toFeedback = (r: FeedbackSelect): FeedbackRow => ({
  id: r.id, kind: r.kind, receivedAt: r.received_at, happenedOn: r.happened_on, channel: r.channel, body: r.body, serviceId: r.service_id, standardId: r.standard_id,
  caseId: r.case_id, customerId: r.customer_id, ratingId: r.rating_id, contactName: r.contact_name, contactEmail: r.contact_email,
  contactPhone: r.contact_phone, reviewed: r.reviewed, reviewedAt: r.reviewed_at, reviewedByLabel: r.reviewed_by_label,
});

/** The queue's rows: a rating is feedback to read only when it came with a comment. */
function queueQuery(db: Db, filter: FeedbackFilter) {
  let query = db.selectFrom('feedback as f').where((e) => e.or([e('f.kind', '<>', 'rating'), e('f.body', '<>', '')]));
  if (filter.kind) query = query.where('f.kind', '=', filter.kind);
  if (filter.serviceId) query = query.where('f.service_id', '=', filter.serviceId);
  if (filter.reviewed !== undefined) query = query.where('f.reviewed', '=', filter.reviewed);
  if (filter.themeId) {
    const themeId = filter.themeId;
    query = query.where((e) => e.exists(e.selectFrom('feedback_theme as ft').select('ft.feedback_id').whereRef('ft.feedback_id', '=', 'f.id').where('ft.theme_id', '=', themeId)));
  }
  return query;
}

export async function selectFeedbackPage(db: Db, filter: FeedbackFilter, limit: number, offset: number): Promise<{ rows: FeedbackRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    queueQuery(db, filter).select(FEEDBACK_COLUMNS).select(HAPPENED_ON).orderBy('f.received_at', 'desc').orderBy('f.id', 'desc').limit(limit).offset(offset).execute(),
    queueQuery(db, filter).select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toFeedback), total: Number(count.n) };
}

export async function selectFeedback(db: Db, id: string): Promise<FeedbackRow | undefined> {
  const row = await db.selectFrom('feedback as f').select(FEEDBACK_COLUMNS).select(HAPPENED_ON).where('f.id', '=', id).executeTakeFirst();
  return row && toFeedback(row);
}

export async function selectFeedbackByIds(db: Db, ids: readonly string[]): Promise<FeedbackRow[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('feedback as f').select(FEEDBACK_COLUMNS).select(HAPPENED_ON).where('f.id', 'in', [...ids]).orderBy('f.received_at', 'desc').execute();
  return rows.map(toFeedback);
}

export async function selectCustomerFeedback(db: Db, customerIds: readonly string[], exceptKinds: readonly FeedbackKind[], limit: number): Promise<FeedbackRow[]> {
  if (!customerIds.length) return [];
  let query = db.selectFrom('feedback as f').select(FEEDBACK_COLUMNS).select(HAPPENED_ON).where('f.customer_id', 'in', [...customerIds]);
  if (exceptKinds.length) query = query.where('f.kind', 'not in', [...exceptKinds]);
  const rows = await query.orderBy('f.received_at', 'desc').limit(limit).execute();
  return rows.map(toFeedback);
}

/** The themes of each of the feedback rows, by feedback id. */
export async function selectThemesOf(db: Db, feedbackIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (!feedbackIds.length) return out;
  const rows = await db
    .selectFrom('feedback_theme as ft')
    .innerJoin('insight_theme as t', 't.id', 'ft.theme_id')
    .select(['ft.feedback_id', 't.id', 't.name'])
    .where('ft.feedback_id', 'in', [...feedbackIds])
    .orderBy('t.name')
    .execute();
  for (const r of rows) out.set(r.feedback_id, [...(out.get(r.feedback_id) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export async function replaceThemes(db: Db, feedbackId: string, themeIds: readonly string[]): Promise<void> {
  await db.deleteFrom('feedback_theme').where('feedback_id', '=', feedbackId).execute();
  if (themeIds.length) await db.insertInto('feedback_theme').values(themeIds.map((theme_id) => ({ feedback_id: feedbackId, theme_id }))).execute();
}

export async function setReviewed(db: Db, id: string, reviewed: boolean, at: Date, label: string): Promise<boolean> {
  const result = await db
    .updateTable('feedback')
    .set(reviewed ? { reviewed: true, reviewed_at: at, reviewed_by_label: label } : { reviewed: false, reviewed_at: null, reviewed_by_label: null })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- themes

export interface ThemeRow {
  id: string;
  name: string;
  active: boolean;
  uses: number;
}

export async function selectThemes(db: Db, options: { activeOnly?: boolean } = {}): Promise<ThemeRow[]> {
  let query = db
    .selectFrom('insight_theme as t')
    .select(['t.id', 't.name', 't.active'])
    .select((e) => e.selectFrom('feedback_theme as ft').whereRef('ft.theme_id', '=', 't.id').select((c) => c.fn.countAll<string>().as('n')).as('uses'));
  if (options.activeOnly) query = query.where('t.active', '=', true);
  const rows = await query.orderBy('t.name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active, uses: Number(r.uses ?? 0) }));
}

export async function selectThemeByName(db: Db, name: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('insight_theme').select('id').where((e) => e(e.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export async function insertTheme(db: Db, name: string): Promise<string> {
  return (await db.insertInto('insight_theme').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTheme(db: Db, id: string, change: { name?: string; active?: boolean }): Promise<{ name: string; active: boolean } | undefined> {
  return db.updateTable('insight_theme').set(change).where('id', '=', id).returning(['name', 'active']).executeTakeFirst();
}

// ---- actions

export interface ActionRow {
  id: string;
  title: string;
  plan: string;
  ownerId: string | null;
  ownerName: string | null;
  serviceId: string | null;
  dueOn: string | null;
  status: ActionStatus;
  outcome: string;
  youSaid: string;
  weDid: string;
  completedAt: Date | null;
  version: number;
  createdAt: Date;
}

/** What is saved of an action: what staff entered, and when it was completed. */
export interface ActionValues extends ActionInput {
  completedAt: Date | null;
}

function actionQuery(db: Db) {
  return db
    .selectFrom('insight_action as a')
    .leftJoin('staff_user as u', 'u.id', 'a.owner_id')
    .select([
      'a.id', 'a.title', 'a.plan', 'a.owner_id', 'u.display_name as owner_name', 'a.service_id', 'a.status', 'a.outcome', 'a.you_said', 'a.we_did',
      'a.completed_at', 'a.version', 'a.created_at',
    ])
    .select(sql<string | null>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on'));
}

type ActionSelect = Awaited<ReturnType<ReturnType<typeof actionQuery>['executeTakeFirstOrThrow']>>;

const toAction = (r: ActionSelect): ActionRow => ({
  id: r.id, title: r.title, plan: r.plan, ownerId: r.owner_id, ownerName: r.owner_name, serviceId: r.service_id, dueOn: r.due_on, status: r.status,
  outcome: r.outcome, youSaid: r.you_said, weDid: r.we_did, completedAt: r.completed_at, version: r.version, createdAt: r.created_at,
});

export async function selectActions(db: Db, filter: { status?: ActionStatus; ownerId?: string }): Promise<ActionRow[]> {
  let query = actionQuery(db);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  // Open work first, soonest due first; then the finished, newest first.
  const rows = await query
    .orderBy(sql`a.status IN ('done', 'cancelled')`)
    .orderBy(sql`a.due_on ASC NULLS LAST`)
    .orderBy('a.created_at', 'desc')
    .execute();
  return rows.map(toAction);
}

export async function selectAction(db: Db, id: string): Promise<ActionRow | undefined> {
  const row = await actionQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row && toAction(row);
}

export async function selectCompletedActions(db: Db, limit: number): Promise<ActionRow[]> {
  const rows = await actionQuery(db).where('a.status', '=', 'done').orderBy('a.completed_at', 'desc').limit(limit).execute();
  return rows.map(toAction);
}

const actionColumns = (v: ActionValues) => ({
  title: v.title, plan: v.plan, owner_id: v.ownerId, service_id: v.serviceId, due_on: v.dueOn, status: v.status,
  outcome: v.outcome, you_said: v.youSaid, we_did: v.weDid, completed_at: v.completedAt,
});

export async function insertAction(db: Db, values: ActionValues, at: Date): Promise<string> {
  return (await db.insertInto('insight_action').values({ ...actionColumns(values), created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Saves the action if it is still at the version the user opened; false when someone saved it since. */
export async function updateAction(db: Db, id: string, expectedVersion: number, values: ActionValues, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('insight_action')
    .set((e) => ({ ...actionColumns(values), updated_at: at, version: e('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function linkActionFeedback(db: Db, actionId: string, feedbackId: string): Promise<void> {
  await db.insertInto('insight_action_feedback').values({ action_id: actionId, feedback_id: feedbackId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function selectActionFeedbackIds(db: Db, actionId: string): Promise<string[]> {
  return (await db.selectFrom('insight_action_feedback').select('feedback_id').where('action_id', '=', actionId).execute()).map((r) => r.feedback_id);
}

export async function selectActionsOfFeedback(db: Db, feedbackId: string): Promise<ActionRow[]> {
  const rows = await actionQuery(db)
    .innerJoin('insight_action_feedback as af', 'af.action_id', 'a.id')
    .where('af.feedback_id', '=', feedbackId)
    .orderBy('a.created_at', 'desc')
    .execute();
  return rows.map(toAction);
}

export async function countUnreviewed(db: Db): Promise<number> {
  const row = await queueQuery(db, { reviewed: false }).select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function selectActionTitles(db: Db, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (!ids.length) return [];
  return db.selectFrom('insight_action').select(['id', 'title']).where('id', 'in', [...ids]).execute();
}

export async function setCaseIfNone(db: Db, feedbackId: string, caseId: string): Promise<boolean> {
  const result = await db.updateTable('feedback').set({ case_id: caseId }).where('id', '=', feedbackId).where('case_id', 'is', null).where('kind', '=', 'failed_standard').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- counts for the performance KPIs

export interface FeedbackCountRow {
  /** The service's id or the channel's code; '' for none recorded (and for the whole, ungrouped). */
  key: string;
  /** The service's name when grouping by service. */
  label: string | null;
  count: number;
}

/** Feedback of `kind` received in [from, to), in one group or per service or channel. */
export async function countFeedback(db: Db, kind: FeedbackKind, range: { from: Date; to: Date }, by?: 'service' | 'channel'): Promise<FeedbackCountRow[]> {
  const key = by === 'service' ? sql<string>`coalesce(f.service_id::text, '')` : by === 'channel' ? sql<string>`f.channel` : sql<string>`''`;
  const query = db
    .selectFrom('feedback as f')
    .leftJoin('service as s', 's.id', 'f.service_id')
    .select([key.as('key'), sql<string | null>`min(s.name)`.as('label'), sql<string>`count(*)`.as('count')])
    .where('f.kind', '=', kind)
    .where('f.received_at', '>=', range.from)
    .where('f.received_at', '<', range.to);
  // Ungrouped, the count is one row even when it is 0.
  const rows = await (by ? query.groupBy(key) : query).execute();
  return rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.count) }));
}
