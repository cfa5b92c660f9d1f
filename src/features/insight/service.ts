// What staff and residents do with Customer Insight: record feedback of every kind (other features
// call recordFeedback inside their own transaction: a complaint, a rating), review and tag it with
// themes, and raise actions whose outcome residents read on "You said, we did".
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { findUserById } from '../../platform/auth/users.js';
import { isSupportedDate } from '../../platform/web/date-input.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { londonDate } from '../../time/index.js';
import { describeCases } from '../cases/audit-subjects.js';
import { CHANNEL_NAMES, UUID, type Channel } from '../charter/model.js';
import { listServices, listStandards } from '../charter/service.js';
import {
  ACTION_STATUS_NAMES, actionIssues, FEEDBACK_KIND_NAMES, FEEDBACK_KINDS, isOverdue, MAX_BODY, MAX_EMAIL, MAX_NAME, MAX_PHONE, themeNameIssue,
  type ActionInput, type ActionStatus, type FeedbackKind,
} from './model.js';
import * as store from './store.js';
import type { ActionRow, FeedbackFilter, FeedbackRow, ThemeRow } from './store.js';

export type { FeedbackKind, ActionInput, ActionStatus } from './model.js';
export type { FeedbackFilter, ThemeRow } from './store.js';

export interface InsightContext {
  db: Db;
  actor: Actor;
  now: Date;
}

export class FeedbackNotFound extends Error {}
export class ActionNotFound extends Error {}
export class ThemeNotFound extends Error {}

export interface NewFeedback {
  kind: FeedbackKind;
  receivedAt: Date;
  channel: string;            // a Channel code from charter/model.ts ('web', 'phone', ...)
  body: string;               // what the person said ('' allowed for a complaint, whose detail is on its case)
  serviceId?: string | null;  // the service it is about
  standardId?: string | null; // the standard it says was not met
  caseId?: string | null;     // the case it concerns (for a complaint: the complaint's own case)
  customerId?: string | null;
  ratingId?: string | null;
  contact?: { name?: string; email?: string; phone?: string };
  /** When it happened, as the person said (YYYY-MM-DD), where that differs from when we heard. */
  happenedOn?: string | null;
}

const blankToNull = (value: string | undefined, max: number): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, max);
};

function checkFeedback(input: NewFeedback): void {
  const issues = [];
  if (!FEEDBACK_KINDS.includes(input.kind)) issues.push({ field: 'kind', message: 'Choose a kind of feedback' });
  if (input.body.length > MAX_BODY) issues.push({ field: 'body', message: `What you tell us must be ${MAX_BODY} characters or fewer` });
  if (input.body.trim() === '' && input.kind !== 'complaint' && input.kind !== 'rating') issues.push({ field: 'body', message: 'Enter what you want to tell us' });
  for (const [field, id] of [['serviceId', input.serviceId], ['standardId', input.standardId], ['caseId', input.caseId], ['customerId', input.customerId], ['ratingId', input.ratingId]] as const) {
    if (id && !UUID.test(id)) issues.push({ field, message: 'Not a known record' });
  }
  if (input.happenedOn && !isSupportedDate(input.happenedOn)) issues.push({ field: 'happenedOn', message: 'When it happened must be a real date' });
  if (issues.length) throw new InvalidInput(issues);
}

/** Records one piece of customer experience in the insight queue, inside the caller's transaction. Returns its id. */
export async function recordFeedback(db: Db, actor: Actor, input: NewFeedback): Promise<string> {
  checkFeedback(input);
  return inTransaction(db, async (trx) => {
    // A report about a standard is about that standard's service, whatever the caller passed.
    let serviceId = input.serviceId ?? null;
    if (input.standardId) {
      const ofStandard = await store.serviceOfStandard(trx, input.standardId);
      if (!ofStandard) throw new InvalidInput([{ field: 'standardId', message: 'The standard was not found' }]);
      serviceId = ofStandard;
    }
    const id = await store.insertFeedback(trx, {
      kind: input.kind,
      receivedAt: input.receivedAt,
      happenedOn: input.happenedOn ?? null,
      channel: input.channel,
      body: input.body.trim(),
      serviceId,
      standardId: input.standardId ?? null,
      caseId: input.caseId ?? null,
      customerId: input.customerId ?? null,
      ratingId: input.ratingId ?? null,
      contactName: blankToNull(input.contact?.name, MAX_NAME),
      contactEmail: blankToNull(input.contact?.email, MAX_EMAIL)?.toLowerCase() ?? null,
      contactPhone: blankToNull(input.contact?.phone, MAX_PHONE),
    });
    await recordAudit(trx, actor, {
      action: 'feedback.recorded',
      subjectType: 'feedback',
      subjectId: id,
      detail: { kind: input.kind, channel: input.channel, serviceId, standardId: input.standardId ?? null, caseId: input.caseId ?? null },
    });
    return id;
  });
}

