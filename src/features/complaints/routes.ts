// The complaints officer's pages: the queue (/staff/complaints), the complaint page with a form for
// each step of the procedure, the response form, and recording a complaint made by phone, at the
// desk or by letter (advisors and the mail room too). Every page that shows a complaint is audited
// as a view of the case, and so of its customer's record. Forms carry the case's version: a change
// made meanwhile shows the case page's "changed since you opened it" message and the latest details.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.js';
import { can } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { formBody } from '../../platform/web/forms.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { londonDate } from '../../time/index.js';
import { listServices } from '../charter/service.js';
import { STALE_MESSAGE } from '../cases/case-page/routes.js';
import { CaseNotFound, type CaseContext } from '../cases/lifecycle.js';
import { pageLinks } from '../cases/queue/model.js';
import { parseReference } from '../cases/reference.js';
import { getCustomer } from '../customers/service.js';
import {
  Errors, OUTSTANDING_ROWS, channelItems, dateItems, one, readDate, readRecordForm, readResponseForm, receivedInstant, recordErrors, responseErrors, todayParts,
  type Body, type PageErrors,
} from './forms.js';
import { DECISION_NAMES, DECISIONS } from './model.js';
import { complaintPageHref, loadComplaintPage, REFERRAL_DECISION_NAMES, STAGE_START_NAMES, type ComplaintPage } from './page.js';
import { complaintsHref, parseComplaintsQuery, QUEUE_FILTER_NAMES, QUEUE_FILTERS, selectComplaintsPage, COMPLAINTS_PAGE_SIZE } from './queue.js';
import {
  acknowledgeComplaint, assignHandler, ComplaintsNotSetUp, decideLateComplaint, escalateComplaint, extendComplaint, getComplaintSetup, makeComplaint, NotAComplaint, recordReferral, respondToComplaint,
} from './service.js';

const VIEWS = 'features/complaints/views';
const read = { permission: 'complaints:read' } as const;
const work = { permission: 'complaints:work' } as const;
const record = { permission: 'complaints:record' } as const;
// Advisors may follow a complaint's link from a customer's timeline: they are sent to its case record.
const caseRead = { permission: 'cases:read' } as const;

export const complaintsNavigation: NavigationItem[] = [
  { href: '/staff/complaints', text: 'Complaints', permission: 'complaints:read' },
  { href: '/staff/complaints/new', text: 'Record a complaint', permission: 'complaints:record' },
];

type Params = { Params: { reference: string } };

/** The forms on the complaint page; an input's id is `${action}-${field}`. */
const ACTIONS = ['acknowledge', 'assign', 'escalate', 'extend', 'late', 'referral', 'decision'] as const;
type Action = (typeof ACTIONS)[number];
const FIELDS: Record<Action, readonly string[]> = {
  acknowledge: [],
  assign: ['userId'],
  escalate: ['reason', 'receivedDate', 'lateReason'],
  extend: ['standardId', 'by', 'reason'],
  late: ['accept', 'reason'],
  referral: ['ombudsmanReference', 'enquiryOn', 'enquiry'],
  decision: ['referralId', 'decision', 'decidedOn', 'recommendedRemedy', 'remedyCompliedOn'],
};
const DATE_FIELDS = new Set(['receivedDate', 'enquiryOn', 'decidedOn', 'remedyCompliedOn']);

const DONE: Record<string, string> = {
  recorded: 'Complaint recorded',
  'recorded-late': 'Complaint recorded. It was made after the time limit: decide below whether to accept it',
  acknowledged: 'Complaint acknowledged: the person has been told',
  assigned: 'Handler assigned',
  escalated: 'Complaint escalated to stage 2: the person has been told',
  extended: 'Timescale extended: the person has been told why and the new date',
  'late-accepted': 'Late complaint accepted',
  'late-refused': 'Late complaint not accepted: the person has been told why and about the Ombudsman',
  referral: 'Ombudsman enquiry recorded',
  decision: 'Ombudsman decision recorded',
  responded: 'Response sent',
};

