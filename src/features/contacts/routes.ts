// Pages for the contact log: an advisor logs a contact on any channel (with or without a customer
// record), the mail room logs a letter with its scan, managers read first contact resolution and
// avoidable contact, administrators keep the list of locations. Plain HTML forms: all of it works
// without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files/index.js';
import { registerWorkstationRoutes, workstationLocation } from './workstation.js';
import { registerUnitCostRoutes, UNIT_COSTS_PATH } from './unit-costs/routes.js';
import { formBody, formError, invalidInputErrors, mergeErrors, toFormErrors, type FormErrors } from '../../platform/web/forms.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { londonDate, type LocalDate } from '../../time/index.js';
import { DATE_PARTS, londonInstant, nextDate, type DatePart } from '../calendar/model.js';
import { displayFilename, sniffContentType, UNRECOGNISED_CONTENT_TYPE } from '../../platform/files/uploaded.js';
import { sendDownload } from '../../platform/web/download.js';
import { readMultipartForm, receivedFiles } from '../../platform/web/multipart.js';
import { CHANNEL_NAMES } from '../charter/model.js';
import { listRequestTypes, listServices } from '../charter/service.js';
import { searchCustomers } from '../customers/service.js';
import { openContactAttachment } from '../inbound-email/service.js';
import { ratingGiven, ratingItems, readRatingForm } from '../insight/ratings/model.js';
import { recordRating } from '../insight/ratings/service.js';
import {
  AVOIDABLE_TYPE_NAMES, AVOIDABLE_TYPES, CONTACT_CHANNELS, DIRECTION_NAMES, DIRECTIONS, fieldAnchor, GROUPING_NAMES, isUuid, LOCATION_KIND_NAMES, LOCATION_KINDS,
  MEASURE_GROUPINGS, NATIONAL_FCR_TARGET, OUTCOME_NAMES, OUTCOMES, parseDayText, quarterOf, readContactForm, readLetterForm, reasonValue, whenDefaults,
  locationSchema, type Body, type MeasureGrouping,
} from './model.js';
import {
  contactMeasures, findCaseId, getLocation, listLocations, liveCustomer, LocationNotFound, logContact, logLetter, createLocation, updateLocation, type ContactMeasure, type Location,
} from './service.js';

const VIEWS = 'features/contacts/views';
const log = { permission: 'contacts:log' } as const;
const measures = { permission: 'contacts:measures' } as const;
const manage = { permission: 'locations:manage' } as const;

// Logging a contact starts at the advisor desk (a customer's record, or "Log an anonymous contact"),
// and locations from the council settings: the navigation stays short enough to read.
export const contactsNavigation: NavigationItem[] = [
  { href: '/staff/mail/new', text: 'Mail room', permission: 'contacts:log' },
  { href: '/staff/contacts/measures', text: 'Contact measures', permission: 'contacts:measures' },
  { href: UNIT_COSTS_PATH, text: 'Unit costs', permission: 'unit_costs:manage' },
];