// ---- reading feedback

export interface FeedbackItem extends FeedbackRow {
  kindName: string;
  channelName: string;
  serviceName: string | null;
  standardSentence: string | null;
  themes: { id: string; name: string }[];
  /** For a complaint: its case's reference. */
  caseReference: string | null;
  /** Where staff read it: a complaint's own case page; anything else its feedback page. */
  href: string;
}

const feedbackHref = (id: string): string => `/staff/insight/feedback/${id}`;

/** Names for the rows: services, standards, themes, and complaints' case references (through the cases feature). */
async function describeFeedback(db: Db, rows: readonly FeedbackRow[]): Promise<FeedbackItem[]> {
  if (!rows.length) return [];
  const [services, standards, themes, cases] = await Promise.all([
    listServices(db),
    listStandards(db, [...new Set(rows.map((r) => r.serviceId).filter((id): id is string => !!id))]),
    store.selectThemesOf(db, rows.map((r) => r.id)),
    describeCases(db, rows.map((r) => r.caseId).filter((id): id is string => !!id)),
  ]);
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const sentence = new Map(standards.map((s) => [s.id, s.sentence]));
  return rows.map((r) => {
    const kase = r.caseId ? cases.get(r.caseId) : undefined;
    return {
      ...r,
      kindName: FEEDBACK_KIND_NAMES[r.kind],
      channelName: CHANNEL_NAMES[r.channel as Channel] ?? r.channel,
      serviceName: (r.serviceId && serviceName.get(r.serviceId)) || null,
      standardSentence: (r.standardId && sentence.get(r.standardId)) || null,
      themes: themes.get(r.id) ?? [],
      caseReference: kase?.text ?? null,
      href: r.kind === 'complaint' && kase?.href ? kase.href : feedbackHref(r.id),
    };
  });
}

export const QUEUE_PAGE_SIZE = 25;

/** One page of the insight queue, newest first. */
export async function listFeedback(db: Db, filter: FeedbackFilter, page: number): Promise<{ items: FeedbackItem[]; total: number; pages: number }> {
  const { rows, total } = await store.selectFeedbackPage(db, filter, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE);
  return { items: await describeFeedback(db, rows), total, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) };
}

export interface FeedbackDetail extends FeedbackItem {
  actions: ActionSummary[];
}

/** One piece of feedback for a member of staff; a view of a customer's is audited. */
export async function viewFeedback(ctx: InsightContext, id: string): Promise<FeedbackDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await store.selectFeedback(ctx.db, id);
  if (!row) return undefined;
  const [item] = await describeFeedback(ctx.db, [row]);
  const actions = (await store.selectActionsOfFeedback(ctx.db, id)).map((a) => summarise(a, londonDate(ctx.now)));
  if (row.customerId) await recordAudit(ctx.db, ctx.actor, { action: 'feedback.viewed', subjectType: 'feedback', subjectId: id });
  return { ...item!, actions };
}

/** A customer's feedback (the records merged into theirs too), newest first: for their timeline. */
export async function feedbackForCustomer(
  db: Db,
  customerIds: string | readonly string[],
  options: { exceptKinds?: readonly FeedbackKind[]; limit?: number } = {},
): Promise<FeedbackItem[]> {
  const ids = ([] as string[]).concat(customerIds).filter((id) => UUID.test(id));
  return describeFeedback(db, await store.selectCustomerFeedback(db, ids, options.exceptKinds ?? [], options.limit ?? 200));
}

