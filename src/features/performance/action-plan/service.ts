// What managers and action owners do with the action plan: objectives and their actions (versioned
// edits, audited), progress notes, the KPIs an action should move with this quarter's figure, a
// service migration's first contact resolution before and after, owners told of overdue actions
// through the outbox, and the plan as the quarterly review shows it.
import { recordAudit, systemActor, type Actor } from '../../../platform/audit/audit.js';
import { can, type Role } from '../../../platform/auth/permissions.js';
import { findUserById } from '../../../platform/auth/users.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formatFigure, periodAt, type KpiFigure, type Period, type Rag } from '../../../platform/kpi/index.js';
import { queueNotification } from '../../../platform/outbox/index.js';
import { formatDate } from '../../../platform/views/environment.js';
import { londonDate, type LocalDate } from '../../../time/index.js';
import { UUID } from '../../charter/model.js';
import { listServices } from '../../charter/service.js';
import { measure, type KpiRegistry, type RegisteredKpi } from '../registry.js';
import {
  isClosed, isOverdue, KIND_NAMES, migrationWindows, RAG_NAMES, STATUS_NAMES,
  type ActionInput, type ActionKind, type ActionStatus, type Issue, type ObjectiveInput, type ProgressInput, type Window,
} from './model.js';
import * as store from './store.js';
import type { ActionFilter, ActionRow, ObjectiveRow, ProgressRow } from './store.js';

export type { ObjectiveRow, ProgressRow } from './store.js';

export interface ActionPlanContext {
  db: Db;
  actor: Actor;
  now: Date;
}

export class ObjectiveNotFound extends Error {}
export class ActionNotFound extends Error {}
/** The member of staff may not do this to this action (not its owner, no performance permission). */
export class NotAllowed extends Error {}

/** The KPI of a service migration's before and after: first contact resolution by service. */
export const FCR_CODE = 'contacts.fcr';

// ---- who may do what

export interface ActionAccess {
  /** Read the action's page: performance:read, or its owner. */
  read: boolean;
  /** Add a progress note: performance:manage, or its owner (who may have no performance role). */
  addProgress: boolean;
  /** Change the RAG status with a note, and edit the action: managers only. */
  manage: boolean;
}

/** What a member of staff may do with an action: the plan's managers everything, its owner report progress. */
export function accessTo(action: { ownerId: string }, staff: { id: string; roles: readonly Role[] } | undefined): ActionAccess {
  if (!staff) return { read: false, addProgress: false, manage: false };
  const owner = staff.id === action.ownerId;
  const manage = can(staff.roles, 'performance:manage');
  return { read: owner || can(staff.roles, 'performance:read'), addProgress: owner || manage, manage };
}

// ---- objectives

export const listObjectives = (db: Db): Promise<ObjectiveRow[]> => store.selectObjectives(db);

export async function getObjective(db: Db, id: string): Promise<ObjectiveRow | undefined> {
  return UUID.test(id) ? store.selectObjective(db, id) : undefined;
}

export async function addObjective(ctx: ActionPlanContext, input: ObjectiveInput): Promise<string> {
  return inTransaction(ctx.db, async (db) => {
    const id = await store.insertObjective(db, input, ctx.now);
    await recordAudit(db, ctx.actor, { action: 'action_plan.objective_added', subjectType: 'action_plan_objective', subjectId: id, detail: { title: input.title, position: input.position } });
    return id;
  });
}

/** Saves an objective at the version the user opened (else StaleEditError, nothing saved). */
export async function changeObjective(ctx: ActionPlanContext, id: string, expectedVersion: number, input: ObjectiveInput): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    const before = await getObjective(db, id);
    if (!before) throw new ObjectiveNotFound(id);
    if (!(await store.updateObjective(db, id, expectedVersion, input, ctx.now))) throw new StaleEditError('This objective changed since you opened it');
    await recordAudit(db, ctx.actor, {
      action: 'action_plan.objective_changed', subjectType: 'action_plan_objective', subjectId: id,
      detail: { titleBefore: before.title, title: input.title, positionBefore: before.position, position: input.position },
    });
  });
}

// ---- the plan

export interface ActionSummary extends ActionRow {
  statusName: string;
  kindName: string;
  ragName: string;
  overdue: boolean;
}

const summarise = (a: ActionRow, today: LocalDate): ActionSummary => ({
  ...a, statusName: STATUS_NAMES[a.status], kindName: KIND_NAMES[a.kind], ragName: RAG_NAMES[a.rag], overdue: isOverdue(a, today),
});

