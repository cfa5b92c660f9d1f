// The customer pages for the front office: the advisor desk (one search box), the single view
// (adjustments and safety first, then open cases, then one timeline of everything), adding and
// changing a customer's details (with possible duplicates shown before a new record is made), and
// merging two records of the same customer (undoable). Plain links and forms: no JavaScript needed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../platform/web/forms.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';
import { CONTACT_CHANNELS } from '../contacts/model.js';
import {
  ADJUSTMENT_DETAILS,
  ADJUSTMENT_KINDS,
  ADJUSTMENT_NAMES,
  adjustmentDetailField,
  adjustmentText,
  customerFieldId,
  customerFormValues,
  customerInputFromForm,
  emailFieldId,
  MATCHED_ON_NAMES,
  MAX_EMAILS,
  MAX_PHONES,
  normalisePostcode,
  phoneFieldId,
  readCustomerForm,
  type Customer,
  type CustomerMatch,
} from './model.js';
import { classifyQuery } from './search.js';
import {
  createCustomer,
  CustomerNotFound,
  getCustomer,
  listMerges,
  mergeCustomers,
  searchCustomers,
  suggestMatches,
  undoMerge,
  updateCustomer,
  viewCustomer,
  type CustomerContext,
} from './service.js';
import { workstationChoice } from '../contacts/workstation.js';
import { customerHistory, TIMELINE_KIND_NAMES } from './timeline.js';

/** For the staff navigation (app.ts): where advisors start with a caller. */
export const customersNavigation: NavigationItem[] = [{ href: '/staff/desk', text: 'Advisor desk', permission: 'customers:read' }];

const VIEWS = 'features/customers/views';
const read = { permission: 'customers:read' } as const;
const manage = { permission: 'customers:manage' } as const;
const merge = { permission: 'customers:merge' } as const;

/** Longer than anything worth searching by; the box says so rather than searching. */
export const MAX_QUERY = 100;
/** Fewer characters than this match too much to be useful: the desk shows the box only. */
const MIN_QUERY = 2;
const RESULTS = 20;

type Body = Record<string, string | string[]>;
type IdParams = { Params: { id: string } };
type Query = { Querystring: Record<string, string | string[]> };

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const many = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const customerHref = (id: string): string => `/staff/customers/${encodeURIComponent(id)}`;
const channelName = (channel: string | null): string | null => (channel ? (CHANNEL_NAMES[channel as Channel] ?? channel) : null);

// ---- what the pages show

/** A search result or possible duplicate as a row: the facts an advisor checks with the caller. */
function matchView(match: CustomerMatch) {
  return {
    ...match,
    href: customerHref(match.id),
    addressLine: [match.address, match.postcode].filter(Boolean).join(', '),
    matchedOnName: MATCHED_ON_NAMES[match.matchedOn],
  };
}

/** A customer's details as rows of a summary list, each value one or more lines. */
function detailRows(c: Customer): { key: string; lines: string[] }[] {
  const or = (value: string | null | undefined, none: string) => [value || none];
  return [
    { key: c.kind === 'organisation' ? 'Organisation name' : 'Name', lines: [c.displayName] },
    { key: 'Email addresses', lines: c.emails.length ? c.emails.map((e) => e.email) : ['None recorded'] },
    { key: 'Telephone numbers', lines: c.phones.length ? c.phones.map((p) => p.display) : ['None recorded'] },
    { key: 'Address', lines: [...(c.address ? c.address.split('\n') : []), ...(c.postcode ? [c.postcode] : [])].filter(Boolean) },
    { key: 'UPRN', lines: or(c.uprn, 'Not recorded') },
    { key: 'Preferred channel', lines: or(channelName(c.preferredChannel), 'No preference') },
    { key: 'Preferred language', lines: or(c.preferredLanguage, 'Not recorded') },
    ...(c.notes ? [{ key: 'Notes', lines: c.notes.split('\n') }] : []),
  ].map((row) => (row.lines.length ? row : { ...row, lines: ['Not recorded'] }));
}

