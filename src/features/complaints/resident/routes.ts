// "Make a complaint" (/complain): one page that says what a complaint is, how long the person has
// and what happens next, then the form; a confirmation with the reference, the private tracking link
// and the dates we promise. A council that has not adopted a procedure gets its contact details.
// Reached from the home page, each service's page (?service=) and the charter's "we did not meet
// this standard" report (?standard=&feedback=, whose answers fill the form so nobody types twice).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { datePartsOf, DATE_PARTS, type DatePart } from '../../../platform/web/date-input.js';
import { formBody, invalidInputErrors, mergeErrors, readFormBody, type FormErrors } from '../../../platform/web/forms.js';
import { londonDate } from '../../../time/index.js';
import { privatePage } from '../../cases/tracking/routes.js';
import { isTokenOf } from '../../cases/tracking/service.js';
import { UUID } from '../../charter/model.js';
import { publishedCharter, type CharterEntry } from '../../charter/service.js';
import { viewFeedback } from '../../insight/service.js';
import { complaintPromises, ComplaintsNotSetUp, COMPLAINTS_SERVICE_CODE, getComplaint, getComplaintSetup, makeComplaint, type ComplaintSetup } from '../service.js';
import { COMPLAINT_INPUTS, MAX_PUT_RIGHT, MAX_WHAT_WENT_WRONG, readComplaintForm, type ComplaintBody } from './form.js';
import { promiseText } from './section.js';

const VIEWS = 'features/complaints/resident/views';
/** A report of a standard not met fills the form only for a while after it was made: its id is in the address. */
const FEEDBACK_PREFILL_MS = 60 * 60_000;
const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const residentActor = (request: FastifyRequest, name: string): Actor => ({ type: 'resident', label: name || 'resident (complaint form)', ip: request.ip });

type Standard = CharterEntry['standards'][number];
interface StandardAbout {
  standard: Standard;
  serviceId: string;
  serviceName: string;
}

/** A published standard, as the charter shows it; anything else in the address is ignored. */
function findStandard(charter: readonly CharterEntry[], id: string): StandardAbout | undefined {
  if (!UUID.test(id)) return undefined;
  for (const entry of charter) {
    const standard = entry.standards.find((s) => s.id === id);
    if (standard) return { standard, serviceId: entry.service.id, serviceName: entry.service.name };
  }
  return undefined;
}

/** The services a complaint may be about: every published one but complaints itself. */
const servicesOf = (charter: readonly CharterEntry[]) => charter.map((e) => e.service).filter((s) => s.code !== COMPLAINTS_SERVICE_CODE);

export interface ResidentComplaintDeps {
  db: Db;
  now: () => Date;
  publicUrl: string;
}

