// The SQL of complaints. Dates (the problem's date, the Ombudsman's dates) are read back as text:
// both drivers would otherwise turn a date into a JS Date at the process's local midnight.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { procedureSchema, type ComplaintStage, type Decision, type Language, type OutstandingAction, type Procedure, type StageStart } from './model.js';

// ---- procedures

function toProcedure(row: { code: string; version: number; definition: unknown; created_at: Date; created_by_label: string }): Procedure {
  return { code: row.code, version: row.version, definition: procedureSchema.parse(row.definition), createdAt: row.created_at, createdByLabel: row.created_by_label };
}

/** Every procedure at its current version (or at `version`), shipped ones first. */
export async function selectProcedures(db: Db): Promise<(Procedure & { shipped: boolean })[]> {
  const rows = await db
    .selectFrom('complaint_procedure as p')
    .innerJoin('complaint_procedure_version as v', (j) => j.onRef('v.code', '=', 'p.code').onRef('v.version', '=', 'p.current_version'))
    .select(['p.code', 'p.shipped', 'v.version', 'v.definition', 'v.created_at', 'v.created_by_label'])
    .orderBy('p.shipped', 'desc')
    .orderBy('p.code')
    .execute();
  return rows.map((r) => ({ ...toProcedure(r), shipped: r.shipped }));
}

export async function selectProcedure(db: Db, code: string, version?: number): Promise<Procedure | undefined> {
  let query = db.selectFrom('complaint_procedure_version as v').innerJoin('complaint_procedure as p', 'p.code', 'v.code').select(['v.code', 'v.version', 'v.definition', 'v.created_at', 'v.created_by_label']).where('v.code', '=', code);
  query = version === undefined ? query.whereRef('v.version', '=', 'p.current_version') : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  return row && toProcedure(row);
}

export async function insertProcedure(db: Db, code: string, definition: unknown, byLabel: string): Promise<void> {
  await db.insertInto('complaint_procedure').values({ code }).execute();
  await db.insertInto('complaint_procedure_version').values({ code, version: 1, definition: JSON.stringify(definition), created_by_label: byLabel }).execute();
}

/** A new version if the current one is still `expectedVersion`; undefined when someone changed it first. */
export async function insertProcedureVersion(db: Db, code: string, definition: unknown, expectedVersion: number, byLabel: string): Promise<number | undefined> {
  const moved = await db.updateTable('complaint_procedure').set({ current_version: expectedVersion + 1 }).where('code', '=', code).where('current_version', '=', expectedVersion).executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return undefined;
  await db.insertInto('complaint_procedure_version').values({ code, version: expectedVersion + 1, definition: JSON.stringify(definition), created_by_label: byLabel }).execute();
  return expectedVersion + 1;
}

export async function selectSetting(db: Db) {
  return db.selectFrom('complaint_setting').selectAll().executeTakeFirst();
}

export async function saveSetting(db: Db, values: { procedureCode: string; procedureVersion: number; requestTypeId: string; welsh: boolean; at: Date; byLabel: string }): Promise<void> {
  const row = { procedure_code: values.procedureCode, procedure_version: values.procedureVersion, request_type_id: values.requestTypeId, welsh: values.welsh, adopted_at: values.at, adopted_by_label: values.byLabel };
  await db.insertInto('complaint_setting').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
}

// ---- complaints

export interface ComplaintRow {
  caseId: string;
  procedureCode: string;
  procedureVersion: number;
  stage: ComplaintStage;
  aboutCaseId: string | null;
  aboutCaseReference: string | null;
  aboutServiceId: string | null;
  aboutServiceName: string | null;
  aboutTeamId: string | null;
  aboutTeamName: string | null;
  aboutStandardId: string | null;
  aboutStandardSentence: string | null;
  problemOn: string | null;
  late: boolean;
  lateDecision: 'accepted' | 'refused' | null;
  lateReason: string | null;
  language: Language;
}

