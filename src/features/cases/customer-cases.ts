// A customer's cases, for the single view (features/customers): open ones first, each with the
// earliest due date of its running standards, then the finished ones, newest first.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { OPEN_CATEGORIES } from './queue/model.js';
import { selectWorkflows } from './store.js';
import { statusNamer } from './workflow/model.js';

export interface CustomerCase {
  id: string;
  reference: string;
  requestTypeName: string;
  serviceName: string;
  statusName: string;
  statusCategory: string;
  open: boolean;
  channel: string;
  receivedAt: Date;
  /** The earliest due date of the standards still running; null when none runs. */
  dueAt: Date | null;
}

/** At most `limit` cases; a customer with more is rare, and the single view says so. */
export async function listCasesForCustomer(db: Db, customerId: string, limit = 200): Promise<CustomerCase[]> {
  const [rows, workflows] = await Promise.all([
    db
      .selectFrom('cases as c')
      .innerJoin('request_type_version as rtv', (join) => join.onRef('rtv.request_type_id', '=', 'c.request_type_id').onRef('rtv.version', '=', 'c.request_type_version'))
      .innerJoin('service as s', 's.id', 'c.service_id')
      .select(['c.id', 'c.reference', 'c.workflow_code', 'c.status', 'c.status_category', 'c.channel', 'c.received_at', 'rtv.name as request_type_name', 's.name as service_name'])
      .select(sql<Date | null>`c.next_due_at`.as('due_at'))
      .where('c.customer_id', '=', customerId)
      .orderBy('c.received_at', 'desc')
      .limit(limit)
      .execute(),
    selectWorkflows(db),
  ]);
  const statusName = statusNamer(workflows);
  const cases = rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    requestTypeName: r.request_type_name,
    serviceName: r.service_name,
    statusName: statusName(r.workflow_code, r.status),
    statusCategory: r.status_category,
    open: (OPEN_CATEGORIES as readonly string[]).includes(r.status_category),
    channel: r.channel,
    receivedAt: r.received_at,
    dueAt: r.due_at,
  }));
  // Open cases first, soonest due first; then the rest as they came (newest first).
  const due = (c: CustomerCase) => c.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...cases.filter((c) => c.open).sort((a, b) => due(a) - due(b)), ...cases.filter((c) => !c.open)];
}
