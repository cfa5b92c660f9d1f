// The cases' KPIs: cases raised, closed and open at the end of a period, and how long they took to
// resolve (median and 90th percentile), each one SQL statement over `cases`, by service, channel
// or team. The rules, which the README repeats for readers:
// - A case of a workflow another feature manages (a complaint) is counted in that feature's
//   section, not here.
// - Raised: every case received in the period, duplicates and later-cancelled ones included (they
//   are demand the council received; avoidable contact measures the duplicates).
// - Closed: cases whose work was finished in the period: moved to a resolved or closed status, by
//   `resolved_at` (a case resolved and then closed counts once, when resolved). A case reopened
//   and finished again counts when it was last finished. Cancelled and duplicate cases are not
//   closed cases: no work was done.
// - Open at the end: received before the period's end and not finished by then. Finished means
//   resolved or closed (`resolved_at`), or cancelled or marked a duplicate (the moment of that
//   status change). A reopened case counts as open from receipt until it was last finished: the
//   work was not done, so an earlier period's figure grows when a case is reopened (a published
//   review keeps the figure it was published with).
// - Days to resolve: calendar days, to one decimal, from receipt to resolution, of the cases
//   closed in the period (same rule as Closed); percentile_cont, so the median of 2 and 5 is 3.5.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { countOf, type Breakdown, type Kpi, type KpiFigure, type KpiRecords, type KpiResult, type KpiSource, type Range, type RecordFilter } from '../../platform/kpi/index.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';
import { VOID_CATEGORIES } from './workflow/model.js';

const BREAKDOWNS = ['service', 'channel', 'team'] as const;
type CaseBreakdown = (typeof BREAKDOWNS)[number];
const isCaseBreakdown = (by: Breakdown): by is CaseBreakdown => (BREAKDOWNS as readonly Breakdown[]).includes(by);

const DONE = ['resolved', 'closed'];

/** Cases this section counts: not those of a workflow another feature manages (complaints). */
const ownCases = sql<SqlBool>`c.workflow_code NOT IN (SELECT code FROM workflow WHERE managed_by IS NOT NULL)`;

/**
 * Not finished by `end`: open now, or resolved or closed at or after `end` (`resolved_at`), or
 * cancelled or marked a duplicate at or after it (a status change at or after `end`: the last one
 * is the one that ended it). Three plain conditions rather than one CASE, so the planner can use them.
 */
const notFinishedBy = (end: Date) => sql<SqlBool>`(
  c.status_category NOT IN (${sql.join([...DONE, ...VOID_CATEGORIES])})
  OR (c.status_category IN (${sql.join(DONE)}) AND c.resolved_at >= ${end})
  OR (c.status_category IN (${sql.join([...VOID_CATEGORIES])})
      AND EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type = 'status_changed' AND e.at >= ${end})))`;

const closedIn = (range: Range) => sql<SqlBool>`c.status_category IN (${sql.join(DONE)}) AND c.resolved_at >= ${range.from} AND c.resolved_at < ${range.to}`;

/** Calendar days from receipt to resolution. */
const daysToResolve = sql<number>`extract(epoch FROM (c.resolved_at - c.received_at)) / 86400`;

const groupKey: Record<CaseBreakdown, ReturnType<typeof sql<string>>> = {
  service: sql<string>`c.service_id::text`,
  channel: sql<string>`c.channel`,
  team: sql<string>`coalesce(c.team_id::text, '')`,
};

interface CaseMeasure {
  /** Which cases count for `range`. */
  scope(range: Range): Expression<SqlBool>;
  /** A count, or a percentile of the days to resolve. */
  percentile?: number;
  /** When a case counted, for the list of records. */
  at: 'received' | 'resolved';
  detail(row: { channel: string; days: number | null }): string;
}

const dayFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const daysText = (days: number | null) => (days === null ? '' : `Resolved in ${dayFormat.format(Math.round(days * 10) / 10)} ${Math.round(days * 10) === 10 ? 'day' : 'days'}`);
const channelName = (code: string) => CHANNEL_NAMES[code as Channel] ?? code;

const RAISED: CaseMeasure = {
  scope: (range) => sql<SqlBool>`c.received_at >= ${range.from} AND c.received_at < ${range.to}`,
  at: 'received',
  detail: (r) => `Received by ${channelName(r.channel).toLowerCase()}`,
};
const CLOSED: CaseMeasure = { scope: closedIn, at: 'resolved', detail: (r) => daysText(r.days) };
const OPEN_AT_END: CaseMeasure = {
  scope: (range) => sql<SqlBool>`c.received_at < ${range.to} AND ${notFinishedBy(range.to)}`,
  at: 'received',
  detail: () => 'Open at the end of the period',
};
const percentileOf = (percentile: number): CaseMeasure => ({ ...CLOSED, percentile });

interface GroupRow {
  key: string;
  label: string | null;
  n: string | number;
  value: string | number | null;
}

