// What residents, advisors and complaints officers do with a complaint. A complaint is a case of the
// complaint request type: the cases feature runs its workflow, clocks, timeline, notifications and
// audit; this adds what the procedure asks for (what it is about, the time limit, the stages, the
// responses and their letters, the Ombudsman) in the same transactions, through cases' own
// functions. Which nation's rules apply is the adopted procedure's data, never a branch here.
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { queueFilled, queueNotification, renderTemplate } from '../../platform/outbox/outbox.js';
import { DEFAULT_AT_RISK_PERCENT, type Channel } from '../charter/model.js';
import type { RequestTypeInput } from '../charter/request-types.js';
import type { FieldDefinition } from '../charter/fields/model.js';
import * as charter from '../charter/service.js';
import { changeCase, moveTo, noteOnCase, type CaseChange, type CaseContext } from '../cases/lifecycle.js';
import { extendClock, isRunning, recordOf, voidClocks, type CaseClock } from '../cases/clocks.js';
import { trackingUrl } from '../cases/notify.js';
import { raiseCase, type RaisedCase } from '../cases/service.js';
import { selectCase } from '../cases/store.js';
import type { WorkflowStatus } from '../cases/workflow/model.js';
import { linkFeedbackToCase, recordFeedback } from '../insight/service.js';
import {
  DECISION_NAMES,
  isLate,
  isLateEscalation,
  londonIsoDay,
  procedureSchema,
  responseSchema,
  STAGE_MILESTONES,
  stageOfStandard,
  type ComplaintStage,
  type Language,
  type Procedure,
  type ProcedureDefinition,
  type StageStart,
} from './model.js';
import * as store from './store.js';
import type { Nation } from '../../time/nation.js';
import { dayIn, decisionIn, howToEscalateIn, remedyIn, words } from './words.js';

export class ComplaintsNotSetUp extends Error {}
export class NotAComplaint extends Error {}

// ---- procedures

export const listProcedures = (db: Db) => store.selectProcedures(db);

export async function getProcedure(db: Db, code: string, version?: number): Promise<Procedure> {
  const procedure = await store.selectProcedure(db, code, version);
  if (!procedure) throw new charter.NotFound('No such complaints procedure');
  return procedure;
}

/** A copy of a procedure under a new code, for the council to edit (as workflows are copied). */
export async function copyProcedure(db: Db, actor: Actor, from: string, input: { code: string; name: string }): Promise<void> {
  const code = input.code.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(code)) throw new InvalidInput([{ field: 'code', message: 'Code must use only lowercase letters, numbers and hyphens, like our-complaints-policy' }]);
  if (!input.name.trim()) throw new InvalidInput([{ field: 'name', message: 'Enter a name for the copy' }]);
  await inTransaction(db, async (trx) => {
    const source = await getProcedure(trx, from);
    if (await store.selectProcedure(trx, code)) throw new InvalidInput([{ field: 'code', message: `There is already a procedure with the code ${code}` }]);
    await store.insertProcedure(trx, code, { ...source.definition, name: input.name.trim() }, actor.label);
    await recordAudit(trx, actor, { action: 'complaints.procedure_copied', subjectType: 'complaint_procedure', subjectId: code, detail: { from } });
  });
}

/** A new version of a procedure; complaints already made keep the version they started under. */
export async function reviseProcedure(db: Db, actor: Actor, code: string, definition: unknown, expectedVersion: number): Promise<number> {
  const parsed = procedureSchema.safeParse(definition);
  if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  return inTransaction(db, async (trx) => {
    // The shipped procedures are the nations' codes as published: a council changes a copy.
    if ((await store.selectProcedures(trx)).some((p) => p.code === code && p.shipped)) throw new InvalidInput([{ field: 'code', message: 'A procedure as published cannot be changed: copy it and change the copy' }]);
    const version = await store.insertProcedureVersion(trx, code, parsed.data, expectedVersion, actor.label);
    if (version === undefined) throw new StaleEditError('This procedure was changed by someone else since you opened it');
    await recordAudit(trx, actor, { action: 'complaints.procedure_revised', subjectType: 'complaint_procedure', subjectId: code, detail: { version } });
    return version;
  });
}

export interface ComplaintSetup {
  procedure: Procedure;
  requestTypeId: string;
  /** The council answers in Welsh those who write in Welsh (and offers the choice on its forms). */
  welsh: boolean;
}

export async function getComplaintSetup(db: Db): Promise<ComplaintSetup | undefined> {
  const setting = await store.selectSetting(db);
  if (!setting) return undefined;
  return { procedure: await getProcedure(db, setting.procedure_code, setting.procedure_version), requestTypeId: setting.request_type_id, welsh: setting.welsh };
}

