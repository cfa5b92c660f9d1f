// "Your complaint" on the resident's tracking page: the stage it is at, what we have promised and
// by when, the replies we have sent, and the form to ask for a stage 2 review. The tracking feature
// (cases/tracking) shows this section for any case that is a complaint; it knows nothing else of
// complaints. Never shows who at the council did what: only what was sent to the resident.
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import type { CaseContext } from '../../cases/lifecycle.js';
import type { StatusCategory } from '../../cases/workflow/model.js';
import type { TrackingSection, TrackingSectionInput } from '../../cases/tracking/routes.js';
import { DECISION_NAMES, type ComplaintStage, type Decision } from '../model.js';
import { complaintPromises, escalateComplaint, getComplaint, type ComplaintPromise } from '../service.js';
import { dayIn } from '../words.js';

const VIEWS = 'features/complaints/resident/views';
/** Where the stage 2 form posts, under the tracking page's own address. */
export const STAGE_2_PATH = 'stage-2';
/** The query the page is shown with after a stage 2 request, for its banner. */
const ASKED = 'stage2=asked';

export interface ComplaintSection {
  stage: ComplaintStage;
  stageName: string;
  /** "We are looking into your complaint.", "We have replied to your complaint." … */
  summary: string;
  /** What we have promised on the current stage and not yet done: "We will reply to your complaint by …". */
  promises: string[];
  responses: { stageName: string; decision: string; respondedAt: Date; subject: string; letter: string }[];
  /** The resident may ask for stage 2 now: stage 1 answered, still at stage 1, not withdrawn or refused. */
  canAskForStage2: boolean;
  stage2Name: string;
  /** Months from the stage 1 reply within which stage 2 may be asked for; null: no limit. */
  stage2RequestMonths: number | null;
  /** After stage 2 has been answered: who to go to next. */
  ombudsman: { name: string; phone: string; website: string; address: string } | null;
  /** Just asked for stage 2: the tracking page shows this at its top. */
  banner?: { heading: string; text: string };
  /** The reason typed, when the request was refused. */
  reason: string;
  action: string;
  /** The stage 2 form's own field error (the summary is at the top of the page). */
  error: string | undefined;
}

/** The promise as the resident reads it: its day where the clock runs, the promise alone where it does not yet. */
export function promiseText(p: ComplaintPromise): string {
  if (!p.dueAt) return `${p.sentence}.`;
  const day = dayIn('en', p.dueAt);
  const what = p.stage === 2 ? 'request for a stage 2 review' : 'complaint';
  return p.kind === 'acknowledgement' ? `We will acknowledge your ${what} by ${day}.` : `We will reply to your ${what} by ${day}.`;
}

/** The decision in the words of the letter, with what it means for someone who does not know them. */
const DECISION_MEANING: Record<Decision, string> = {
  upheld: 'we agree with your complaint',
  partly_upheld: 'we agree with some of your complaint',
  not_upheld: 'we do not agree that we got it wrong',
  resolved: 'we have sorted out the problem with you',
};

/** Where the complaint has got to, in one sentence. */
function whereItIs(stage: ComplaintStage, answered: boolean, category: StatusCategory): string {
  if (category === 'cancelled' || category === 'duplicate') return 'Your complaint is closed.';
  // Its clocks are paused meanwhile: the banner above says what we asked.
  if (category === 'waiting') return 'We need more information from you before we can carry on. Until you send it, the dates below will move.';
  if (stage === 1) return answered ? 'We have replied to your complaint.' : 'We are looking into your complaint.';
  return answered ? 'We have replied to your request for a stage 2 review.' : 'We are looking at your complaint again (stage 2 review).';
}

/** The section's model for a case, or undefined when the case is not a complaint. */
export async function complaintSection(db: Db, input: TrackingSectionInput): Promise<ComplaintSection | undefined> {
  const complaint = await getComplaint(db, input.reference);
  if (!complaint) return undefined;
  const { procedure } = complaint;
  const promises = await complaintPromises(db, input.reference);
  const ended = input.category === 'cancelled' || input.category === 'duplicate';
  const answered = (stage: ComplaintStage) => complaint.responses.some((r) => r.stage === stage);
  const posted = input.posted?.form === STAGE_2_PATH ? input.posted : undefined;
  return {
    stage: complaint.stage,
    stageName: procedure.stages[complaint.stage].name,
    summary: whereItIs(complaint.stage, answered(complaint.stage), input.category),
    // A promise kept is no longer a promise; one missed still says when it was due.
    promises: ended ? [] : promises.filter((p) => p.outcome === null).map(promiseText),
    responses: complaint.responses.map((r) => ({
      stageName: procedure.stages[r.stage].name,
      decision: `${DECISION_NAMES[r.decision]}: ${DECISION_MEANING[r.decision]}`,
      respondedAt: r.respondedAt,
      subject: r.letterSubject,
      letter: r.letterBody,
    })),
    canAskForStage2: complaint.stage === 1 && answered(1) && !ended,
    stage2Name: procedure.stages[2].name,
    stage2RequestMonths: procedure.stage2RequestMonths,
    ombudsman: answered(2) ? procedure.ombudsman : null,
    ...(input.query.stage2 === 'asked' && !posted && complaint.stage === 2 && {
      banner: { heading: 'We have your request for a stage 2 review', text: 'We will look at your complaint again and tell you what we find. You can see below when we will reply.' },
    }),
    reason: typeof posted?.body.reason === 'string' ? posted.body.reason : '',
    action: `${input.base}/${STAGE_2_PATH}`,
    error: posted?.errors?.fields.reason?.text,
  };
}

/** The resident asks for a stage 2 review from their tracking page; the redirect's query shows the banner. */
export async function askForStage2(ctx: CaseContext, reference: string, body: Record<string, string | string[]>): Promise<string> {
  const reason = typeof body.reason === 'string' ? body.reason : '';
  if (!(await getComplaint(ctx.db, reference))) throw new InvalidInput([{ field: 'reason', message: 'This request is not a complaint' }]);
  await escalateComplaint(ctx, { reference, by: 'resident', reason });
  return ASKED;
}

/** What the tracking page needs: app.ts passes it to registerTrackingRoutes. */
export const complaintTrackingSection: TrackingSection = {
  template: `${VIEWS}/track-section.njk`,
  model: complaintSection,
  forms: { [STAGE_2_PATH]: askForStage2 },
  replacesSummary: true,
};