export interface PlanFilter {
  status?: ActionStatus;
  ownerId?: string;
  overdue?: boolean;
}

export interface PlanObjective extends ObjectiveRow {
  actions: ActionSummary[];
}

/**
 * The plan: every objective in order with its actions (those matching the filter). With a filter,
 * objectives with no matching action are left out, so the page answers the question asked.
 */
export async function listPlan(db: Db, filter: PlanFilter, now: Date): Promise<PlanObjective[]> {
  const today = londonDate(now);
  const storeFilter: ActionFilter = { ...(filter.status && { status: filter.status }), ...(filter.ownerId && { ownerId: filter.ownerId }), ...(filter.overdue && { overdueOn: today }) };
  const [objectives, actions] = await Promise.all([store.selectObjectives(db), store.selectActions(db, storeFilter)]);
  const filtered = !!(filter.status || filter.ownerId || filter.overdue);
  return objectives
    .map((o) => ({ ...o, actions: actions.filter((a) => a.objectiveId === o.id).map((a) => summarise(a, today)) }))
    .filter((o) => !filtered || o.actions.length > 0);
}

// ---- one action

export interface LinkedKpi {
  code: string;
  /** The KPI's name, or its code when no feature measures it any more. */
  name: string;
  registered: boolean;
  /** This quarter's figure in words ("79.5% (159 of 200)", "No data for this period"). */
  figureText: string;
  rag: Rag | null;
  ragName: string | null;
  href: string;
}

export interface MigrationFcr {
  serviceId: string;
  serviceName: string;
  plannedOn: LocalDate;
  /** False when no feature measures first contact resolution by service: "No data", never a failure. */
  available: boolean;
  before: KpiFigure;
  after: KpiFigure;
  beforeWindow: { firstDay: LocalDate; lastDay: LocalDate };
  afterWindow: { firstDay: LocalDate; lastDay: LocalDate };
  /** Whether the three months after have begun, and ended. */
  afterState: 'not_started' | 'running' | 'ended';
}

export interface ActionDetail extends ActionSummary {
  progress: ProgressRow[];
  kpis: LinkedKpi[];
  migration: MigrationFcr | null;
  quarter: Period;
  /** When the owner was last told the action was overdue, for its current due date. */
  overdueNotifiedAt: Date | null;
}

const EMPTY: KpiFigure = { value: null, count: 0 };

/** A service's row of the FCR-by-service breakdown over a window; nothing measured is "No data". */
async function fcrOf(db: Db, kpi: RegisteredKpi, window: Window, serviceId: string): Promise<KpiFigure> {
  const result = await kpi.compute(db, window, 'service');
  return result.rows.find((r) => r.key === serviceId)?.figure ?? EMPTY;
}

/** What every migration's figures need once: the FCR KPI (if any feature measures it by service) and the services' names. */
interface FcrSource {
  kpi: RegisteredKpi | null;
  serviceNames: Map<string, string>;
}

async function fcrSource(db: Db, registry: KpiRegistry): Promise<FcrSource> {
  const [kpi, services] = await Promise.all([registry.get(db, FCR_CODE), listServices(db)]);
  return { kpi: kpi && kpi.breakdowns.includes('service') ? kpi : null, serviceNames: new Map(services.map((s) => [s.id, s.name])) };
}

async function migrationFcrFrom(db: Db, source: FcrSource, serviceId: string, plannedOn: LocalDate, now: Date): Promise<MigrationFcr> {
  const windows = migrationWindows(plannedOn);
  const { kpi } = source;
  const afterState = now < windows.after.from ? 'not_started' : now < windows.after.to ? 'running' : 'ended';
  const [before, after] = kpi
    ? await Promise.all([fcrOf(db, kpi, windows.before, serviceId), afterState === 'not_started' ? EMPTY : fcrOf(db, kpi, windows.after, serviceId)])
    : [EMPTY, EMPTY];
  const days = (w: Window) => ({ firstDay: w.firstDay, lastDay: w.lastDay });
  return {
    serviceId,
    serviceName: source.serviceNames.get(serviceId) ?? 'A service no longer listed',
    plannedOn,
    available: !!kpi,
    before,
    after,
    beforeWindow: days(windows.before),
    afterWindow: days(windows.after),
    afterState,
  };
}