async function requireSetup(db: Db): Promise<ComplaintSetup> {
  const setup = await getComplaintSetup(db);
  if (!setup) throw new ComplaintsNotSetUp('The council has not chosen its complaints procedure yet');
  return setup;
}

export const COMPLAINTS_SERVICE_CODE = 'complaints';
export const COMPLAINT_REQUEST_TYPE_CODE = 'complaint';

const COMPLAINT_FIELDS: FieldDefinition[] = [
  { code: 'what_happened', label: 'What went wrong?', hint: 'Tell us what happened, when, and who was involved if you know.', type: 'long_text', required: true, order: 1 },
  { code: 'put_right', label: 'What would you like us to do to put it right?', type: 'long_text', required: false, order: 2 },
  { code: 'problem_on', label: 'When did the problem happen, or when did you find out about it?', type: 'date', dateRule: 'past', required: false, order: 3 },
];

/**
 * Follows a procedure from now on: the complaints service, its standards (each stage's timescales,
 * as new versions when they change) and the complaint request type. Complaints already made keep
 * the versions they started under. Standards a procedure no longer has are unpublished.
 */
export async function adoptProcedure(db: Db, actor: Actor, input: { code: string; welsh: boolean; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const procedure = await getProcedure(trx, input.code);
    const serviceId = await complaintsService(trx, actor);
    const standardIds = await stageStandards(trx, actor, serviceId, procedure.definition);
    const requestTypeId = await complaintRequestType(trx, actor, serviceId, standardIds);
    await store.saveSetting(trx, { procedureCode: procedure.code, procedureVersion: procedure.version, requestTypeId, welsh: input.welsh, at: input.now, byLabel: actor.label });
    await recordAudit(trx, actor, { action: 'complaints.procedure_adopted', subjectType: 'complaint_procedure', subjectId: procedure.code, detail: { version: procedure.version, welsh: input.welsh } });
  });
}

/** A new council starts with the procedure shipped for its nation (an administrator may copy, edit and adopt another). */
export async function adoptNationProcedure(db: Db, actor: Actor, nation: Nation, now: Date): Promise<void> {
  const procedure = (await store.selectProcedures(db)).find((p) => p.shipped && p.definition.nation === nation);
  if (procedure) await adoptProcedure(db, actor, { code: procedure.code, welsh: procedure.definition.replyInLanguageUsed, now });
}

async function complaintsService(db: Db, actor: Actor): Promise<string> {
  const existing = (await charter.listServices(db)).find((s) => s.code === COMPLAINTS_SERVICE_CODE);
  if (existing) return existing.id;
  const teams = await charter.listTeams(db);
  const teamId = teams.find((t) => t.name === 'Complaints team')?.id ?? (await charter.createTeam(db, actor, { name: 'Complaints team', department: 'Customer Services', email: null })).id;
  return charter.createService(db, actor, {
    code: COMPLAINTS_SERVICE_CODE,
    name: 'Complaints',
    department: 'Customer Services',
    teamId,
    description: 'When we get something wrong, tell us: we will look into it, put it right where we can, and learn from it.',
    channels: ['web', 'phone', 'email', 'letter', 'face_to_face'],
    published: true,
  });
}

async function stageStandards(db: Db, actor: Actor, serviceId: string, definition: ProcedureDefinition): Promise<string[]> {
  const existing = await charter.listStandards(db, [serviceId]);
  const wanted = [...definition.stages[1].standards, ...definition.stages[2].standards];
  const ids: string[] = [];
  for (const s of wanted) {
    const input = {
      code: s.code,
      sentence: s.sentence,
      stage: s.kind === 'acknowledgement' ? ('acknowledgement' as const) : ('resolution' as const),
      clockUnit: s.clockUnit,
      clockAmount: s.clockAmount,
      startEvent: s.startEvent,
      stopEvent: s.stopEvent,
      targetPercent: s.targetPercent,
      atRiskPercent: DEFAULT_AT_RISK_PERCENT,
      extensionLimit: s.extensionLimit,
      published: true,
    };
    const current = existing.find((e) => e.code === s.code);
    if (!current) ids.push(await charter.addStandard(db, actor, serviceId, input));
    else {
      if (Object.entries(input).some(([k, v]) => current[k as keyof typeof input] !== v)) await charter.reviseStandard(db, actor, current.id, input, current.version);
      ids.push(current.id);
    }
  }
  for (const old of existing.filter((e) => e.published && !wanted.some((w) => w.code === e.code))) {
    await charter.reviseStandard(db, actor, old.id, { ...old, published: false }, old.version);
  }
  return ids;
}

