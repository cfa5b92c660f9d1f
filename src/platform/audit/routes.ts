// The audit trail for managers, administrators and the data protection officer: "who looked at
// Mrs X's record this year?" answered by filters (customer, case, staff member, action, dates),
// with names instead of ids, a page at a time through every event, and a CSV download of the
// whole result. Looking at a customer's trail, and every download, is itself audited.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { listUsers, type StaffUser } from '../auth/users.js';
import { CSV_BOM, csvRow } from '../web/csv.js';
import { DATE_PARTS, dateFromParts, type DatePart } from '../web/date-input.js';
import type { FormErrors } from '../web/forms.js';
import type { LocalDate } from '../../time/index.js';
// London wall time to an instant is not (yet) in the time module's public index.
import { DAY_MS, dayFromIso } from '../../time/local-date.js';
import { instantFromLondonWall } from '../../time/london.js';
import { recordAudit } from './audit.js';
import { describeEvents, type AuditCustomer, type AuditSubjects, type CustomerChoice, type DescribedEvent } from './subjects.js';
import { allAuditEvents, auditActions, auditPage, countAuditEvents, COUNT_LIMIT, CURSOR, type AuditFilter } from './trail.js';
import { actionName } from './words.js';

const VIEW = 'platform/audit/views/audit.njk';
const config = { permission: 'audit:read' } as const;
const MAX_TEXT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Query = Record<string, string | string[] | undefined>;
/** The filter as typed: what the form shows again and what links carry from page to page. */
type FilterForm = Record<string, string>;
const FORM_FIELDS = ['customer', 'customerName', 'case', 'staff', 'action', ...DATE_PARTS.map((p) => `from-${p}`), ...DATE_PARTS.map((p) => `to-${p}`)];

function readForm(query: Query): FilterForm {
  const form: FilterForm = {};
  for (const field of FORM_FIELDS) {
    const raw = query[field];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
    if (value) form[field] = value;
  }
  return form;
}