const versionOf = (body: Body): number => (/^\d{1,9}$/.test(one(body, 'version')) ? Number(one(body, 'version')) : -1);

/** A service's refusal on a form's fields, unprefixed; anything else points at the form. */
function serviceErrors(action: Action, error: InvalidInput): PageErrors {
  const errors = new Errors();
  for (const issue of error.issues) {
    const field = FIELDS[action].includes(issue.field) ? issue.field : 'form';
    errors.add(field, issue.message, DATE_FIELDS.has(field) ? `${field}-day` : field);
  }
  return errors.result;
}

/** A form's errors with its inputs' ids (`${action}-${field}`), for the template and the summary's links. */
function prefixed(action: Action, errors: PageErrors): PageErrors {
  const id = (key: string) => `${action}-${key}`;
  return {
    summary: errors.summary.map((s) => ({ text: s.text, href: `#${id(s.href.slice(1))}` })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [id(k), v])),
    dateParts: Object.fromEntries(Object.entries(errors.dateParts).map(([k, v]) => [id(k), v])),
  };
}

type Run = (ctx: CaseContext, target: { reference: string; expectedVersion: number }, body: Body, page: ComplaintPage) => Promise<string>;

/** A form's own checks, thrown as the service would, so one path shows them. */
class FormMistakes extends Error {
  constructor(readonly errors: PageErrors) {
    super('form mistakes');
  }
}
const check = (errors: Errors) => {
  if (errors.any) throw new FormMistakes(errors.result);
};

const RUN: Record<Action, Run> = {
  acknowledge: async (ctx, target) => {
    await acknowledgeComplaint(ctx, target);
    return 'acknowledged';
  },
  assign: async (ctx, target, body) => {
    const userId = one(body, 'userId');
    if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new InvalidInput([{ field: 'userId', message: 'Choose a member of staff from the list' }]);
    await assignHandler(ctx, { ...target, userId });
    return 'assigned';
  },
  escalate: async (ctx, target, body) => {
    const errors = new Errors();
    const day = readDate(body, errors, 'receivedDate', 'Date the request was received', { required: false, notAfter: londonDate(ctx.now) });
    if (!one(body, 'reason').trim()) errors.add('reason', 'Enter why this complaint goes to stage 2');
    check(errors);
    await escalateComplaint(ctx, { ...target, by: 'staff', reason: one(body, 'reason'), lateReason: one(body, 'lateReason'), ...(day && { receivedAt: receivedInstant(day, ctx.now) }) });
    return 'escalated';
  },
  extend: async (ctx, target, body, page) => {
    const standardId = one(body, 'standardId');
    if (!page.extendable.some((s) => s.standardId === standardId)) throw new InvalidInput([{ field: 'standardId', message: 'Choose a running timescale from the list' }]);
    const by = one(body, 'by').trim();
    await extendComplaint(ctx, { ...target, standardId, by: /^\d{1,6}$/.test(by) ? Number(by) : Number.NaN, reason: one(body, 'reason') });
    return 'extended';
  },
  late: async (ctx, target, body) => {
    const accept = one(body, 'accept');
    if (accept !== 'yes' && accept !== 'no') {
      const errors = new Errors();
      errors.add('accept', 'Select whether the late complaint is accepted');
      throw new FormMistakes(errors.result);
    }
    await decideLateComplaint(ctx, { ...target, accept: accept === 'yes', reason: one(body, 'reason') });
    return accept === 'yes' ? 'late-accepted' : 'late-refused';
  },
  referral: async (ctx, target, body) => {
    const errors = new Errors();
    const enquiryOn = readDate(body, errors, 'enquiryOn', 'Date of the enquiry', { required: true, notAfter: londonDate(ctx.now) });
    if (!one(body, 'enquiry').trim()) errors.add('enquiry', 'Enter what the Ombudsman asked');
    check(errors);
    await recordReferral(ctx, { ...target, referral: { ombudsmanReference: one(body, 'ombudsmanReference'), enquiryOn, enquiry: one(body, 'enquiry') } });
    return 'referral';
  },
  decision: async (ctx, target, body, page) => {
    const errors = new Errors();
    const referral = page.complaint.referrals.find((r) => r.id === one(body, 'referralId'));
    if (!referral) errors.add('referralId', 'Choose the Ombudsman enquiry from the list');
    const decision = one(body, 'decision');
    if (!(decision in REFERRAL_DECISION_NAMES)) errors.add('decision', 'Select the Ombudsman’s decision');
    const decidedOn = readDate(body, errors, 'decidedOn', 'Date of the decision', { required: true, notAfter: londonDate(ctx.now) });
    const remedyCompliedOn = readDate(body, errors, 'remedyCompliedOn', 'Date the remedy was complied with', { required: false, notAfter: londonDate(ctx.now) });
    check(errors);
    await recordReferral(ctx, {
      ...target,
      referralId: referral!.id,
      referralVersion: referral!.version,
      referral: { ombudsmanReference: referral!.ombudsmanReference, enquiryOn: referral!.enquiryOn, enquiry: referral!.enquiry, decision, decidedOn, recommendedRemedy: one(body, 'recommendedRemedy'), remedyCompliedOn: remedyCompliedOn || null },
    });
    return 'decision';
  },
};