// ---- tagging and reviewing

async function existingFeedback(db: Db, id: string): Promise<FeedbackRow> {
  const row = UUID.test(id) ? await store.selectFeedback(db, id) : undefined;
  if (!row) throw new FeedbackNotFound(id);
  return row;
}

/** Replaces the feedback's themes with those given: active themes, or ones it already had. */
export async function tagFeedback(ctx: InsightContext, id: string, themeIds: readonly string[]): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    await existingFeedback(db, id);
    const before = (await store.selectThemesOf(db, [id])).get(id) ?? [];
    const allowed = new Set([...(await store.selectThemes(db, { activeOnly: true })).map((t) => t.id), ...before.map((t) => t.id)]);
    const wanted = [...new Set(themeIds)];
    if (wanted.some((t) => !allowed.has(t))) throw new InvalidInput([{ field: 'themes', message: 'Select themes from the list' }]);
    await store.replaceThemes(db, id, wanted);
    await recordAudit(db, ctx.actor, { action: 'feedback.tagged', subjectType: 'feedback', subjectId: id, detail: { before: before.map((t) => t.id), after: wanted } });
  });
}

export async function markReviewed(ctx: InsightContext, id: string, reviewed: boolean): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    await existingFeedback(db, id);
    await store.setReviewed(db, id, reviewed, ctx.now, ctx.actor.label);
    await recordAudit(db, ctx.actor, { action: reviewed ? 'feedback.reviewed' : 'feedback.unreviewed', subjectType: 'feedback', subjectId: id });
  });
}

// ---- themes

export const listThemes = (db: Db, options: { activeOnly?: boolean } = {}): Promise<ThemeRow[]> => store.selectThemes(db, options);

async function checkThemeName(db: Db, name: string, exceptId?: string): Promise<string> {
  const issue = themeNameIssue(name);
  if (issue) throw new InvalidInput([{ field: 'name', message: issue }]);
  const trimmed = name.trim();
  const taken = await store.selectThemeByName(db, trimmed);
  if (taken && taken.id !== exceptId) throw new InvalidInput([{ field: 'name', message: `There is already a theme called ${trimmed}` }]);
  return trimmed;
}

export async function addTheme(ctx: InsightContext, name: string): Promise<string> {
  return inTransaction(ctx.db, async (db) => {
    const id = await store.insertTheme(db, await checkThemeName(db, name));
    await recordAudit(db, ctx.actor, { action: 'insight_theme.added', subjectType: 'insight_theme', subjectId: id, detail: { name: name.trim() } });
    return id;
  });
}

/** Renames a theme and sets whether it is offered for tagging; feedback already tagged keeps it. */
export async function changeTheme(ctx: InsightContext, id: string, change: { name: string; active: boolean }): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    if (!UUID.test(id)) throw new ThemeNotFound(id);
    const name = await checkThemeName(db, change.name, id);
    const saved = await store.updateTheme(db, id, { name, active: change.active });
    if (!saved) throw new ThemeNotFound(id);
    await recordAudit(db, ctx.actor, { action: 'insight_theme.changed', subjectType: 'insight_theme', subjectId: id, detail: { name, active: change.active } });
  });
}

// ---- actions

export interface ActionSummary extends ActionRow {
  statusName: string;
  overdue: boolean;
}

const summarise = (a: ActionRow, today: string): ActionSummary => ({ ...a, statusName: ACTION_STATUS_NAMES[a.status], overdue: isOverdue(a, today) });

export async function listActions(db: Db, filter: { status?: ActionStatus; ownerId?: string }, now: Date): Promise<ActionSummary[]> {
  const today = londonDate(now);
  return (await store.selectActions(db, filter)).map((a) => summarise(a, today));
}

export async function getAction(db: Db, id: string, now: Date): Promise<(ActionSummary & { feedback: FeedbackItem[] }) | undefined> {
  const action = UUID.test(id) ? await store.selectAction(db, id) : undefined;
  if (!action) return undefined;
  const feedback = await describeFeedback(db, await store.selectFeedbackByIds(db, await store.selectActionFeedbackIds(db, id)));
  return { ...summarise(action, londonDate(now)), feedback };
}

