// The action plan's pages: the plan (objectives and their actions, filtered by a GET form), forms
// to add and change objectives and actions, and an action's page with its KPIs, a service
// migration's first contact resolution before and after, and its progress notes.
//
// Permissions: reading the plan needs performance:read, changing it performance:manage. An
// action's owner may open their own action and add progress notes whatever their role (the
// overdue email links them there), so those two routes ask only that someone is signed in
// (staff:home) and check the action itself (accessTo).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listUsers } from '../../../platform/auth/users.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formatFigure, type KpiFigure, type Rag } from '../../../platform/kpi/index.js';
import { formatDate } from '../../../platform/views/environment.js';
import { DATE_PARTS, datePartsOf, type DatePart } from '../../../platform/web/date-input.js';
import { formBody, formError, invalidInputErrors, mergeErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import { listServices } from '../../charter/service.js';
import type { PerformanceDeps } from '../deps.js';
import './job.js';
import {
  ACTION_KINDS, ACTION_STATUSES, actionFieldId, KIND_NAMES, RAG_NAMES, RAG_TAG_CLASSES, RAGS, readActionForm, readObjectiveForm, readProgressForm, STATUS_NAMES,
  type ActionStatus,
} from './model.js';
import {
  accessTo, ActionNotFound, actionHref, addAction, addObjective, addProgress, changeAction, changeObjective, getAction, getActionDetail, getObjective,
  listObjectives, listPlan, NotAllowed, ObjectiveNotFound, type ActionDetail, type ActionPlanContext, type ActionSummary, type ObjectiveRow,
} from './service.js';

const VIEWS = 'features/performance/action-plan/views';
const BASE = '/staff/performance/action-plan';
const read = { permission: 'performance:read' } as const;
const manage = { permission: 'performance:manage' } as const;
/** Anyone signed in: the route checks the action (its owner, or a performance role). */
const signedIn = { permission: 'staff:home' } as const;

export const STALE_ACTION = 'This action changed since you opened it. Check the latest details, then try again.';
export const STALE_OBJECTIVE = 'This objective changed since you opened it. Check the latest details, then try again.';

export const actionPlanNavigation: NavigationItem[] = [{ href: BASE, text: 'Action plan', permission: 'performance:read' }];

type Body = Record<string, string | string[]>;
type Params = { Params: { id: string } };
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ctxOf = (request: FastifyRequest, deps: PerformanceDeps): ActionPlanContext => ({ db: deps.db, actor: request.actor(), now: deps.now() });

const options = (items: { value: string; text: string }[], chosen: string, none: string) => [
  { value: '', text: none },
  ...items.map((i) => ({ ...i, selected: i.value === chosen })),
];

/** The three boxes of a GOV.UK date input, with what was typed and the boxes in error marked. */
const dateItems = (form: Body, name: string, errorParts: readonly DatePart[] = []) =>
  DATE_PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    value: first(form[`${name}-${part}`]),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));

const dateFields = (name: string, date: string | null): Body =>
  date ? Object.fromEntries(Object.entries(datePartsOf(date)).map(([p, v]) => [`${name}-${p}`, v])) : {};

/** The page a member of staff sees when the action is not theirs and their role does not reach it. */
const refuse = (reply: FastifyReply) =>
  reply.code(403).page('error.njk', {
    pageTitle: 'You do not have permission to see this page',
    paragraphs: ['Only the action’s owner and the managers of the action plan can see this action. Ask a manager if you need it for your work.'],
    link: { href: '/staff', text: 'Go to your staff home page' },
  });

export function registerActionPlanRoutes(app: FastifyInstance, deps: PerformanceDeps): void {
  registerPlan(app, deps);
  registerObjectiveForms(app, deps);
  registerActionForms(app, deps);
  registerActionPage(app, deps);
}

// ---- the plan