interface Shown {
  code?: number;
  action?: Action;
  values?: Body;
  errors?: PageErrors;
  version?: number;
  done?: string;
}

export interface ComplaintRouteDeps {
  db: Db;
  now: () => Date;
  publicUrl: string;
}

export function registerComplaintRoutes(app: FastifyInstance, deps: ComplaintRouteDeps): void {
  registerQueue(app, deps);
  registerRecord(app, deps);
  registerComplaintPage(app, deps);
  registerRespond(app, deps);
}

const notFound = (reply: FastifyReply, reference?: string) =>
  reply.code(404).page('error.njk', {
    pageTitle: 'Complaint not found',
    paragraphs: reference
      ? [`There is no complaint with the reference ${reference}.`, 'Check the reference and try again.']
      : ['There is no complaint with that reference.', 'A reference has 8 letters and numbers, like 7KQM-3XW9. Check it and try again.'],
    link: { href: '/staff/complaints', text: 'Go to the complaints queue' },
  });

const notAComplaint = (reply: FastifyReply, reference: string) =>
  reply.code(404).page('error.njk', {
    pageTitle: 'Not a complaint',
    paragraphs: [`Case ${reference} is not a complaint.`],
    link: { href: `/staff/cases/${reference}`, text: `Open case ${reference}` },
  });

const auditView = (db: Db, request: FastifyRequest, page: ComplaintPage) =>
  recordAudit(db, request.actor(), { action: 'complaint.viewed', subjectType: 'case', subjectId: page.case.kase.id, detail: { reference: page.case.kase.reference } });

// ---- the queue

function registerQueue(app: FastifyInstance, deps: ComplaintRouteDeps): void {
  app.get<{ Querystring: Record<string, unknown> }>('/staff/complaints', { config: read }, async (request, reply) => {
    const query = parseComplaintsQuery(request.query);
    const now = deps.now();
    const page = await selectComplaintsPage(deps.db, query);
    const pages = Math.max(1, Math.ceil(page.total / COMPLAINTS_PAGE_SIZE));
    const at = (n: number): string => complaintsHref({ ...query, page: n });
    return reply.page(`${VIEWS}/queue.njk`, {
      pageTitle: `Complaints: ${QUEUE_FILTER_NAMES[query.filter].toLowerCase()}${pages > 1 ? ` (page ${query.page} of ${pages})` : ''}`,
      query,
      filterName: QUEUE_FILTER_NAMES[query.filter],
      filters: QUEUE_FILTERS.map((f) => ({ text: QUEUE_FILTER_NAMES[f], href: complaintsHref({ filter: f, page: 1 }), current: f === query.filter })),
      total: page.total,
      items: page.items.map((item) => ({ ...item, href: complaintPageHref(item.reference), overdue: !!item.dueAt && item.dueAt < now })),
      firstPageHref: at(1),
      pagination: pages > 1 && {
        previous: query.page > 1 ? { href: at(query.page - 1) } : undefined,
        next: query.page < pages ? { href: at(query.page + 1) } : undefined,
        items: pageLinks(query.page, pages).map((link) => ('ellipsis' in link ? link : { number: link.number, href: at(link.number), current: link.current })),
      },
    });
  });
}