async function complaintRequestType(db: Db, actor: Actor, serviceId: string, standardIds: string[]): Promise<string> {
  // No audience: complaints are made on /complain and the complaints pages, which record what the
  // procedure needs, never through the general request forms, the API or Open311.
  const input: RequestTypeInput = {
    code: COMPLAINT_REQUEST_TYPE_CODE,
    name: 'Complaint',
    description: 'Tell us when we got something wrong.',
    teamId: null,
    audiences: [],
    standardIds,
    active: true,
    workflowCode: 'complaint',
    locationPublic: false,
    fields: COMPLAINT_FIELDS,
  };
  const existing = (await charter.listRequestTypes(db, { serviceIds: [serviceId] })).find((r) => r.code === COMPLAINT_REQUEST_TYPE_CODE);
  if (!existing) return charter.addRequestType(db, actor, serviceId, input);
  await charter.reviseRequestType(db, actor, existing.id, { ...input, fields: existing.fields }, existing.version);
  return existing.id;
}

// ---- making a complaint

export interface NewComplaint {
  channel: Channel;
  /** When the council received it: a letter's date of arrival, recorded by the mail room days later. */
  receivedAt: Date;
  contact: { name?: string; email?: string; phone?: string };
  customerId?: string | null;
  whatHappened: string;
  putRight?: string;
  /** The date of the problem (or of becoming aware of it) the person gave, YYYY-MM-DD. */
  problemOn?: string | null;
  about?: { caseReference?: string; serviceId?: string; teamId?: string; standardId?: string };
  language?: Language;
  /** Staff only: why a complaint made after the time limit is accepted. */
  lateReason?: string;
  /** Staff only: straight to stage 2 (a complex complaint), and why. */
  directToStage2?: { reason: string };
  /** The "did not meet this standard" report the person made first: it is tied to this complaint. */
  fromFeedbackId?: string;
}

export async function makeComplaint(ctx: CaseContext, input: NewComplaint): Promise<RaisedCase> {
  const setup = await requireSetup(ctx.db);
  const { procedure } = setup;
  const whatHappened = input.whatHappened.trim();
  if (!whatHappened) throw new InvalidInput([{ field: 'whatHappened', message: 'Enter what went wrong' }]);
  if (input.directToStage2 && !input.directToStage2.reason.trim()) throw new InvalidInput([{ field: 'directReason', message: 'Enter why this complaint goes straight to stage 2' }]);
  const problemOn = input.problemOn || null;
  const late = problemOn !== null && isLate(procedure.definition, problemOn, londonIsoDay(input.receivedAt));
  const lateReason = input.lateReason?.trim() || null;
  const requestType = await charter.getRequestType(ctx.db, { id: setup.requestTypeId });
  const aboutCase = input.about?.caseReference ? await selectCase(ctx.db, { reference: input.about.caseReference.trim().toUpperCase() }) : undefined;
  if (input.about?.caseReference && !aboutCase) throw new InvalidInput([{ field: 'aboutCase', message: 'There is no case with that reference: check it, or leave it empty' }]);
  const aboutServiceId = input.about?.serviceId || aboutCase?.serviceId || null;
  const language: Language = setup.welsh && input.language === 'cy' ? 'cy' : 'en';
  const direct = input.directToStage2;
  return raiseCase(ctx, {
    requestType,
    channel: input.channel,
    answers: { what_happened: whatHappened, ...(input.putRight?.trim() && { put_right: input.putRight.trim() }), ...(problemOn && { problem_on: problemOn }) },
    contact: input.contact,
    receivedAt: input.receivedAt,
    customerId: input.customerId ?? aboutCase?.customerId ?? null,
    receivedTemplate: null,
    within: async (change) => {
      const caseId = change.kase.id;
      await store.insertComplaint(change.trx, {
        caseId,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        stage: direct ? 2 : 1,
        aboutCaseId: aboutCase?.id ?? null,
        aboutServiceId,
        aboutTeamId: input.about?.teamId || aboutCase?.teamId || null,
        aboutStandardId: input.about?.standardId || null,
        problemOn,
        late,
        lateDecision: late && lateReason ? 'accepted' : null,
        lateReason: late ? lateReason : null,
        language,
      });
      if (direct) await startStage2Directly(change, direct.reason.trim());
      else await store.insertStage(change.trx, { caseId, stage: 1, startedAt: input.receivedAt, startedHow: 'received', reason: null });
      await recordFeedback(change.trx, ctx.actor, {
        kind: 'complaint',
        receivedAt: input.receivedAt,
        channel: input.channel,
        body: whatHappened,
        serviceId: aboutServiceId,
        standardId: input.about?.standardId || null,
        caseId,
        customerId: input.customerId ?? aboutCase?.customerId ?? null,
        contact: input.contact,
      });
      if (input.fromFeedbackId) await linkFeedbackToCase(change.trx, ctx.actor, input.fromFeedbackId, caseId);
      if (aboutCase) {
        change.record('complaint_about_case', { reference: aboutCase.reference, title: `This complaint is about case ${aboutCase.reference}` });
        // The case it is about goes on; its officers see that a complaint was made about it.
        await noteOnCase(change.trx, aboutCase.id, { type: 'complaint_made', at: input.receivedAt, actor: ctx.actor, public: false, detail: { reference: change.kase.reference, title: `A complaint was made about this case: ${change.kase.reference}` } });
      }
      await tell(change, 'complaint.received', language, { promises: await promises(change, direct ? 2 : 1, language) });
    },
  });
}

