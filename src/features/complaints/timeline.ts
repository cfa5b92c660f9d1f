// A customer's complaints for their single view (features/customers/timeline.ts): each with its
// stage, its case's status and the decision at each stage answered, in one query.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { selectWorkflows } from '../cases/store.js';
import { statusNamer } from '../cases/workflow/model.js';
import { DECISION_NAMES, type ComplaintStage, type Decision } from './model.js';

export interface CustomerComplaint {
  reference: string;
  receivedAt: Date;
  stage: ComplaintStage;
  statusName: string;
  aboutServiceName: string | null;
  aboutCaseReference: string | null;
  lateAwaitingDecision: boolean;
  /** The decision at each stage answered, stage 1 first. */
  decisions: { stage: ComplaintStage; decision: Decision }[];
}

export const complaintHref = (reference: string): string => `/staff/complaints/${encodeURIComponent(reference)}`;

/** "Complaint ABCD-1234: stage 2, partly upheld at stage 1". */
export function complaintTitle(c: Pick<CustomerComplaint, 'reference' | 'stage' | 'decisions'>): string {
  const decided = [...c.decisions].reverse().map((d) => `${DECISION_NAMES[d.decision].toLowerCase()} at stage ${d.stage}`);
  return `Complaint ${c.reference}: stage ${c.stage}${decided.length ? `, ${decided.join(', ')}` : ''}`;
}

/** The customer's complaints, newest first (at most `limit`). */
export async function listCustomerComplaints(db: Db, customerId: string, limit = 200): Promise<CustomerComplaint[]> {
  const [result, workflows] = await Promise.all([
    sql<{ reference: string; received_at: Date; stage: number; workflow_code: string; status: string; service_name: string | null; about_reference: string | null; late: boolean; late_decision: string | null; decisions: { stage: number; decision: Decision }[] | null }>`
      SELECT c.reference, c.received_at, cp.stage, c.workflow_code, c.status, s.name AS service_name, about.reference AS about_reference, cp.late, cp.late_decision,
             (SELECT json_agg(json_build_object('stage', r.stage, 'decision', r.decision) ORDER BY r.stage) FROM complaint_response r WHERE r.case_id = cp.case_id) AS decisions
      FROM complaint cp
      JOIN cases c ON c.id = cp.case_id
      LEFT JOIN service s ON s.id = cp.about_service_id
      LEFT JOIN cases about ON about.id = cp.about_case_id
      WHERE c.customer_id = ${customerId}
      ORDER BY c.received_at DESC
      LIMIT ${limit}`.execute(db),
    selectWorkflows(db),
  ]);
  const statusName = statusNamer(workflows);
  return result.rows.map((r) => ({
    reference: r.reference,
    receivedAt: r.received_at,
    stage: r.stage as ComplaintStage,
    statusName: statusName(r.workflow_code, r.status),
    aboutServiceName: r.service_name,
    aboutCaseReference: r.about_reference,
    lateAwaitingDecision: r.late && r.late_decision === null,
    decisions: (r.decisions ?? []).map((d) => ({ stage: d.stage as ComplaintStage, decision: d.decision })),
  }));
}