/**
 * A service migration's share of contacts resolved at first contact, for the service, in the three
 * months before the planned date and the three months from it, through the registry's contacts.fcr
 * broken down by service. When no feature measures it (yet), both are "No data".
 */
export async function migrationFcr(db: Db, registry: KpiRegistry, serviceId: string, plannedOn: LocalDate, now: Date): Promise<MigrationFcr> {
  return migrationFcrFrom(db, await fcrSource(db, registry), serviceId, plannedOn, now);
}

/** Each linked KPI with this quarter's figure and RAG, through the registry (the dashboard's number). */
async function linkedKpis(db: Db, registry: KpiRegistry, codes: readonly string[], quarter: Period): Promise<LinkedKpi[]> {
  if (!codes.length) return [];
  const registered = new Map((await registry.list(db)).map((k) => [k.code, k]));
  return Promise.all(
    codes.map(async (code): Promise<LinkedKpi> => {
      const href = `/staff/performance/kpis/${encodeURIComponent(code)}?period=${quarter.key}`;
      const kpi = registered.get(code);
      if (!kpi) return { code, name: code, registered: false, figureText: 'No data: this measure is no longer reported', rag: null, ragName: null, href };
      const measured = await measure(db, kpi, quarter);
      return { code, name: kpi.name, registered: true, figureText: formatFigure(measured.figure, kpi.unit), rag: measured.rag, ragName: measured.rag && RAG_NAMES[measured.rag], href };
    }),
  );
}

export async function getAction(db: Db, id: string, now: Date): Promise<ActionSummary | undefined> {
  const row = UUID.test(id) ? await store.selectAction(db, id) : undefined;
  return row && summarise(row, londonDate(now));
}

/** An action with its notes, its KPIs' figures this quarter and, for a service migration, FCR before and after. */
export async function getActionDetail(db: Db, registry: KpiRegistry, id: string, now: Date): Promise<ActionDetail | undefined> {
  const action = await getAction(db, id, now);
  if (!action) return undefined;
  const quarter = periodAt('quarter', now);
  const [progress, kpis, migration, notices] = await Promise.all([
    store.selectProgress(db, action.id),
    linkedKpis(db, registry, action.kpiCodes, quarter),
    action.kind === 'service_migration' && action.serviceId && action.plannedOn ? migrationFcr(db, registry, action.serviceId, action.plannedOn, now) : null,
    store.selectNoticesFor(db, action.id),
  ]);
  const notice = notices.find((n) => n.dueOn === action.dueOn);
  return { ...action, progress, kpis, migration, quarter, overdueNotifiedAt: notice?.notifiedAt ?? null };
}

/** The rules only the database can check: the objective, owner and service exist, the KPIs are registered. */
async function checkAction(db: Db, registry: KpiRegistry, input: ActionInput, before?: ActionRow): Promise<void> {
  const issues: Issue[] = [];
  if (!(await store.selectObjective(db, input.objectiveId))) issues.push({ field: 'objectiveId', message: 'Select the objective this action is for' });
  const owner = await findUserById(db, input.ownerId);
  // An owner who has since left may stay on an action being edited for other reasons.
  if (!owner || !(owner.active || owner.id === before?.ownerId)) issues.push({ field: 'ownerId', message: 'Select who owns this action' });
  if (input.serviceId && !(await listServices(db)).some((s) => s.id === input.serviceId)) {
    issues.push({ field: 'serviceId', message: 'Select the service whose contact is moving into customer services' });
  }
  // A KPI no longer reported may stay linked; a new link must be to one the registry lists.
  const allowed = new Set([...(await registry.list(db)).map((k) => k.code), ...(before?.kpiCodes ?? [])]);
  if (input.kpiCodes.some((c) => !allowed.has(c))) issues.push({ field: 'kpiCodes', message: 'Select KPIs from the list' });
  if (issues.length) throw new InvalidInput(issues);
}

const migrationOnly = (input: ActionInput): ActionInput =>
  input.kind === 'service_migration' ? input : { ...input, serviceId: null, plannedOn: null };

export async function addAction(ctx: ActionPlanContext, registry: KpiRegistry, raw: ActionInput): Promise<string> {
  const input = migrationOnly(raw);
  return inTransaction(ctx.db, async (db) => {
    await checkAction(db, registry, input);
    const id = await store.insertAction(db, { ...input, closedAt: isClosed(input.status) ? ctx.now : null }, ctx.now);
    await recordAudit(db, ctx.actor, {
      action: 'action_plan.action_added', subjectType: 'action_plan_action', subjectId: id,
      detail: { title: input.title, objectiveId: input.objectiveId, kind: input.kind, ownerId: input.ownerId, dueOn: input.dueOn, status: input.status, rag: input.rag },
    });
    return id;
  });
}