// ---- recording a complaint

function registerRecord(app: FastifyInstance, deps: ComplaintRouteDeps): void {
  const { db } = deps;

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Body, extra: { errors?: PageErrors; recorded?: string; customerName?: string } = {}) {
    const setup = await getComplaintSetup(db);
    if (!setup) return notSetUp(reply);
    const services = (await listServices(db)).filter((s) => s.code !== 'complaints');
    const canWork = can(request.staff!.roles, 'complaints:work');
    return reply.code(extra.errors ? 400 : 200).page(`${VIEWS}/new.njk`, {
      pageTitle: extra.errors ? 'Error: Record a complaint' : 'Record a complaint',
      values,
      errors: extra.errors,
      recorded: extra.recorded,
      customerName: extra.customerName,
      canWork,
      welsh: setup.welsh,
      timeLimitMonths: setup.procedure.definition.timeLimitMonths,
      channels: channelItems(one(values, 'channel')),
      services: [{ value: '', text: 'Choose a service (optional)' }, ...services.map((s) => ({ value: s.id, text: s.name, selected: s.id === one(values, 'serviceId') }))],
      receivedItems: dateItems(values, 'receivedDate', extra.errors),
      problemItems: dateItems(values, 'problemOn', extra.errors),
    });
  }

  const notSetUp = (reply: FastifyReply) =>
    reply.code(503).page('error.njk', {
      pageTitle: 'Complaints are not set up yet',
      paragraphs: ['The council has not chosen its complaints procedure yet. An administrator can adopt one.'],
      link: { href: '/staff', text: 'Go to your staff home page' },
    });

  app.get<{ Querystring: Record<string, string> }>('/staff/complaints/new', { config: record }, async (request, reply) => {
    const query = formBody(request.query);
    const values: Body = { ...todayParts('receivedDate', deps.now()) };
    let customerName: string | undefined;
    const customerId = one(query, 'customer');
    if (customerId) {
      let customer = await getCustomer(db, customerId);
      if (customer?.mergedInto) customer = await getCustomer(db, customer.mergedInto);
      if (customer) {
        customerName = customer.displayName;
        Object.assign(values, { customerId: customer.id, name: customer.displayName, email: customer.emails[0]?.email ?? '', phone: customer.phones[0]?.display ?? '' });
      }
    }
    const about = parseReference(one(query, 'case'));
    if (about.ok) values.aboutCase = about.reference;
    const recorded = parseReference(one(query, 'recorded'));
    return showForm(request, reply, values, { customerName, ...(recorded.ok && { recorded: recorded.reference }) });
  });

  app.post('/staff/complaints/new', { config: record }, async (request, reply) => {
    const body = formBody(request.body);
    const setup = await getComplaintSetup(db);
    if (!setup) return notSetUp(reply);
    const services = await listServices(db);
    const canWork = can(request.staff!.roles, 'complaints:work');
    const now = deps.now();
    const customerName = one(body, 'customerId') ? (await getCustomer(db, one(body, 'customerId')))?.displayName : undefined;
    const form = readRecordForm(body, { now, procedure: setup.procedure.definition, welsh: setup.welsh, canWork, serviceIds: services.map((s) => s.id) });
    if (!form.ok) return showForm(request, reply, body, { errors: form.errors, customerName });
    if (form.complaint.customerId && !customerName) form.complaint.customerId = null;
    let reference: string;
    try {
      reference = (await makeComplaint({ db, actor: request.actor(), now, publicUrl: deps.publicUrl }, form.complaint)).reference;
    } catch (error) {
      if (error instanceof InvalidInput) return showForm(request, reply, body, { errors: recordErrors(error), customerName });
      if (error instanceof ComplaintsNotSetUp) return notSetUp(reply);
      throw error;
    }
    if (!can(request.staff!.roles, 'complaints:read')) return reply.redirect(`/staff/complaints/new?recorded=${reference}`, 303);
    const lateUndecided = form.late && !form.complaint.lateReason;
    return reply.redirect(`${complaintPageHref(reference)}?done=${lateUndecided ? 'recorded-late' : 'recorded'}`, 303);
  });
}

