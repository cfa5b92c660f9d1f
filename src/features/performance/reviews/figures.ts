// The whole quarterly review's figures: every KPI over the quarter and the three before it, by
// section in the registry's order, each judged by the target in force at its quarter's end; the
// channel mix (a KPI's trendBy breakdown) over the four quarters; the executive summary computed
// from them; and the action plan's progress. JSON-safe: publishing stores exactly this, and the
// page, PDF, CSV and XLSX are all made from it. No section is named here: a feature that registers
// KPIs (complaints, insight, telephony…) gets its section in the review without changes.
import type { Db } from '../../../platform/db/database.js';
import { BREAKDOWN_NAMES, periodsEndingWith, type Period } from '../../../platform/kpi/index.js';
import { actionPlanForReview } from '../action-plan/service.js';
import { measureSeries, type KpiSeries } from '../figures.js';
import type { KpiRegistry } from '../registry.js';
import { reviewPeriod, summarise, type ReviewActionPlan, type ReviewFigures, type ReviewKpi, type ReviewSection, type ReviewTrend } from './model.js';

const QUARTERS = 4;

export async function buildReviewFigures(db: Db, registry: KpiRegistry, period: Period, now: Date): Promise<ReviewFigures> {
  const periods = periodsEndingWith(period, QUARTERS);
  const [series, actionPlan] = await Promise.all([measureSeries(db, registry, periods, { now }), actionPlanFor(db, registry, period, now)]);
  const kpis = await Promise.all(series.map((s) => reviewKpi(db, s, periods)));
  const sections: ReviewSection[] = [];
  series.forEach((s, i) => {
    let section = sections.find((x) => x.code === s.kpi.section.code);
    if (!section) sections.push((section = { ...s.kpi.section, kpis: [] }));
    section.kpis.push(kpis[i]!);
  });
  return {
    format: 1,
    period: reviewPeriod(period),
    periods: periods.map(reviewPeriod),
    computedAt: now.toISOString(),
    sections,
    summary: summarise(sections),
    actionPlan,
  };
}

async function reviewKpi(db: Db, s: KpiSeries, periods: readonly Period[]): Promise<ReviewKpi> {
  const { kpi } = s;
  return {
    code: kpi.code,
    name: kpi.name,
    definition: kpi.definition,
    unit: kpi.unit,
    direction: kpi.direction,
    points: s.points.map((p) => ({ periodKey: p.period.key, figure: { ...p.figure }, target: p.target ? { ...p.target } : null, rag: p.rag })),
    ...(kpi.trendBy && { trend: await trendOf(db, s, kpi.trendBy, periods) }),
  };
}

async function trendOf(db: Db, s: KpiSeries, by: NonNullable<KpiSeries['kpi']['trendBy']>, periods: readonly Period[]): Promise<ReviewTrend> {
  const results = await Promise.all(periods.map((p) => s.kpi.compute(db, p, by)));
  return {
    by,
    byName: BREAKDOWN_NAMES[by],
    rows: results.flatMap((r, i) => r.rows.map((row) => ({ periodKey: periods[i]!.key, key: row.key, label: row.label, value: row.figure.value }))),
  };
}

/** The action plan's progress (the action-plan module), as plain JSON. */
async function actionPlanFor(db: Db, registry: KpiRegistry, period: Period, now: Date): Promise<ReviewActionPlan> {
  return JSON.parse(JSON.stringify(await actionPlanForReview(db, registry, period, now))) as ReviewActionPlan;
}
