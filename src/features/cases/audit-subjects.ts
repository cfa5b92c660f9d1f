// What the audit trail (platform/audit) needs to know about cases: their references instead of
// ids, and the case a reference typed into its filter means.
import type { Db } from '../../platform/db/database.js';
import type { DescribeSubjects } from '../../platform/audit/subjects.js';
import { UUID } from '../charter/model.js';
import { parseReference } from './reference.js';

export const caseHref = (reference: string): string => `/staff/cases/${encodeURIComponent(reference)}`;

export const describeCases: DescribeSubjects = async (db, ids) => {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  const rows = wanted.length ? await db.selectFrom('cases').select(['id', 'reference']).where('id', 'in', wanted).execute() : [];
  return new Map(rows.map((r) => [r.id, { text: r.reference, href: caseHref(r.reference) }]));
};

export async function findCaseForAudit(db: Db, typed: string): Promise<{ id: string; reference: string } | { message: string }> {
  const parsed = parseReference(typed);
  if (!parsed.ok) return { message: 'Enter a case reference, like 7KQM-3XW9' };
  const row = await db.selectFrom('cases').select(['id', 'reference']).where('reference', '=', parsed.reference).executeTakeFirst();
  return row ?? { message: `No case has the reference ${parsed.reference}` };
}
