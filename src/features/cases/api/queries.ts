// What the cases API reads back about a case: one query for the case with its request type, service
// and workflow, one for its due dates with each standard's code (a client system knows standards by
// code, and the lifecycle's selectClocks has no need of it).
import type { Db } from '../../../platform/db/database.js';
import { statusOf, workflowSchema, type WorkflowStatus } from '../workflow/model.js';
import type { DueDateJson } from './model.js';

export interface ApiCase {
  id: string;
  reference: string;
  status: WorkflowStatus;
  channel: string;
  receivedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  requestType: { code: string; name: string };
  service: { code: string; name: string };
  clientSystemId: string | null;
  clientReference: string | null;
}

export async function selectApiCase(db: Db, reference: string): Promise<ApiCase | undefined> {
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('request_type as rt', 'rt.id', 'c.request_type_id')
    // The request type's name as it was when the case was raised, as the resident's confirmation said.
    .innerJoin('request_type_version as v', (join) => join.onRef('v.request_type_id', '=', 'c.request_type_id').onRef('v.version', '=', 'c.request_type_version'))
    .innerJoin('service as s', 's.id', 'c.service_id')
    .innerJoin('workflow as w', 'w.code', 'c.workflow_code')
    .select([
      'c.id', 'c.reference', 'c.status', 'c.channel', 'c.received_at', 'c.updated_at', 'c.resolved_at', 'c.closed_at', 'c.client_system_id', 'c.client_reference',
      'rt.code as request_type_code', 'v.name as request_type_name', 's.code as service_code', 's.name as service_name',
      'w.code as workflow_code', 'w.name as workflow_name', 'w.statuses',
    ])
    .where('c.reference', '=', reference)
    .executeTakeFirst();
  if (!row) return undefined;
  const workflow = workflowSchema.parse({ code: row.workflow_code, name: row.workflow_name, statuses: row.statuses });
  return {
    id: row.id,
    reference: row.reference,
    status: statusOf(workflow, row.status),
    channel: row.channel,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    requestType: { code: row.request_type_code, name: row.request_type_name },
    service: { code: row.service_code, name: row.service_name },
    clientSystemId: row.client_system_id,
    clientReference: row.client_reference,
  };
}

/** Due dates in the order of the standards' length, as the case page lists them. */
export async function selectDueDates(db: Db, caseId: string): Promise<DueDateJson[]> {
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('service_standard as st', 'st.id', 'cs.standard_id')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['st.code', 'v.sentence', 'cs.due_at', 'cs.outcome'])
    .where('cs.case_id', '=', caseId)
    .orderBy('v.clock_amount')
    .orderBy('st.code')
    .execute();
  return rows.map((r) => ({ standard: r.code, sentence: r.sentence, dueAt: r.due_at, outcome: r.outcome }));
}
