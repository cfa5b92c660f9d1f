// The managers' dashboard and everything reached from it: every KPI for a period against its target
// and the period before (red items first, trend sparklines); one KPI's page with its trend chart and
// breakdown; the cases or contacts behind a figure (audited: they are customers' records); the
// target form; the CSV of every figure; and the same figures as JSON for other systems. Every
// figure comes from figures.ts, so the page, the CSV and the feed agree.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerApiErrorHandler, sendApiError } from '../../../platform/api-keys/api-errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { renderChart } from '../../../platform/charts/charts.js';
import {
  BREAKDOWN_NAMES, formatFigure, formatValue, periodEnded, periodsEndingWith, ragOf, type KpiRecords, type KpiUnit, type Period,
} from '../../../platform/kpi/index.js';
import { formatDate } from '../../../platform/views/environment.js';
import { CSV_BOM, csvRow } from '../../../platform/web/csv.js';
import { attachmentDisposition } from '../../../platform/web/download.js';
import { formBody, formError, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import type { PerformanceDeps } from '../deps.js';
import { measureSeries } from '../figures.js';
import type { RegisteredKpi } from '../registry.js';
import { setTarget } from '../targets.js';
import { CSV_HEAD, csvValues, dashboardView, jsonRecord, kpiHref, periodFigures, TREND_LENGTH } from './figures.js';
import {
  chooseBreakdown, choosePeriod, fieldValue, PERIOD_HINT, periodOptions, PLURAL_WORDS, PREVIOUS_WORDS, RAG_CLASSES, RAG_WORDS, readTargetForm, targetText,
  UNIT_PREFIX, UNIT_SUFFIX, type TargetFormValues,
} from './model.js';

const VIEWS = 'features/performance/dashboard/views';
const read = { permission: 'performance:read' } as const;
const manage = { permission: 'performance:manage' } as const;

/** How many records the records page lists; it says "showing 200 of N" when there are more. */
export const RECORDS_LIMIT = 200;
/** How many periods the KPI page's trend chart draws. */
const CHART_LENGTH = 8;

export const dashboardNavigation: NavigationItem[] = [{ href: '/staff/performance', text: 'Performance', permission: 'performance:read' }];

type Query = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const queryOf = (request: FastifyRequest): Query => formBody(request.query);

export function registerDashboardRoutes(app: FastifyInstance, deps: PerformanceDeps): void {
  registerDashboard(app, deps);
  registerKpiPage(app, deps);
  registerRecordsPage(app, deps);
  registerTargetForm(app, deps);
  registerCsv(app, deps);
  registerJsonFeed(app, deps);
}

// ---- the dashboard

function registerDashboard(app: FastifyInstance, deps: PerformanceDeps): void {
  app.get('/staff/performance', { config: read }, async (request, reply) => {
    const now = deps.now();
    const choice = choosePeriod(first(queryOf(request).period), now);
    if (!choice.ok) {
      return reply.code(400).page(`${VIEWS}/dashboard.njk`, {
        pageTitle: 'Performance',
        periodGroups: periodOptions(null, now),
        errors: formError('period', choice.message),
      });
    }
    const view = await dashboardView(deps.db, deps.registry, choice.period, now);
    return reply.page(`${VIEWS}/dashboard.njk`, {
      pageTitle: `Performance: ${choice.period.label}`,
      view,
      periodGroups: periodOptions(choice.period, now),
      running: !periodEnded(choice.period, now),
      today: formatDate(now),
      previousHeading: PREVIOUS_WORDS[choice.period.kind],
      trendHeading: `Last ${TREND_LENGTH} ${PLURAL_WORDS[choice.period.kind]}`,
      csvHref: `/staff/performance/kpis.csv?period=${choice.period.key}`,
    });
  });
}

// ---- one KPI

/** The KPI the address names, or a 404 page (sent) when no feature exports it. */
async function kpiOr404(deps: PerformanceDeps, code: string, reply: FastifyReply): Promise<RegisteredKpi | null> {
  const kpi = await deps.registry.get(deps.db, code);
  if (!kpi) reply.callNotFound();
  return kpi;
}

const Y_TITLES: Record<KpiUnit, string> = { percent: '%', count: 'Number', days: 'Days', pounds: '£', score: 'Score', seconds: 'Seconds' };

function registerKpiPage(app: FastifyInstance, deps: PerformanceDeps): void {
  app.get<{ Params: { code: string } }>('/staff/performance/kpis/:code', { config: read }, async (request, reply) => {
    const kpi = await kpiOr404(deps, request.params.code, reply);
    if (!kpi) return reply;
    const now = deps.now();
    const query = queryOf(request);
    const choice = choosePeriod(first(query.period), now);
    const by = chooseBreakdown(kpi, first(query.by));
    const base = { pageTitle: kpi.name, kpi, periodGroups: periodOptions(choice.ok ? choice.period : null, now), breakdowns: breakdownItems(kpi, by.ok ? by.by : null) };
    if (!choice.ok || !by.ok) {
      const errors = !choice.ok ? formError('period', choice.message) : formError('by', (by as { message: string }).message);
      return reply.code(400).page(`${VIEWS}/kpi.njk`, { ...base, errors });
    }
    const period = choice.period;
    const periods = periodsEndingWith(period, CHART_LENGTH);
    const [series, breakdown] = await Promise.all([
      measureSeries(deps.db, deps.registry, periods, { now, include: (k) => k.code === kpi.code }),
      by.by ? kpi.compute(deps.db, period, by.by) : Promise.resolve(null),
    ]);
    const points = series[0]?.points ?? [];
    const point = points[points.length - 1]!;
    const chart = points.some((p) => p.figure.value !== null) ? await trendChart(kpi, points) : null;
    return reply.page(`${VIEWS}/kpi.njk`, {
      ...base,
      period,
      running: !periodEnded(period, now),
      today: formatDate(now),
      done: first(query.done),
      figureText: formatFigure(point.figure, kpi.unit),
      targetText: targetText(point.target, kpi.unit, kpi.direction),
      targetNowText: periodEnded(period, now) && JSON.stringify(point.target) !== JSON.stringify(kpi.target) ? targetText(kpi.target, kpi.unit, kpi.direction) : null,
      setByText: kpi.direction === 'neither' ? null : kpi.targetSetBy ? `${kpi.targetSetBy.label} on ${formatDate(kpi.targetSetBy.at)}` : 'The measure’s default target',
      rag: point.rag && { text: RAG_WORDS[point.rag], classes: RAG_CLASSES[point.rag] },
      chart,
      chartPlural: PLURAL_WORDS[period.kind],
      by: by.by,
      byName: by.by && BREAKDOWN_NAMES[by.by],
      breakdownRows: breakdown?.rows.map((row) => {
        const rag = ragOf(row.figure.value, kpi.direction, point.target);
        return {
          label: row.label || 'None recorded',
          figureText: formatFigure(row.figure, kpi.unit),
          rag: rag && { text: RAG_WORDS[rag], classes: RAG_CLASSES[rag] },
          href: kpi.records ? recordsHref(kpi.code, period, { by: by.by!, key: row.key }) : null,
        };
      }),
      recordsHref: kpi.records ? recordsHref(kpi.code, period) : null,
      targetHref: kpi.direction !== 'neither' ? `/staff/performance/kpis/${encodeURIComponent(kpi.code)}/target?period=${period.key}` : null,
      dashboardHref: `/staff/performance?period=${period.key}`,
    });
  });
}

const recordsHref = (code: string, period: Period, filter?: { by: string; key: string }): string =>
  `/staff/performance/kpis/${encodeURIComponent(code)}/records?${new URLSearchParams({ period: period.key, ...filter }).toString()}`;

function breakdownItems(kpi: RegisteredKpi, chosen: string | null) {
  return kpi.breakdowns.map((b) => ({ value: b, text: BREAKDOWN_NAMES[b], selected: b === chosen }));
}

async function trendChart(kpi: RegisteredKpi, points: Awaited<ReturnType<typeof measureSeries>>[number]['points']) {
  const first = points[0]!.period;
  const last = points[points.length - 1]!;
  const target = kpi.direction === 'neither' ? null : kpi.target;
  const targetWords = target ? `, against the target of ${formatValue(target.target, kpi.unit)} now (the dashed line)` : '';
  return renderChart({
    title: `${kpi.name}: the last ${points.length} ${PLURAL_WORDS[first.kind]}`,
    description: `A line chart of “${kpi.name}” for each ${first.kind === 'year' ? 'financial year' : first.kind} from ${first.shortLabel} to ${last.period.shortLabel}${targetWords}. The latest figure is ${formatValue(last.figure.value, kpi.unit).replace('No data for this period', 'not available')}.`,
    kind: 'line',
    xTitle: first.kind === 'month' ? 'Month' : first.kind === 'quarter' ? 'Quarter' : 'Financial year',
    yTitle: Y_TITLES[kpi.unit],
    valueTitle: kpi.name,
    points: points.map((p) => ({ x: p.period.shortLabel, y: p.figure.value })),
    target: target?.target ?? null,
    formatValue: (v) => formatValue(v, kpi.unit),
  });
}

// ---- the records behind a figure

function registerRecordsPage(app: FastifyInstance, deps: PerformanceDeps): void {
  app.get<{ Params: { code: string } }>('/staff/performance/kpis/:code/records', { config: read }, async (request, reply) => {
    const kpi = await kpiOr404(deps, request.params.code, reply);
    if (!kpi) return reply;
    if (!kpi.records) return reply.callNotFound();
    const now = deps.now();
    const query = queryOf(request);
    const choice = choosePeriod(first(query.period), now);
    const byText = first(query.by).trim();
    const key = first(query.key);
    const by = byText ? chooseBreakdown(kpi, byText) : ({ ok: true, by: null } as const);
    const problem = !choice.ok ? choice.message : !by.ok ? by.message : byText && !('key' in query) ? 'Choose a row of the breakdown: the address names a breakdown but no row' : null;
    if (problem || !choice.ok || !by.ok) return badRequest(reply, problem ?? '');
    const period = choice.period;
    const filter = by.by ? { by: by.by, key } : undefined;
    const [records, result] = await Promise.all([
      kpi.records(deps.db, period, { ...(filter && { filter }), limit: RECORDS_LIMIT }),
      kpi.compute(deps.db, period, filter?.by),
    ]);
    // The row's figure (a key the breakdown no longer has, such as a renamed channel, has none).
    const row = filter ? result.rows.find((r) => r.key === key) : undefined;
    const figure = filter ? (row?.figure ?? { value: null, count: 0 }) : result.total;
    // A list of customers' cases or contacts: who saw it is recorded, as for a case page.
    await recordAudit(deps.db, request.actor(), {
      action: 'kpi.records_viewed',
      subjectType: 'kpi',
      subjectId: kpi.code,
      detail: { period: period.key, ...(filter && { by: filter.by, key }), shown: records.rows.length, total: records.total },
    });
    return reply.page(`${VIEWS}/records.njk`, {
      pageTitle: `The ${records.kind} behind ${kpi.name}`,
      kpi,
      period,
      records,
      caption: recordsCaption(records),
      filterText: filter ? `${BREAKDOWN_NAMES[filter.by]}: ${row ? row.label || 'None recorded' : key || 'None recorded'}` : null,
      figureText: formatFigure(figure, kpi.unit),
      kpiHref: kpiHref(kpi.code, period, filter ? { by: filter.by } : {}),
    });
  });
}

const countFormat = new Intl.NumberFormat('en-GB');

/** "Showing 200 of 1,204 cases, newest first", or "1 case, newest first". */
function recordsCaption(records: KpiRecords): string {
  const shown = records.rows.length;
  if (records.total > shown) return `Showing ${countFormat.format(shown)} of ${countFormat.format(records.total)} ${records.kind}, newest first`;
  return `${countFormat.format(records.total)} ${records.total === 1 ? records.kind.slice(0, -1) : records.kind}, newest first`;
}

async function badRequest(reply: FastifyReply, message: string): Promise<FastifyReply> {
  return reply.code(400).page('error.njk', {
    pageTitle: 'There is a problem with the address',
    errors: { summary: [{ text: message }] },
    paragraphs: [`Go back to the dashboard and choose again. A period is ${PERIOD_HINT}.`],
    link: { href: '/staff/performance', text: 'Go to the performance dashboard' },
  });
}

// ---- targets

function registerTargetForm(app: FastifyInstance, deps: PerformanceDeps): void {
  type Params = { Params: { code: string } };

  const show = (reply: FastifyReply, kpi: RegisteredKpi, period: string, form: TargetFormValues, errors?: FormErrors) => {
    const defaultText = kpi.defaultTarget ? targetText(kpi.defaultTarget, kpi.unit, kpi.direction) : null;
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/target.njk`, {
      pageTitle: `Target for ${kpi.name}`,
      kpi,
      form,
      errors,
      period,
      currentText: targetText(kpi.target, kpi.unit, kpi.direction),
      setByText: kpi.targetSetBy ? `${kpi.targetSetBy.label} on ${formatDate(kpi.targetSetBy.at)}` : null,
      defaultText,
      prefix: UNIT_PREFIX[kpi.unit],
      suffix: UNIT_SUFFIX[kpi.unit],
      better: kpi.direction === 'higher' ? 'higher' : 'lower',
      backHref: `/staff/performance/kpis/${encodeURIComponent(kpi.code)}${period ? `?period=${period}` : ''}`,
    });
  };

  /** Volumes (contacts by channel) have no better direction, so no target: said politely, not a form. */
  const noTarget = (reply: FastifyReply, kpi: RegisteredKpi, code = 200) =>
    reply.code(code).page('error.njk', {
      pageTitle: `${kpi.name} has no target`,
      paragraphs: [
        `${kpi.name} is a volume: neither higher nor lower is better, so it is reported without a target or a red, amber or green rating.`,
        'Set targets on the measures that judge the service, such as a standard’s percentage met.',
      ],
      link: { href: `/staff/performance/kpis/${encodeURIComponent(kpi.code)}`, text: `Go back to ${kpi.name}` },
    });

  /** A period key to go back to, only when it is one (it is put into a link). */
  const periodOf = (value: string | string[] | undefined) => (choosePeriod(first(value), deps.now()).ok ? first(value).trim() : '');

  app.get<Params>('/staff/performance/kpis/:code/target', { config: manage }, async (request, reply) => {
    const kpi = await kpiOr404(deps, request.params.code, reply);
    if (!kpi) return reply;
    if (kpi.direction === 'neither') return noTarget(reply, kpi);
    const own = kpi.targetSetBy !== null && kpi.target !== null;
    return show(reply, kpi, periodOf(queryOf(request).period), {
      choice: own ? 'own' : '',
      target: own ? fieldValue(kpi.target?.target) : '',
      red: own ? fieldValue(kpi.target?.red) : '',
    });
  });

  app.post<Params>('/staff/performance/kpis/:code/target', { config: manage }, async (request, reply) => {
    const kpi = await kpiOr404(deps, request.params.code, reply);
    if (!kpi) return reply;
    if (kpi.direction === 'neither') return noTarget(reply, kpi, 400);
    const body = formBody(request.body);
    // The form's two buttons send the choice; Enter (or a client without it) means the first, "Save target".
    const form = { choice: first(body.choice) === 'default' ? 'default' : 'own', target: first(body.target), red: first(body.red) };
    const period = periodOf(body.period);
    const result = readTargetForm(form, kpi);
    if (!result.ok) return show(reply, kpi, period, form, result.errors);
    await setTarget(deps.db, request.actor(), kpi.code, result.target, deps.now());
    const back = `/staff/performance/kpis/${encodeURIComponent(kpi.code)}?${new URLSearchParams({ ...(period && { period }), done: result.target ? 'target' : 'default' }).toString()}`;
    return reply.redirect(back, 303);
  });
}

// ---- the CSV and the JSON feed

function registerCsv(app: FastifyInstance, deps: PerformanceDeps): void {
  app.get('/staff/performance/kpis.csv', { config: read }, async (request, reply) => {
    const choice = choosePeriod(first(queryOf(request).period), deps.now());
    if (!choice.ok) return badRequest(reply, choice.message);
    const figures = await periodFigures(deps.db, deps.registry, choice.period, deps.now());
    const body = CSV_BOM + csvRow([...CSV_HEAD]) + figures.map((f) => csvRow(csvValues(f))).join('');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(`performance-${choice.period.key}.csv`))
      .send(body);
  });
}

function registerJsonFeed(app: FastifyInstance, deps: PerformanceDeps): void {
  // Its own context under /api/v1, so the API's JSON error handler answers for it (as the catalogue's does).
  void app.register(
    (api, _options, done) => {
      registerApiErrorHandler(api);
      api.get('/performance/kpis', { config: { apiScope: 'performance:read' } }, async (request, reply) => {
        const now = deps.now();
        const choice = choosePeriod(first(queryOf(request).period), now);
        if (!choice.ok) return sendApiError(reply, 400, 'invalid', 'The request has mistakes: see fields', [{ field: 'period', message: choice.message }]);
        const figures = await periodFigures(deps.db, deps.registry, choice.period, now);
        // Reads are audited with the client's name, as the catalogue API's are; the address's pattern, never a key in the query.
        await recordAudit(deps.db, request.actor(), { action: 'api.read', subjectType: 'kpi', detail: { route: `${request.method} ${request.routeOptions.url}`, period: choice.period.key } });
        const p = choice.period;
        return reply.send({
          period: { key: p.key, kind: p.kind, label: p.label, firstDay: p.firstDay, lastDay: p.lastDay, ended: periodEnded(p, now) },
          kpis: figures.map(jsonRecord),
        });
      });
      done();
    },
    { prefix: '/api/v1' },
  );
}