function registerPlan(app: FastifyInstance, deps: PerformanceDeps): void {
  app.get(BASE, { config: read }, async (request, reply) => {
    const query = formBody(request.query);
    const status = ACTION_STATUSES.includes(first(query.status) as ActionStatus) ? (first(query.status) as ActionStatus) : undefined;
    const owner = UUID.test(first(query.owner)) ? first(query.owner) : undefined;
    const overdue = first(query.overdue) === 'yes';
    const [objectives, staff, all] = await Promise.all([
      listPlan(deps.db, { ...(status && { status }), ...(owner && { ownerId: owner }), overdue }, deps.now()),
      listUsers(deps.db),
      listObjectives(deps.db),
    ]);
    const filtered = !!(status || owner || overdue);
    const actions = objectives.flatMap((o) => o.actions);
    return reply.page(`${VIEWS}/plan.njk`, {
      pageTitle: 'Action plan',
      objectives,
      anyObjectives: all.length > 0,
      actionCount: actions.length,
      overdueCount: actions.filter((a) => a.overdue).length,
      filtered,
      done: first(query.done),
      ragTag: ragTag,
      filters: {
        statuses: options(ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s] })), status ?? '', 'Any status'),
        // Owners past and present: a filter must still find the actions of someone who has left.
        owners: options(staff.map((u) => ({ value: u.id, text: u.active ? u.displayName : `${u.displayName} (no longer active)` })), owner ?? '', 'Anyone'),
        overdue: [{ value: 'yes', text: 'Only overdue actions', checked: overdue }],
      },
    });
  });
}

/** A RAG status as a tag with its words. */
const ragTag = (rag: Rag | null | undefined) => (rag ? { text: RAG_NAMES[rag], classes: RAG_TAG_CLASSES[rag] } : null);

// ---- objectives

function registerObjectiveForms(app: FastifyInstance, deps: PerformanceDeps): void {
  const show = async (reply: FastifyReply, form: Body, view: { code?: number; errors?: FormErrors; objective?: ObjectiveRow; latest?: ObjectiveRow } = {}) =>
    reply.code(view.code ?? 200).page(`${VIEWS}/objective-form.njk`, {
      pageTitle: view.objective ? `Change the objective: ${view.objective.title}` : 'Add an objective',
      form,
      ...view,
    });

  app.get(`${BASE}/objectives/new`, { config: manage }, async (_request, reply) => {
    const next = (await listObjectives(deps.db)).reduce((max, o) => Math.max(max, o.position), 0) + 1;
    return show(reply, { position: String(Math.min(next, 999)) });
  });

  app.post(`${BASE}/objectives/new`, { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const reading = readObjectiveForm(body);
    if (!reading.ok) return show(reply, body, { code: 400, errors: reading.errors });
    await addObjective(ctxOf(request, deps), reading.value);
    return reply.redirect(`${BASE}?done=objective-added`, 303);
  });

  app.get<Params>(`${BASE}/objectives/:id/edit`, { config: manage }, async (request, reply) => {
    const objective = await getObjective(deps.db, request.params.id);
    if (!objective) return reply.callNotFound();
    return show(reply, { title: objective.title, description: objective.description, position: String(objective.position), version: String(objective.version) }, { objective });
  });

  app.post<Params>(`${BASE}/objectives/:id/edit`, { config: manage }, async (request, reply) => {
    const objective = await getObjective(deps.db, request.params.id);
    if (!objective) return reply.callNotFound();
    const body = formBody(request.body);
    const reading = readObjectiveForm(body);
    if (!reading.ok) return show(reply, body, { code: 400, errors: reading.errors, objective });
    const version = Number(first(body.version));
    try {
      await changeObjective(ctxOf(request, deps), objective.id, Number.isInteger(version) ? version : -1, reading.value);
    } catch (error) {
      if (error instanceof ObjectiveNotFound) return reply.callNotFound();
      // The latest details shown, what the user typed kept, and the latest version so that trying again works.
      if (error instanceof StaleEditError) return show(reply, { ...body, version: String(objective.version) }, { code: 409, errors: formError('title', STALE_OBJECTIVE), objective, latest: objective });
      throw error;
    }
    return reply.redirect(`${BASE}?done=objective-saved`, 303);
  });
}

// ---- actions: adding and changing

interface ActionFormView {
  code?: number;
  errors?: FormErrors | undefined;
  dateParts?: Record<string, DatePart[]>;
  action?: ActionSummary;
  /** After a conflict: the action as saved now, shown above the form. */
  latest?: ActionSummary;
}