/** A complex complaint: its stage 1 clocks measure nothing, and stage 2 starts on receipt. */
async function startStage2Directly(change: CaseChange, reason: string): Promise<void> {
  change.moveClocks(voidClocks(change.clocks.filter((c) => stageOfStandard(c.startEvent) === 1)));
  await moveTo(change, statusWithMilestone(change, STAGE_MILESTONES[2].starts).code, { reason });
  await store.insertStage(change.trx, { caseId: change.kase.id, stage: 2, startedAt: change.ctx.now, startedHow: 'direct', reason });
}

function statusWithMilestone(change: CaseChange, milestone: string): WorkflowStatus {
  const status = change.workflow.statuses.find((s) => s.milestone === milestone);
  if (!status) throw new Error(`workflow ${change.workflow.code} has no status recording ${milestone}`);
  return status;
}

// ---- what complaints officers do

async function complaintOf(change: CaseChange): Promise<{ complaint: store.ComplaintRow; procedure: ProcedureDefinition }> {
  const complaint = await store.selectComplaint(change.trx, change.kase.id);
  if (!complaint) throw new NotAComplaint(change.kase.reference);
  const procedure = await getProcedure(change.trx, complaint.procedureCode, complaint.procedureVersion);
  return { complaint, procedure: procedure.definition };
}

interface ComplaintChange {
  reference: string;
  expectedVersion?: number;
}

/** Acknowledges the complaint at its current stage: the acknowledgement clock stops and the response clock (where it waits for this) starts. */
export function acknowledgeComplaint(ctx: CaseContext, input: ComplaintChange): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.acknowledged', async (change) => {
    const { complaint } = await complaintOf(change);
    const stage = complaint.stage;
    const target = statusWithMilestone(change, STAGE_MILESTONES[stage].acknowledged);
    if (!change.status.next.includes(target.code)) throw new InvalidInput([{ field: 'status', message: `This complaint cannot be acknowledged now: it is ${change.status.name.toLowerCase()}` }]);
    await moveTo(change, target.code, {});
    await tell(change, 'complaint.acknowledged', complaint.language, { stage: words(complaint.language).stage(stage), promises: await promises(change, stage, complaint.language) });
  });
}

/** Assigns the person handling the complaint at its current stage; where the procedure asks, stage 2 goes to someone new. */
export function assignHandler(ctx: CaseContext, input: ComplaintChange & { userId: string }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.handler_assigned', async (change) => {
    const { complaint, procedure } = await complaintOf(change);
    const stages = await store.selectStages(change.trx, complaint.caseId);
    if (complaint.stage === 2 && procedure.differentHandlerAtStage2) {
      const first = await stage1Handlers(change.trx, complaint.caseId, stages);
      if (first.has(input.userId)) throw new InvalidInput([{ field: 'userId', message: 'Choose someone who did not handle stage 1: the procedure asks for a different person at stage 2' }]);
    }
    const user = await change.trx.selectFrom('staff_user').select(['id', 'display_name']).where('id', '=', input.userId).where('active', '=', true).executeTakeFirst();
    if (!user) throw new InvalidInput([{ field: 'userId', message: 'Choose a member of staff from the list' }]);
    await store.setStageHandler(change.trx, complaint.caseId, complaint.stage, user.id);
    change.set({ assignee_id: user.id });
    change.record('assigned', { assigneeId: user.id, assignee: user.display_name, stage: complaint.stage });
  });
}

