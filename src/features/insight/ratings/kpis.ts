// Customer insight's KPIs: net satisfaction (the ratings page's own figure, `netSatisfaction` and
// `totalOf`: (good − poor) ÷ responses, the whole period's counts summed, never an average of the
// groups' nets), and how many compliments and "you did not meet this standard" reports arrived
// (`countFeedback`: feedback by `received_at`, as the insight queue shows it).
import type { Db } from '../../../platform/db/database.js';
import { countOf, type Breakdown, type Kpi, type KpiFigure, type KpiResult, type KpiSource, type Range } from '../../../platform/kpi/index.js';
import { countFeedback, type FeedbackKind } from '../service.js';
import { netSatisfaction, totalOf, type NetSatisfactionRow } from './service.js';

/** Two decimals, as GovMetric reports it and as the figure is shown: what is judged is what is read. */
const twoPlaces = (net: number | null): number | null => (net === null ? null : Math.round(net * 100) / 100);
const netFigure = (row: NetSatisfactionRow): KpiFigure => ({ value: twoPlaces(row.net), count: row.responses });

const netSatisfactionKpi: Kpi = {
  code: 'insight.net_satisfaction',
  name: 'Net satisfaction',
  definition:
    'Ratings given in the period (good +1, average 0, poor −1, by email link, web form or an advisor): the number rated good less the number rated poor, divided by all ratings. From −1 (everyone poor) to +1 (everyone good).',
  unit: 'score',
  direction: 'higher',
  breakdowns: ['channel', 'service'],
  async compute(db: Db, range: Range, by?: Breakdown): Promise<KpiResult> {
    const grouping = by === 'service' ? 'service' : 'channel';
    const rows = await netSatisfaction(db, { from: range.from, to: range.to, by: grouping });
    const total = netFigure(totalOf(rows));
    if (by !== 'channel' && by !== 'service') return { total, rows: [] };
    return { total, rows: rows.map((r) => ({ key: r.key, label: r.label, figure: netFigure(r) })) };
  },
};

function feedbackCountKpi(code: string, kind: FeedbackKind, name: string, definition: string): Kpi {
  return {
    code,
    name,
    definition,
    unit: 'count',
    direction: 'neither',
    breakdowns: ['service', 'channel'],
    async compute(db: Db, range: Range, by?: Breakdown): Promise<KpiResult> {
      const [whole] = await countFeedback(db, kind, range);
      const total = countOf(whole!.count);
      if (by !== 'service' && by !== 'channel') return { total, rows: [] };
      return { total, rows: (await countFeedback(db, kind, range, by)).map((r) => ({ key: r.key, label: r.label, figure: countOf(r.count) })) };
    },
  };
}

export const INSIGHT_KPIS: readonly Kpi[] = [
  netSatisfactionKpi,
  feedbackCountKpi('insight.compliments', 'compliment', 'Compliments received', 'Compliments received in the period, on any channel.'),
  feedbackCountKpi(
    'insight.failed_standard_reports',
    'failed_standard',
    'Reports that we did not meet a standard',
    'Reports received in the period from people telling us we did not keep one of our published promises (“Tell us if we did not meet this standard” on the Customer Charter, or recorded by staff).',
  ),
];

export const ratingsKpis: KpiSource = {
  section: { code: 'insight', title: 'Customer insight and satisfaction', order: 60 },
  kpis: () => Promise.resolve(INSIGHT_KPIS),
};
