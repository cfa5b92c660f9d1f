// Pages for satisfaction ratings: the page a rating link in an email opens (`/rate/<token>`), the
// one-question form after a web request (shown on the confirmation page, posting to
// `/rate/web/<reference>`), and the staff page of net satisfaction by channel, service and month
// with its CSV download. Plain HTML forms: all of it works without JavaScript.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { CSV_BOM, csvCell } from '../../../platform/web/csv.js';
import { formBody, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import { londonDate, type LocalDate } from '../../../time/index.js';
import { londonInstant, nextDate } from '../../calendar/model.js';
import { parseDayText } from '../../contacts/model.js';
import { GROUPING_NAMES, GROUPINGS, netText, ratingItems, readRatingForm, type Grouping, type Question } from './model.js';
import { checkRatingLink, netSatisfaction, totalOf, useRatingLink, type NetSatisfactionRow } from './service.js';

const VIEWS = 'features/insight/ratings/views';
const read = { permission: 'insight:read' } as const;

export const ratingsNavigation: NavigationItem = { href: '/staff/insight/ratings', text: 'Satisfaction ratings', permission: 'insight:read' };

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

const QUESTIONS: Record<Question, string> = {
  service: 'How did we do with your request?',
  form: 'How was your experience of using this form?',
  contact: 'Customer’s rating of this contact',
};

export function registerRatingRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  registerResidentRating(app, deps);
  registerRatingsPage(app, deps);
}

// ---- residents rating

/** The page for a link that does not work: unknown, mistyped or expired alike (never a 500). */
const notFound = (reply: FastifyReply) =>
  reply.code(404).page('error.njk', {
    pageTitle: 'This rating link does not work',
    paragraphs: [
      'The link may have expired (links in our emails work for 30 days) or been copied wrongly.',
      'If you still want to tell us how we did, you can send us a comment instead.',
    ],
    link: { href: '/', text: 'Go to the home page' },
  });

const alreadyUsed = (reply: FastifyReply, reference: string, web: boolean) =>
  reply.code(409).page('error.njk', {
    pageTitle: web ? 'You have already rated this form' : 'This link has already been used',
    paragraphs: [
      web
        ? `You have already told us about your experience of using the form for request ${reference}. Thank you: we only count one rating from each request.`
        : `This link has already been used to rate how we dealt with request ${reference}. Each link can be used once, so your rating is only counted once.`,
    ],
    link: { href: '/', text: 'Go to the home page' },
  });

function registerResidentRating(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  const showForm = (reply: FastifyReply, view: { action: string; reference: string; serviceName?: string; question: Question; token?: string; values: Body; errors?: FormErrors }) =>
    reply.code(view.errors ? 400 : 200).page(`${VIEWS}/rate.njk`, {
      pageTitle: QUESTIONS[view.question],
      question: QUESTIONS[view.question],
      action: view.action,
      reference: view.reference,
      serviceName: view.serviceName,
      token: view.token,
      values: { comment: first(view.values.comment) },
      items: ratingItems({ score: first(view.values.score), reason: first(view.values.reason) }),
      errors: view.errors,
    });

  const resident = (ip: string, how: string) => ({ type: 'resident' as const, label: `resident (${how})`, ip });

  app.get('/rate/thanks', async (_request, reply) =>
    reply.page('error.njk', {
      pageTitle: 'Thank you for your rating',
      paragraphs: ['We read every comment. What residents tell us goes to our Customer Insight group, who use it to improve our services.'],
      link: { href: '/you-said-we-did', text: 'See what we have changed because of what residents told us' },
    }));

  // Opening the link shows the form; only sending it uses the link (mail scanners follow links).
  app.get<{ Params: { token: string } }>('/rate/:token', async (request, reply) => {
    const state = await checkRatingLink(db, request.params.token, deps.now());
    if (state.status === 'not_found') return notFound(reply);
    if (state.status === 'used') return alreadyUsed(reply, state.reference, false);
    return showForm(reply, { action: `/rate/${request.params.token}`, reference: state.reference, serviceName: state.serviceName, question: 'service', values: formBody(request.query) });
  });

  app.post<{ Params: { token: string } }>('/rate/:token', async (request, reply) => {
    const body = formBody(request.body);
    const now = deps.now();
    const state = await checkRatingLink(db, request.params.token, now);
    if (state.status === 'not_found') return notFound(reply);
    if (state.status === 'used') return alreadyUsed(reply, state.reference, false);
    const answer = readRatingForm(body, 'service');
    if (!answer.ok) return showForm(reply, { action: `/rate/${request.params.token}`, reference: state.reference, serviceName: state.serviceName, question: 'service', values: body, errors: answer.errors });
    const used = await useRatingLink(db, resident(request.ip, 'rating link'), { token: request.params.token, answer: answer.value, now });
    if (used.status === 'not_found') return notFound(reply);
    if (used.status === 'used') return alreadyUsed(reply, used.reference, false);
    return reply.redirect('/rate/thanks', 303);
  });

  // The form on the confirmation page: its token (made when the case was raised, shown only to the
  // browser that raised it) must be this case's web-form token.
  app.post<{ Params: { reference: string } }>('/rate/web/:reference', async (request, reply) => {
    const reference = request.params.reference.toUpperCase();
    if (!REFERENCE.test(reference)) return notFound(reply);
    const body = formBody(request.body);
    const token = first(body.token);
    const now = deps.now();
    const expect = { purpose: 'web' as const, reference };
    const state = await checkRatingLink(db, token, now, expect);
    if (state.status === 'not_found') return notFound(reply);
    if (state.status === 'used') return alreadyUsed(reply, state.reference, true);
    const answer = readRatingForm(body, 'form');
    if (!answer.ok) return showForm(reply, { action: `/rate/web/${reference}`, reference, question: 'form', token, values: body, errors: answer.errors });
    const used = await useRatingLink(db, resident(request.ip, 'web form'), { token, answer: answer.value, now, expect });
    if (used.status === 'not_found') return notFound(reply);
    if (used.status === 'used') return alreadyUsed(reply, used.reference, true);
    return reply.redirect('/rate/thanks', 303);
  });
}

