// The standards' KPIs: one per published standard of a published service, "% met", counted as the
// Customer Charter counts it (cases/standard-outcomes.ts: met ÷ (met + missed) of the clocks that
// stopped in the period, void clocks left out; percentOf rounds down), so the dashboard, the
// quarterly review and the public charter show the same number.
import type { Db } from '../../platform/db/database.js';
import { percentOf, type Breakdown, type Kpi, type KpiResult, type KpiSource, type KpiTarget, type Range } from '../../platform/kpi/index.js';
import { standardOutcomeRecords, standardOutcomesBy, standardOutcomeTallies, type OutcomeBreakdown } from '../cases/standard-outcomes.js';
import type { Service, Standard } from './model.js';
import { publishedCharter } from './service.js';

/** Amber for this many percentage points below a standard's target; red below that. */
export const AMBER_BAND = 5;

const BREAKDOWNS = ['channel', 'team'] as const satisfies readonly OutcomeBreakdown[];
const isOutcomeBreakdown = (by: Breakdown): by is OutcomeBreakdown => (BREAKDOWNS as readonly Breakdown[]).includes(by);

/** The standard's own target, amber within AMBER_BAND points below it. */
export const standardTarget = (targetPercent: number): KpiTarget => ({ target: targetPercent, red: Math.max(0, targetPercent - AMBER_BAND) });

const definition = (standard: Standard) =>
  `Of the requests whose clock for this promise stopped in the period (the promise was kept or missed), the share where it was kept. ` +
  `Requests cancelled or found to be duplicates are not counted. The published target is ${standard.targetPercent}% of the time.`;

export function standardKpi(service: Service, standard: Standard): Kpi {
  return {
    code: `standard.${standard.id}`,
    name: `${service.name}: ${standard.sentence}`,
    definition: definition(standard),
    unit: 'percent',
    direction: 'higher',
    breakdowns: BREAKDOWNS,
    defaultTarget: standardTarget(standard.targetPercent),
    async compute(db: Db, range: Range, by?: Breakdown): Promise<KpiResult> {
      const [tally] = (await standardOutcomeTallies(db, [standard.id], [range])).get(standard.id)!;
      const total = percentOf(tally!.met, tally!.met + tally!.missed);
      if (!by || !isOutcomeBreakdown(by)) return { total, rows: [] };
      const groups = await standardOutcomesBy(db, standard.id, range, by);
      return { total, rows: groups.map((g) => ({ key: g.key, label: g.label, figure: percentOf(g.met, g.met + g.missed) })) };
    },
    async records(db, range, { filter, limit }) {
      const outcomeFilter = filter && isOutcomeBreakdown(filter.by) ? { by: filter.by, key: filter.key } : undefined;
      if (filter && !outcomeFilter) return { kind: 'cases', rows: [], total: 0 };
      const found = await standardOutcomeRecords(db, standard.id, range, { ...(outcomeFilter && { filter: outcomeFilter }), limit });
      return {
        kind: 'cases',
        total: found.total,
        rows: found.rows.map((r) => ({
          reference: r.reference,
          href: `/staff/cases/${r.reference}`,
          at: r.stoppedAt.toISOString(),
          service: r.service,
          detail: r.outcome === 'met' ? 'Met' : 'Missed',
        })),
      };
    },
  };
}

const STANDARD_CODE = /^standard\.(.+)$/;

export const standardsKpis: KpiSource = {
  section: { code: 'standards', title: 'Service standards', order: 10 },
  // Asked each time: a standard published or withdrawn since shows, or goes, at once.
  kpis: async (db) => (await publishedCharter(db)).flatMap((entry) => entry.standards.map((standard) => standardKpi(entry.service, standard))),
  // Every standard over every period in one statement (the dashboard's 40-odd standards over six
  // quarters would otherwise be 240); the same tallies each KPI's compute reads.
  async totals(db, kpis, ranges) {
    const ids = kpis.map((k) => STANDARD_CODE.exec(k.code)?.[1]).filter((id): id is string => id !== undefined);
    const tallies = await standardOutcomeTallies(db, ids, ranges);
    return new Map([...tallies].map(([id, perRange]) => [`standard.${id}`, perRange.map((t) => percentOf(t.met, t.met + t.missed))]));
  },
};