/** Saves an action at the version the user opened (else StaleEditError, nothing saved). */
export async function changeAction(ctx: ActionPlanContext, registry: KpiRegistry, id: string, expectedVersion: number, raw: ActionInput): Promise<void> {
  const input = migrationOnly(raw);
  await inTransaction(ctx.db, async (db) => {
    const before = UUID.test(id) ? await store.selectAction(db, id) : undefined;
    if (!before) throw new ActionNotFound(id);
    await checkAction(db, registry, input, before);
    // Closed keeps the moment it was first closed; reopened has none.
    const closedAt = isClosed(input.status) ? (isClosed(before.status) ? before.closedAt : ctx.now) : null;
    if (!(await store.updateAction(db, id, expectedVersion, { ...input, closedAt }, ctx.now))) throw new StaleEditError('This action changed since you opened it');
    const changed = Object.fromEntries(
      (['objectiveId', 'title', 'description', 'ownerId', 'dueOn', 'status', 'rag', 'kind', 'serviceId', 'plannedOn', 'kpiCodes'] as const)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]))
        .map((k) => [k, { before: before[k], after: input[k] }]),
    );
    await recordAudit(db, ctx.actor, { action: 'action_plan.action_changed', subjectType: 'action_plan_action', subjectId: id, detail: { changed } });
  });
}

/**
 * Adds a dated progress note. The action's owner may, whatever their role; otherwise only a manager
 * of the plan (`asManager`). Only a manager's note may change the RAG status, which moves the
 * action's version (an edit opened before it is then refused as stale).
 */
export async function addProgress(ctx: ActionPlanContext, id: string, input: ProgressInput, options: { asManager: boolean }): Promise<string> {
  return inTransaction(ctx.db, async (db) => {
    const action = UUID.test(id) ? await store.selectAction(db, id) : undefined;
    if (!action) throw new ActionNotFound(id);
    const owner = ctx.actor.type === 'staff' && ctx.actor.id === action.ownerId;
    if (!owner && !options.asManager) throw new NotAllowed('Only the action’s owner or a manager of the plan may add progress');
    const rag = options.asManager && input.rag && input.rag !== action.rag ? input.rag : null;
    const noteId = await store.insertProgress(db, {
      actionId: action.id, notedAt: ctx.now, byId: ctx.actor.id ?? null, byLabel: ctx.actor.label, note: input.note, rag, ragBefore: rag ? action.rag : null,
    });
    if (rag) await store.setRag(db, action.id, rag, ctx.now);
    await recordAudit(db, ctx.actor, {
      action: 'action_plan.progress_added', subjectType: 'action_plan_action', subjectId: action.id,
      detail: { noteId, ...(rag && { ragBefore: action.rag, rag }) },
    });
    return noteId;
  });
}

// ---- overdue actions, told to their owners

export const OVERDUE_TEMPLATE = 'action_plan.overdue';
const OVERDUE_PAGE = 50;

export const actionHref = (id: string): string => `/staff/performance/action-plan/actions/${id}`;

/**
 * Queues one email to the owner of each action past its due date and still to do, once for each
 * due date: the notice row is claimed in the transaction that queues the message, so a second run
 * (or a second process) sends nothing more, and an action whose due date moves is told again
 * when the new date passes. A page of actions per round, one short transaction each.
 */
export async function notifyOverdueActions(deps: { db: Db; now: Date; publicUrl: string }): Promise<number> {
  const today = londonDate(deps.now);
  let told = 0;
  for (;;) {
    const due = await store.selectUnnotifiedOverdue(deps.db, today, OVERDUE_PAGE);
    for (const action of due) {
      const queued = await inTransaction(deps.db, async (trx) => {
        if (!(await store.claimOverdueNotice(trx, action.id, action.dueOn, deps.now))) return false;
        const notificationId = await queueNotification(trx, {
          template: OVERDUE_TEMPLATE,
          to: { email: action.ownerEmail },
          personalisation: {
            name: action.ownerName, title: action.title, objective: action.objectiveTitle, due_date: formatDate(action.dueOn),
            status: STATUS_NAMES[action.status].toLowerCase(), action_url: `${deps.publicUrl.replace(/\/$/, '')}${actionHref(action.id)}`,
          },
          now: deps.now,
        });
        await store.setNoticeNotification(trx, action.id, action.dueOn, notificationId);
        await recordAudit(trx, systemActor, { action: 'action_plan.overdue_notified', subjectType: 'action_plan_action', subjectId: action.id, detail: { dueOn: action.dueOn, notificationId } });
        return true;
      });
      if (queued) told++;
    }
    if (due.length < OVERDUE_PAGE) return told;
  }
}

