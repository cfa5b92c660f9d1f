// What the audit trail shows for a quarterly review: its quarter and version, linked to its page.
// For the describe map of features/customers/audit-subjects.ts.
import type { DescribeSubjects } from '../../../platform/audit/subjects.js';
import { parsePeriod } from '../../../platform/kpi/index.js';
import { UUID } from '../../charter/model.js';

const describeReviews: DescribeSubjects = async (db, ids) => {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('performance_review').select(['id', 'period_key', 'version']).where('id', 'in', wanted).execute();
  return new Map(
    rows.map((r) => [r.id, { text: `Quarterly review: ${parsePeriod(r.period_key)?.label ?? r.period_key}, version ${r.version}`, href: `/staff/performance/reviews/${r.id}` }]),
  );
};

export const reviewAuditSubjects = { performance_review: describeReviews } as const;
