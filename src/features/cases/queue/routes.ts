// The work queue, /staff/cases: the open cases of my teams (or mine, all, unassigned), most urgent
// first, filtered by a GET form so that a queue is a link to share and a page that works without
// JavaScript; and assigning the cases ticked on it in one go. Also the "Cases (12)" navigation item.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import { STALE_MESSAGE } from '../case-page/routes.js';
import { CaseNotFound } from '../lifecycle.js';
import { DEFAULT_QUERY, hasFilters, pageLinks, parseQueueQuery, queueHref, queueSearch, QUEUE_VIEW_NAMES, QUEUE_VIEWS, type QueueQuery } from './model.js';
import { assignSelected, chosenId, loadQueue, navigationCount, type QueuePage } from './service.js';

const VIEWS = 'features/cases/queue/views';
const read = { permission: 'cases:read' } as const;
const work = { permission: 'cases:work' } as const;

export const casesNavigation: NavigationItem = {
  href: '/staff/cases',
  text: 'Cases',
  permission: 'cases:read',
  count: ({ db, staff }) => navigationCount(db, staff.id),
};

type Body = Record<string, string | string[]>;

const one = (body: Body, name: string): string => String(([] as string[]).concat(body[name] ?? '')[0] ?? '');
const many = (body: Body, name: string): string[] => ([] as string[]).concat(body[name] ?? []).filter(Boolean);

/** Where a link goes: `queueHref` joined with extra parameters (the success banner's). */
const withParam = (href: string, name: string, value: string) => `${href}${href.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;

/** The view links, the pagination and the filter choices, with the current query marked. */
function pageParts(query: QueueQuery, page: QueuePage) {
  const selected = (items: { value: string; text: string }[], chosen: string | null, none: string) => [
    { value: '', text: none },
    ...items.map((item) => ({ ...item, selected: item.value === chosen })),
  ];
  const at = (n: number) => queueHref({ ...query, page: n });
  return {
    views: QUEUE_VIEWS.map((view) => ({ text: QUEUE_VIEW_NAMES[view], href: queueHref({ ...DEFAULT_QUERY, view }), current: view === query.view })),
    pagination: page.pages > 1 && {
      previous: query.page > 1 ? { href: at(query.page - 1) } : undefined,
      next: query.page < page.pages ? { href: at(query.page + 1) } : undefined,
      items: pageLinks(query.page, page.pages).map((link) => ('ellipsis' in link ? link : { number: link.number, href: at(link.number), current: link.current })),
    },
    filters: {
      services: selected(page.choices.services, query.serviceId, 'All services'),
      statuses: selected(page.choices.statuses, query.status, 'Any open status'),
      channels: selected(page.choices.channels, query.channel, 'Any channel'),
      teams: selected(page.choices.teams, query.teamId, 'All teams'),
    },
    clearHref: queueHref({ ...DEFAULT_QUERY, view: query.view }),
    firstPageHref: at(1),
    /** The queue the assignment form was sent from, as hidden fields. */
    queueFields: [...new URLSearchParams(queueSearch(query))].map(([name, value]) => ({ name, value })),
    filtered: hasFilters(query),
  };
}

interface Shown {
  code?: number;
  errors?: FormErrors;
  /** The assignment form as it was sent, to show it again. */
  values?: { references: string[]; teamId: string; assigneeId: string };
  assigned?: number;
}

export function registerQueueRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date; publicUrl: string }): void {
  const { db } = deps;

  const showQueue = async (request: FastifyRequest, reply: FastifyReply, query: QueueQuery, shown: Shown = {}) => {
    const page = await loadQueue(db, request.staff!.id, query, deps.now());
    const values = shown.values ?? { references: [], teamId: '', assigneeId: '' };
    const title = `${QUEUE_VIEW_NAMES[query.view]}: open cases${page.pages > 1 ? ` (page ${query.page} of ${page.pages})` : ''}`;
    return reply.code(shown.code ?? 200).page(`${VIEWS}/queue.njk`, {
      pageTitle: title,
      ...page,
      ...pageParts(query, page),
      query,
      viewName: QUEUE_VIEW_NAMES[query.view],
      values,
      teamItems: [{ value: '', text: 'Keep each case’s team' }, ...page.choices.teams.map((t) => ({ ...t, selected: t.value === values.teamId }))],
      personItems: [{ value: '', text: 'Nobody: leave them in the team’s queue' }, ...page.choices.people.map((p) => ({ ...p, selected: p.value === values.assigneeId }))],
      errors: shown.errors,
      assigned: shown.assigned,
    });
  };

  app.get<{ Querystring: Record<string, unknown> }>('/staff/cases', { config: read }, async (request, reply) => {
    const assigned = Number(request.query.assigned);
    return showQueue(request, reply, parseQueueQuery(request.query), { assigned: Number.isInteger(assigned) && assigned > 0 ? assigned : undefined });
  });

  // The form carries the queue it was sent from (view, filters, page) so the user goes back to it.
  app.post('/staff/cases/assign', { config: work }, async (request, reply) => {
    const body = formBody(request.body);
    const query = parseQueueQuery(body);
    const values = { references: many(body, 'references'), teamId: one(body, 'teamId'), assigneeId: one(body, 'assigneeId') };
    let assigned: number;
    try {
      assigned = await assignSelected(
        { db, actor: request.actor(), now: deps.now(), publicUrl: deps.publicUrl },
        {
          references: values.references,
          teamId: chosenId(values.teamId, 'teamId', 'Choose a team from the list'),
          assigneeId: chosenId(values.assigneeId, 'assigneeId', 'Choose a person from the list'),
        },
      );
    } catch (error) {
      if (error instanceof InvalidInput) return showQueue(request, reply, query, { code: 400, errors: invalidInputErrors(error), values });
      if (error instanceof CaseNotFound) return showQueue(request, reply, query, { code: 400, errors: formError('references', `There is no case ${error.message}: select cases from the list`), values });
      if (error instanceof StaleEditError) return showQueue(request, reply, query, { code: 409, errors: formError('references', STALE_MESSAGE), values });
      throw error;
    }
    return reply.redirect(withParam(queueHref(query), 'assigned', String(assigned)), 303);
  });
}