function registerActionForms(app: FastifyInstance, deps: PerformanceDeps): void {
  const { db } = deps;

  const show = async (reply: FastifyReply, form: Body, view: ActionFormView = {}) => {
    const [objectives, staff, services, kpis] = await Promise.all([listObjectives(db), listUsers(db), listServices(db), deps.registry.list(db)]);
    const action = view.action;
    const chosenKpis = new Set(([] as string[]).concat(form.kpiCodes ?? []));
    const sections = deps.registry.sections().map((section) => ({
      title: section.title,
      items: kpis.filter((k) => k.section.code === section.code).map((k) => ({ value: k.code, text: k.name, checked: chosenKpis.has(k.code) })),
    }));
    // A KPI no longer reported that the action is linked to stays offered, so saving keeps it.
    const gone = [...chosenKpis].filter((c) => !kpis.some((k) => k.code === c)).map((c) => ({ value: c, text: `${c} (no longer reported)`, checked: true }));
    if (gone.length) sections.push({ title: 'No longer reported', items: gone });
    const kpiSections = sections.filter((s) => s.items.length).map((s, i) => ({ ...s, idPrefix: i === 0 ? 'kpiCodes' : `kpiCodes-${i + 1}`, anyChecked: s.items.some((item) => item.checked) }));
    return reply.code(view.code ?? 200).page(`${VIEWS}/action-form.njk`, {
      pageTitle: action ? `Change the action: ${action.title}` : 'Add an action',
      action,
      latest: view.latest,
      form,
      errors: view.errors,
      ragTag,
      objectiveItems: options(objectives.map((o) => ({ value: o.id, text: o.title })), first(form.objectiveId), 'Choose an objective'),
      ownerItems: options(
        // A past owner who has left still shows, so saving other changes does not drop them silently.
        [
          ...staff.filter((u) => u.active).map((u) => ({ value: u.id, text: u.displayName })),
          ...(action && !staff.some((u) => u.active && u.id === action.ownerId) ? [{ value: action.ownerId, text: `${action.ownerName} (no longer active)` }] : []),
        ],
        first(form.ownerId),
        'Choose who owns it',
      ),
      serviceItems: options(services.map((s) => ({ value: s.id, text: s.name })), first(form.serviceId), 'Choose a service'),
      statusItems: ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], checked: first(form.status) === s })),
      ragItems: RAGS.map((r) => ({ value: r, text: RAG_NAMES[r], checked: first(form.rag) === r })),
      kindItems: ACTION_KINDS.map((k) => ({
        value: k,
        text: KIND_NAMES[k],
        hint: { text: k === 'service_migration' ? 'Moving a service’s front-line contact into customer services: give the service and the planned date below.' : 'Anything else the plan sets out to do.' },
        checked: first(form.kind) === k,
      })),
      dueOnItems: dateItems(form, 'dueOn', view.dateParts?.dueOn),
      plannedOnItems: dateItems(form, 'plannedOn', view.dateParts?.plannedOn),
      kpiSections,
      hasKpis: kpis.length > 0,
    });
  };

  const formOf = (a: ActionSummary): Body => ({
    objectiveId: a.objectiveId, title: a.title, description: a.description, ownerId: a.ownerId, status: a.status, rag: a.rag, kind: a.kind,
    serviceId: a.serviceId ?? '', kpiCodes: a.kpiCodes, version: String(a.version), ...dateFields('dueOn', a.dueOn), ...dateFields('plannedOn', a.plannedOn),
  });

  const fieldId = (field: string) => actionFieldId(field);

  app.get(`${BASE}/actions/new`, { config: manage }, async (request, reply) => {
    const objectiveId = first(formBody(request.query).objective);
    const objective = objectiveId ? await getObjective(db, objectiveId) : undefined;
    if (objectiveId && !objective) return reply.callNotFound();
    return show(reply, { objectiveId: objective?.id ?? '', status: 'open', kind: 'action' });
  });

  app.post(`${BASE}/actions/new`, { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const reading = readActionForm(body);
    if (!reading.ok) return show(reply, body, { code: 400, errors: reading.errors, dateParts: reading.dateParts });
    try {
      const id = await addAction(ctxOf(request, deps), deps.registry, reading.value);
      return await reply.redirect(`${actionHref(id)}?done=added`, 303);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return show(reply, body, { code: 400, errors: invalidInputErrors(error, fieldId) });
    }
  });

  app.get<Params>(`${BASE}/actions/:id/edit`, { config: manage }, async (request, reply) => {
    const action = await getAction(db, request.params.id, deps.now());
    if (!action) return reply.callNotFound();
    return show(reply, formOf(action), { action });
  });

  app.post<Params>(`${BASE}/actions/:id/edit`, { config: manage }, async (request, reply) => {
    const action = await getAction(db, request.params.id, deps.now());
    if (!action) return reply.callNotFound();
    const body = formBody(request.body);
    const reading = readActionForm(body);
    if (!reading.ok) return show(reply, body, { code: 400, errors: reading.errors, dateParts: reading.dateParts, action });
    const version = Number(first(body.version));
    try {
      await changeAction(ctxOf(request, deps), deps.registry, action.id, Number.isInteger(version) ? version : -1, reading.value);
    } catch (error) {
      if (error instanceof ActionNotFound) return reply.callNotFound();
      if (error instanceof InvalidInput) return show(reply, body, { code: 400, errors: invalidInputErrors(error, fieldId), action });
      if (error instanceof StaleEditError) return show(reply, { ...body, version: String(action.version) }, { code: 409, errors: formError('title', STALE_ACTION), action, latest: action });
      throw error;
    }
    return reply.redirect(`${actionHref(action.id)}?done=saved`, 303);
  });
}