// ---- the complaint page

function registerComplaintPage(app: FastifyInstance, deps: ComplaintRouteDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, reference: string, shown: Shown = {}) => {
    const page = await loadComplaintPage(db, reference, deps.now());
    if (!page) return notFound(reply, reference);
    if (page === 'not_a_complaint') return notAComplaint(reply, reference);
    await auditView(db, request, page);
    const posted = shown.action;
    const values = shown.values ?? {};
    const errors = posted && shown.errors ? prefixed(posted, shown.errors) : undefined;
    const v = (action: Action): Body => (posted === action ? values : {});
    const stage = page.complaint.stage;
    return reply.code(shown.code ?? 200).page(`${VIEWS}/complaint.njk`, {
      ...page,
      pageTitle: `${errors ? 'Error: ' : ''}Complaint ${reference}`,
      version: shown.version ?? page.case.kase.version,
      banner: shown.done && DONE[shown.done],
      posted,
      errors,
      v: Object.fromEntries(ACTIONS.map((a) => [a, v(a)])),
      stageStartNames: STAGE_START_NAMES,
      stageNames: { 1: page.complaint.procedure.stages[1].name, 2: page.complaint.procedure.stages[2].name },
      stage,
      handlerItems: [{ value: '', text: 'Choose a member of staff' }, ...page.handlers.map((h) => ({ ...h, selected: h.value === (one(v('assign'), 'userId') || page.case.kase.assigneeId) }))],
      extendItems: page.extendable.map((s) => ({ value: s.standardId, text: s.text, selected: s.standardId === one(v('extend'), 'standardId') })),
      referralItems: [{ value: '', text: 'Choose the enquiry' }, ...page.complaint.referrals.map((r) => ({ value: r.id, text: `${r.ombudsmanReference || 'No reference'}: enquiry of ${r.enquiryOn}`, selected: r.id === one(v('decision'), 'referralId') }))],
      referralDecisionItems: [{ value: '', text: 'Choose the decision' }, ...Object.entries(REFERRAL_DECISION_NAMES).map(([value, text]) => ({ value, text, selected: value === one(v('decision'), 'decision') }))],
      referralDecisionNames: REFERRAL_DECISION_NAMES,
      dates: {
        escalateReceived: dateItems(v('escalate'), 'receivedDate', shown.errors && posted === 'escalate' ? shown.errors : undefined),
        enquiryOn: dateItems(v('referral'), 'enquiryOn', posted === 'referral' ? shown.errors : undefined),
        decidedOn: dateItems(v('decision'), 'decidedOn', posted === 'decision' ? shown.errors : undefined),
        remedyCompliedOn: dateItems(v('decision'), 'remedyCompliedOn', posted === 'decision' ? shown.errors : undefined),
      },
    });
  };

  app.get<Params & { Querystring: { done?: string } }>('/staff/complaints/:reference', { config: caseRead }, async (request, reply) => {
    const parsed = parseReference(request.params.reference);
    if (!parsed.ok) return notFound(reply);
    if (!can(request.staff!.roles, 'complaints:read')) return reply.redirect(`/staff/cases/${parsed.reference}`, 303);
    if (parsed.reference !== request.params.reference) return reply.redirect(complaintPageHref(parsed.reference), 303);
    return show(request, reply, parsed.reference, { done: request.query.done });
  });

  for (const action of ACTIONS) {
    app.post<Params>(`/staff/complaints/:reference/${action}`, { config: work }, async (request, reply) => {
      const parsed = parseReference(request.params.reference);
      if (!parsed.ok) return notFound(reply);
      const { reference } = parsed;
      const body = formBody(request.body);
      const now = deps.now();
      const page = await loadComplaintPage(db, reference, now);
      if (!page) return notFound(reply, reference);
      if (page === 'not_a_complaint') return notAComplaint(reply, reference);
      const target = { reference, expectedVersion: versionOf(body) };
      let done: string;
      try {
        done = await RUN[action]({ db, actor: request.actor(), now, publicUrl: deps.publicUrl }, target, body, page);
      } catch (error) {
        if (error instanceof FormMistakes) return show(request, reply, reference, { code: 400, action, values: body, errors: error.errors, version: target.expectedVersion });
        if (error instanceof InvalidInput) return show(request, reply, reference, { code: 400, action, values: body, errors: serviceErrors(action, error), version: target.expectedVersion });
        if (error instanceof StaleEditError) {
          const errors = new Errors();
          errors.add('form', STALE_MESSAGE);
          return show(request, reply, reference, { code: 409, action, values: body, errors: errors.result });
        }
        if (error instanceof CaseNotFound) return notFound(reply, reference);
        if (error instanceof NotAComplaint) return notAComplaint(reply, reference);
        throw error;
      }
      return reply.redirect(`${complaintPageHref(reference)}?done=${done}`, 303);
    });
  }
}

