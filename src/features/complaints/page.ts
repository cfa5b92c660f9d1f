// Everything the complaint page shows, read in one place: the case as the case page reads it (its
// status, contact, customer, clocks), the complaint (stage history, responses, Ombudsman) and the
// choices its forms offer. The rule that stage 2 goes to someone new is the procedure's data.
import type { Db } from '../../platform/db/database.js';
import { loadCasePage, type CasePage } from '../cases/case-page/page.js';
import { selectWorkflow } from '../cases/store.js';
import { DECISION_NAMES, formatPounds, type ComplaintStage, type StageStart } from './model.js';
import { selectComplaintHandlers, selectExtensionLimits } from './queue.js';
import { complaintPromises, getComplaint, type ComplaintPromise, type ComplaintView } from './service.js';

export const STAGE_START_NAMES: Record<StageStart, string> = {
  received: 'Complaint received',
  escalated_by_resident: 'Asked for by the person',
  escalated_by_staff: 'Escalated by staff',
  direct: 'Straight to stage 2 (complex complaint)',
};

export const REFERRAL_DECISION_NAMES = {
  not_investigated: 'Not investigated',
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  settled: 'Settled',
} as const;

export interface ComplaintPage {
  case: CasePage;
  complaint: ComplaintView;
  promises: ComplaintPromise[];
  href: string;
  whatHappened: string;
  putRight: string;
  lateState: 'in_time' | 'awaiting' | 'accepted' | 'refused';
  responses: (ComplaintView['responses'][number] & { decisionName: string; payment: string | null })[];
  /** Each stage with the response sent at it, if any. */
  stages: (ComplaintView['stages'][number] & { response: string | null })[];
  /** What each action is allowed now; the service checks again. */
  allowed: { acknowledge: boolean; respond: boolean; escalate: boolean };
  handlers: { value: string; text: string }[];
  /** The running timescales the procedure lets be extended, with the most each may grow by in all. */
  extendable: { standardId: string; text: string }[];
  /** The stage 1 handler(s), when the procedure asks for someone else at stage 2. */
  differentHandlerRule: string | null;
  currentHandler: string | null;
}

export const complaintPageHref = (reference: string): string => `/staff/complaints/${encodeURIComponent(reference)}`;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The page for a complaint; 'not_a_complaint' for a case of another kind; undefined for no case. */
export async function loadComplaintPage(db: Db, reference: string, now: Date): Promise<ComplaintPage | 'not_a_complaint' | undefined> {
  const casePage = await loadCasePage(db, reference, now);
  if (!casePage) return undefined;
  const complaint = await getComplaint(db, reference);
  if (!complaint) return 'not_a_complaint';
  const [promises, handlers, workflow, limits] = await Promise.all([
    complaintPromises(db, reference), selectComplaintHandlers(db), selectWorkflow(db, casePage.kase.workflowCode), selectExtensionLimits(db, casePage.kase.id),
  ]);
  const stage = complaint.stage;
  // Whether the case may move now to the status recording a milestone (acknowledged, responded, escalated).
  const milestoneNext = (milestone: string) => {
    const target = workflow.statuses.find((s) => s.milestone === milestone);
    return !!target && casePage.status.next.includes(target.code);
  };
  const stageOneHandlers = stageOneHandlerNames(complaint);
  return {
    case: casePage,
    complaint,
    promises,
    href: complaintPageHref(reference),
    whatHappened: text(casePage.kase.answers.what_happened),
    putRight: text(casePage.kase.answers.put_right),
    lateState: !complaint.late ? 'in_time' : complaint.lateDecision === null ? 'awaiting' : complaint.lateDecision,
    responses: complaint.responses.map((r) => ({ ...r, decisionName: DECISION_NAMES[r.decision], payment: r.paymentPence ? formatPounds(r.paymentPence) : null })),
    stages: complaint.stages.map((st) => {
      const r = complaint.responses.find((x) => x.stage === st.stage);
      return { ...st, response: r ? `${DECISION_NAMES[r.decision]}, by ${r.respondedByLabel}` : null };
    }),
    allowed: {
      acknowledge: milestoneNext(stage === 1 ? 'acknowledged' : 'escalation_acknowledged'),
      respond: milestoneNext(stage === 1 ? 'resolved' : 'escalation_resolved'),
      escalate: stage === 1 && milestoneNext('escalated'),
    },
    handlers: handlers.map((h) => ({ value: h.id, text: h.name })),
    extendable: casePage.standards
      .filter((s) => s.extendable && limits.get(s.standardId) !== 0)
      .map((s) => {
        const limit = limits.get(s.standardId);
        return { standardId: s.standardId, text: `${s.sentence} (${limit ? `up to ${limit} ${s.unit} in all` : `in ${s.unit}`})` };
      }),
    differentHandlerRule:
      complaint.procedure.differentHandlerAtStage2 && (stage === 2 || stageOneHandlers.length > 0)
        ? `The procedure asks for stage 2 to be handled by someone other than stage 1${stageOneHandlers.length ? ` (${stageOneHandlers.join(', ')})` : ''}.`
        : null,
    currentHandler: complaint.stages.find((s) => s.stage === stage)?.handlerName ?? null,
  };
}

function stageOneHandlerNames(complaint: ComplaintView): string[] {
  const names = [complaint.stages.find((s) => s.stage === 1)?.handlerName, complaint.responses.find((r) => r.stage === 1)?.respondedByLabel];
  return [...new Set(names.filter((n): n is string => !!n))];
}

export const stageName = (complaint: ComplaintView, stage: ComplaintStage): string => complaint.procedure.stages[stage].name;