export function registerResidentComplaintRoutes(app: FastifyInstance, deps: ResidentComplaintDeps): void {
  const { db } = deps;

  const notSetUp = (reply: FastifyReply) => reply.page(`${VIEWS}/complain-not-set-up.njk`, { pageTitle: 'Make a complaint' });

  async function showForm(reply: FastifyReply, setup: ComplaintSetup, values: ComplaintBody, view: { errors?: FormErrors; dateParts?: readonly DatePart[]; prefilled?: boolean } = {}) {
    const charter = await publishedCharter(db);
    const about = findStandard(charter, first(values.standardId));
    const chosen = first(values.serviceId) || about?.serviceId || '';
    const { definition } = setup.procedure;
    return reply.code(view.errors ? 400 : 200).page(`${VIEWS}/complain.njk`, {
      pageTitle: 'Make a complaint',
      values,
      errors: view.errors,
      prefilled: view.prefilled ?? false,
      about,
      welsh: setup.welsh,
      maxWhatWentWrong: MAX_WHAT_WENT_WRONG,
      maxPutRight: MAX_PUT_RIGHT,
      timeLimitMonths: definition.timeLimitMonths,
      stage1: definition.stages[1].standards.map((s) => s.sentence),
      ombudsman: definition.ombudsman.name,
      services: [{ value: '', text: 'Not sure, or more than one' }, ...servicesOf(charter).map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen }))],
      dateItems: DATE_PARTS.map((part) => ({
        name: part,
        label: part.charAt(0).toUpperCase() + part.slice(1),
        value: first(values[`problemOn-${part}`]),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${view.dateParts?.includes(part) ? ' govuk-input--error' : ''}`,
      })),
    });
  }

  /**
   * What the person told us a moment ago on "we did not meet this standard": their words, the
   * date and how to reach them, so they are not asked again. Only for the standard in the address
   * and only for an hour, since the report's id travels in it.
   */
  async function fromFeedback(request: FastifyRequest, feedbackId: string, standardId: string): Promise<ComplaintBody | undefined> {
    if (!UUID.test(feedbackId)) return undefined;
    const now = deps.now();
    const feedback = await viewFeedback({ db, actor: residentActor(request, ''), now }, feedbackId);
    if (!feedback || feedback.kind !== 'failed_standard' || feedback.standardId !== standardId) return undefined;
    if (now.getTime() - feedback.receivedAt.getTime() > FEEDBACK_PREFILL_MS) return undefined;
    const date = feedback.happenedOn ? datePartsOf(feedback.happenedOn) : undefined;
    return {
      whatHappened: feedback.body,
      ...(date && { 'problemOn-day': date.day, 'problemOn-month': date.month, 'problemOn-year': date.year }),
      contactName: feedback.contactName ?? '',
      contactEmail: feedback.contactEmail ?? '',
      contactPhone: feedback.contactPhone ?? '',
    };
  }

  app.get('/complain', privatePage, async (request, reply) => {
    const setup = await getComplaintSetup(db);
    if (!setup) return notSetUp(reply);
    const query = formBody(request.query);
    const about = findStandard(await publishedCharter(db), first(query.standard));
    const prefill = about ? await fromFeedback(request, first(query.feedback), about.standard.id) : undefined;
    const values: ComplaintBody = { serviceId: first(query.service), ...(about && { standardId: about.standard.id, serviceId: about.serviceId }), ...prefill, ...(prefill && { feedbackId: first(query.feedback) }) };
    return showForm(reply, setup, values, { prefilled: !!prefill });
  });

  // Reads its own unstorable text (a NUL, say), to show the form again with the message on the field.
  app.post('/complain', { ...privatePage, config: { ownTextCheck: true } }, async (request, reply) => {
    const setup = await getComplaintSetup(db);
    if (!setup) return notSetUp(reply);
    const { body, errors: inputErrors } = readFormBody(request.body, (name) => COMPLAINT_INPUTS[name]);
    const now = deps.now();
    const charter = await publishedCharter(db);
    const about = findStandard(charter, first(body.standardId));
    const reading = readComplaintForm(body, { today: londonDate(now), serviceIds: servicesOf(charter).map((s) => s.id), welsh: setup.welsh });
    if (inputErrors || !reading.ok) {
      // A field with unstorable text shows that message, not what the rest of its checks made of it.
      return showForm(reply, setup, body, { errors: mergeErrors(inputErrors, reading.ok ? undefined : reading.errors), dateParts: reading.ok ? [] : reading.dateParts });
    }
    const form = reading.form;
    try {
      const made = await makeComplaint({ db, actor: residentActor(request, form.contactName), now, publicUrl: deps.publicUrl }, {
        channel: 'web',
        receivedAt: now,
        contact: { name: form.contactName, ...(form.contactEmail && { email: form.contactEmail }), ...(form.contactPhone && { phone: form.contactPhone }) },
        whatHappened: form.whatHappened,
        putRight: form.putRight,
        problemOn: form.problemOn,
        about: {
          ...(form.aboutCase && { caseReference: form.aboutCase }),
          ...((form.serviceId || about) && { serviceId: form.serviceId || about!.serviceId }),
          ...(about && { standardId: about.standard.id }),
        },
        language: form.language,
        // The report they made first is tied to this complaint, so the insight group reads them together.
        ...(about && UUID.test(first(body.feedbackId)) && { fromFeedbackId: first(body.feedbackId) }),
      });
      // The private link goes to the resident's own browser only, as the e-form's does (privatePage).
      const token = made.trackingToken ? `&t=${encodeURIComponent(made.trackingToken)}` : '';
      return await reply.redirect(`/complain/sent?reference=${encodeURIComponent(made.reference)}${token}`, 303);
    } catch (error) {
      if (error instanceof ComplaintsNotSetUp) return notSetUp(reply);
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(reply, setup, body, { errors: invalidInputErrors(error, (field) => COMPLAINT_INPUTS[field]?.id ?? field) });
    }
  });

  app.get('/complain/sent', privatePage, async (request, reply) => {
    const query = formBody(request.query);
    const reference = first(query.reference);
    if (!REFERENCE.test(reference)) return reply.callNotFound();
    // Only with the complaint's own link does the page say anything of the complaint itself (its
    // dates, whether it was late) or offer the link: a made-up one learns only what /complain says.
    const token = first(query.t);
    const complaint = (await isTokenOf(db, reference, token)) ? await getComplaint(db, reference) : undefined;
    const setup = await getComplaintSetup(db);
    const procedure = complaint?.procedure ?? setup?.procedure.definition;
    if (!procedure) return notSetUp(reply);
    return reply.page(`${VIEWS}/complain-sent.njk`, {
      pageTitle: 'Complaint sent',
      reference,
      trackingPath: complaint ? `/track/${token}` : undefined,
      promises: complaint ? (await complaintPromises(db, reference)).map(promiseText) : procedure.stages[1].standards.map((s) => `${s.sentence}.`),
      ombudsman: procedure.ombudsman.name,
      late: complaint?.late ?? false,
      timeLimitMonths: procedure.timeLimitMonths,
    });
  });
}