/** The rules only the database can check: the owner is an active member of staff, the service exists. */
async function checkAction(db: Db, input: ActionInput): Promise<void> {
  const issues = actionIssues(input);
  if (input.ownerId) {
    const owner = UUID.test(input.ownerId) ? await findUserById(db, input.ownerId) : undefined;
    if (!owner?.active) issues.push({ field: 'ownerId', message: 'Select the owner from the list' });
  }
  if (input.serviceId && !(await listServices(db)).some((s) => s.id === input.serviceId)) issues.push({ field: 'serviceId', message: 'Select the service from the list' });
  if (issues.length) throw new InvalidInput(issues);
}

const trimmedAction = (input: ActionInput): ActionInput => ({
  ...input, title: input.title.trim(), plan: input.plan.trim(), outcome: input.outcome.trim(), youSaid: input.youSaid.trim(), weDid: input.weDid.trim(),
});

/** Raises an action, from a piece of feedback when one is given (linked in the same change). */
export async function createAction(ctx: InsightContext, raw: ActionInput, fromFeedbackId?: string): Promise<string> {
  const input = trimmedAction(raw);
  return inTransaction(ctx.db, async (db) => {
    await checkAction(db, input);
    if (fromFeedbackId) await existingFeedback(db, fromFeedbackId);
    const id = await store.insertAction(db, { ...input, completedAt: input.status === 'done' ? ctx.now : null }, ctx.now);
    if (fromFeedbackId) await store.linkActionFeedback(db, id, fromFeedbackId);
    await recordAudit(db, ctx.actor, { action: 'insight_action.created', subjectType: 'insight_action', subjectId: id, detail: { title: input.title, status: input.status, feedbackId: fromFeedbackId ?? null } });
    return id;
  });
}

/** Saves an action at the version the user opened (else StaleEditError, nothing saved). */
export async function updateAction(ctx: InsightContext, id: string, expectedVersion: number, raw: ActionInput): Promise<void> {
  const input = trimmedAction(raw);
  await inTransaction(ctx.db, async (db) => {
    const before = UUID.test(id) ? await store.selectAction(db, id) : undefined;
    if (!before) throw new ActionNotFound(id);
    await checkAction(db, input);
    // Done keeps the moment it was first done; any other status has none.
    const completedAt = input.status === 'done' ? (before.status === 'done' ? before.completedAt : ctx.now) : null;
    if (!(await store.updateAction(db, id, expectedVersion, { ...input, completedAt }, ctx.now))) throw new StaleEditError('This action changed since you opened it');
    await recordAudit(db, ctx.actor, {
      action: 'insight_action.changed', subjectType: 'insight_action', subjectId: id,
      detail: { statusBefore: before.status, status: input.status, ownerId: input.ownerId, dueOn: input.dueOn },
    });
  });
}

/** Links feedback to an action that already exists. */
export async function linkFeedbackToAction(ctx: InsightContext, actionId: string, feedbackId: string): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    await existingFeedback(db, feedbackId);
    if (!UUID.test(actionId) || !(await store.selectAction(db, actionId))) throw new InvalidInput([{ field: 'actionId', message: 'Select an action from the list' }]);
    await store.linkActionFeedback(db, actionId, feedbackId);
    await recordAudit(db, ctx.actor, { action: 'insight_action.feedback_linked', subjectType: 'feedback', subjectId: feedbackId, detail: { actionId } });
  });
}

// ---- "You said, we did"

export interface YouSaidWeDidGroup {
  serviceName: string | null;
  actions: { youSaid: string; weDid: string; completedAt: Date }[];
}

/** Completed actions' public wording, grouped by service (services A to Z, then the rest), newest first in each. */
export async function youSaidWeDid(db: Db, limit = 200): Promise<YouSaidWeDidGroup[]> {
  const [actions, services] = await Promise.all([store.selectCompletedActions(db, limit), listServices(db)]);
  const name = new Map(services.map((s) => [s.id, s.name]));
  const groups = new Map<string | null, YouSaidWeDidGroup>();
  for (const a of actions) {
    const serviceName = (a.serviceId && name.get(a.serviceId)) || null;
    const group = groups.get(serviceName) ?? { serviceName, actions: [] };
    group.actions.push({ youSaid: a.youSaid, weDid: a.weDid, completedAt: a.completedAt! });
    groups.set(serviceName, group);
  }
  return [...groups.values()].sort((a, b) => (a.serviceName === null ? 1 : b.serviceName === null ? -1 : a.serviceName.localeCompare(b.serviceName)));
}

