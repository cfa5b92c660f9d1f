// The complaints' KPIs, counted by the statutory reports' own measures (reports/model.ts through
// reports/service.ts measureItems), so a KPI and the SPSO, England or Wales report cannot disagree
// on what a complaint received, a closure or an upheld complaint is:
// - complaints.received: complaints received in the period (the case's receipt), at either stage.
// - complaints.per_1000: the same per 1,000 population (the council's population setting; no
//   population, no figure), to two decimals as the SPSO indicator shows it.
// - complaints.upheld_share: responses in the period (either stage) that upheld or partly upheld
//   the complaint, as a share of all responses in the period (Wales's uphold rate).
// - complaints.escalated_share: responses in the period at stage 2 after escalation, as a share of
//   all responses in the period (the SPSO's "closed at stage 2 after escalation").
// Shares are percentOf (rounded down, one decimal); the reports round to the nearest, so a share
// may read 0.1 lower here. Broken down by the service each complaint is about.
import type { Db } from '../../platform/db/database.js';
import { countOf, percentOf, type Breakdown, type Kpi, type KpiFigure, type KpiRecords, type KpiResult, type KpiRow, type KpiSource, type Range, type RecordFilter } from '../../platform/kpi/index.js';
import { findCouncil } from '../council/service.js';
import { describe, type Item } from './reports/model.js';
import { measureItems } from './reports/service.js';

const NO_SERVICE = 'Not linked to a service';
const serviceKey = (item: Item) => item.fact.serviceId ?? '';

/** Items grouped by the service they are about, in the order of the services' names. */
function byService(items: readonly Item[]): Map<string, { label: string; items: Item[] }> {
  const groups = new Map<string, { label: string; items: Item[] }>();
  for (const item of items) {
    const key = serviceKey(item);
    const group = groups.get(key) ?? { label: item.fact.service ?? NO_SERVICE, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return new Map([...groups].sort(([, a], [, b]) => a.label.localeCompare(b.label)));
}

/** The rows of a breakdown by service: `figureOf` of each service's part of the items. */
function serviceRows(part: readonly Item[], whole: readonly Item[], figureOf: (part: Item[], whole: Item[]) => KpiFigure): KpiRow[] {
  const wholes = byService(whole);
  return [...wholes].map(([key, group]) => ({ key, label: group.label, figure: figureOf(part.filter((i) => serviceKey(i) === key), group.items) }));
}

/** A KPI on report measures: `measure` counted, as a share of `of` when given. */
function complaintKpi(spec: { code: string; name: string; definition: string; measure: string; of?: string; direction: Kpi['direction'] }): Kpi {
  const keys = spec.of ? [spec.measure, spec.of] : [spec.measure];
  const figureOf = (part: Item[], whole: Item[]): KpiFigure => (spec.of ? percentOf(part.length, whole.length) : countOf(part.length));
  return {
    code: spec.code,
    name: spec.name,
    definition: spec.definition,
    unit: spec.of ? 'percent' : 'count',
    direction: spec.direction,
    breakdowns: ['service'],
    async compute(db: Db, range: Range, by?: Breakdown): Promise<KpiResult> {
      const items = await measureItems(db, keys, range);
      const part = items[spec.measure]!;
      const whole = spec.of ? items[spec.of]! : part;
      return { total: figureOf(part, whole), rows: by === 'service' ? serviceRows(part, whole, figureOf) : [] };
    },
    records: (db, range, options) => complaintRecords(db, spec.measure, range, options),
  };
}

async function complaintRecords(db: Db, measure: string, range: Range, options: { filter?: RecordFilter; limit: number }): Promise<KpiRecords> {
  const { filter } = options;
  if (filter && filter.by !== 'service') return { kind: 'cases', rows: [], total: 0 };
  const items = (await measureItems(db, [measure], range))[measure]!.filter((i) => !filter || serviceKey(i) === filter.key);
  const at = (i: Item) => i.response?.respondedAt ?? i.fact.receivedAt;
  const newestFirst = [...items].sort((a, b) => at(b).getTime() - at(a).getTime() || a.fact.reference.localeCompare(b.fact.reference));
  return {
    kind: 'cases',
    total: items.length,
    rows: newestFirst.slice(0, options.limit).map((i) => ({
      reference: i.fact.reference,
      href: `/staff/complaints/${i.fact.reference}`,
      at: at(i).toISOString(),
      service: i.fact.service ?? NO_SERVICE,
      detail: describe(i),
    })),
  };
}

/** Complaints received per 1,000 population: the council's population setting, two decimals. */
const perThousand: Kpi = {
  code: 'complaints.per_1000',
  name: 'Complaints received per 1,000 population',
  definition: 'Complaints received in the period, at either stage, for every 1,000 people living in the council’s area (the population in the council’s settings). No figure when the population is not set.',
  unit: 'count',
  direction: 'neither',
  breakdowns: [],
  async compute(db: Db, range: Range): Promise<KpiResult> {
    const [items, council] = await Promise.all([measureItems(db, ['received'], range), findCouncil(db)]);
    const count = items.received!.length;
    const population = council?.population ?? null;
    return { total: { value: population ? Math.round((count / population) * 1000 * 100) / 100 : null, count }, rows: [] };
  },
  records: (db, range, options) => complaintRecords(db, 'received', range, options),
};

export const COMPLAINT_KPIS: readonly Kpi[] = [
  complaintKpi({
    code: 'complaints.received',
    name: 'Complaints received',
    definition: 'Complaints received in the period, at stage 1 or made straight to stage 2 (escalations of earlier complaints are not new complaints).',
    measure: 'received',
    direction: 'neither',
  }),
  perThousand,
  complaintKpi({
    code: 'complaints.upheld_share',
    name: 'Complaints upheld or partly upheld',
    definition: 'Of the complaint responses sent in the period, at either stage, the share that upheld or partly upheld the complaint.',
    measure: 'upheld.any',
    of: 'closed.all',
    direction: 'lower',
  }),
  complaintKpi({
    code: 'complaints.escalated_share',
    name: 'Complaints closed at stage 2 after escalation',
    definition: 'Of the complaint responses sent in the period, at either stage, the share that answered a complaint escalated to stage 2 because the person was still unhappy after stage 1.',
    measure: 'closed.escalated',
    of: 'closed.all',
    direction: 'lower',
  }),
];

export const complaintsKpis: KpiSource = {
  section: { code: 'complaints', title: 'Complaints', order: 50 },
  kpis: () => Promise.resolve(COMPLAINT_KPIS),
};