// ---- the staff page

/** The last twelve whole months to today, in London. */
function defaultPeriod(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const start = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  return { from: start, to: today };
}

function readPeriod(query: Body, today: LocalDate) {
  const fallback = defaultPeriod(today);
  const fromText = first(query.from).trim();
  const toText = first(query.to).trim();
  const from = fromText ? parseDayText(fromText) : fallback.from;
  const to = toText ? parseDayText(toText) : fallback.to;
  const issues: [string, string][] = [];
  if (!from) issues.push(['from', 'Start date must be a real date, like 2026-04-01']);
  if (!to) issues.push(['to', 'End date must be a real date, like 2026-06-30']);
  if (from && to && from > to) issues.push(['to', 'End date must be the same as or after the start date']);
  const values = { from: fromText || fallback.from, to: toText || fallback.to };
  if (issues.length || !from || !to) {
    const errors: FormErrors = { summary: issues.map(([f, text]) => ({ text, href: `#${f}` })), fields: Object.fromEntries(issues.map(([f, text]) => [f, { text }])) };
    return { ok: false as const, values, errors };
  }
  return { ok: true as const, values, from, to };
}

/** Each grouping's rows over whole London days, from the start of the first to the end of the last. */
async function figures(db: Db, from: LocalDate, to: LocalDate) {
  const range = { from: londonInstant(from, '00:00'), to: londonInstant(nextDate(to), '00:00') };
  return Promise.all(GROUPINGS.map(async (by) => ({ by, name: GROUPING_NAMES[by], rows: await netSatisfaction(db, { ...range, by }) })));
}

// Numbers are ours, so they go in as they are: csvCell would put a quote before a minus sign.
const csvLine = (text: string[], numbers: (number | string)[]) => `${[...text.map(csvCell), ...numbers.map(String)].join(',')}\r\n`;
const netNumber = (net: number | null) => (net === null ? '' : net.toFixed(4));

function registerRatingsPage(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const withText = (r: NetSatisfactionRow) => ({ ...r, netText: netText(r.net) });

  app.get('/staff/insight/ratings', { config: read }, async (request, reply) => {
    const period = readPeriod(formBody(request.query), londonDate(deps.now()));
    const view = { pageTitle: 'Satisfaction ratings', values: period.values };
    if (!period.ok) return reply.code(400).page(`${VIEWS}/ratings.njk`, { ...view, errors: period.errors });
    const tables = await figures(deps.db, period.from, period.to);
    const total = withText(totalOf(tables[0]?.rows ?? []));
    return reply.page(`${VIEWS}/ratings.njk`, {
      ...view,
      period: { from: period.from, to: period.to },
      tables: tables.map((t) => ({ name: t.name, rows: t.rows.map(withText) })),
      total,
      csvHref: `/staff/insight/ratings.csv?from=${period.from}&to=${period.to}`,
    });
  });

  app.get('/staff/insight/ratings.csv', { config: read }, async (request, reply) => {
    const period = readPeriod(formBody(request.query), londonDate(deps.now()));
    if (!period.ok) return reply.code(400).page(`${VIEWS}/ratings.njk`, { pageTitle: 'Satisfaction ratings', values: period.values, errors: period.errors });
    const tables = await figures(deps.db, period.from, period.to);
    let csv = CSV_BOM + csvLine(['Grouping', 'Key', 'Name'], ['Good', 'Average', 'Poor', 'Responses', 'Net satisfaction']);
    for (const table of tables) {
      for (const r of [...table.rows, totalOf(table.rows)]) {
        csv += csvLine([table.by satisfies Grouping, r.key, r.label], [r.good, r.average, r.poor, r.responses, netNumber(r.net)]);
      }
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="satisfaction-ratings-${period.from}-to-${period.to}.csv"`)
      .send(csv);
  });
}