/** Who handled stage 1: its assigned handler and whoever responded. */
async function stage1Handlers(db: Db, caseId: string, stages: store.StageRow[]): Promise<Set<string>> {
  const responses = await store.selectResponses(db, caseId);
  const ids = [stages.find((s) => s.stage === 1)?.handlerId, responses.find((r) => r.stage === 1)?.respondedById];
  return new Set(ids.filter((id): id is string => !!id));
}

export interface ResponseForm {
  decision?: string;
  reasons?: string;
  apology?: string | boolean;
  actionTaken?: string;
  payment?: string;
  learning?: string;
  outstandingActions?: { action: string; owner: string; dueOn: string }[];
}

/**
 * The council's answer at the complaint's current stage: the decision, reasons, remedy, learning
 * and what is still to be done, kept with the letter sent, in the language the person used where the
 * procedure says so. A response is also an acknowledgement when none was made.
 */
export function respondToComplaint(ctx: CaseContext, input: ComplaintChange & { response: ResponseForm }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.responded', async (change) => {
    const parsed = responseSchema.safeParse(input.response);
    if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    const r = parsed.data;
    const { complaint, procedure } = await complaintOf(change);
    const stage = complaint.stage;
    const target = statusWithMilestone(change, STAGE_MILESTONES[stage].responded);
    if (!change.status.next.includes(target.code)) throw new InvalidInput([{ field: 'decision', message: `This complaint cannot be answered now: it is ${change.status.name.toLowerCase()}` }]);
    if (stage === 2 && procedure.differentHandlerAtStage2 && ctx.actor.id && (await stage1Handlers(change.trx, complaint.caseId, await store.selectStages(change.trx, complaint.caseId))).has(ctx.actor.id)) {
      throw new InvalidInput([{ field: 'decision', message: 'You handled stage 1, so someone else must respond at stage 2: the procedure asks for a different person' }]);
    }
    // A response acknowledges the complaint too, so a clock that starts on acknowledgement is measured.
    if (change.clocks.some((c) => c.startEvent === STAGE_MILESTONES[stage].acknowledged && c.events.length === 0)) change.milestone(STAGE_MILESTONES[stage].acknowledged);
    await moveTo(change, target.code, {});
    const language: Language = procedure.replyInLanguageUsed ? complaint.language : 'en';
    const letter = await renderTemplate(change.trx, 'complaint.response', {
      ...personalisation(change),
      stage: words(language).stage(stage),
      decision: decisionIn(language, r.decision),
      reasons: r.reasons,
      remedy: remedyIn(language, { apology: r.apology, actionTaken: r.actionTaken, paymentPence: r.payment }),
      learning: r.learning || words(language).none,
      outstanding_actions: r.outstandingActions.length ? r.outstandingActions.map((a) => `- ${words(language).outstanding(a, dayIn(language, new Date(`${a.dueOn}T12:00:00Z`)))}`).join('\n') : words(language).none,
      how_to_escalate: howToEscalateIn(language, procedure, stage),
    }, language);
    await store.insertResponse(change.trx, complaint.caseId, {
      stage,
      decision: r.decision,
      reasons: r.reasons,
      apology: r.apology,
      actionTaken: r.actionTaken,
      paymentPence: r.payment,
      learning: r.learning,
      outstandingActions: r.outstandingActions,
      howToEscalate: howToEscalateIn(language, procedure, stage),
      language: letter.language,
      letterSubject: letter.subject,
      letterBody: letter.body,
      respondedAt: ctx.now,
      respondedById: ctx.actor.type === 'staff' ? (ctx.actor.id ?? null) : null,
      respondedByLabel: ctx.actor.label,
    });
    change.record('complaint_responded', { stage, decision: r.decision, title: `Stage ${stage} response sent: ${DECISION_NAMES[r.decision]}`, quote: letter.body, publicTitle: `We sent our stage ${stage} response` }, { public: true });
    const to = { email: change.kase.contact.email || undefined, phone: change.kase.contact.phone || undefined };
    if (to.email || to.phone) await queueFilled(change.trx, letter, { ...to, caseId: complaint.caseId, now: ctx.now });
  });
}

export interface EscalationInput extends ComplaintChange {
  by: 'resident' | 'staff';
  reason: string;
  /** When the request for stage 2 reached the council (a letter); now by default. */
  receivedAt?: Date;
  /** Staff only: why a request made after the procedure's time for it is accepted. */
  lateReason?: string;
}

/**
 * Moves a complaint to stage 2, asked for by the person (from their tracking page) or by staff.
 * A person may ask once stage 1 has been answered; staff may escalate at any time before stage 2.
 */