/**
 * Where "Add a new customer" starts from what the advisor already typed, so it is not typed again:
 * an email, a phone number or a postcode into its box, a name split into first and last names.
 */
export function newCustomerHref(raw: string): string {
  const q = classifyQuery(raw);
  const typed = raw.trim();
  const params = new URLSearchParams();
  if (q.kind === 'email') params.set('email', typed);
  else if (q.kind === 'phone') params.set('phone', typed);
  else if (q.kind === 'postcode') params.set('postcode', q.postcode);
  else if (q.kind === 'name') {
    const words = typed.split(/\s+/);
    if (q.postcode) {
      // The postcode was typed as one word or two at the end ("smith le1 5fq").
      words.splice(normalisePostcode(words.slice(-2).join('')) === q.postcode && words.length > 2 ? -2 : -1);
      params.set('postcode', q.postcode);
    }
    const familyName = words.pop();
    if (words.length) params.set('givenName', words.join(' '));
    if (familyName) params.set('familyName', familyName);
  }
  const search = params.toString();
  return `/staff/customers/new${search ? `?${search}` : ''}`;
}

/** The fields of the new-customer form that the desk's link may fill in. */
const PREFILLABLE = ['givenName', 'familyName', 'organisationName', 'postcode', 'email', 'phone'] as const;

/** Boxes for a repeated input: as posted (so an error's id points at the right one), at least `min`. */
function boxes(values: string[], idOf: (i: number) => string, max: number, min = 2) {
  const list = [...values];
  while (list.length < min) list.push('');
  return list.slice(0, max).map((value, i) => ({ id: idOf(i), value, first: i === 0 }));
}

/** Everything the shared create/edit form needs, from the values to show and any errors. */
function formView(values: Body, errors: FormErrors | undefined, extraBoxes = 0) {
  const emails = many(values.email);
  const phones = many(values.phone);
  const ticked = many(values.adjustments);
  return {
    values,
    errors,
    emailBoxes: boxes(emails, emailFieldId, MAX_EMAILS, Math.max(2, emails.length + extraBoxes)),
    phoneBoxes: boxes(phones, phoneFieldId, MAX_PHONES, Math.max(2, phones.length + extraBoxes)),
    kindItems: [
      { value: 'person', text: 'A person', checked: first(values.kind) === 'person' },
      { value: 'organisation', text: 'An organisation', hint: { text: 'A business, charity, landlord or community group' }, checked: first(values.kind) === 'organisation' },
    ],
    channelItems: [{ value: '', text: 'No preference' }, ...CONTACT_CHANNELS.map((c) => ({ value: c, text: CHANNEL_NAMES[c] }))].map((item) => ({
      ...item,
      selected: item.value === first(values.preferredChannel),
    })),
    adjustmentItems: ADJUSTMENT_KINDS.map((kind) => ({ value: kind, text: ADJUSTMENT_NAMES[kind], checked: ticked.includes(kind) })),
    // Not conditional reveals: govuk-frontend's script puts aria-expanded on the checkbox, which ARIA does not allow.
    adjustmentDetails: Object.entries(ADJUSTMENT_DETAILS).map(([kind, needs]) => {
      const id = adjustmentDetailField(kind as keyof typeof ADJUSTMENT_DETAILS);
      return { id, label: `${ADJUSTMENT_NAMES[kind as keyof typeof ADJUSTMENT_NAMES]}: ${needs.label.toLowerCase()}`, value: first(values[id]) };
    }),
  };
}

/** What the form posted, to carry through the duplicate check in hidden inputs. */
function carried(body: Body): { name: string; value: string }[] {
  return Object.entries(body)
    .filter(([name]) => !['_csrf', 'confirmNew', 'action'].includes(name))
    .flatMap(([name, value]) => many(value).map((v) => ({ name, value: v })));
}

// The form's inputs in page order: the error summary lists mistakes in the order the user meets them.
const FORM_ORDER = ['kind', 'title', 'givenName', 'familyName', 'organisationName', 'email-', 'phone-', 'address', 'postcode', 'uprn', 'preferredChannel', 'preferredLanguage', 'adjustments', 'adjustmentDetail-', 'safetyNote', 'notes'];

