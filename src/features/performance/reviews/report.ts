// The review as readers see it: from the figures (model.ts) to the words, tables and charts of the
// report, rendered by ONE template (views/report.njk) for the staff page, the public page, the
// print/PDF edition and the HTML that publishing stores. Charts are drawn on the server
// (platform/charts) with their description and data table, so they survive print and PDF.
import type nunjucks from 'nunjucks';
import { renderChart, type Chart } from '../../../platform/charts/charts.js';
import { formatFigure, formatValue, type KpiDirection, type KpiTarget, type KpiUnit, type Rag } from '../../../platform/kpi/index.js';
import { createViewEnvironment, formatDate } from '../../../platform/views/environment.js';
import type { FormErrors } from '../../../platform/web/forms.js';
import { commentaryFieldId, STANDARDS_SECTION, SUMMARY_FIELD_ID, type Movement, type ReviewFigures, type ReviewKpi, type ReviewSection } from './model.js';

export const REPORT_TEMPLATE = 'features/performance/reviews/views/report.njk';

/** What the report says about itself beyond its figures. */
export interface ReportMeta {
  councilName: string;
  version: number;
  correctionReason: string | null;
  /** ISO; null while a draft. */
  publishedOn: string | null;
  summaryCommentary: string;
  /** KPI code → commentary. */
  commentary: Record<string, string>;
}

const RAG_TAGS: Record<Rag, { text: string; classes: string }> = {
  green: { text: 'Green: target met', classes: 'govuk-tag--green' },
  amber: { text: 'Amber: close to target', classes: 'govuk-tag--yellow' },
  red: { text: 'Red: target missed', classes: 'govuk-tag--red' },
};

export function ragTag(rag: Rag | null, hasValue: boolean, hasTarget: boolean) {
  if (rag) return RAG_TAGS[rag];
  return { text: !hasValue ? 'No data' : hasTarget ? 'Not rated' : 'No target', classes: 'govuk-tag--grey' };
}

/** "95% or more (red below 90%)", "5 days or fewer"; "No target" without one. */
export function targetText(target: KpiTarget | null, unit: KpiUnit, direction: KpiDirection): string {
  if (!target) return 'No target';
  const word = direction === 'lower' ? 'or less' : 'or more';
  const base = direction === 'neither' ? formatValue(target.target, unit) : `${formatValue(target.target, unit)} ${word}`;
  if (target.red === null) return base;
  return `${base} (red ${direction === 'lower' ? 'above' : 'below'} ${formatValue(target.red, unit)})`;
}

/** "up 4.5 percentage points, from 78% to 82.5%". */
export function movementText(m: Movement): string {
  const size = Math.abs(m.change);
  const amount = m.unit === 'percent' ? `${formatValue(size, 'count')} percentage ${size === 1 ? 'point' : 'points'}` : formatValue(size, m.unit);
  return `${m.change > 0 ? 'up' : 'down'} ${amount}, from ${formatValue(m.from, m.unit)} to ${formatValue(m.to, m.unit)}`;
}

export const sectionId = (code: string): string => `section-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
export const exceptionId = (code: string): string => `exception-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A table cell's figure: "No data" with " for this period" for screen readers, where the column is narrow. */
const cell = (text: string) => (text === NO_DATA ? { text: 'No data', hidden: ' for this period' } : { text, hidden: '' });
const NO_DATA = formatValue(null, 'count');

/** The target in a table: "at least 95%" and, smaller, "red below 90%". */
function targetCell(target: KpiTarget | null, unit: KpiUnit, direction: KpiDirection) {
  if (!target) return { text: 'No target', red: '' };
  const text = direction === 'neither' ? formatValue(target.target, unit) : `${direction === 'lower' ? 'at most' : 'at least'} ${formatValue(target.target, unit)}`;
  return { text, red: target.red === null ? '' : `red ${direction === 'lower' ? 'above' : 'below'} ${formatValue(target.red, unit)}` };
}

function kpiRows(kpi: ReviewKpi) {
  const now = kpi.points[kpi.points.length - 1]!;
  return {
    code: kpi.code,
    name: kpi.name,
    definition: kpi.definition,
    earlier: kpi.points.slice(0, -1).map((p) => cell(formatValue(p.figure.value, kpi.unit))),
    now: cell(formatFigure(now.figure, kpi.unit)),
    target: targetCell(now.target, kpi.unit, kpi.direction),
    rag: ragTag(now.rag, now.figure.value !== null, !!now.target),
    red: now.rag === 'red',
    exceptionHref: `#${exceptionId(kpi.code)}`,
  };
}

