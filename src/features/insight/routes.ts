// The Customer Insight group's pages: the insight queue of every piece of feedback, one feedback
// (themes, reviewed, actions), the list of themes, and actions with their "You said, we did"
// wording. Filters are GET forms, so a filtered queue is a link to share. Plain HTML forms.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listUsers } from '../../platform/auth/users.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { DATE_PARTS, datePartsOf, type DatePart } from '../../platform/web/date-input.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../platform/web/forms.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { formatDate, formatDateTime } from '../../platform/views/environment.js';
import { listServices } from '../charter/service.js';
import {
  ACTION_STATUS_NAMES, ACTION_STATUSES, actionFieldId, FEEDBACK_KIND_NAMES, FEEDBACK_KINDS, readActionForm, type ActionStatus, type FeedbackKind,
} from './model.js';
import {
  ActionNotFound, addTheme, changeTheme, createAction, FeedbackNotFound, getAction, linkFeedbackToAction, listActions, listFeedback, listThemes,
  markReviewed, tagFeedback, ThemeNotFound, unreviewedCount, updateAction, viewFeedback, type FeedbackFilter, type InsightContext,
} from './service.js';

const VIEWS = 'features/insight/views';
const read = { permission: 'insight:read' } as const;
const manage = { permission: 'insight:manage' } as const;

export const STALE_MESSAGE = 'This action changed since you opened it. Check the latest details below, then try again.';

export const insightNavigation: NavigationItem[] = [
  { href: '/staff/insight', text: 'Customer insight', permission: 'insight:read', count: ({ db }) => unreviewedCount(db) },
  { href: '/staff/insight/actions', text: 'Insight actions', permission: 'insight:read' },
];

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const many = (value: string | string[] | undefined): string[] => ([] as string[]).concat(value ?? []).filter(Boolean);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ctxOf = (request: FastifyRequest, db: Db, now: () => Date): InsightContext => ({ db, actor: request.actor(), now: now() });

const options = (items: { value: string; text: string }[], chosen: string, none: string) => [
  { value: '', text: none },
  ...items.map((i) => ({ ...i, selected: i.value === chosen })),
];

export function registerInsightRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  registerQueue(app, deps);
  registerFeedbackPage(app, deps);
  registerThemes(app, deps);
  registerActions(app, deps);
}

// ---- the queue

interface QueueQuery {
  kind: string;
  service: string;
  theme: string;
  reviewed: string;
  page: number;
}