/** The measure's figure, per group when `by` is given (one group, key '', otherwise). */
async function groups(db: Db, measure: CaseMeasure, range: Range, by?: CaseBreakdown): Promise<GroupRow[]> {
  const key = by ? groupKey[by] : sql<string>`''`;
  const label = by === 'service' ? sql<string | null>`min(s.name)` : by === 'team' ? sql<string | null>`min(t.name)` : sql<string | null>`NULL::text`;
  const value = measure.percentile === undefined ? sql<null>`NULL` : sql<string | null>`round(percentile_cont(${measure.percentile}) WITHIN GROUP (ORDER BY ${daysToResolve})::numeric, 1)`;
  let query = db.selectFrom('cases as c');
  // Joined only for their names, and only when grouping by them.
  if (by === 'service') query = query.leftJoin('service as s', 's.id', 'c.service_id');
  if (by === 'team') query = query.leftJoin('team as t', 't.id', 'c.team_id');
  const selected = query
    .select([key.as('key'), label.as('label'), sql<string>`count(*)`.as('n'), value.as('value')])
    .where(ownCases)
    .where(measure.scope(range));
  // Ungrouped, the aggregate gives its one row even when nothing counts (count 0, no percentile).
  return (by ? selected.groupBy(key) : selected).execute();
}

function figureOf(measure: CaseMeasure, row: GroupRow | undefined): KpiFigure {
  const n = Number(row?.n ?? 0);
  if (measure.percentile === undefined) return countOf(n);
  return { value: row?.value === null || row?.value === undefined ? null : Number(row.value), count: n };
}

const labelOf = (by: CaseBreakdown, row: GroupRow) => (by === 'channel' ? channelName(row.key) : (row.label ?? (by === 'team' ? 'No team' : 'No service')));

async function compute(db: Db, measure: CaseMeasure, range: Range, by?: Breakdown): Promise<KpiResult> {
  const [whole] = await groups(db, measure, range);
  const total = figureOf(measure, whole);
  if (!by || !isCaseBreakdown(by)) return { total, rows: [] };
  const rows = (await groups(db, measure, range, by)).map((r) => ({ key: r.key, label: labelOf(by, r), figure: figureOf(measure, r) }));
  return { total, rows: rows.sort((a, b) => a.label.localeCompare(b.label)) };
}

async function records(db: Db, measure: CaseMeasure, range: Range, options: { filter?: RecordFilter; limit: number }): Promise<KpiRecords> {
  const { filter } = options;
  if (filter && !isCaseBreakdown(filter.by)) return { kind: 'cases', rows: [], total: 0 };
  const at = measure.at === 'received' ? sql<Date>`c.received_at` : sql<Date>`c.resolved_at`;
  let query = db
    .selectFrom('cases as c')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .where(ownCases)
    .where(measure.scope(range));
  if (filter) query = query.where(groupKey[filter.by as CaseBreakdown], '=', filter.key);
  const rows = await query
    .select(['c.reference', 'c.channel', 's.name as service', at.as('at'), sql<number | null>`CASE WHEN c.resolved_at IS NULL THEN NULL ELSE ${daysToResolve} END`.as('days'), sql<string>`count(*) OVER ()`.as('total')])
    .orderBy(at, 'desc')
    .orderBy('c.reference')
    .limit(options.limit)
    .execute();
  return {
    kind: 'cases',
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      reference: r.reference,
      href: `/staff/cases/${r.reference}`,
      at: new Date(r.at).toISOString(),
      service: r.service,
      detail: measure.detail({ channel: r.channel, days: r.days === null ? null : Number(r.days) }),
    })),
  };
}

function caseKpi(code: string, name: string, definition: string, measure: CaseMeasure, shape: Pick<Kpi, 'unit' | 'direction'>): Kpi {
  return {
    code,
    name,
    definition,
    ...shape,
    breakdowns: BREAKDOWNS,
    compute: (db, range, by) => compute(db, measure, range, by),
    records: (db, range, options) => records(db, measure, range, options),
  };
}

const NOT_COMPLAINTS = 'Complaints are counted in their own section.';

export const CASE_KPIS: readonly Kpi[] = [
  caseKpi('cases.raised', 'Cases raised', `Requests for a service or reports of a problem received in the period, on any channel, including those later cancelled or found to be duplicates. ${NOT_COMPLAINTS}`, RAISED, { unit: 'count', direction: 'neither' }),
  caseKpi('cases.closed', 'Cases closed', `Cases whose work was finished (resolved or closed) in the period. A case reopened and finished again counts when it was last finished; cancelled and duplicate cases are not counted. ${NOT_COMPLAINTS}`, CLOSED, { unit: 'count', direction: 'neither' }),
  caseKpi('cases.open_at_end', 'Cases open at the end of the period', `Cases received before the period ended and not yet finished (resolved, closed, cancelled or marked a duplicate) when it ended. A reopened case counts as open from receipt until it was last finished. ${NOT_COMPLAINTS}`, OPEN_AT_END, { unit: 'count', direction: 'neither' }),
  caseKpi('cases.days_to_resolve_median', 'Median days to resolve a case', `Of the cases closed in the period, the middle value of the calendar days from receipt to resolution (half took less, half more). ${NOT_COMPLAINTS}`, percentileOf(0.5), { unit: 'days', direction: 'lower' }),
  caseKpi('cases.days_to_resolve_p90', 'Days to resolve 9 in 10 cases', `Of the cases closed in the period, the calendar days from receipt to resolution within which 90% were resolved (the 90th percentile). ${NOT_COMPLAINTS}`, percentileOf(0.9), { unit: 'days', direction: 'lower' }),
];

export const casesKpis: KpiSource = {
  section: { code: 'cases', title: 'Cases', order: 40 },
  kpis: () => Promise.resolve(CASE_KPIS),
};