/** The scan of a letter: a PDF or a photo of it, 10MB at most, as case attachments. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
const multipartForm = readMultipartForm({ maxFileBytes: MAX_SCAN_BYTES, maxFiles: 1 });

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const checkedItems = (items: { value: string; text: string }[], chosen: string) => items.map((item) => ({ ...item, checked: item.value === chosen }));

/** The boxes of a GOV.UK date input named `receivedDate`, the ones in error marked. */
function dateItems(form: Body, errorParts: readonly DatePart[]) {
  return DATE_PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    value: first(form[`receivedDate-${part}`]),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

const locationItems = (locations: Location[], chosen: string, none: string) => [
  { value: '', text: none },
  ...locations.map((l) => ({ value: l.id, text: l.name, selected: l.id === chosen })),
];

/** Each service, then its request types under it: one select, grouped by service in its option text. */
async function reasonItems(db: Db, chosen: string) {
  const [services, requestTypes] = await Promise.all([listServices(db), listRequestTypes(db)]);
  const items = [{ value: '', text: 'Not about a particular service', selected: chosen === '' }];
  for (const service of services) {
    items.push({ value: reasonValue(service.id), text: service.name, selected: chosen === service.id });
    for (const r of requestTypes.filter((t) => t.serviceId === service.id && t.active)) {
      const value = reasonValue(service.id, r.id);
      items.push({ value, text: `${service.name}: ${r.name}`, selected: chosen === value });
    }
  }
  return items;
}

/** The customer named in the query or the form: undefined for none, null for an id that names nobody. */
async function customerOf(db: Db, id: string) {
  if (id === '') return undefined;
  return (isUuid(id) && (await liveCustomer(db, id))) || null;
}


export function registerContactRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; now: () => Date }): void {
  registerLogContact(app, deps);
  registerMailRoom(app, deps);
  registerMeasures(app, deps);
  registerLocations(app, deps);
  registerWorkstationRoutes(app, deps);
  registerUnitCostRoutes(app, deps);
}

// ---- log a contact