/** The errors with the summary in page order (repeated inputs by their number). */
export function inPageOrder(errors: FormErrors): FormErrors {
  const rank = (href: string) => {
    const id = href.slice(1);
    const at = FORM_ORDER.findIndex((name) => (name.endsWith('-') ? id.startsWith(name) : id === name));
    const number = Number(/-(\d+)$/.exec(id)?.[1] ?? 0);
    return (at < 0 ? FORM_ORDER.length : at) * 1000 + number;
  };
  return { ...errors, summary: [...errors.summary].sort((a, b) => rank(a.href) - rank(b.href)) };
}

/** A service's InvalidInput ("emails.1", "adjustments.interpreter") as errors on the form's inputs. */
const serviceErrors = (error: InvalidInput): FormErrors =>
  inPageOrder(invalidInputErrors(error, (field) => customerFieldId(field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)))));

const BANNERS: Record<string, string> = {
  created: 'Customer added',
  updated: 'Details saved',
  merged: 'Records merged: everything from the duplicate is now on this record',
  unmerged: 'Merge undone: the two records are separate again',
  'contact-logged': 'Contact logged',
  'workstation-set': 'This computer’s location is saved: contacts logged here will record it',
  'workstation-cleared': 'This computer’s location is cleared',
};

export function registerCustomerRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  const context = (request: FastifyRequest): CustomerContext => ({ db, actor: request.actor(), now: deps.now() });

  // ---- the advisor desk
  app.get<Query>('/staff/desk', { config: read }, async (request, reply) => {
    const q = first(formBody(request.query).q).trim();
    if (q.length > MAX_QUERY) {
      return reply.code(400).page(`${VIEWS}/desk.njk`, { pageTitle: 'Advisor desk', q, errors: formError('q', `Search must be ${MAX_QUERY} characters or fewer`) });
    }
    const searched = q.length >= MIN_QUERY;
    const results = searched ? (await searchCustomers(db, q, { limit: RESULTS })).map(matchView) : [];
    return reply.page(`${VIEWS}/desk.njk`, {
      pageTitle: searched ? `Advisor desk: ${q}` : 'Advisor desk',
      q,
      searched,
      results,
      newHref: newCustomerHref(searched ? q : ''),
      // An anonymous contact, logged from the desk, comes back here.
      banner: BANNERS[first(formBody(request.query).done)],
      workstation: await workstationChoice(db, request),
    });
  });

  // ---- adding a customer
  const showForm = (reply: FastifyReply, view: { errors?: FormErrors | undefined } & Record<string, unknown>) =>
    reply.code(view.errors ? 400 : 200).page(`${VIEWS}/form.njk`, { ...view, errors: view.errors && inPageOrder(view.errors) });

  app.get<Query>('/staff/customers/new', { config: manage }, async (request, reply) => {
    const query = formBody(request.query);
    const values: Body = { kind: query.organisationName ? 'organisation' : 'person' };
    for (const name of PREFILLABLE) if (first(query[name])) values[name] = first(query[name]).slice(0, 200);
    return showForm(reply, { pageTitle: 'Add a new customer', action: '/staff/customers/new', ...formView(values, undefined) });
  });

  app.post('/staff/customers/new', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const newForm = (errors: FormErrors | undefined) => showForm(reply, { pageTitle: 'Add a new customer', action: '/staff/customers/new', ...formView(body, errors) });
    const read = readCustomerForm(body);
    if (!read.success || body.action === 'change') return newForm(read.success ? undefined : read.errors);
    const input = customerInputFromForm(body);
    if (body.confirmNew !== 'yes') {
      // Before a new record, the ones that may be the same customer: a duplicate splits their history.
      const matches = await suggestMatches(db, input);
      if (matches.length) return reply.page(`${VIEWS}/duplicates.njk`, { pageTitle: 'This may be someone we already know', matches: matches.map(matchView), carried: carried(body) });
    }
    try {
      const customer = await createCustomer(context(request), input);
      return await reply.redirect(`${customerHref(customer.id)}?done=created`, 303);
    } catch (error) {
      if (error instanceof InvalidInput) return newForm(serviceErrors(error));
      throw error;
    }
  });

  // ---- the single view
  async function showCustomer(request: FastifyRequest, reply: FastifyReply, id: string, query: Body, errors?: FormErrors) {
    const customer = await viewCustomer(context(request), id);
    if (!customer) return reply.callNotFound();
    // The view is audited even here: someone opened the old record's address, and that is recorded.
    if (customer.mergedInto) return reply.redirect(`${customerHref(customer.mergedInto)}?mergedFrom=${encodeURIComponent(customer.id)}`, 303);
    const [{ cases, timeline }, merges] = await Promise.all([customerHistory(db, customer.id), listMerges(db, customer.id)]);
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/customer.njk`, {
      pageTitle: customer.displayName,
      customer,
      banner: errors ? undefined : BANNERS[first(query.done)],
      mergedFrom: !errors && first(query.mergedFrom) !== '',
      adjustments: customer.adjustments.map(adjustmentText),
      details: detailRows(customer),
      openCases: cases.filter((c) => c.open),
      closedCount: cases.filter((c) => !c.open).length,
      timeline: timeline.map((entry) => ({ ...entry, kindName: TIMELINE_KIND_NAMES[entry.kind] })),
      merges,
      errors,
    });
  }

  app.get<IdParams & Query>('/staff/customers/:id', { config: read }, (request, reply) => showCustomer(request, reply, request.params.id, formBody(request.query)));

  // ---- changing a customer's details
  const editView = (customer: Customer, values: Body, errors: FormErrors | undefined, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Change ${customer.displayName}’s details`,
    action: `${customerHref(customer.id)}/edit`,
    customer,
    version: customer.version,
    ...formView(values, errors, errors ? 0 : 1),
    ...extra,
  });

  app.get<IdParams>('/staff/customers/:id/edit', { config: manage }, async (request, reply) => {
    // The form shows the whole record: a view like the single view, audited the same way.
    const customer = await viewCustomer(context(request), request.params.id);
    if (!customer) return reply.callNotFound();
    if (customer.mergedInto) return reply.redirect(`${customerHref(customer.mergedInto)}/edit`, 303);
    return showForm(reply, editView(customer, customerFormValues(customer), undefined));
  });

  app.post<IdParams>('/staff/customers/:id/edit', { config: manage }, async (request, reply) => {
    const customer = await getCustomer(db, request.params.id);
    if (!customer) return reply.callNotFound();
    const body = formBody(request.body);
    const version = Number(first(body.version));
    const read = readCustomerForm(body);
    // Errors shown against the version the user opened, so saving again still checks it.
    const opened = { ...customer, version: Number.isInteger(version) ? version : customer.version };
    if (!read.success) return showForm(reply, editView(opened, body, read.errors));
    try {
      await updateCustomer(context(request), customer.id, opened.version, customerInputFromForm(body));
      return await reply.redirect(`${customerHref(customer.id)}?done=updated`, 303);
    } catch (error) {
      if (error instanceof InvalidInput) return showForm(reply, editView(opened, body, serviceErrors(error)));
      if (!(error instanceof StaleEditError)) throw error;
      // Nothing the user typed is lost: their values stay in the form, the current details are
      // shown beside them, and saving again (against the current version) applies theirs.
      const message = customer.mergedInto ? error.message : `${error.message}. Your changes have not been saved: check them against the current details and save again.`;
      return reply.code(409).page(`${VIEWS}/form.njk`, {
        ...editView(customer, body, { summary: [{ text: message, href: '#current-details' }], fields: {} }),
        current: detailRows(customer),
        currentAdjustments: customer.adjustments.map(adjustmentText),
      });
    }
  });

  // ---- merging a duplicate into this record
  async function mergePage(request: FastifyRequest<IdParams & Query>, reply: FastifyReply, target: Customer, errors?: FormErrors) {
    const query = formBody(request.query);
    const q = first(query.q).trim();
    const tooLong = q.length > MAX_QUERY;
    const found = q.length >= MIN_QUERY && !tooLong ? await searchCustomers(db, q, { limit: RESULTS }) : [];
    return reply.code(errors || tooLong ? 400 : 200).page(`${VIEWS}/merge-choose.njk`, {
      pageTitle: `Merge a duplicate into ${target.displayName}’s record`,
      target,
      q,
      searched: q.length >= MIN_QUERY && !tooLong,
      results: found.filter((m) => m.id !== target.id).map(matchView),
      errors: errors ?? (tooLong ? formError('q', `Search must be ${MAX_QUERY} characters or fewer`) : undefined),
    });
  }

  async function mergeConfirm(request: FastifyRequest<IdParams & Query>, reply: FastifyReply, target: Customer, otherId: string, errors?: FormErrors) {
    if (otherId === target.id) return mergePage(request, reply, target, formError('q', 'Choose a different record: a customer cannot be merged into itself'));
    const ctx = context(request);
    const source = await viewCustomer(ctx, otherId);
    if (!source || source.mergedInto) return mergePage(request, reply, target, formError('q', source ? `${source.displayName}’s record has already been merged into another` : 'Choose a record from the list'));
    // Both records are shown in full: each view is audited.
    await viewCustomer(ctx, target.id);
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/merge-confirm.njk`, {
      pageTitle: 'Check before merging the records',
      target: { customer: target, details: detailRows(target), adjustments: target.adjustments.map(adjustmentText) },
      source: { customer: source, details: detailRows(source), adjustments: source.adjustments.map(adjustmentText) },
      errors,
    });
  }

  /** The record to merge into, following a merge already made; undefined when there is none. */
  async function mergeTarget(request: FastifyRequest<IdParams>, reply: FastifyReply): Promise<Customer | undefined> {
    const target = await getCustomer(db, request.params.id);
    if (!target) reply.callNotFound();
    else if (target.mergedInto) await reply.redirect(`${customerHref(target.mergedInto)}/merge`, 303);
    else return target;
    return undefined;
  }

  app.get<IdParams & Query>('/staff/customers/:id/merge', { config: merge }, async (request, reply) => {
    const target = await mergeTarget(request, reply);
    if (!target) return reply;
    const other = first(formBody(request.query).other).trim();
    return other ? mergeConfirm(request, reply, target, other) : mergePage(request, reply, target);
  });

  app.post<IdParams & Query>('/staff/customers/:id/merge', { config: merge }, async (request, reply) => {
    const target = await mergeTarget(request, reply);
    if (!target) return reply;
    const sourceId = first(formBody(request.body).other).trim();
    if (!sourceId || sourceId === target.id) return mergeConfirm(request, reply, target, sourceId);
    try {
      await mergeCustomers(context(request), { sourceId, targetId: target.id });
      return await reply.redirect(`${customerHref(target.id)}?done=merged`, 303);
    } catch (error) {
      if (error instanceof CustomerNotFound) return mergePage(request, reply, target, formError('q', 'Choose a record from the list'));
      if (error instanceof InvalidInput) return mergeConfirm(request, reply, target, sourceId, invalidInputErrors(error, () => 'merge'));
      throw error;
    }
  });

  app.post<{ Params: { mergeId: string } }>('/staff/customers/merges/:mergeId/undo', { config: merge }, async (request, reply) => {
    // The record the user was on: where to go back to, and where to show a problem.
    const customerId = first(formBody(request.body).customer);
    const known = (await getCustomer(db, customerId)) !== undefined;
    try {
      await undoMerge(context(request), request.params.mergeId);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return known ? showCustomer(request, reply, customerId, {}, invalidInputErrors(error, () => 'merges')) : reply.callNotFound();
    }
    return reply.redirect(known ? `${customerHref(customerId)}?done=unmerged` : '/staff/desk', 303);
  });
}
