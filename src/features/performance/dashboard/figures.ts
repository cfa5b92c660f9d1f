// What the dashboard, its CSV and the JSON feed show, from one call: measureSeries (figures.ts) over
// the chosen period (and, for the dashboard, the five before it for the trend). So the page, the CSV
// and the feed give the same number, judged by the same target, for the same period.
import { sparkline } from '../../../platform/charts/charts.js';
import type { Db } from '../../../platform/db/database.js';
import { formatFigure, formatValue, periodsEndingWith, type KpiFigure, type Period, type Rag } from '../../../platform/kpi/index.js';
import { measureSeries, type KpiSeries, type SeriesPoint } from '../figures.js';
import type { KpiRegistry, RegisteredKpi, Section } from '../registry.js';
import { changeText, RAG_CLASSES, RAG_WORDS, targetParts, targetText } from './model.js';

/** How many periods the dashboard's sparklines draw, the chosen one last. */
export const TREND_LENGTH = 6;

export const kpiHref = (code: string, period: Period, extra: Record<string, string> = {}): string =>
  `/staff/performance/kpis/${encodeURIComponent(code)}?${new URLSearchParams({ period: period.key, ...extra }).toString()}`;

export interface DashboardRow {
  code: string;
  name: string;
  section: Section;
  href: string;
  figure: KpiFigure;
  /** No figure for the period ("No data for this period"). */
  noData: boolean;
  figureText: string;
  targetText: string;
  target: { main: string; red: string | null };
  rag: Rag | null;
  ragText: string | null;
  ragClass: string | null;
  previousText: string;
  changeText: string;
  /** The trend as an SVG (decoration) and in words (for screen readers). */
  sparkline: string;
  trendText: string;
}

export interface DashboardView {
  period: Period;
  previous: Period;
  /** Red items first: what needs attention this period. */
  red: DashboardRow[];
  /** Each section with KPIs, in the registry's order. */
  sections: { section: Section; rows: DashboardRow[] }[];
  /** No KPI has a figure for the period. */
  noData: boolean;
  kpiCount: number;
}

function rowOf(series: KpiSeries): DashboardRow {
  const { kpi, points } = series;
  const current = points[points.length - 1]!;
  const previous = points[points.length - 2];
  return {
    code: kpi.code,
    name: kpi.name,
    section: kpi.section,
    href: kpiHref(kpi.code, current.period),
    figure: current.figure,
    noData: current.figure.value === null,
    figureText: formatFigure(current.figure, kpi.unit),
    targetText: targetText(current.target, kpi.unit, kpi.direction),
    target: targetParts(current.target, kpi.unit, kpi.direction),
    rag: current.rag,
    ragText: current.rag && RAG_WORDS[current.rag],
    ragClass: current.rag && RAG_CLASSES[current.rag],
    // "No data" rather than the whole phrase: the column's heading says which period.
    previousText: previous && previous.figure.value !== null ? formatFigure(previous.figure, kpi.unit) : 'No data',
    changeText: previous ? changeText(current.figure.value, previous.figure.value, kpi.unit, kpi.direction) : 'No comparison',
    sparkline: sparkline(points.map((p) => p.figure.value)),
    trendText: points.map((p) => `${p.period.shortLabel}: ${formatValue(p.figure.value, kpi.unit).replace('No data for this period', 'no data')}`).join('; '),
  };
}

/** The dashboard for `period`: every KPI with its figure, target, RAG, the previous period and the trend. */
export async function dashboardView(db: Db, registry: KpiRegistry, period: Period, now: Date): Promise<DashboardView> {
  const periods = periodsEndingWith(period, TREND_LENGTH);
  const series = await measureSeries(db, registry, periods, { now });
  const rows = series.map(rowOf);
  const sections = registry
    .sections()
    .map((section) => ({ section, rows: rows.filter((r) => r.section.code === section.code) }))
    .filter((s) => s.rows.length > 0);
  return {
    period,
    previous: periods[periods.length - 2]!,
    red: rows.filter((r) => r.rag === 'red'),
    sections,
    noData: rows.every((r) => r.figure.value === null),
    kpiCount: rows.length,
  };
}

/** One KPI's figure for a period as the CSV and the JSON feed give it. */
export interface KpiFigureRecord {
  kpi: RegisteredKpi;
  point: SeriesPoint;
}

/** Every KPI's figure for one period: the same call as the dashboard's, for that period alone. */
export async function periodFigures(db: Db, registry: KpiRegistry, period: Period, now: Date): Promise<KpiFigureRecord[]> {
  const series = await measureSeries(db, registry, [period], { now });
  return series.map((s) => ({ kpi: s.kpi, point: s.points[0]! }));
}

export const CSV_HEAD = ['section', 'code', 'name', 'period', 'unit', 'value', 'numerator', 'denominator', 'target', 'red_threshold', 'rag'] as const;

/** A CSV row: raw numbers (95.5, not "95.5%"), blanks for what is not there. */
export function csvValues({ kpi, point }: KpiFigureRecord): (string | number | null)[] {
  const f = point.figure;
  const target = kpi.direction === 'neither' ? null : point.target;
  return [kpi.section.title, kpi.code, kpi.name, point.period.key, kpi.unit, f.value, f.numerator ?? null, f.denominator ?? null, target?.target ?? null, target?.red ?? null, point.rag ?? ''];
}

/** The JSON feed's record of one KPI. */
export function jsonRecord({ kpi, point }: KpiFigureRecord) {
  const f = point.figure;
  const target = kpi.direction === 'neither' ? null : point.target;
  return {
    section: kpi.section.code,
    sectionTitle: kpi.section.title,
    code: kpi.code,
    name: kpi.name,
    definition: kpi.definition,
    unit: kpi.unit,
    direction: kpi.direction,
    value: f.value,
    count: f.count,
    numerator: f.numerator ?? null,
    denominator: f.denominator ?? null,
    formatted: formatFigure(f, kpi.unit),
    target: target ? { target: target.target, red: target.red } : null,
    rag: point.rag,
  };
}