// ---- the quarterly review's section

export interface ReviewAction {
  title: string;
  kind: ActionKind;
  ownerName: string;
  dueOn: LocalDate | null;
  status: ActionStatus;
  statusName: string;
  rag: Rag;
  overdue: boolean;
  latestProgress: { on: LocalDate; note: string } | null;
  kpiCodes: string[];
  migration?: {
    serviceName: string;
    plannedOn: LocalDate;
    fcrBefore: KpiFigure;
    fcrAfter: KpiFigure;
    /** Additive to the contract: whether FCR by service is measured at all, and the windows' days. */
    fcrAvailable: boolean;
    beforeWindow: { firstDay: LocalDate; lastDay: LocalDate };
    afterWindow: { firstDay: LocalDate; lastDay: LocalDate };
    afterState: MigrationFcr['afterState'];
  };
}

export interface ReviewActionPlan {
  objectives: { title: string; actions: ReviewAction[] }[];
  /** Over the actions listed; red, amber and green count only those still to do. */
  counts: { total: number; done: number; overdue: number; red: number; amber: number; green: number };
}

/**
 * The action plan as the quarterly review shows it, as it stands at `now`: every objective with
 * its actions, leaving out actions completed or cancelled before `period` began (an earlier
 * review reported them). Plain JSON (ISO dates, no Date objects): publishing stores it.
 */
export async function actionPlanForReview(db: Db, registry: KpiRegistry, period: Period, now: Date): Promise<ReviewActionPlan> {
  const today = londonDate(now);
  const [objectives, rows] = await Promise.all([store.selectObjectives(db), store.selectActions(db, { openAtOrAfter: period.from })]);
  const migrating = rows.some((a) => a.kind === 'service_migration');
  const [latest, source] = await Promise.all([store.selectLatestProgress(db, rows.map((r) => r.id), now), migrating ? fcrSource(db, registry) : null]);
  const actions = await Promise.all(
    rows.map(async (a): Promise<ReviewAction & { objectiveId: string }> => {
      const note = latest.get(a.id);
      const fcr = source && a.kind === 'service_migration' && a.serviceId && a.plannedOn ? await migrationFcrFrom(db, source, a.serviceId, a.plannedOn, now) : null;
      return {
        objectiveId: a.objectiveId,
        title: a.title,
        kind: a.kind,
        ownerName: a.ownerName,
        dueOn: a.dueOn,
        status: a.status,
        statusName: STATUS_NAMES[a.status],
        rag: a.rag,
        overdue: isOverdue(a, today),
        latestProgress: note ? { on: londonDate(note.notedAt), note: note.note } : null,
        kpiCodes: [...a.kpiCodes],
        ...(fcr && {
          migration: {
            serviceName: fcr.serviceName, plannedOn: fcr.plannedOn, fcrBefore: { ...fcr.before }, fcrAfter: { ...fcr.after },
            fcrAvailable: fcr.available, beforeWindow: fcr.beforeWindow, afterWindow: fcr.afterWindow, afterState: fcr.afterState,
          },
        }),
      };
    }),
  );
  const stillToDo = actions.filter((a) => !isClosed(a.status));
  return {
    objectives: objectives
      .map((o) => ({ title: o.title, actions: actions.filter((a) => a.objectiveId === o.id).map(({ objectiveId: _, ...a }) => a) }))
      .filter((o) => o.actions.length > 0),
    counts: {
      total: actions.length,
      done: actions.filter((a) => a.status === 'done').length,
      overdue: actions.filter((a) => a.overdue).length,
      red: stillToDo.filter((a) => a.rag === 'red').length,
      amber: stillToDo.filter((a) => a.rag === 'amber').length,
      green: stillToDo.filter((a) => a.rag === 'green').length,
    },
  };
}

// ---- for the audit trail

export const namesOfActions = (db: Db, ids: readonly string[]): Promise<{ id: string; title: string }[]> => store.selectActionTitles(db, ids.filter((id) => UUID.test(id)));