// ---- one action: its page and its progress notes

/** The action's facts as summary list rows; a service migration adds its service and planned date. */
function summaryRows(a: ActionDetail) {
  const rows: [string, string | null][] = [
    ['Objective', a.objectiveTitle],
    ['Kind', a.kindName],
    ['Owner', a.ownerName],
    ['Due', formatDate(a.dueOn)],
    ['Status', a.statusName],
    ['RAG status', a.ragName],
    ['Service', a.migration?.serviceName ?? null],
    ['Planned date', a.migration ? formatDate(a.migration.plannedOn) : null],
    ['What it involves', a.description || null],
  ];
  return rows
    .filter(([, value]) => value !== null)
    .map(([key, value]) => ({ key: { text: key }, value: key === 'What it involves' ? { html: `<span class="app-preserve-lines">${escapeHtml(value!)}</span>` } : { text: value } }));
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function registerActionPage(app: FastifyInstance, deps: PerformanceDeps): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, view: { code?: number; errors?: FormErrors | undefined; form?: Body; done?: string } = {}) => {
    const action = await getActionDetail(deps.db, deps.registry, id, deps.now());
    if (!action) return reply.callNotFound();
    const access = accessTo(action, request.staff);
    if (!access.read) return refuse(reply);
    const form = view.form ?? {};
    return reply.code(view.code ?? 200).page(`${VIEWS}/action.njk`, {
      pageTitle: action.title,
      action,
      access,
      errors: view.errors,
      form,
      done: view.done ?? first(formBody(request.query).done),
      ragTag,
      ragNames: RAG_NAMES,
      summaryRows: summaryRows(action),
      percentText: (figure: KpiFigure) => formatFigure(figure, 'percent'),
      progressRagItems: [
        { value: '', text: 'Leave it as it is', checked: !first(form.progressRag) },
        ...RAGS.map((r) => ({ value: r, text: RAG_NAMES[r], checked: first(form.progressRag) === r })),
      ],
    });
  };

  app.get<Params>(`${BASE}/actions/:id`, { config: signedIn }, async (request, reply) => show(request, reply, request.params.id));

  app.post<Params>(`${BASE}/actions/:id/progress`, { config: signedIn }, async (request, reply) => {
    const action = await getAction(deps.db, request.params.id, deps.now());
    if (!action) return reply.callNotFound();
    const access = accessTo(action, request.staff);
    if (!access.addProgress) return refuse(reply);
    const body = formBody(request.body);
    const reading = readProgressForm(body, access.manage);
    if (!reading.ok) return show(request, reply, action.id, { code: 400, errors: mergeErrors(reading.errors), form: body });
    try {
      await addProgress(ctxOf(request, deps), action.id, reading.value, { asManager: access.manage });
    } catch (error) {
      if (error instanceof ActionNotFound) return reply.callNotFound();
      if (error instanceof NotAllowed) return refuse(reply);
      throw error;
    }
    return reply.redirect(`${actionHref(action.id)}?done=progress#progress`, 303);
  });
}