function readQueueQuery(query: Body): QueueQuery {
  const page = Number(first(query.page));
  return {
    kind: FEEDBACK_KINDS.includes(first(query.kind) as FeedbackKind) ? first(query.kind) : '',
    service: UUID.test(first(query.service)) ? first(query.service) : '',
    theme: UUID.test(first(query.theme)) ? first(query.theme) : '',
    reviewed: ['yes', 'no'].includes(first(query.reviewed)) ? first(query.reviewed) : '',
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function queueHref(q: QueueQuery, page = q.page): string {
  const params = new URLSearchParams();
  for (const name of ['kind', 'service', 'theme', 'reviewed'] as const) if (q[name]) params.set(name, q[name]);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return `/staff/insight${search ? `?${search}` : ''}`;
}

function registerQueue(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  app.get('/staff/insight', { config: read }, async (request, reply) => {
    const q = readQueueQuery(formBody(request.query));
    const filter: FeedbackFilter = {
      ...(q.kind && { kind: q.kind as FeedbackKind }),
      ...(q.service && { serviceId: q.service }),
      ...(q.theme && { themeId: q.theme }),
      ...(q.reviewed && { reviewed: q.reviewed === 'yes' }),
    };
    const [page, services, themes] = await Promise.all([listFeedback(db, filter, q.page), listServices(db), listThemes(db)]);
    const filtered = !!(q.kind || q.service || q.theme || q.reviewed);
    return reply.page(`${VIEWS}/queue.njk`, {
      pageTitle: `Customer insight${page.pages > 1 ? ` (page ${q.page} of ${page.pages})` : ''}`,
      ...page,
      query: q,
      filtered,
      clearHref: '/staff/insight',
      firstPageHref: queueHref(q, 1),
      filters: {
        kinds: options(FEEDBACK_KINDS.map((k) => ({ value: k, text: FEEDBACK_KIND_NAMES[k] })), q.kind, 'All kinds'),
        services: options(services.map((s) => ({ value: s.id, text: s.name })), q.service, 'All services'),
        themes: options(themes.map((t) => ({ value: t.id, text: t.active ? t.name : `${t.name} (no longer used)` })), q.theme, 'All themes'),
        reviewed: options([{ value: 'no', text: 'Not reviewed' }, { value: 'yes', text: 'Reviewed' }], q.reviewed, 'Reviewed or not'),
      },
      pagination: page.pages > 1 && {
        previous: q.page > 1 ? { href: queueHref(q, q.page - 1) } : undefined,
        next: q.page < page.pages ? { href: queueHref(q, q.page + 1) } : undefined,
        items: pageNumbers(q.page, page.pages).map((n) => (n === null ? { ellipsis: true } : { number: n, href: queueHref(q, n), current: n === q.page })),
      },
    });
  });
}

/** 1 … 4 5 6 … 20: the first, the last, and the pages either side of this one. */
function pageNumbers(current: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 1) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

// ---- one piece of feedback

/** The facts of a piece of feedback, as summary list rows; what was not given is left out. */
function summaryRows(f: NonNullable<Awaited<ReturnType<typeof viewFeedback>>>) {
  const rows: [string, string | null | false][] = [
    ['Kind', f.kindName],
    ['Received', `${formatDateTime(f.receivedAt)} by ${f.channelName.toLowerCase()}`],
    ['When it happened', f.happenedOn && formatDate(f.happenedOn)],
    ['Service', f.serviceName ?? 'No service given'],
    ['Standard not met', f.standardSentence],
    ['Case', f.caseReference],
    ['Name given', f.contactName],
    ['Email given', f.contactEmail],
    ['Phone given', f.contactPhone],
    ['Themes', f.themes.length ? f.themes.map((t) => t.name).join(', ') : 'None yet'],
    ['Reviewed', f.reviewed ? `Yes, by ${f.reviewedByLabel ?? 'staff'} on ${formatDate(f.reviewedAt ?? f.receivedAt)}` : 'No'],
  ];
  return rows.filter(([, value]) => value).map(([key, value]) => ({ key: { text: key }, value: { text: value as string } }));
}

function registerFeedbackPage(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  type Params = { Params: { id: string } };

  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, view: { code?: number; errors?: FormErrors; done?: string } = {}) => {
    const feedback = await viewFeedback(ctxOf(request, db, deps.now), id);
    if (!feedback) return reply.callNotFound();
    const [themes, actions] = await Promise.all([listThemes(db), listActions(db, {}, deps.now())]);
    const tagged = new Set(feedback.themes.map((t) => t.id));
    const linked = new Set(feedback.actions.map((a) => a.id));
    return reply.code(view.code ?? 200).page(`${VIEWS}/feedback.njk`, {
      pageTitle: `${feedback.kindName} received ${formatDate(feedback.receivedAt)}`,
      feedback,
      summaryRows: summaryRows(feedback),
      errors: view.errors,
      done: view.done ?? first(formBody(request.query).done),
      themeItems: themes.filter((t) => t.active || tagged.has(t.id)).map((t) => ({ value: t.id, text: t.active ? t.name : `${t.name} (no longer used)`, checked: tagged.has(t.id) })),
      actionItems: options(
        actions.filter((a) => !linked.has(a.id) && a.status !== 'cancelled').map((a) => ({ value: a.id, text: `${a.title} (${a.statusName})` })),
        '',
        'Choose an action',
      ),
    });
  };

  app.get<Params>('/staff/insight/feedback/:id', { config: read }, async (request, reply) => show(request, reply, request.params.id));

  /** Runs a change from the page; a user's mistake shows the page again with the message on its form. */
  const change = (path: string, run: (ctx: InsightContext, id: string, body: Body) => Promise<string>) =>
    app.post<Params>(`/staff/insight/feedback/:id/${path}`, { config: manage }, async (request, reply) => {
      const body = formBody(request.body);
      try {
        const done = await run(ctxOf(request, db, deps.now), request.params.id, body);
        return await reply.redirect(`/staff/insight/feedback/${request.params.id}?done=${done}`, 303);
      } catch (error) {
        if (error instanceof FeedbackNotFound) return reply.callNotFound();
        if (error instanceof InvalidInput) return show(request, reply, request.params.id, { code: 400, errors: invalidInputErrors(error) });
        throw error;
      }
    });

  change('themes', async (ctx, id, body) => {
    await tagFeedback(ctx, id, many(body.themes));
    return 'themes';
  });
  change('reviewed', async (ctx, id, body) => {
    const reviewed = first(body.reviewed) === 'yes';
    await markReviewed(ctx, id, reviewed);
    return reviewed ? 'reviewed' : 'unreviewed';
  });
  change('link', async (ctx, id, body) => {
    await linkFeedbackToAction(ctx, first(body.actionId), id);
    return 'linked';
  });
}

// ---- themes

function registerThemes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  const show = async (reply: FastifyReply, view: { code?: number; errors?: FormErrors; newName?: string; editing?: { id: string; name: string }; done?: string } = {}) =>
    reply.code(view.code ?? 200).page(`${VIEWS}/themes.njk`, { pageTitle: 'Insight themes', themes: await listThemes(db), ...view });

  app.get('/staff/insight/themes', { config: read }, async (request, reply) => show(reply, { done: first(formBody(request.query).done) }));

  app.post('/staff/insight/themes', { config: manage }, async (request, reply) => {
    const name = first(formBody(request.body).name);
    try {
      await addTheme(ctxOf(request, db, deps.now), name);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return show(reply, { code: 400, errors: invalidInputErrors(error), newName: name });
    }
    return reply.redirect('/staff/insight/themes?done=added', 303);
  });

  app.post<{ Params: { id: string } }>('/staff/insight/themes/:id', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const name = first(body.name);
    try {
      await changeTheme(ctxOf(request, db, deps.now), request.params.id, { name, active: first(body.active) !== 'no' });
    } catch (error) {
      if (error instanceof ThemeNotFound) return reply.callNotFound();
      if (!(error instanceof InvalidInput)) throw error;
      // The message goes on the theme's own name box.
      const errors = formError(`name-${request.params.id}`, error.issues[0]?.message ?? 'Enter the name of the theme');
      return show(reply, { code: 400, errors, editing: { id: request.params.id, name } });
    }
    return reply.redirect('/staff/insight/themes?done=changed', 303);
  });
}

