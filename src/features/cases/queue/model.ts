// The work queue as pure rules: which views there are, how a queue's address (its GET query) is
// read and written, how urgent a case is, and which page links to offer. No I/O.
import { z } from 'zod';
import { CHANNELS, UUID, type Channel } from '../../charter/model.js';
import { FINISHED_CATEGORIES, STATUS_CATEGORIES, type StatusCategory } from '../workflow/model.js';

export const PAGE_SIZE = 50;

/** Categories of cases still being worked: the only ones a queue shows. */
export const OPEN_CATEGORIES: readonly StatusCategory[] = STATUS_CATEGORIES.filter((c) => !FINISHED_CATEGORIES.includes(c));

export const QUEUE_VIEWS = ['mine', 'teams', 'all', 'unassigned'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QUEUE_VIEW_NAMES: Record<QueueView, string> = {
  mine: 'My cases',
  teams: 'My teams',
  all: 'All open cases',
  unassigned: 'Unassigned',
};

/** Everything a queue page is narrowed by: the view, the filters and the page. */
export interface QueueQuery {
  view: QueueView;
  serviceId: string | null;
  status: string | null;
  ward: string | null;
  channel: Channel | null;
  teamId: string | null;
  page: number;
}

export const DEFAULT_QUERY: QueueQuery = { view: 'teams', serviceId: null, status: null, ward: null, channel: null, teamId: null, page: 1 };

/** The first value of a query or form parameter (repeated parameters come as arrays); anything but text is none. */
const first = (value: unknown): string => {
  const one: unknown = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim() : '';
};

// A filter in the address is only ever a choice from the page's own lists (or the ward typed), so a
// value that is not one (an old bookmark, a hand-edited address) is simply not applied.
const choice = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const parsed = schema.safeParse(first(value));
  return parsed.success ? parsed.data : null;
};

const uuid = z.string().regex(UUID);
const statusCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const ward = z.string().min(1).max(100);
const page = z.coerce.number().int().min(1).max(100_000);

export function parseQueueQuery(query: Record<string, unknown>): QueueQuery {
  return {
    view: choice(z.enum(QUEUE_VIEWS), query.view) ?? DEFAULT_QUERY.view,
    serviceId: choice(uuid, query.service),
    status: choice(statusCode, query.status),
    ward: choice(ward, query.ward),
    channel: choice(z.enum(CHANNELS), query.channel),
    teamId: choice(uuid, query.team),
    page: choice(page, query.page) ?? 1,
  };
}

/** The query string of a queue, defaults left out so that addresses stay short. */
export function queueSearch(query: QueueQuery): string {
  const params = new URLSearchParams();
  if (query.view !== DEFAULT_QUERY.view) params.set('view', query.view);
  if (query.serviceId) params.set('service', query.serviceId);
  if (query.status) params.set('status', query.status);
  if (query.ward) params.set('ward', query.ward);
  if (query.channel) params.set('channel', query.channel);
  if (query.teamId) params.set('team', query.teamId);
  if (query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const queueHref = (query: QueueQuery): string => `/staff/cases${queueSearch(query)}`;

export const hasFilters = (query: QueueQuery): boolean => !!(query.serviceId || query.status || query.ward || query.channel || query.teamId);

export type Urgency = 'overdue' | 'due_soon';

export const URGENCY_TAGS: Record<Urgency, { text: string; classes: string }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--orange' },
};

/**
 * How urgent a case is by its running (not paused) clocks: overdue once the earliest is past due,
 * due soon once one is at risk (its standard's share of the time used: case_standard.at_risk_at,
 * the moment escalation and the case page use). A paused clock's stored dates move when the
 * customer replies, so it makes a case neither.
 */
export function urgencyOf(running: { dueAt: Date | null; atRiskAt: Date | null }, now: Date): Urgency | undefined {
  if (running.dueAt && running.dueAt.getTime() < now.getTime()) return 'overdue';
  return running.atRiskAt && running.atRiskAt.getTime() <= now.getTime() ? 'due_soon' : undefined;
}

export const pageCount = (total: number): number => Math.max(1, Math.ceil(total / PAGE_SIZE));

export type PageLink = { number: number; current: boolean } | { ellipsis: true };

/** Page numbers as the GOV.UK pagination pattern shows them: first, last, and the current one's neighbours. */
export function pageLinks(current: number, pages: number): PageLink[] {
  const links: PageLink[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 1) links.push({ number: n, current: n === current });
    else if (!('ellipsis' in (links.at(-1) ?? {}))) links.push({ ellipsis: true });
  }
  return links;
}