export async function insertComplaint(db: Db, row: { caseId: string; procedureCode: string; procedureVersion: number; stage: ComplaintStage; aboutCaseId: string | null; aboutServiceId: string | null; aboutTeamId: string | null; aboutStandardId: string | null; problemOn: string | null; late: boolean; lateDecision: 'accepted' | null; lateReason: string | null; language: Language }): Promise<void> {
  await db
    .insertInto('complaint')
    .values({
      case_id: row.caseId,
      procedure_code: row.procedureCode,
      procedure_version: row.procedureVersion,
      stage: row.stage,
      about_case_id: row.aboutCaseId,
      about_service_id: row.aboutServiceId,
      about_team_id: row.aboutTeamId,
      about_standard_id: row.aboutStandardId,
      problem_on: row.problemOn,
      late: row.late,
      late_decision: row.lateDecision,
      late_reason: row.lateReason,
      language: row.language,
    })
    .execute();
}

export async function selectComplaint(db: Db, caseId: string): Promise<ComplaintRow | undefined> {
  const row = await db
    .selectFrom('complaint as c')
    .leftJoin('cases as about', 'about.id', 'c.about_case_id')
    .leftJoin('service as s', 's.id', 'c.about_service_id')
    .leftJoin('team as t', 't.id', 'c.about_team_id')
    .leftJoin('service_standard as ss', 'ss.id', 'c.about_standard_id')
    .leftJoin('service_standard_version as ssv', (j) => j.onRef('ssv.standard_id', '=', 'ss.id').onRef('ssv.version', '=', 'ss.current_version'))
    .select([
      'c.case_id', 'c.procedure_code', 'c.procedure_version', 'c.stage', 'c.about_case_id', 'about.reference as about_reference', 'c.about_service_id', 's.name as service_name',
      'c.about_team_id', 't.name as team_name', 'c.about_standard_id', 'ssv.sentence as standard_sentence', sql<string | null>`c.problem_on::text`.as('problem_on'),
      'c.late', 'c.late_decision', 'c.late_reason', 'c.language',
    ])
    .where('c.case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    caseId: row.case_id,
    procedureCode: row.procedure_code,
    procedureVersion: row.procedure_version,
    stage: row.stage as ComplaintStage,
    aboutCaseId: row.about_case_id,
    aboutCaseReference: row.about_reference,
    aboutServiceId: row.about_service_id,
    aboutServiceName: row.service_name,
    aboutTeamId: row.about_team_id,
    aboutTeamName: row.team_name,
    aboutStandardId: row.about_standard_id,
    aboutStandardSentence: row.standard_sentence,
    problemOn: row.problem_on,
    late: row.late,
    lateDecision: row.late_decision,
    lateReason: row.late_reason,
    language: row.language,
  };
}

export async function updateComplaint(db: Db, caseId: string, values: { stage?: ComplaintStage; lateDecision?: 'accepted' | 'refused'; lateReason?: string }): Promise<void> {
  await db
    .updateTable('complaint')
    .set({
      ...(values.stage !== undefined && { stage: values.stage }),
      ...(values.lateDecision !== undefined && { late_decision: values.lateDecision }),
      ...(values.lateReason !== undefined && { late_reason: values.lateReason }),
    })
    .where('case_id', '=', caseId)
    .execute();
}

// ---- stages

export interface StageRow {
  stage: ComplaintStage;
  startedAt: Date;
  startedHow: StageStart;
  reason: string | null;
  handlerId: string | null;
  handlerName: string | null;
}

export async function insertStage(db: Db, row: { caseId: string; stage: ComplaintStage; startedAt: Date; startedHow: StageStart; reason: string | null }): Promise<void> {
  await db.insertInto('complaint_stage').values({ case_id: row.caseId, stage: row.stage, started_at: row.startedAt, started_how: row.startedHow, reason: row.reason, handler_id: null }).execute();
}

export async function setStageHandler(db: Db, caseId: string, stage: ComplaintStage, handlerId: string): Promise<void> {
  await db.updateTable('complaint_stage').set({ handler_id: handlerId }).where('case_id', '=', caseId).where('stage', '=', stage).execute();
}