export async function escalateComplaint(context: CaseContext, input: EscalationInput): Promise<void> {
  if (input.receivedAt && input.receivedAt > context.now) throw new InvalidInput([{ field: 'receivedAt', message: 'The date the request for stage 2 arrived must be today or in the past' }]);
  // Stage 2 starts when the request reached the council, which for a letter is before it is recorded.
  const ctx = { ...context, now: input.receivedAt ?? context.now };
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.escalated', async (change) => {
    const { complaint, procedure } = await complaintOf(change);
    const reason = input.reason.trim();
    if (complaint.stage === 2) throw new InvalidInput([{ field: 'reason', message: `This complaint has already been through stage 2. If you are still not satisfied, you can ask the ${procedure.ombudsman.name} to look at it` }]);
    if (!reason) throw new InvalidInput([{ field: 'reason', message: input.by === 'resident' ? 'Tell us why you are not satisfied with our response' : 'Enter why this complaint goes to stage 2' }]);
    if (reason.length > 5000) throw new InvalidInput([{ field: 'reason', message: 'Reason must be 5000 characters or fewer' }]);
    const responses = await store.selectResponses(change.trx, complaint.caseId);
    const stage1 = responses.find((r) => r.stage === 1);
    if (input.by === 'resident' && !stage1) throw new InvalidInput([{ field: 'reason', message: 'You can ask for stage 2 once we have sent our stage 1 response' }]);
    const target = statusWithMilestone(change, STAGE_MILESTONES[2].starts);
    if (!change.status.next.includes(target.code)) throw new InvalidInput([{ field: 'reason', message: `This complaint cannot go to stage 2: it is ${change.status.name.toLowerCase()}` }]);
    const receivedAt = ctx.now;
    const lateReason = input.lateReason?.trim();
    if (isLateEscalation(procedure, stage1 ? londonIsoDay(stage1.respondedAt) : null, londonIsoDay(receivedAt)) && !(input.by === 'staff' && lateReason)) {
      throw new InvalidInput([{ field: input.by === 'staff' ? 'lateReason' : 'reason', message: input.by === 'staff' ? `Stage 2 was asked for more than ${procedure.stage2RequestMonths} months after the stage 1 response: enter why it is accepted` : `Stage 2 must be asked for within ${procedure.stage2RequestMonths} months of our stage 1 response. Contact us if there is a reason you could not ask sooner, or ask the ${procedure.ombudsman.name}` }]);
    }
    await moveTo(change, target.code, { reason });
    await store.updateComplaint(change.trx, complaint.caseId, { stage: 2 });
    const how: StageStart = input.by === 'resident' ? 'escalated_by_resident' : 'escalated_by_staff';
    await store.insertStage(change.trx, { caseId: complaint.caseId, stage: 2, startedAt: receivedAt, startedHow: how, reason: lateReason ? `${reason}\n\nAccepted late: ${lateReason}` : reason });
    change.set({ assignee_id: null });
    change.record('complaint_escalated', { by: input.by, reason, title: input.by === 'resident' ? 'The customer asked for stage 2' : 'Escalated to stage 2', quote: reason, publicTitle: input.by === 'resident' ? 'You asked for a stage 2 review' : 'Your complaint moved to stage 2', ...(input.by === 'resident' && { publicMessage: reason, fromCustomer: true }) }, { public: true });
    await tell(change, 'complaint.escalated', complaint.language, { reason, promises: await promises(change, 2, complaint.language) });
  });
}

/** More time to respond, within the procedure's limit, with the person told why and by when. */
export function extendComplaint(ctx: CaseContext, input: ComplaintChange & { standardId: string; by: number; reason: string }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.extended', async (change) => {
    const { complaint } = await complaintOf(change);
    const clock = change.clock(input.standardId);
    if (!clock) throw new InvalidInput([{ field: 'standardId', message: 'Choose a timescale of this complaint' }]);
    if (!Number.isInteger(input.by) || input.by < 1) throw new InvalidInput([{ field: 'by', message: 'Enter the extension as a whole number of working days, like 5' }]);
    const reason = input.reason.trim();
    if (!reason) throw new InvalidInput([{ field: 'reason', message: 'Enter why more time is needed: the person is told' }]);
    const extended = extendClock(clock, ctx.now, input.by, reason);
    change.moveClocks([extended]);
    const working = await change.workingCalendar();
    const due = recordOf(working.calendar, extended, ctx.now).dueAt;
    change.record('standard_extended', { standardId: clock.standardId, standard: clock.sentence, by: input.by, unit: clock.rule.unit, reason });
    change.record('public_update', { message: `We need more time: ${reason}${due ? ` We will now respond by ${dayIn('en', due)}.` : ''}` }, { public: true });
    await tell(change, 'complaint.extended', complaint.language, { reason, new_date: due ? dayIn(complaint.language, due) : '' });
  });
}