function registerLogContact(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  async function showForm(reply: FastifyReply, form: Body, customer: { id: string; displayName: string } | undefined, view: { errors?: FormErrors; dateParts?: DatePart[] } = {}) {
    const locations = await listLocations(db, { activeOnly: true });
    return reply.code(view.errors ? 400 : 200).page(`${VIEWS}/log.njk`, {
      pageTitle: 'Log a contact',
      form,
      customer,
      errors: view.errors,
      channels: checkedItems(CONTACT_CHANNELS.map((c) => ({ value: c, text: CHANNEL_NAMES[c] })), first(form.channel)),
      directions: checkedItems(DIRECTIONS.map((d) => ({ value: d, text: DIRECTION_NAMES[d] })), first(form.direction)),
      outcomes: checkedItems(OUTCOMES.map((o) => ({ value: o, text: OUTCOME_NAMES[o] })), first(form.outcome)),
      avoidableItems: checkedItems([{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], first(form.avoidable)),
      avoidableTypes: checkedItems(AVOIDABLE_TYPES.map((t) => ({ value: t, text: AVOIDABLE_TYPE_NAMES[t] })), first(form.avoidableType)),
      locations: locationItems(locations, first(form.locationId), 'Not recorded'),
      reasons: await reasonItems(db, first(form.serviceChoice)),
      dateItems: dateItems(form, view.dateParts ?? []),
      rating: { items: ratingItems({ score: first(form.ratingScore), reason: first(form.ratingReason) }), comment: first(form.ratingComment) },
    });
  }

  app.get('/staff/contacts/new', { config: log }, async (request, reply) => {
    const query = formBody(request.query);
    const customer = await customerOf(db, first(query.customer));
    if (customer === null) return reply.callNotFound();
    const workstation = await workstationLocation(db, request);
    const form: Body = { channel: 'phone', direction: 'inbound', ...whenDefaults(deps.now()), caseReference: first(query.case).slice(0, 20), ...(workstation && { locationId: workstation.id }) };
    return showForm(reply, form, customer);
  });

  app.post('/staff/contacts/new', { config: log }, async (request, reply) => {
    const body = formBody(request.body);
    const customer = await customerOf(db, first(body.customerId));
    if (customer === null) return reply.callNotFound();
    const now = deps.now();
    const read = readContactForm(body, now);
    // The customer's rating of the contact is optional: read only when the advisor gave any of it.
    const rating = ratingGiven(body, 'rating') ? readRatingForm(body, 'contact', 'rating') : undefined;
    if (!read.ok || (rating && !rating.ok)) {
      const errors = mergeErrors(read.ok ? undefined : read.errors, rating && !rating.ok ? rating.errors : undefined);
      return showForm(reply, body, customer, { ...(errors && { errors }), dateParts: read.ok ? [] : read.dateParts });
    }
    try {
      const { caseReference, ...contact } = read.value;
      const caseId = caseReference ? await findCaseId(db, caseReference) : undefined;
      const actor = request.actor();
      // The contact and its rating are one change: both saved, or neither.
      await inTransaction(db, async (trx) => {
        const { id } = await logContact({ db: trx, actor, now }, { ...contact, ...(customer && { customerId: customer.id }), ...(caseId && { caseId }), ...(request.staff && { advisorId: request.staff.id }) });
        if (rating?.ok) {
          await recordRating(trx, actor, {
            ...rating.value, channel: contact.channel, source: 'advisor', contactId: id, customerId: customer?.id ?? null, serviceId: contact.serviceId ?? null,
            caseId: caseId ?? null, recordedBy: request.staff?.id ?? null, ratedAt: contact.receivedAt,
          });
        }
      });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(reply, body, customer, { errors: invalidInputErrors(error, fieldAnchor) });
    }
    return reply.redirect(customer ? `/staff/customers/${customer.id}?done=contact-logged` : '/staff/desk?done=contact-logged', 303);
  });
}

// ---- the mail room

function registerMailRoom(app: FastifyInstance, deps: { db: Db; files: FileStore; now: () => Date }): void {
  const { db, files } = deps;

  async function showForm(request: FastifyRequest, reply: FastifyReply, form: Body, view: { errors?: FormErrors; dateParts?: DatePart[] } = {}) {
    const query = formBody(request.query);
    const search = first(query.q).trim().slice(0, 100);
    const [customer, locations, matches] = await Promise.all([
      customerOf(db, first(form.customerId)),
      listLocations(db, { activeOnly: true }),
      search ? searchCustomers(db, search, { limit: 10 }) : Promise.resolve([]),
    ]);
    const logged = first(query.logged);
    return reply.code(view.errors ? 400 : 200).page(`${VIEWS}/mail.njk`, {
      pageTitle: 'Mail room: log a letter',
      form,
      customer: customer ?? undefined,
      search,
      matches,
      errors: view.errors,
      logged: isUuid(logged) ? logged : undefined,
      locations: locationItems(locations, first(form.locationId), 'The mail room'),
      dateItems: dateItems(form, view.dateParts ?? []),
    });
  }

  app.get('/staff/mail/new', { config: log }, async (request, reply) => {
    const query = formBody(request.query);
    const dates = whenDefaults(deps.now());
    return showForm(request, reply, { ...dates, customerId: first(query.customer), caseReference: first(query.case).slice(0, 20) });
  });

  app.post('/staff/mail/new', { config: log, preValidation: multipartForm }, async (request, reply) => {
    const body = formBody(request.body);
    const now = deps.now();
    const read = readLetterForm(body, now);
    const scan = readScan(receivedFiles(request).find((f) => f.field === 'scan'));
    const errors = mergeErrors(read.ok ? undefined : read.errors, 'errors' in scan ? scan.errors : undefined);
    if (errors || !read.ok || !('file' in scan)) return showForm(request, reply, body, { ...(errors && { errors }), dateParts: read.dateParts });
    try {
      const { caseReference, ...letter } = read.value;
      const caseId = caseReference ? await findCaseId(db, caseReference) : undefined;
      const { id } = await logLetter({ db, files, actor: request.actor(), now }, { ...letter, ...(caseId && { caseId }), scan: scan.file });
      return await reply.redirect(`/staff/mail/new?logged=${id}`, 303);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return showForm(request, reply, body, { errors: invalidInputErrors(error, fieldAnchor) });
    }
  });

  // The scan of a letter (or any file kept with a contact), for staff: audited by the inbox's service.
  app.get<{ Params: { id: string; attachmentId: string } }>('/staff/contacts/:id/attachments/:attachmentId', { config: log }, async (request, reply) => {
    const { id, attachmentId } = request.params;
    if (!isUuid(id) || !isUuid(attachmentId)) return reply.callNotFound();
    const file = await openContactAttachment(db, files, request.actor(), { contactId: id, attachmentId });
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file);
  });
}

