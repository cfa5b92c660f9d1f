// How often each standard was met: the met/missed facts the case lifecycle records on
// case_standard (outcome and stopped_at), counted by when the clock stopped. A void clock (a
// request cancelled or found to be a duplicate) measured nothing and is never counted. The
// Customer Charter (charter/performance.ts) and the standards' KPIs (charter/kpis.ts) both count
// through these functions, so the public page and the quarterly review cannot disagree.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Range } from '../../platform/kpi/index.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';

export interface OutcomeTally {
  met: number;
  missed: number;
}

const none = (): OutcomeTally => ({ met: 0, missed: 0 });

/**
 * Met and missed clocks of each standard, stopped in each range: `result.get(standardId)[i]` is
 * `ranges[i]`'s tally (zeros when nothing stopped). One query, whatever the number of ranges.
 */
export async function standardOutcomeTallies(db: Db, standardIds: readonly string[], ranges: readonly Range[]): Promise<Map<string, OutcomeTally[]>> {
  const result = new Map(standardIds.map((id) => [id, ranges.map(none)]));
  if (!standardIds.length || !ranges.length) return result;
  const from = new Date(Math.min(...ranges.map((r) => r.from.getTime())));
  const to = new Date(Math.max(...ranges.map((r) => r.to.getTime())));
  const counts = ranges.flatMap((r, i) => [
    sql`count(*) FILTER (WHERE outcome = 'met' AND stopped_at >= ${r.from} AND stopped_at < ${r.to})`.as(`met_${i}`),
    sql`count(*) FILTER (WHERE outcome = 'missed' AND stopped_at >= ${r.from} AND stopped_at < ${r.to})`.as(`missed_${i}`),
  ]);
  const rows = (await db
    .selectFrom('case_standard')
    .select(['standard_id', ...counts])
    .where('standard_id', 'in', [...standardIds])
    .where('outcome', 'in', ['met', 'missed'])
    .where('stopped_at', '>=', from)
    .where('stopped_at', '<', to)
    .groupBy('standard_id')
    .execute()) as unknown as Record<string, string | number | bigint>[];
  for (const row of rows) {
    result.set(String(row.standard_id), ranges.map((_, i) => ({ met: Number(row[`met_${i}`]), missed: Number(row[`missed_${i}`]) })));
  }
  return result;
}

/** The ways a standard's clocks may be broken down: the case's channel, or the team the case is with. */
export type OutcomeBreakdown = 'channel' | 'team';

export interface OutcomeGroup extends OutcomeTally {
  /** The channel's code or the team's id; '' for a case with no team. */
  key: string;
  label: string;
}

const groupKey = (by: OutcomeBreakdown) => (by === 'channel' ? sql<string>`c.channel` : sql<string>`coalesce(c.team_id::text, '')`);

/** One standard's met and missed in `range`, per channel or team, in the order of their names. */
export async function standardOutcomesBy(db: Db, standardId: string, range: Range, by: OutcomeBreakdown): Promise<OutcomeGroup[]> {
  const key = groupKey(by);
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .leftJoin('team as t', 't.id', 'c.team_id')
    .select([
      key.as('key'),
      sql<string | null>`min(t.name)`.as('team'),
      sql<string>`count(*) FILTER (WHERE cs.outcome = 'met')`.as('met'),
      sql<string>`count(*) FILTER (WHERE cs.outcome = 'missed')`.as('missed'),
    ])
    .where('cs.standard_id', '=', standardId)
    .where('cs.outcome', 'in', ['met', 'missed'])
    .where('cs.stopped_at', '>=', range.from)
    .where('cs.stopped_at', '<', range.to)
    .groupBy(key)
    .execute();
  const label = (r: (typeof rows)[number]) => (by === 'channel' ? (CHANNEL_NAMES[r.key as Channel] ?? r.key) : (r.team ?? 'No team'));
  return rows.map((r) => ({ key: r.key, label: label(r), met: Number(r.met), missed: Number(r.missed) })).sort((a, b) => a.label.localeCompare(b.label));
}

export interface OutcomeRecord {
  reference: string;
  stoppedAt: Date;
  service: string;
  outcome: 'met' | 'missed';
}

/** The cases whose clock for the standard stopped in `range` (optionally of one channel or team), newest first. */
export async function standardOutcomeRecords(
  db: Db,
  standardId: string,
  range: Range,
  options: { filter?: { by: OutcomeBreakdown; key: string }; limit: number },
): Promise<{ rows: OutcomeRecord[]; total: number }> {
  let query = db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .where('cs.standard_id', '=', standardId)
    .where('cs.outcome', 'in', ['met', 'missed'])
    .where('cs.stopped_at', '>=', range.from)
    .where('cs.stopped_at', '<', range.to);
  const { filter } = options;
  if (filter) query = query.where(groupKey(filter.by), '=', filter.key);
  const rows = await query
    .select(['c.reference', 'cs.stopped_at', 's.name as service', 'cs.outcome', sql<string>`count(*) OVER ()`.as('total')])
    .orderBy('cs.stopped_at', 'desc')
    .orderBy('c.reference')
    .limit(options.limit)
    .execute();
  return {
    rows: rows.map((r) => ({ reference: r.reference, stoppedAt: r.stopped_at!, service: r.service, outcome: r.outcome as 'met' | 'missed' })),
    total: Number(rows[0]?.total ?? 0),
  };
}