/** Decides on a complaint made after the time limit: accepted with a reason, or not accepted with reasons and the Ombudsman's details. */
export function decideLateComplaint(ctx: CaseContext, input: ComplaintChange & { accept: boolean; reason: string }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, input.accept ? 'complaint.late_accepted' : 'complaint.late_refused', async (change) => {
    const { complaint, procedure } = await complaintOf(change);
    if (!complaint.late || complaint.lateDecision) throw new InvalidInput([{ field: 'accept', message: 'There is no decision to make: this complaint was made in time, or the decision is made' }]);
    const reason = input.reason.trim();
    if (!reason) throw new InvalidInput([{ field: 'reason', message: input.accept ? 'Enter why this late complaint is accepted' : 'Enter the reasons it is not accepted: the person is told them' }]);
    await store.updateComplaint(change.trx, complaint.caseId, { lateDecision: input.accept ? 'accepted' : 'refused', lateReason: reason });
    change.record(input.accept ? 'complaint_late_accepted' : 'complaint_late_refused', { reason, title: input.accept ? 'Accepted although made after the time limit' : 'Not accepted: made after the time limit', quote: reason });
    if (input.accept) return;
    const refused = change.workflow.statuses.find((s) => s.code === 'refused') ?? change.workflow.statuses.find((s) => s.category === 'cancelled');
    if (!refused) throw new Error(`workflow ${change.workflow.code} has no status for a refused complaint`);
    await moveTo(change, refused.code, { reason });
    const o = procedure.ombudsman;
    await tell(change, 'complaint.not_accepted', complaint.language, { reasons: reason, ombudsman: `${o.name}\n${o.phone}\n${o.website}\n${o.address}` });
  });
}

// ---- Ombudsman

export interface ReferralInput {
  ombudsmanReference?: string;
  enquiryOn: string;
  enquiry: string;
  decision?: string | null;
  decidedOn?: string | null;
  recommendedRemedy?: string;
  remedyCompliedOn?: string | null;
}

const isDay = (v: string | null | undefined): boolean => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const REFERRAL_DECISIONS = ['not_investigated', 'upheld', 'partly_upheld', 'not_upheld', 'settled'] as const;

function checkReferral(input: ReferralInput): void {
  const issues = [];
  if (!isDay(input.enquiryOn)) issues.push({ field: 'enquiryOn', message: 'Enter the date the Ombudsman’s enquiry arrived' });
  if (!input.enquiry.trim()) issues.push({ field: 'enquiry', message: 'Enter what the Ombudsman asked' });
  if (input.decision && !(REFERRAL_DECISIONS as readonly string[]).includes(input.decision)) issues.push({ field: 'decision', message: 'Choose the Ombudsman’s decision from the list' });
  if (input.decision && !isDay(input.decidedOn)) issues.push({ field: 'decidedOn', message: 'Enter the date of the Ombudsman’s decision' });
  if (!input.decision && input.decidedOn) issues.push({ field: 'decision', message: 'Choose the Ombudsman’s decision, or leave its date empty' });
  if (input.remedyCompliedOn && !isDay(input.remedyCompliedOn)) issues.push({ field: 'remedyCompliedOn', message: 'Enter a real date, like 27 3 2027' });
  if (issues.length) throw new InvalidInput(issues);
}

/** Records an Ombudsman's enquiry about a complaint, or its decision and remedy on an enquiry already recorded. */
export function recordReferral(ctx: CaseContext, input: ComplaintChange & { referralId?: string; referralVersion?: number; referral: ReferralInput }): Promise<void> {
  checkReferral(input.referral);
  const r = input.referral;
  const values = {
    ombudsman_reference: r.ombudsmanReference?.trim() ?? '',
    enquiry_on: r.enquiryOn,
    enquiry: r.enquiry.trim(),
    decision: (r.decision || null) as (typeof REFERRAL_DECISIONS)[number] | null,
    decided_on: r.decision ? (r.decidedOn ?? null) : null,
    recommended_remedy: r.recommendedRemedy?.trim() ?? '',
    remedy_complied_on: r.remedyCompliedOn || null,
  };
  return changeCase(ctx, input.reference, input.expectedVersion, 'complaint.ombudsman_recorded', async (change) => {
    const { complaint } = await complaintOf(change);
    if (input.referralId) {
      const updated = await change.trx
        .updateTable('ombudsman_referral')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('id', '=', input.referralId)
        .where('case_id', '=', complaint.caseId)
        .where('version', '=', input.referralVersion ?? -1)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError('This Ombudsman referral changed since you opened it');
    } else {
      await change.trx.insertInto('ombudsman_referral').values({ case_id: complaint.caseId, ...values, created_at: ctx.now, created_by_label: ctx.actor.label }).execute();
    }
    change.record('ombudsman_referral', { decision: values.decision, reference: values.ombudsman_reference, title: values.decision ? 'Ombudsman’s decision recorded' : 'Ombudsman’s enquiry recorded', lines: [values.ombudsman_reference && `Ombudsman’s reference: ${values.ombudsman_reference}`].filter((l): l is string => !!l) });
  });
}