// ---- actions

function registerActions(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  const activeStaff = async () => (await listUsers(db)).filter((u) => u.active);

  app.get('/staff/insight/actions', { config: read }, async (request, reply) => {
    const query = formBody(request.query);
    const status = ACTION_STATUSES.includes(first(query.status) as ActionStatus) ? (first(query.status) as ActionStatus) : undefined;
    const owner = UUID.test(first(query.owner)) ? first(query.owner) : undefined;
    const [actions, staff] = await Promise.all([listActions(db, { ...(status && { status }), ...(owner && { ownerId: owner }) }, deps.now()), activeStaff()]);
    return reply.page(`${VIEWS}/actions.njk`, {
      pageTitle: 'Insight actions',
      actions,
      filtered: !!(status || owner),
      done: first(query.done),
      filters: {
        statuses: options(ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_NAMES[s] })), status ?? '', 'Any status'),
        owners: options(staff.map((u) => ({ value: u.id, text: u.displayName })), owner ?? '', 'Anyone'),
      },
    });
  });

  /** The form, new or existing; `saved` is the action as stored, shown beside the form after a conflict. */
  const showForm = async (reply: FastifyReply, form: Body, view: { code?: number; errors?: FormErrors; dateParts?: DatePart[]; action?: Awaited<ReturnType<typeof getAction>>; feedbackId?: string; done?: string }) => {
    const [staff, services] = await Promise.all([activeStaff(), listServices(db)]);
    const owner = first(form.ownerId);
    const action = view.action;
    return reply.code(view.code ?? 200).page(`${VIEWS}/action.njk`, {
      pageTitle: action ? action.title : 'Raise an insight action',
      action,
      form,
      errors: view.errors,
      done: view.done,
      feedbackId: view.feedbackId,
      ownerItems: options(
        // A past owner who has left still shows, so saving other changes does not drop them silently.
        [...staff.map((u) => ({ value: u.id, text: u.displayName })), ...(action?.ownerId && !staff.some((u) => u.id === action.ownerId) ? [{ value: action.ownerId, text: `${action.ownerName ?? 'Former member of staff'} (no longer active)` }] : [])],
        owner,
        'Nobody yet',
      ),
      serviceItems: options(services.map((s) => ({ value: s.id, text: s.name })), first(form.serviceId), 'Not about one service'),
      statusItems: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_NAMES[s], checked: first(form.status) === s })),
      dateItems: DATE_PARTS.map((part) => ({
        name: part,
        label: part.charAt(0).toUpperCase() + part.slice(1),
        value: first(form[`dueOn-${part}`]),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${view.dateParts?.includes(part) ? ' govuk-input--error' : ''}`,
      })),
    });
  };

  const formOf = (a: NonNullable<Awaited<ReturnType<typeof getAction>>>): Body => ({
    title: a.title, plan: a.plan, ownerId: a.ownerId ?? '', serviceId: a.serviceId ?? '', status: a.status, outcome: a.outcome, youSaid: a.youSaid, weDid: a.weDid,
    version: String(a.version),
    ...(a.dueOn && Object.fromEntries(Object.entries(datePartsOf(a.dueOn)).map(([p, v]) => [`dueOn-${p}`, v]))),
  });

  app.get('/staff/insight/actions/new', { config: manage }, async (request, reply) => {
    const feedbackId = first(formBody(request.query).feedback);
    const feedback = UUID.test(feedbackId) ? await viewFeedback(ctxOf(request, db, deps.now), feedbackId) : undefined;
    if (feedbackId && !feedback) return reply.callNotFound();
    return showForm(reply, { status: 'open', serviceId: feedback?.serviceId ?? '' }, { ...(feedback && { feedbackId: feedback.id }) });
  });

  app.post('/staff/insight/actions/new', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const feedbackId = UUID.test(first(body.feedbackId)) ? first(body.feedbackId) : undefined;
    const reading = readActionForm(body);
    if (!reading.ok) return showForm(reply, body, { code: 400, errors: reading.errors, dateParts: reading.dateParts, ...(feedbackId && { feedbackId }) });
    try {
      const id = await createAction(ctxOf(request, db, deps.now), reading.value, feedbackId);
      return await reply.redirect(`/staff/insight/actions/${id}?done=created`, 303);
    } catch (error) {
      if (error instanceof FeedbackNotFound) return reply.callNotFound();
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(reply, body, { code: 400, errors: invalidInputErrors(error, actionFieldId), ...(feedbackId && { feedbackId }) });
    }
  });

  app.get<{ Params: { id: string } }>('/staff/insight/actions/:id', { config: read }, async (request, reply) => {
    const action = await getAction(db, request.params.id, deps.now());
    if (!action) return reply.callNotFound();
    return showForm(reply, formOf(action), { action, done: first(formBody(request.query).done) });
  });

  app.post<{ Params: { id: string } }>('/staff/insight/actions/:id', { config: manage }, async (request, reply) => {
    const action = await getAction(db, request.params.id, deps.now());
    if (!action) return reply.callNotFound();
    const body = formBody(request.body);
    const version = Number(first(body.version));
    const reading = readActionForm(body);
    if (!reading.ok) return showForm(reply, body, { code: 400, errors: reading.errors, dateParts: reading.dateParts, action });
    try {
      await updateAction(ctxOf(request, db, deps.now), action.id, Number.isInteger(version) ? version : -1, reading.value);
    } catch (error) {
      if (error instanceof ActionNotFound) return reply.callNotFound();
      if (error instanceof InvalidInput) return showForm(reply, body, { code: 400, errors: invalidInputErrors(error, actionFieldId), action });
      // The latest details shown, the user's input kept, and the latest version so that trying again works.
      if (error instanceof StaleEditError) return showForm(reply, { ...body, version: String(action.version) }, { code: 409, errors: formError('title', STALE_MESSAGE), action });
      throw error;
    }
    return reply.redirect(`/staff/insight/actions/${action.id}?done=saved`, 303);
  });
}
