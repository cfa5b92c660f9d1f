// The complaints officer's queue and the staff who may handle a complaint: read-only SQL of the
// complaints pages. A complaint is a case, so the queue reads the case (who, status, handler) and
// its clocks beside the complaint row, in one statement: the current stage's soonest running due
// date orders it, so overdue complaints come first.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { PERMISSIONS } from '../../platform/auth/permissions.js';
import { OPEN_CATEGORIES } from '../cases/queue/model.js';
import { selectWorkflows } from '../cases/store.js';
import { statusNamer } from '../cases/workflow/model.js';
import { STAGE_2_STARTS, type ComplaintStage } from './model.js';

export const COMPLAINTS_PAGE_SIZE = 25;

export const QUEUE_FILTERS = ['all', 'stage-1', 'stage-2', 'late'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];
export const QUEUE_FILTER_NAMES: Record<QueueFilter, string> = {
  all: 'All open complaints',
  'stage-1': 'Stage 1',
  'stage-2': 'Stage 2',
  late: 'Late: awaiting decision',
};

export interface ComplaintsQuery {
  filter: QueueFilter;
  page: number;
}

/** The query string as typed: anything unknown falls back to the first page of all open complaints. */
export function parseComplaintsQuery(query: Record<string, unknown>): ComplaintsQuery {
  const filter = (QUEUE_FILTERS as readonly unknown[]).includes(query.show) ? (query.show as QueueFilter) : 'all';
  const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
  return { filter, page };
}

export const complaintsHref = (q: ComplaintsQuery): string => {
  const params = new URLSearchParams();
  if (q.filter !== 'all') params.set('show', q.filter);
  if (q.page > 1) params.set('page', String(q.page));
  const search = params.toString();
  return `/staff/complaints${search ? `?${search}` : ''}`;
};

export interface QueueComplaint {
  reference: string;
  contactName: string | null;
  stage: ComplaintStage;
  statusName: string;
  late: boolean;
  lateAwaitingDecision: boolean;
  aboutCaseReference: string | null;
  aboutServiceName: string | null;
  handlerName: string | null;
  /** The soonest due date of the current stage's running clocks; null when none runs. */
  dueAt: Date | null;
  receivedAt: Date;
}

export interface ComplaintsPage {
  items: QueueComplaint[];
  /** Complaints matching the filter; 0 also when the page asked for is past the last. */
  total: number;
}

/** One page of open complaints: soonest due first (so the overdue first), none due last, then oldest first. */
export async function selectComplaintsPage(db: Db, query: ComplaintsQuery): Promise<ComplaintsPage> {
  const stage = query.filter === 'stage-1' ? 1 : query.filter === 'stage-2' ? 2 : null;
  const lateOnly = query.filter === 'late';
  const [rows, workflows] = await Promise.all([
    sql<{
      reference: string; contact_name: string | null; stage: number; workflow_code: string; status: string; late: boolean; late_decision: string | null;
      about_reference: string | null; service_name: string | null; handler_name: string | null; due_at: Date | null; received_at: Date; total: string;
    }>`
      SELECT c.reference, c.contact->>'name' AS contact_name, cp.stage, c.workflow_code, c.status, cp.late, cp.late_decision,
             about.reference AS about_reference, s.name AS service_name, u.display_name AS handler_name, due.due_at, c.received_at,
             count(*) OVER () AS total
      FROM complaint cp
      JOIN cases c ON c.id = cp.case_id
      LEFT JOIN cases about ON about.id = cp.about_case_id
      LEFT JOIN service s ON s.id = cp.about_service_id
      LEFT JOIN complaint_stage st ON st.case_id = cp.case_id AND st.stage = cp.stage
      LEFT JOIN staff_user u ON u.id = COALESCE(st.handler_id, c.assignee_id)
      LEFT JOIN LATERAL (
        SELECT min(cs.due_at) AS due_at
        FROM case_standard cs
        JOIN service_standard_version v ON v.standard_id = cs.standard_id AND v.version = cs.standard_version
        WHERE cs.case_id = cp.case_id AND cs.started_at IS NOT NULL AND cs.stopped_at IS NULL AND cs.outcome IS NULL
          AND (CASE WHEN v.start_event IN (${sql.join(STAGE_2_STARTS)}) THEN 2 ELSE 1 END) = cp.stage
      ) due ON true
      WHERE c.status_category IN (${sql.join(OPEN_CATEGORIES)})
        AND (${stage}::int IS NULL OR cp.stage = ${stage}::int)
        AND (${lateOnly}::boolean = false OR (cp.late AND cp.late_decision IS NULL))
      ORDER BY due.due_at ASC NULLS LAST, c.received_at, c.id
      LIMIT ${COMPLAINTS_PAGE_SIZE} OFFSET ${(query.page - 1) * COMPLAINTS_PAGE_SIZE}`.execute(db),
    selectWorkflows(db),
  ]);
  const statusName = statusNamer(workflows);
  return {
    total: Number(rows.rows[0]?.total ?? 0),
    items: rows.rows.map((r) => ({
      reference: r.reference,
      contactName: r.contact_name,
      stage: r.stage as ComplaintStage,
      statusName: statusName(r.workflow_code, r.status),
      late: r.late,
      lateAwaitingDecision: r.late && r.late_decision === null,
      aboutCaseReference: r.about_reference,
      aboutServiceName: r.service_name,
      handlerName: r.handler_name,
      dueAt: r.due_at,
      receivedAt: r.received_at,
    })),
  };
}

/** Active staff whose roles may work complaints: the handlers to choose from. */
export async function selectComplaintHandlers(db: Db): Promise<{ id: string; name: string }[]> {
  const roles = [...PERMISSIONS['complaints:work']];
  const rows = await db
    .selectFrom('staff_user')
    .select(['id', 'display_name'])
    .where('active', '=', true)
    .where(sql<boolean>`roles && ${sql.val(roles)}::text[]`)
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/**
 * The most each of a case's clocks may be extended by, in all, by standard id (null: the standard
 * sets no limit of its own), so the extend form offers only the timescales the procedure lets grow.
 */
export async function selectExtensionLimits(db: Db, caseId: string): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('service_standard_version as v', (j) => j.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['cs.standard_id', 'v.extension_limit'])
    .where('cs.case_id', '=', caseId)
    .execute();
  return new Map(rows.map((r) => [r.standard_id, r.extension_limit]));
}