// ---- reading

export interface ComplaintView extends store.ComplaintRow {
  reference: string;
  procedure: ProcedureDefinition;
  stages: store.StageRow[];
  responses: store.ResponseRow[];
  referrals: store.ReferralRow[];
}

export async function getComplaint(db: Db, reference: string): Promise<ComplaintView | undefined> {
  const kase = await selectCase(db, { reference });
  const complaint = kase && (await store.selectComplaint(db, kase.id));
  if (!kase || !complaint) return undefined;
  const [procedure, stages, responses, referrals] = await Promise.all([
    getProcedure(db, complaint.procedureCode, complaint.procedureVersion),
    store.selectStages(db, kase.id),
    store.selectResponses(db, kase.id),
    store.selectReferrals(db, kase.id),
  ]);
  return { ...complaint, reference: kase.reference, procedure: procedure.definition, stages, responses, referrals };
}

export interface ComplaintPromise {
  stage: ComplaintStage;
  kind: 'acknowledgement' | 'response';
  sentence: string;
  /** When it is due, once its clock runs; null before it starts. */
  dueAt: Date | null;
  /** Met or missed once stopped. */
  outcome: 'met' | 'missed' | 'void' | null;
}

/**
 * What the council has promised on a complaint's current stage: "We will acknowledge by …", "We
 * will reply by …" for the tracking page and the letters.
 */
export async function complaintPromises(db: Db, reference: string): Promise<ComplaintPromise[]> {
  const view = await getComplaint(db, reference);
  if (!view) return [];
  const clocks = await db
    .selectFrom('case_standard as cs')
    .innerJoin('service_standard as ss', 'ss.id', 'cs.standard_id')
    .innerJoin('service_standard_version as v', (j) => j.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['ss.code', 'v.sentence', 'v.start_event', 'cs.due_at', 'cs.outcome'])
    .where('cs.case_id', '=', view.caseId)
    .execute();
  const kinds = new Map([...view.procedure.stages[1].standards, ...view.procedure.stages[2].standards].map((s) => [s.code, s.kind]));
  return clocks
    .filter((c) => stageOfStandard(c.start_event) === view.stage && c.outcome !== 'void')
    .map((c) => ({ stage: view.stage, kind: kinds.get(c.code) ?? 'response', sentence: c.sentence, dueAt: c.due_at, outcome: c.outcome }))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'acknowledgement' ? -1 : 1));
}

// ---- notifications

function personalisation(change: CaseChange): Record<string, string> {
  return { reference: change.kase.reference, name: change.kase.contact.name || 'Sir or Madam', tracking_url: trackingUrl(change.ctx.publicUrl) };
}

/** The promises of a stage as lines: "… : by Tuesday 22 December 2026." for a running clock, the promise alone before it starts. */
async function promises(change: CaseChange, stage: ComplaintStage, language: Language): Promise<string> {
  const working = await change.workingCalendar();
  const lines = change.clocks
    .filter((c: CaseClock) => !c.void && stageOfStandard(c.startEvent) === stage && !c.events.some((e) => e.type === 'stop'))
    .map((c) => {
      const due = isRunning(c) ? recordOf(working.calendar, c, change.ctx.now).dueAt : null;
      return due ? words(language).by(c.sentence, dayIn(language, due)) : `${c.sentence}.`;
    });
  return lines.join('\n');
}

async function tell(change: CaseChange, template: string, language: Language, extra: Record<string, string>): Promise<void> {
  const to = { email: change.kase.contact.email || undefined, phone: change.kase.contact.phone || undefined };
  if (!to.email && !to.phone) return;
  await queueNotification(change.trx, { template, to, caseId: change.kase.id, now: change.ctx.now, language, personalisation: { ...personalisation(change), ...extra } });
}