async function sectionCharts(section: ReviewSection, figures: ReviewFigures): Promise<Chart[]> {
  const label = new Map(figures.periods.map((p) => [p.key, p.shortLabel]));
  const charts: Promise<Chart>[] = [];
  // The mix of each KPI with a trend breakdown (contacts by channel: channel shift) over the quarters.
  for (const kpi of section.kpis.filter((k) => k.trend && k.trend.rows.length)) {
    const trend = kpi.trend!;
    const latest = trend.rows.filter((r) => r.periodKey === figures.period.key && r.value !== null).sort((a, b) => b.value! - a.value!)[0];
    charts.push(
      renderChart({
        title: `${kpi.name} by ${trend.byName.toLowerCase()}, ${figures.periods[0]!.shortLabel} to ${figures.period.shortLabel}`,
        description: `${kpi.name} in each of the four quarters, split by ${trend.byName.toLowerCase()}.${latest ? ` In ${figures.period.label} the largest share was ${latest.label} (${formatValue(latest.value, kpi.unit)}).` : ''}`,
        kind: 'stacked-bar',
        xTitle: 'Quarter',
        yTitle: kpi.name,
        points: trend.rows.map((r) => ({ x: label.get(r.periodKey) ?? r.periodKey, y: r.value, series: r.label || 'Not recorded' })),
        formatValue: (v) => formatValue(v, kpi.unit),
      }),
    );
  }
  // The section's percentages over the four quarters in one chart (not the standards: their table says it).
  const shares = section.code === STANDARDS_SECTION ? [] : section.kpis.filter((k) => k.unit === 'percent' && k.points.some((p) => p.figure.value !== null));
  if (shares.length) {
    charts.push(
      renderChart({
        title: `${section.title}: percentages by quarter`,
        description: `${shares.map((k) => k.name).join(', ')} in each of the four quarters to ${figures.period.label}.`,
        kind: 'line',
        xTitle: 'Quarter',
        yTitle: 'Per cent',
        points: shares.flatMap((k) => k.points.map((p) => ({ x: label.get(p.periodKey) ?? p.periodKey, y: p.figure.value, series: k.name }))),
        formatValue: (v) => formatValue(v, 'percent'),
      }),
    );
  }
  return Promise.all(charts);
}

/** The report's view: everything the template prints, in reading order. */
export async function reportView(figures: ReviewFigures, meta: ReportMeta) {
  const sections = await Promise.all(
    figures.sections.map(async (s) => ({ code: s.code, id: sectionId(s.code), title: s.title, rows: s.kpis.map(kpiRows), charts: await sectionCharts(s, figures), hasData: s.kpis.some((k) => k.points.some((p) => p.figure.value !== null)) })),
  );
  const exceptions = figures.summary.red.map((r) => ({
    code: r.code,
    id: exceptionId(r.code),
    fieldId: commentaryFieldId(r.code),
    name: r.name,
    section: r.section,
    figure: formatFigure(r.figure, r.unit),
    target: targetText(r.target, r.unit, r.direction),
    commentary: meta.commentary[r.code] ?? '',
  }));
  const standardsIndex = sections.findIndex((s) => s.code === STANDARDS_SECTION);
  const contents = [
    { id: 'summary', text: 'Executive summary' },
    ...sections.slice(0, standardsIndex + 1).map((s) => ({ id: s.id, text: s.title })),
    { id: 'exceptions', text: 'Exceptions and commentary' },
    ...sections.slice(standardsIndex + 1).map((s) => ({ id: s.id, text: s.title })),
    { id: 'action-plan', text: 'Action plan progress' },
    { id: 'definitions', text: 'About these figures' },
  ];
  const { standards } = figures.summary;
  return {
    title: `Customer Service Review: ${figures.period.label}`,
    councilName: meta.councilName,
    period: figures.period,
    periods: figures.periods,
    status: meta.publishedOn
      ? `Published on ${formatDate(meta.publishedOn)}${meta.version > 1 ? ` (version ${meta.version}, a correction)` : ''}`
      : `Draft${meta.version > 1 ? ` correction (version ${meta.version})` : ''}: figures as at ${formatDate(figures.computedAt)}`,
    correctionReason: meta.correctionReason,
    contents,
    noData: !sections.some((s) => s.hasData),
    summary: {
      standardsText: standards.total === 0
        ? 'No service standards are published.'
        : standards.measured === 0
          ? 'No data for this period: no standard was measured this quarter.'
          : `${standards.met} of the ${standards.measured} standards measured this quarter met their target${standards.total > standards.measured ? ` (${standards.total - standards.measured} of the ${standards.total} published had no data)` : ''}.`,
      improved: figures.summary.improved.map((m) => ({ name: m.name, text: movementText(m) })),
      worsened: figures.summary.worsened.map((m) => ({ name: m.name, text: movementText(m) })),
      red: exceptions,
      commentary: meta.summaryCommentary,
    },
    summaryFieldId: SUMMARY_FIELD_ID,
    sectionsBefore: sections.slice(0, standardsIndex + 1),
    sectionsAfter: sections.slice(standardsIndex + 1),
    exceptions,
    actionPlan: figures.actionPlan && {
      counts: figures.actionPlan.counts,
      objectives: figures.actionPlan.objectives.map((o) => ({
        title: o.title,
        actions: o.actions.map((a) => ({
          ...a,
          due: a.dueOn ? formatDate(a.dueOn) : 'No due date',
          rag: ragTag(a.rag, true, true),
          progress: a.latestProgress ? `${formatDate(a.latestProgress.on)}: ${a.latestProgress.note}` : 'No progress recorded',
          migrationText: a.migration
            ? `Moving ${a.migration.serviceName}'s front-line contact into customer services, planned for ${formatDate(a.migration.plannedOn)}. First contact resolution before: ${formatFigure(a.migration.fcrBefore, 'percent')}; after: ${formatFigure(a.migration.fcrAfter, 'percent')}.`
            : null,
        })),
      })),
    },
    definitions: figures.sections.flatMap((s) => s.kpis.map((k) => ({ name: k.name, definition: k.definition }))),
  };
}

export type ReportView = Awaited<ReturnType<typeof reportView>>;

let environment: nunjucks.Environment | undefined;
const views = () => (environment ??= createViewEnvironment());

/** The report as HTML (no page around it): what publishing stores and every edition shows. */
export async function renderReportHtml(figures: ReviewFigures, meta: ReportMeta): Promise<string> {
  return renderReport(await reportView(figures, meta));
}

export function renderReport(report: ReportView, editing?: { errors?: FormErrors | undefined }): string {
  return views().render(REPORT_TEMPLATE, { report, editing: !!editing, errors: editing?.errors });
}

export { views as reportViews };
