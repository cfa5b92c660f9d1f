// The SQL of the complaints reports: two set-based queries give every complaint touched by a period
// (received, a stage begun, a response made, an Ombudsman enquiry or decision) with its stages,
// responses and clock outcomes; the figures are counted from them in model.ts. Never one query per
// complaint. And the self-assessment's rows.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Decision } from '../model.js';
import type { ComplaintFact, Outcome, StageFact, Window } from './model.js';

interface StageRow {
  case_id: string;
  reference: string;
  /** Instants as milliseconds since 1970: 36,000 timestamps parsed as text cost more than the query. */
  received_at: number;
  service: string | null;
  service_id: string | null;
  stage: number | null;
  started_at: number | null;
  started_how: StageFact['startedHow'] | null;
  decision: Decision | null;
  responded_at: number | null;
  learning: string | null;
  extended: boolean | null;
  acknowledgement: Outcome;
  response: Outcome;
}

/** One row per stage of each complaint in scope (a complaint with no stage row yet still gives one). */
export async function selectStageRows(db: Db, w: Window): Promise<StageRow[]> {
  return (await stageRowsQuery(w).execute(db)).rows;
}

/** The query itself, for the benchmark to explain. */
export function stageRowsQuery(w: Window) {
  const { from, to } = w;
  return sql<StageRow>`
    WITH scope AS (
      SELECT k.id AS case_id FROM complaint c JOIN cases k ON k.id = c.case_id WHERE k.received_at >= ${from} AND k.received_at < ${to}
      UNION SELECT case_id FROM complaint_stage WHERE started_at >= ${from} AND started_at < ${to}
      UNION SELECT case_id FROM complaint_response WHERE responded_at >= ${from} AND responded_at < ${to}
      UNION SELECT case_id FROM ombudsman_referral
        WHERE enquiry_on BETWEEN ${w.period.from}::date AND ${w.period.to}::date OR decided_on BETWEEN ${w.period.from}::date AND ${w.period.to}::date
    ),
    -- Each clock's stage from the event that starts it, and whether it acknowledges or answers.
    clocks AS (
      SELECT cs.case_id,
             CASE WHEN v.start_event IN ('escalated', 'escalation_acknowledged') THEN 2 ELSE 1 END AS stage,
             v.stop_event IN ('acknowledged', 'escalation_acknowledged') AS is_ack,
             cs.outcome,
             cs.clock_events @> '[{"type": "extend"}]'::jsonb AS extended
      FROM scope
      JOIN case_standard cs ON cs.case_id = scope.case_id
      JOIN service_standard_version v ON v.standard_id = cs.standard_id AND v.version = cs.standard_version
    ),
    per_stage AS (
      SELECT case_id, stage, bool_or(extended) AS extended,
             CASE WHEN bool_or(is_ack AND outcome = 'missed') THEN 'missed' WHEN bool_or(is_ack AND outcome = 'met') THEN 'met' END AS acknowledgement,
             CASE WHEN bool_or(NOT is_ack AND outcome = 'missed') THEN 'missed' WHEN bool_or(NOT is_ack AND outcome = 'met') THEN 'met' END AS response
      FROM clocks GROUP BY case_id, stage
    )
    SELECT k.id AS case_id, k.reference, (extract(epoch FROM k.received_at) * 1000)::float8 AS received_at, s.name AS service, c.about_service_id::text AS service_id,
           st.stage, (extract(epoch FROM st.started_at) * 1000)::float8 AS started_at, st.started_how,
           r.decision, (extract(epoch FROM r.responded_at) * 1000)::float8 AS responded_at, r.learning,
           p.extended, p.acknowledgement, p.response
    FROM scope
    JOIN complaint c ON c.case_id = scope.case_id
    JOIN cases k ON k.id = c.case_id
    LEFT JOIN service s ON s.id = c.about_service_id
    LEFT JOIN complaint_stage st ON st.case_id = c.case_id
    LEFT JOIN complaint_response r ON r.case_id = st.case_id AND r.stage = st.stage
    LEFT JOIN per_stage p ON p.case_id = st.case_id AND p.stage = st.stage`;
}

interface ReferralRow {
  case_id: string;
  enquiry_on: string;
  decision: string | null;
  decided_on: string | null;
}

