// What the audit trail (platform/audit) needs from the features, passed in from app.ts: names and
// links for customers, cases and contacts; finding the customer a data protection officer typed;
// and which records count as one customer's (the record kept and every record merged into it, as
// the events of a merged-away duplicate are still about the same person).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { AuditCustomer, AuditSubjects, DescribeSubjects } from '../../platform/audit/subjects.js';
import { describeCases, findCaseForAudit } from '../cases/audit-subjects.js';
import { describeContacts } from '../contacts/audit-subjects.js';
import { insightAuditSubjects } from '../insight/audit-subjects.js';
import { actionPlanAuditSubjects } from '../performance/action-plan/audit-subjects.js';
import { reviewAuditSubjects } from '../performance/reviews/audit-subjects.js';
import { UUID } from '../charter/model.js';
import { customersByIds, getCustomer, searchCustomers } from './service.js';

const CHOICES = 10;
/** Merges of merges are followed this far: further than any real chain of duplicates. */
const MAX_MERGE_DEPTH = 20;

const customerHref = (id: string): string => `/staff/customers/${encodeURIComponent(id)}`;
const nameOf = (c: { displayName: string }): string => c.displayName || 'Name not recorded';

const describeCustomers: DescribeSubjects = async (db, ids) =>
  new Map((await customersByIds(db, ids)).map((c) => [c.id, { text: nameOf(c), href: customerHref(c.id) }]));

/** The record kept for `id` (itself unless it was merged away) and every record merged into that. */
async function auditCustomer(db: Db, id: string): Promise<AuditCustomer | undefined> {
  let customer = await getCustomer(db, id);
  for (let depth = 0; customer?.mergedInto && depth < MAX_MERGE_DEPTH; depth++) customer = await getCustomer(db, customer.mergedInto);
  if (!customer) return undefined;
  const merged = await sql<{ id: string }>`
    WITH RECURSIVE merged (id, depth) AS (
      SELECT id, 1 FROM customer WHERE merged_into = ${customer.id}
      UNION ALL
      SELECT c.id, m.depth + 1 FROM customer c JOIN merged m ON c.merged_into = m.id WHERE m.depth < ${MAX_MERGE_DEPTH}
    )
    SELECT DISTINCT id FROM merged`.execute(db);
  return { id: customer.id, name: nameOf(customer), href: customerHref(customer.id), recordIds: [customer.id, ...merged.rows.map((r) => r.id)] };
}

export const auditSubjects: AuditSubjects = {
  describe: { customer: describeCustomers, case: describeCases, contact: describeContacts, ...insightAuditSubjects, ...actionPlanAuditSubjects, ...reviewAuditSubjects },
  findCustomers: async (db, text) =>
    (await searchCustomers(db, text, { limit: CHOICES })).map((m) => ({
      id: m.id,
      name: nameOf(m),
      hint: [m.address?.split('\n')[0], m.postcode, m.email].filter(Boolean).join(', '),
    })),
  customer: (db, id) => (UUID.test(id) ? auditCustomer(db, id) : Promise.resolve(undefined)),
  findCase: findCaseForAudit,
};