// ---- the response form

function registerRespond(app: FastifyInstance, deps: ComplaintRouteDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, reference: string, shown: { code?: number; values?: Body; errors?: PageErrors; version?: number } = {}) => {
    const page = await loadComplaintPage(db, reference, deps.now());
    if (!page) return notFound(reply, reference);
    if (page === 'not_a_complaint') return notAComplaint(reply, reference);
    await auditView(db, request, page);
    const values = shown.values ?? {};
    return reply.code(shown.code ?? 200).page(`${VIEWS}/respond.njk`, {
      ...page,
      pageTitle: `${shown.errors ? 'Error: ' : ''}Respond to complaint ${reference}`,
      version: shown.version ?? page.case.kase.version,
      values,
      errors: shown.errors,
      stageName: page.complaint.procedure.stages[page.complaint.stage].name,
      decisions: DECISIONS.map((d) => ({ value: d, text: DECISION_NAMES[d], checked: one(values, 'decision') === d })),
      apologyItems: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }].map((i) => ({ ...i, checked: one(values, 'apology') === i.value })),
      rows: OUTSTANDING_ROWS.map((n) => ({ n, dateItems: dateItems(values, `dueOn-${n}`, shown.errors) })),
      canSeeTemplates: can(request.staff!.roles, 'notifications:manage'),
    });
  };

  app.get<Params>('/staff/complaints/:reference/respond', { config: work }, async (request, reply) => {
    const parsed = parseReference(request.params.reference);
    if (!parsed.ok) return notFound(reply);
    return show(request, reply, parsed.reference);
  });

  app.post<Params>('/staff/complaints/:reference/respond', { config: work }, async (request, reply) => {
    const parsed = parseReference(request.params.reference);
    if (!parsed.ok) return notFound(reply);
    const { reference } = parsed;
    const body = formBody(request.body);
    const expectedVersion = versionOf(body);
    const form = readResponseForm(body);
    if (!form.ok) return show(request, reply, reference, { code: 400, values: body, errors: form.errors, version: expectedVersion });
    try {
      await respondToComplaint({ db, actor: request.actor(), now: deps.now(), publicUrl: deps.publicUrl }, { reference, expectedVersion, response: form.response });
    } catch (error) {
      if (error instanceof InvalidInput) return show(request, reply, reference, { code: 400, values: body, errors: responseErrors(error, body), version: expectedVersion });
      if (error instanceof StaleEditError) {
        const errors = new Errors();
        errors.add('form', STALE_MESSAGE, 'respond-form');
        return show(request, reply, reference, { code: 409, values: body, errors: errors.result });
      }
      if (error instanceof CaseNotFound) return notFound(reply, reference);
      if (error instanceof NotAComplaint) return notAComplaint(reply, reference);
      throw error;
    }
    return reply.redirect(`${complaintPageHref(reference)}?done=responded`, 303);
  });
}