/** The page's address with this filter (a chosen customer replaces the name typed to find them). */
function filterHref(form: FilterForm, extra: Record<string, string> = {}, path = '/staff/audit'): string {
  const params = new URLSearchParams({ ...form, ...extra });
  if (params.has('customer')) params.delete('customerName');
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

interface Resolved {
  filter: AuditFilter;
  errors: { field: string; anchor: string; text: string }[];
  dateParts: Record<'from' | 'to', DatePart[]>;
  customer?: AuditCustomer;
  /** Several customers match the name typed: the user picks one before any events are shown. */
  choices?: CustomerChoice[];
  /** What the download's and the view's audit events record of the filter. */
  detail: Record<string, string>;
}

/** The instant a London date begins. */
const londonDayStart = (day: number): Date => new Date(instantFromLondonWall(day * DAY_MS));

function readDate(form: FilterForm, name: 'from' | 'to', label: string): { date?: LocalDate; message?: string; parts: DatePart[] } {
  const parts = { day: form[`${name}-day`] ?? '', month: form[`${name}-month`] ?? '', year: form[`${name}-year`] ?? '' };
  if (!parts.day && !parts.month && !parts.year) return { parts: [] };
  const read = dateFromParts(parts, label);
  return read.ok ? { date: read.date, parts: [] } : { message: read.message, parts: read.parts };
}

async function resolveCustomer(db: Db, subjects: AuditSubjects, form: FilterForm, r: Resolved): Promise<void> {
  if (form.customer) {
    const customer = UUID.test(form.customer) ? await subjects.customer(db, form.customer) : undefined;
    if (!customer) return void r.errors.push({ field: 'customerName', anchor: 'customerName', text: 'That customer’s record was not found: search for them by name' });
    r.customer = customer;
    return;
  }
  const name = form.customerName;
  if (!name) return;
  if (name.length > MAX_TEXT) return void r.errors.push({ field: 'customerName', anchor: 'customerName', text: `Customer must be ${MAX_TEXT} characters or fewer` });
  const found = await subjects.findCustomers(db, name);
  if (!found.length) {
    r.errors.push({ field: 'customerName', anchor: 'customerName', text: `No customer matches “${name}”: check the spelling, or try their email address or phone number` });
  } else if (found.length === 1) {
    r.customer = await subjects.customer(db, found[0]!.id);
  } else {
    r.choices = found;
  }
}

async function resolveCase(db: Db, subjects: AuditSubjects, typed: string, r: Resolved): Promise<void> {
  const found = typed.length > MAX_TEXT ? { message: 'Enter a case reference, like 7KQM-3XW9' } : await subjects.findCase(db, typed);
  if ('message' in found) return void r.errors.push({ field: 'case', anchor: 'case', text: found.message });
  r.filter.caseId = found.id;
  r.detail.case = found.reference;
}

function resolveDates(form: FilterForm, r: Resolved): void {
  const from = readDate(form, 'from', 'Start date');
  const to = readDate(form, 'to', 'End date');
  r.dateParts = { from: from.parts, to: to.parts };
  if (from.message) r.errors.push({ field: 'from', anchor: `from-${from.parts[0] ?? 'day'}`, text: from.message });
  if (to.message) r.errors.push({ field: 'to', anchor: `to-${to.parts[0] ?? 'day'}`, text: to.message });
  if (from.date && to.date && to.date < from.date) {
    r.errors.push({ field: 'to', anchor: 'to-day', text: 'End date must be the same as or after the start date' });
    r.dateParts.to = [...DATE_PARTS];
  }
  if (from.date) {
    r.filter.from = londonDayStart(dayFromIso(from.date));
    r.detail.from = from.date;
  }
  if (to.date) {
    r.filter.until = londonDayStart(dayFromIso(to.date) + 1);
    r.detail.to = to.date;
  }
}

/** The form as ids and instants, or what is wrong with it, in the order of the page. */
async function resolveFilter(db: Db, subjects: AuditSubjects, staff: StaffUser[], form: FilterForm): Promise<Resolved> {
  const r: Resolved = { filter: {}, errors: [], dateParts: { from: [], to: [] }, detail: {} };
  await resolveCustomer(db, subjects, form, r);
  if (r.customer) {
    r.filter.customerIds = r.customer.recordIds;
    r.detail.customer = r.customer.id;
  }
  if (form.case) await resolveCase(db, subjects, form.case, r);
  if (form.staff && !staff.some((s) => s.id === form.staff)) r.errors.push({ field: 'staff', anchor: 'staff', text: 'Choose a staff member from the list' });
  else if (form.staff) r.filter.staffId = r.detail.staff = form.staff;
  if (form.action && form.action.length > MAX_TEXT) r.errors.push({ field: 'action', anchor: 'action', text: 'Choose an action from the list' });
  else if (form.action) r.filter.action = r.detail.action = form.action;
  resolveDates(form, r);
  return r;
}

function formErrors(r: Resolved): FormErrors | undefined {
  if (!r.errors.length) return undefined;
  return {
    summary: r.errors.map((e) => ({ text: e.text, href: `#${e.anchor}` })),
    fields: Object.fromEntries(r.errors.map((e) => [e.field, { text: e.text }])),
  };
}

function dateItems(form: FilterForm, name: 'from' | 'to', errorParts: readonly DatePart[]) {
  return DATE_PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    value: form[`${name}-${part}`] ?? '',
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

async function filterChoices(db: Db, staff: StaffUser[], form: FilterForm) {
  const actions = (await auditActions(db)).map((code) => ({ value: code, text: actionName(code) }));
  if (form.action && !actions.some((a) => a.value === form.action)) actions.push({ value: form.action, text: actionName(form.action) });
  actions.sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
  return {
    staffItems: [
      { value: '', text: 'Anyone' },
      ...staff.map((s) => ({ value: s.id, text: s.active ? s.displayName : `${s.displayName} (no longer active)`, selected: s.id === form.staff })),
    ],
    actionItems: [{ value: '', text: 'Any action' }, ...actions.map((a) => ({ ...a, selected: a.value === form.action }))],
  };
}

/** The filter form as the page shows it again, with the customers to choose from when several match. */
async function filterView(db: Db, form: FilterForm, r: Resolved, staff: StaffUser[]) {
  const withoutCustomer = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'customer' && k !== 'customerName'));
  return {
    form,
    customer: r.customer,
    choices: r.choices?.map((c) => ({ ...c, href: filterHref({ ...form, customer: c.id }) })),
    removeCustomerHref: filterHref(withoutCustomer),
    fromItems: dateItems(form, 'from', r.dateParts.from),
    toItems: dateItems(form, 'to', r.dateParts.to),
    ...(await filterChoices(db, staff, form)),
  };
}