type ScanReading = { file: { filename: string; bytes: Buffer; contentType: string } } | { errors: FormErrors };

/** The letter's scan, checked as case attachments are: the type from its first bytes, the size. */
function readScan(file: { filename: string; bytes: Buffer; tooLarge: boolean } | undefined): ScanReading {
  if (!file || (file.filename === '' && file.bytes.length === 0)) return { errors: formError('scan', 'Select the scanned letter') };
  if (file.tooLarge) return { errors: formError('scan', 'The scanned letter must be smaller than 10MB') };
  if (file.bytes.length === 0) return { errors: formError('scan', 'The selected file is empty') };
  const contentType = sniffContentType(file.bytes);
  if (contentType === UNRECOGNISED_CONTENT_TYPE) return { errors: formError('scan', 'The scanned letter must be a PDF, JPG or PNG') };
  return { file: { filename: displayFilename(file.filename || 'letter'), bytes: file.bytes, contentType } };
}

// ---- measures

const percent = (share: number | null): string => (share === null ? 'No contacts' : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`);

function againstTarget(fcr: number | null): string {
  if (fcr === null) return '';
  const points = Math.round((fcr - NATIONAL_FCR_TARGET) * 1000) / 10;
  if (points === 0) return 'On target';
  return `${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'} ${points > 0 ? 'above' : 'below'}`;
}

const measureRow = (m: ContactMeasure) => ({
  ...m,
  fcrText: percent(m.fcr),
  targetText: againstTarget(m.fcr),
  avoidableText: percent(m.avoidableRate),
  types: AVOIDABLE_TYPES.map((t) => m.byAvoidableType[t]),
});

const isGrouping = (value: string): value is MeasureGrouping => (MEASURE_GROUPINGS as readonly string[]).includes(value);

function registerMeasures(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  app.get('/staff/contacts/measures', { config: measures }, async (request, reply) => {
    const query = formBody(request.query);
    const quarter = quarterOf(londonDate(deps.now()));
    const fromText = first(query.from).trim();
    const toText = first(query.to).trim();
    const by = isGrouping(first(query.by)) ? (first(query.by) as MeasureGrouping) : 'channel';
    const from: LocalDate | undefined = fromText ? parseDayText(fromText) : quarter.from;
    const to: LocalDate | undefined = toText ? parseDayText(toText) : quarter.to;
    const issues: [string, string][] = [];
    if (!from) issues.push(['from', 'Start date must be a real date, like 2026-04-01']);
    if (!to) issues.push(['to', 'End date must be a real date, like 2026-06-30']);
    if (from && to && from > to) issues.push(['to', 'End date must be the same as or after the start date']);
    const view = {
      pageTitle: 'First contact resolution and avoidable contact',
      values: { from: fromText || quarter.from, to: toText || quarter.to },
      groupings: MEASURE_GROUPINGS.map((g) => ({ value: g, text: GROUPING_NAMES[g], checked: g === by })),
      groupingName: GROUPING_NAMES[by],
      target: percent(NATIONAL_FCR_TARGET),
      typeNames: AVOIDABLE_TYPES.map((t) => AVOIDABLE_TYPE_NAMES[t]),
    };
    if (issues.length || !from || !to) {
      const errors: FormErrors = { summary: issues.map(([f, text]) => ({ text, href: `#${f}` })), fields: Object.fromEntries(issues.map(([f, text]) => [f, { text }])) };
      return reply.code(400).page(`${VIEWS}/measures.njk`, { ...view, errors });
    }
    // Whole London days: from the start of the first to the start of the day after the last.
    const result = await contactMeasures(deps.db, { from: londonInstant(from, '00:00'), to: londonInstant(nextDate(to), '00:00'), by });
    return reply.page(`${VIEWS}/measures.njk`, { ...view, period: { from, to }, rows: result.rows.map(measureRow), total: measureRow(result.total) });
  });
}

// ---- locations

function registerLocations(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/staff/locations', { config: manage }, async (request, reply) => {
    const locations = await listLocations(db, { activeOnly: false });
    const done = first(formBody(request.query).done);
    return reply.page(`${VIEWS}/locations.njk`, {
      pageTitle: 'Locations',
      locations: locations.map((l) => ({ ...l, kindName: LOCATION_KIND_NAMES[l.kind] })),
      banner: done === 'created' ? 'Location added' : done === 'updated' ? 'Location saved' : undefined,
    });
  });

  const showForm = (reply: FastifyReply, view: { action: string; values: Body; errors?: FormErrors; editing: boolean }) =>
    reply.code(view.errors ? 400 : 200).page(`${VIEWS}/location-form.njk`, {
      pageTitle: view.editing ? 'Change a location' : 'Add a location',
      ...view,
      kinds: checkedItems(LOCATION_KINDS.map((k) => ({ value: k, text: LOCATION_KIND_NAMES[k] })), first(view.values.kind)),
      activeItems: checkedItems([{ value: 'yes', text: 'Yes, advisors can choose it' }, { value: 'no', text: 'No, it is no longer used' }], first(view.values.active) || 'yes'),
    });

  const readLocation = (body: Body) =>
    locationSchema.safeParse({ code: first(body.code), name: first(body.name), kind: first(body.kind) || undefined, address: first(body.address), active: first(body.active) || 'yes' });

  app.get('/staff/locations/new', { config: manage }, async (_request, reply) => showForm(reply, { action: '/staff/locations/new', values: {}, editing: false }));

  app.post('/staff/locations/new', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const view = { action: '/staff/locations/new', values: body, editing: false };
    const parsed = readLocation(body);
    if (!parsed.success) return showForm(reply, { ...view, errors: toFormErrors(parsed.error) });
    try {
      await createLocation(db, request.actor(), parsed.data);
    } catch (error) {
      if (error instanceof InvalidInput) return showForm(reply, { ...view, errors: invalidInputErrors(error) });
      throw error;
    }
    return reply.redirect('/staff/locations?done=created', 303);
  });

  type IdRequest = FastifyRequest<{ Params: { id: string } }>;
  const found = async (request: IdRequest): Promise<Location | undefined> => {
    if (!isUuid(request.params.id)) return undefined;
    try {
      return await getLocation(db, request.params.id);
    } catch (error) {
      if (error instanceof LocationNotFound) return undefined;
      throw error;
    }
  };

  app.get<{ Params: { id: string } }>('/staff/locations/:id/edit', { config: manage }, async (request, reply) => {
    const location = await found(request);
    if (!location) return reply.callNotFound();
    const values = { code: location.code, name: location.name, kind: location.kind, address: location.address ?? '', active: location.active ? 'yes' : 'no' };
    return showForm(reply, { action: `/staff/locations/${location.id}/edit`, values, editing: true });
  });

  app.post<{ Params: { id: string } }>('/staff/locations/:id/edit', { config: manage }, async (request, reply) => {
    const location = await found(request);
    if (!location) return reply.callNotFound();
    const body = formBody(request.body);
    const view = { action: `/staff/locations/${location.id}/edit`, values: body, editing: true };
    const parsed = readLocation(body);
    if (!parsed.success) return showForm(reply, { ...view, errors: toFormErrors(parsed.error) });
    try {
      await updateLocation(db, request.actor(), location.id, parsed.data);
    } catch (error) {
      if (error instanceof InvalidInput) return showForm(reply, { ...view, errors: invalidInputErrors(error) });
      throw error;
    }
    return reply.redirect('/staff/locations?done=updated', 303);
  });
}