export async function selectStages(db: Db, caseId: string): Promise<StageRow[]> {
  const rows = await db
    .selectFrom('complaint_stage as st')
    .leftJoin('staff_user as u', 'u.id', 'st.handler_id')
    .select(['st.stage', 'st.started_at', 'st.started_how', 'st.reason', 'st.handler_id', 'u.display_name'])
    .where('st.case_id', '=', caseId)
    .orderBy('st.stage')
    .execute();
  return rows.map((r) => ({ stage: r.stage as ComplaintStage, startedAt: r.started_at, startedHow: r.started_how, reason: r.reason, handlerId: r.handler_id, handlerName: r.display_name }));
}

// ---- responses

export interface ResponseRow {
  stage: ComplaintStage;
  decision: Decision;
  reasons: string;
  apology: boolean;
  actionTaken: string;
  paymentPence: number | null;
  learning: string;
  outstandingActions: OutstandingAction[];
  howToEscalate: string;
  language: Language;
  letterSubject: string;
  letterBody: string;
  respondedAt: Date;
  respondedById: string | null;
  respondedByLabel: string;
}

export async function insertResponse(db: Db, caseId: string, r: ResponseRow): Promise<void> {
  await db
    .insertInto('complaint_response')
    .values({
      case_id: caseId,
      stage: r.stage,
      decision: r.decision,
      reasons: r.reasons,
      apology: r.apology,
      action_taken: r.actionTaken,
      payment_pence: r.paymentPence,
      learning: r.learning,
      outstanding_actions: JSON.stringify(r.outstandingActions),
      how_to_escalate: r.howToEscalate,
      language: r.language,
      letter_subject: r.letterSubject,
      letter_body: r.letterBody,
      responded_at: r.respondedAt,
      responded_by_id: r.respondedById,
      responded_by_label: r.respondedByLabel,
    })
    .execute();
}

export async function selectResponses(db: Db, caseId: string): Promise<ResponseRow[]> {
  const rows = await db.selectFrom('complaint_response').selectAll().where('case_id', '=', caseId).orderBy('stage').execute();
  return rows.map((r) => ({
    stage: r.stage as ComplaintStage,
    decision: r.decision,
    reasons: r.reasons,
    apology: r.apology,
    actionTaken: r.action_taken,
    paymentPence: r.payment_pence,
    learning: r.learning,
    outstandingActions: r.outstanding_actions,
    howToEscalate: r.how_to_escalate,
    language: r.language,
    letterSubject: r.letter_subject,
    letterBody: r.letter_body,
    respondedAt: r.responded_at,
    respondedById: r.responded_by_id,
    respondedByLabel: r.responded_by_label,
  }));
}

// ---- Ombudsman referrals

export interface ReferralRow {
  id: string;
  ombudsmanReference: string;
  enquiryOn: string;
  enquiry: string;
  decision: 'not_investigated' | 'upheld' | 'partly_upheld' | 'not_upheld' | 'settled' | null;
  decidedOn: string | null;
  recommendedRemedy: string;
  remedyCompliedOn: string | null;
  version: number;
  createdAt: Date;
  createdByLabel: string;
}

export async function selectReferrals(db: Db, caseId: string): Promise<ReferralRow[]> {
  const rows = await db
    .selectFrom('ombudsman_referral')
    .select([
      'id', 'ombudsman_reference', sql<string>`enquiry_on::text`.as('enquiry_on'), 'enquiry', 'decision', sql<string | null>`decided_on::text`.as('decided_on'),
      'recommended_remedy', sql<string | null>`remedy_complied_on::text`.as('remedy_complied_on'), 'version', 'created_at', 'created_by_label',
    ])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ombudsmanReference: r.ombudsman_reference,
    enquiryOn: r.enquiry_on,
    enquiry: r.enquiry,
    decision: r.decision,
    decidedOn: r.decided_on,
    recommendedRemedy: r.recommended_remedy,
    remedyCompliedOn: r.remedy_complied_on,
    version: r.version,
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
  }));
}