const countText = (n: number): string => (n > COUNT_LIMIT ? `More than ${COUNT_LIMIT.toLocaleString('en-GB')} events` : `${n.toLocaleString('en-GB')} ${n === 1 ? 'event' : 'events'}`);

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Db; subjects: AuditSubjects }): void {
  const { db, subjects } = deps;

  async function showPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const query = request.query;
    const form = readForm(query);
    const staff = await listUsers(db);
    const r = await resolveFilter(db, subjects, staff, form);
    const errors = formErrors(r);
    const view = { pageTitle: errors ? 'Error: Audit trail' : 'Audit trail', errors, ...(await filterView(db, form, r, staff)) };
    if (errors || r.choices) return reply.code(errors ? 400 : 200).page(VIEW, view);

    const cursor = (name: string) => (typeof query[name] === 'string' && CURSOR.test(query[name]) ? query[name] : undefined);
    const [page, count] = await Promise.all([auditPage(db, r.filter, { older: cursor('older'), newer: cursor('newer') }), countAuditEvents(db, r.filter)]);
    const events = await describeEvents(db, subjects, page.events);
    // What the trail says about a customer is itself their personal data: looking at it is audited.
    if (r.customer) await recordAudit(db, request.actor(), { action: 'audit.viewed', subjectType: 'customer', subjectId: r.customer.id, detail: { filter: r.detail } });
    return reply.page(VIEW, {
      ...view,
      events,
      countText: countText(count),
      newerHref: page.newer && filterHref(form, { newer: page.newer }),
      olderHref: page.older && filterHref(form, { older: page.older }),
      downloadHref: filterHref(form, {}, '/staff/audit/download'),
      filtered: Object.keys(r.detail).length > 0,
    });
  }

  app.get<{ Querystring: Query }>('/staff/audit', { config }, showPage);

  // Everything the filter matches, not just a page; the download's own event marks where it ends.
  app.get<{ Querystring: Query }>('/staff/audit/download', { config }, async (request, reply) => {
    const form = readForm(request.query);
    const r = await resolveFilter(db, subjects, await listUsers(db), form);
    if (r.errors.length || r.choices) return reply.redirect(filterHref(form), 303);
    const eventId = await recordAudit(db, request.actor(), {
      action: 'audit.exported',
      ...(r.customer && { subjectType: 'customer', subjectId: r.customer.id }),
      detail: { filter: r.detail },
    });
    const filename = `audit-trail-${new Date().toISOString().slice(0, 10)}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(Readable.from(csvLines(db, subjects, { ...r.filter, beforeId: eventId })));
  });
}

const CSV_HEADER = ['When (London time)', 'When (UTC)', 'Who', 'Kind of actor', 'What', 'Action code', 'Record', 'Record type', 'Record id', 'Customer', 'Customer id', 'IP address', 'Detail'];

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** "2026-11-26 10:00:05", London time: sorts as text and reads as a date in a spreadsheet. */
function londonTimestamp(at: Date): string {
  const p = Object.fromEntries(londonTime.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function csvEvent(e: DescribedEvent): string {
  const customerText = e.customer?.text ?? (e.subjectType === 'customer' ? e.record?.text.replace(/^Customer: /, '') : undefined);
  return csvRow([
    londonTimestamp(e.at), e.at.toISOString(), e.who, e.actorType, e.what, e.action, e.record?.text, e.subjectType, e.subjectId,
    customerText, e.customerId, e.ip, JSON.stringify(e.detail),
  ]);
}

async function* csvLines(db: Db, subjects: AuditSubjects, filter: AuditFilter): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(CSV_HEADER);
  for await (const batch of allAuditEvents(db, filter)) {
    yield (await describeEvents(db, subjects, batch)).map(csvEvent).join('');
  }
}