export async function selectReferralRows(db: Db, w: Window): Promise<ReferralRow[]> {
  const result = await sql<ReferralRow>`
    SELECT case_id, enquiry_on::text AS enquiry_on, decision, decided_on::text AS decided_on
    FROM ombudsman_referral
    WHERE enquiry_on BETWEEN ${w.period.from}::date AND ${w.period.to}::date OR decided_on BETWEEN ${w.period.from}::date AND ${w.period.to}::date`.execute(db);
  return result.rows;
}

/** The complaints of a window as facts, working days left at 0 for the service to count. */
export async function selectFacts(db: Db, w: Window): Promise<{ facts: ComplaintFact[]; stageRows: StageRow[] }> {
  const [rows, referrals] = await Promise.all([selectStageRows(db, w), selectReferralRows(db, w)]);
  const byCase = new Map<string, ComplaintFact>();
  for (const row of rows) {
    let fact = byCase.get(row.case_id);
    if (!fact) {
      fact = { caseId: row.case_id, reference: row.reference, receivedAt: new Date(row.received_at), service: row.service, serviceId: row.service_id, stages: [], responses: [], referrals: [] };
      byCase.set(row.case_id, fact);
    }
    if (row.stage === null || row.started_at === null || row.started_how === null) continue;
    const stage = Number(row.stage) as 1 | 2;
    fact.stages.push({ stage, startedAt: new Date(row.started_at), startedHow: row.started_how });
    if (row.decision && row.responded_at) {
      fact.responses.push({
        stage,
        group: stage === 1 ? 's1' : row.started_how === 'direct' ? 'direct' : 'escalated',
        decision: row.decision,
        startedAt: new Date(row.started_at),
        respondedAt: new Date(row.responded_at),
        workingDays: 0,
        learning: row.learning ?? '',
        extended: row.extended === true,
        acknowledgement: row.acknowledgement,
        response: row.response,
      });
    }
  }
  for (const r of referrals) byCase.get(r.case_id)?.referrals.push({ enquiryOn: r.enquiry_on, decision: r.decision, decidedOn: r.decided_on });
  // In the order received (the drill-down's order), each complaint's stages in order.
  const facts = [...byCase.values()].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.reference.localeCompare(b.reference));
  for (const f of facts) if (f.stages.length > 1) { f.stages.sort((a, b) => a.stage - b.stage); f.responses.sort((a, b) => a.stage - b.stage); }
  return { facts, stageRows: rows };
}

// ---- self-assessment

export interface SelfAssessmentItem {
  id: string;
  position: number;
  section: string;
  requirement: string;
  met: 'yes' | 'no' | 'partly' | null;
  evidence: string;
  commentary: string;
  version: number;
  updatedAt: Date | null;
  updatedByLabel: string | null;
}

const COLUMNS = ['id', 'position', 'section', 'requirement', 'met', 'evidence', 'commentary', 'version', 'updated_at', 'updated_by_label'] as const;

function toItem(row: { id: string; position: number; section: string; requirement: string; met: SelfAssessmentItem['met']; evidence: string; commentary: string; version: number; updated_at: Date | null; updated_by_label: string | null }): SelfAssessmentItem {
  return { id: row.id, position: row.position, section: row.section, requirement: row.requirement, met: row.met, evidence: row.evidence, commentary: row.commentary, version: row.version, updatedAt: row.updated_at, updatedByLabel: row.updated_by_label };
}

export async function selectSelfAssessment(db: Db): Promise<SelfAssessmentItem[]> {
  return (await db.selectFrom('complaint_self_assessment').select(COLUMNS).orderBy('position').execute()).map(toItem);
}

export async function selectSelfAssessmentItem(db: Db, id: string): Promise<SelfAssessmentItem | undefined> {
  const row = await db.selectFrom('complaint_self_assessment').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toItem(row);
}

/** Saves the item if it is still at `expectedVersion`; false when someone changed it first. */
export async function updateSelfAssessmentItem(db: Db, id: string, values: { met: 'yes' | 'no' | 'partly'; evidence: string; commentary: string; at: Date; byLabel: string }, expectedVersion: number): Promise<boolean> {
  const updated = await db
    .updateTable('complaint_self_assessment')
    .set((eb) => ({ met: values.met, evidence: values.evidence, commentary: values.commentary, updated_at: values.at, updated_by_label: values.byLabel, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
