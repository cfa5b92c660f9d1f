// The quarterly Customer Service Review's shapes and pure rules: the figures a review is made of
// (JSON-safe, so publishing can store them exactly as shown), the executive summary computed from
// them, which quarters can be reviewed, and what publishing needs (commentary on every red item).
import type { Breakdown, KpiDirection, KpiFigure, KpiTarget, KpiUnit, Period, Rag } from '../../../platform/kpi/index.js';
import { parsePeriod, periodAt, shiftPeriod } from '../../../platform/kpi/index.js';

/** A period as a review stores it: dates as ISO strings, so the JSON reads back the same. */
export interface ReviewPeriod {
  key: string;
  label: string;
  shortLabel: string;
  firstDay: string;
  lastDay: string;
}

export const reviewPeriod = (p: Period): ReviewPeriod => ({ key: p.key, label: p.label, shortLabel: p.shortLabel, firstDay: p.firstDay, lastDay: p.lastDay });

export interface ReviewPoint {
  periodKey: string;
  figure: KpiFigure;
  /** The target in force at the end of that quarter, and the RAG against it. */
  target: KpiTarget | null;
  rag: Rag | null;
}

/** A KPI broken down (by channel, say) over the four quarters: the channel mix over time. */
export interface ReviewTrend {
  by: Breakdown;
  byName: string;
  rows: { periodKey: string; key: string; label: string; value: number | null }[];
}

export interface ReviewKpi {
  code: string;
  name: string;
  definition: string;
  unit: KpiUnit;
  direction: KpiDirection;
  /** The four quarters, oldest first; the last is the review's quarter. */
  points: ReviewPoint[];
  trend?: ReviewTrend;
}

export interface ReviewSection {
  code: string;
  title: string;
  order: number;
  kpis: ReviewKpi[];
}

export interface Movement {
  code: string;
  name: string;
  section: string;
  unit: KpiUnit;
  from: number;
  to: number;
  /** to − from, in the KPI's unit (percentage points for a percentage). */
  change: number;
}

export interface RedItem {
  code: string;
  name: string;
  section: string;
  figure: KpiFigure;
  unit: KpiUnit;
  direction: KpiDirection;
  target: KpiTarget | null;
}

export interface ExecutiveSummary {
  /** Standards (the `standards` section) that met their target, of those measured this quarter. */
  standards: { met: number; measured: number; total: number };
  /** The largest changes against last quarter, better and worse (KPIs with a better direction only). */
  improved: Movement[];
  worsened: Movement[];
  red: RedItem[];
}

/** The action plan as the action-plan helper's actionPlanForReview returns it (the contract's shape). */
export interface ReviewActionPlan {
  objectives: {
    title: string;
    actions: {
      title: string;
      kind: string;
      ownerName: string;
      dueOn: string | null;
      status: string;
      statusName: string;
      rag: Rag | null;
      overdue: boolean;
      latestProgress: { on: string; note: string } | null;
      kpiCodes: string[];
      migration?: { serviceName: string; plannedOn: string; fcrBefore: KpiFigure; fcrAfter: KpiFigure };
    }[];
  }[];
  counts: { total: number; done: number; overdue: number; red: number; amber: number; green: number };
}

/** Everything a review shows, JSON-safe: what publishing stores and the CSV, XLSX and PDF are made from. */
export interface ReviewFigures {
  /** The shape's version, should it ever change: a stored review says how to read it. */
  format: 1;
  period: ReviewPeriod;
  /** The quarter and the three before it, oldest first. */
  periods: ReviewPeriod[];
  /** When the figures were computed (ISO). */
  computedAt: string;
  sections: ReviewSection[];
  summary: ExecutiveSummary;
  /** Null when the action plan is not available (no action-plan feature yet). */
  actionPlan: ReviewActionPlan | null;
}

/** The section of the published standards: the summary counts its KPIs. */
export const STANDARDS_SECTION = 'standards';

const MOVEMENTS_SHOWN = 3;

/**
 * The executive summary from the sections: standards met, the biggest movements (ranked by the
 * size of the change relative to last quarter, so a count and a percentage compare fairly) and every
 * red item this quarter, in report order.
 */
export function summarise(sections: readonly ReviewSection[]): ExecutiveSummary {
  const now = (k: ReviewKpi) => k.points[k.points.length - 1]!;
  const before = (k: ReviewKpi) => k.points[k.points.length - 2];
  const standards = sections.filter((s) => s.code === STANDARDS_SECTION).flatMap((s) => s.kpis);
  const measured = standards.filter((k) => now(k).figure.value !== null && now(k).target);
  const movements: (Movement & { better: boolean; size: number })[] = [];
  const red: RedItem[] = [];
  for (const section of sections) {
    for (const kpi of section.kpis) {
      const point = now(kpi);
      if (point.rag === 'red') red.push({ code: kpi.code, name: kpi.name, section: section.title, figure: point.figure, unit: kpi.unit, direction: kpi.direction, target: point.target });
      const last = before(kpi);
      if (kpi.direction === 'neither' || !last || last.figure.value === null || point.figure.value === null) continue;
      const change = round(point.figure.value - last.figure.value);
      if (change === 0) continue;
      const size = Math.abs(change) / Math.max(Math.abs(last.figure.value), kpi.unit === 'percent' ? 1 : 0.01);
      const better = kpi.direction === 'higher' ? change > 0 : change < 0;
      movements.push({ code: kpi.code, name: kpi.name, section: section.title, unit: kpi.unit, from: last.figure.value, to: point.figure.value, change, better, size });
    }
  }
  const top = (better: boolean) =>
    movements
      .filter((m) => m.better === better)
      .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
      .slice(0, MOVEMENTS_SHOWN)
      .map(({ better: _b, size: _s, ...m }) => m);
  return {
    standards: { met: measured.filter((k) => now(k).rag === 'green').length, measured: measured.length, total: standards.length },
    improved: top(true),
    worsened: top(false),
    red,
  };
}

/** Floating-point noise off a difference of one-decimal figures. */
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The last quarter that has ended by `now`: the one a review is usually for. */
export const lastCompleteQuarter = (now: Date): Period => shiftPeriod(periodAt('quarter', now), -1);

/** Quarters a manager may start a review for: the last eight complete ones, newest first. */
export function reviewableQuarters(now: Date, count = 8): Period[] {
  const last = lastCompleteQuarter(now);
  return Array.from({ length: count }, (_, i) => shiftPeriod(last, -i));
}

/** A quarter from its key ("2026-Q4"), or null when it is not a quarter's key. */
export function parseQuarter(key: string): Period | null {
  const period = parsePeriod(key);
  return period?.kind === 'quarter' ? period : null;
}

/** The id of a red item's commentary box: the KPI code made safe for an id and a form field. */
export const commentaryFieldId = (code: string): string => `commentary-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
export const SUMMARY_FIELD_ID = 'summaryCommentary';

export const MAX_COMMENTARY = 10_000;
export const MAX_REASON = 2_000;

/** The red items with no commentary yet: publishing is refused until each has some. */
export function missingCommentary(figures: ReviewFigures, commentary: Readonly<Record<string, string>>): RedItem[] {
  return figures.summary.red.filter((item) => !(commentary[item.code] ?? '').trim());
}
