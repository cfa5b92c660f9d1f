// Requests residents made themselves: cases received on the web form or through Open311
// (FixMyStreet and other apps). No advisor handles them, so they never become a contact row, yet
// they are contacts with the council all the same: the contacts feature adds them to its channel
// volumes (channel shift would otherwise be invisible) through these functions, not the cases table.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Channel } from '../charter/model.js';

/** The channels on which a resident raises a case with nobody's help. */
export const SELF_SERVICE_CASE_CHANNELS = ['web', 'open311'] as const satisfies readonly Channel[];

export type SelfServiceGrouping = 'channel' | 'service';

export interface SelfServiceCount {
  /** The channel's code or the service's id; 'all' without a grouping (no row when there are none). */
  key: string;
  /** The service's name; null for a channel (the caller names channels). */
  label: string | null;
  requests: number;
}

export interface SelfServiceFilter {
  channel?: string;
  serviceId?: string;
}

interface Range {
  from: Date;
  to: Date;
}

/**
 * Self-service requests received in [from, to), grouped by channel or service, or all together.
 * Every kind of case counts (a complaint made on the web form too), duplicates included: each was
 * a resident getting in touch.
 */
export async function countSelfServiceRequests(db: Db, range: Range, by?: SelfServiceGrouping): Promise<SelfServiceCount[]> {
  if (!by) {
    const all = await selfServiceCases(db, range, {}).select(sql<string>`count(*)`.as('requests')).executeTakeFirstOrThrow();
    return Number(all.requests) ? [{ key: 'all', label: null, requests: Number(all.requests) }] : [];
  }
  const key = by === 'channel' ? sql<string>`cases.channel` : sql<string>`cases.service_id::text`;
  const label = by === 'service' ? sql<string | null>`min(service.name)` : sql<string | null>`NULL::text`;
  const rows = await selfServiceCases(db, range, {})
    .leftJoin('service', 'service.id', 'cases.service_id')
    .select([key.as('key'), label.as('label'), sql<string>`count(*)`.as('requests')])
    .groupBy(key)
    .orderBy(key)
    .execute();
  return rows.map((r) => ({ key: String(r.key), label: r.label, requests: Number(r.requests) }));
}

export interface SelfServiceRequest {
  reference: string;
  channel: string;
  receivedAt: Date;
  serviceName: string;
}

/** Self-service cases of [from, to), narrowed to one channel or service when asked. */
function selfServiceCases(db: Db, range: Range, filter: SelfServiceFilter) {
  let q = db
    .selectFrom('cases')
    .where('cases.channel', 'in', SELF_SERVICE_CASE_CHANNELS)
    .where('cases.received_at', '>=', range.from)
    .where('cases.received_at', '<', range.to);
  if (filter.channel !== undefined) q = q.where('cases.channel', '=', filter.channel);
  if (filter.serviceId !== undefined) q = q.where(sql<string>`cases.service_id::text`, '=', filter.serviceId);
  return q;
}

/** The self-service requests of [from, to) (one channel's or service's), newest first, and how many there are. */
export async function listSelfServiceRequests(db: Db, range: Range, options: SelfServiceFilter & { limit: number }): Promise<{ rows: SelfServiceRequest[]; total: number }> {
  const [rows, count] = await Promise.all([
    selfServiceCases(db, range, options)
      .innerJoin('service', 'service.id', 'cases.service_id')
      .select(['cases.reference', 'cases.channel', 'cases.received_at', 'service.name as service_name'])
      .orderBy('cases.received_at', 'desc')
      .orderBy('cases.reference')
      .limit(options.limit)
      .execute(),
    selfServiceCases(db, range, options).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ reference: r.reference, channel: r.channel, receivedAt: r.received_at, serviceName: r.service_name })), total: Number(count.n) };
}