/** Feedback in the queue nobody has reviewed yet: the navigation's count. One indexed query. */
export const unreviewedCount = (db: Db): Promise<number> => store.countUnreviewed(db);

// ---- for the audit trail (audit-subjects.ts)

export const describeFeedbackForAudit = async (db: Db, ids: readonly string[]): Promise<FeedbackItem[]> => describeFeedback(db, await store.selectFeedbackByIds(db, ids));
export const namesOfActions = (db: Db, ids: readonly string[]): Promise<{ id: string; title: string }[]> => store.selectActionTitles(db, ids);
export const namesOfThemes = async (db: Db, ids: readonly string[]): Promise<{ id: string; name: string }[]> => (await store.selectThemes(db)).filter((t) => ids.includes(t.id));

/**
 * Ties a report that a standard was not met to the complaint the resident went on to make
 * (/complain?feedback=…), inside the complaint's transaction. Only a report with no case yet is
 * tied; false when there is no such report (a made-up id, or one already tied), and nothing changes.
 */
export async function linkFeedbackToCase(db: Db, actor: Actor, feedbackId: string, caseId: string): Promise<boolean> {
  if (!UUID.test(feedbackId) || !UUID.test(caseId)) return false;
  return inTransaction(db, async (trx) => {
    if (!(await store.setCaseIfNone(trx, feedbackId, caseId))) return false;
    await recordAudit(trx, actor, { action: 'feedback.case_linked', subjectType: 'feedback', subjectId: feedbackId, detail: { caseId } });
    return true;
  });
}

// ---- merging customers

/** A customer's feedback and ratings, by id: what a merge of their record moves (features/customers). */
export async function customerExperienceIds(db: Db, customerId: string): Promise<{ feedback: string[]; ratings: string[] }> {
  const [feedback, ratings] = await Promise.all([
    db.selectFrom('feedback').select('id').where('customer_id', '=', customerId).execute(),
    db.selectFrom('rating').select('id').where('customer_id', '=', customerId).execute(),
  ]);
  return { feedback: feedback.map((r) => r.id), ratings: ratings.map((r) => r.id) };
}

/** Moves exactly these rows from one customer to another (a row no longer with `fromId` stays where it is). */
export async function moveCustomerExperience(db: Db, ids: { feedback: readonly string[]; ratings: readonly string[] }, fromId: string, toId: string): Promise<void> {
  if (ids.feedback.length) await db.updateTable('feedback').set({ customer_id: toId }).where('id', 'in', [...ids.feedback]).where('customer_id', '=', fromId).execute();
  if (ids.ratings.length) await db.updateTable('rating').set({ customer_id: toId }).where('id', 'in', [...ids.ratings]).where('customer_id', '=', fromId).execute();
}

// ---- counts for the performance KPIs (insight/ratings/kpis.ts)

export interface FeedbackCount {
  key: string;
  label: string;
  count: number;
}

/**
 * How many pieces of feedback of `kind` were received in [from, to): the whole (one row, key ''),
 * or per service or channel in the order of their names. Received is `received_at`, as the queue shows it.
 */
export async function countFeedback(db: Db, kind: FeedbackKind, range: { from: Date; to: Date }, by?: 'service' | 'channel'): Promise<FeedbackCount[]> {
  const rows = await store.countFeedback(db, kind, range, by);
  const label = (r: store.FeedbackCountRow) =>
    by === 'channel' ? (CHANNEL_NAMES[r.key as Channel] ?? r.key) : by === 'service' ? (r.label ?? 'No service recorded') : FEEDBACK_KIND_NAMES[kind];
  if (!by) return [{ key: '', label: FEEDBACK_KIND_NAMES[kind], count: rows[0]?.count ?? 0 }];
  return rows.map((r) => ({ key: r.key, label: label(r), count: r.count })).sort((a, b) => a.label.localeCompare(b.label));
}
