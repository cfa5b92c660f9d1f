// What staff do with the contact log: log a contact on any channel (composing inside a caller's
// transaction, so raising a case and logging the contact that raised it are one change), log a
// letter with its scan in the mail room, list a customer's or a case's contacts, count first
// contact resolution and avoidable contact, and manage the council's locations.
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { newFileKey, type FileStore } from '../../platform/files/index.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';
import { getCustomer, type Customer } from '../customers/service.js';
import {
  AVOIDABLE_TYPE_NAMES, AVOIDABLE_TYPES, channelName, CONTACT_CHANNELS, MAX_DURATION_SECONDS, OUTCOME_NAMES, OUTCOMES,
  type AvoidableType, type ContactChannel, type Direction, type LocationInput, type MeasureGrouping, type Outcome,
} from './model.js';
import * as store from './store.js';
import type { Location } from './store.js';

export type { Location } from './store.js';

export interface ContactContext {
  db: Db;
  actor: Actor;
  now: Date;
}

export interface NewContact {
  channel: ContactChannel;
  direction: Direction;
  receivedAt: Date;
  customerId?: string;
  caseId?: string;
  locationId?: string;
  serviceId?: string;
  requestTypeId?: string;
  reason?: string;
  outcome: Outcome;
  avoidable: boolean;
  avoidableType?: AvoidableType;
  durationSeconds?: number;
  /** The staff member who handled it; the actor's own id when not given and the actor is staff. */
  advisorId?: string;
  subject?: string;
  bodyText?: string;
  /** Who wrote (a letter's sender) and from where, when there is no customer record to name them. */
  fromName?: string;
  fromAddress?: string;
}

/**
 * Records a contact, handled, with its audit event. Joins the caller's transaction when there is
 * one (raising a case logs its contact in the same change). Rules only the database can check
 * (the customer, the location, the request type's service) are InvalidInput on the form's fields.
 */
export async function logContact(ctx: ContactContext, input: NewContact): Promise<{ id: string }> {
  checkRules(input, ctx.now);
  return inTransaction(ctx.db, async (db) => {
    const customer = input.customerId ? await liveCustomer(db, input.customerId) : undefined;
    if (input.customerId && !customer) throw new InvalidInput([{ field: 'customerId', message: 'The customer record was not found' }]);
    const serviceId = await checkReferences(db, input);
    const advisorId = input.advisorId ?? (ctx.actor.type === 'staff' ? ctx.actor.id : undefined) ?? null;
    const id = await store.insertContact(db, {
      channel: input.channel,
      direction: input.direction,
      receivedAt: input.receivedAt,
      customerId: customer?.id ?? null,
      caseId: input.caseId ?? null,
      locationId: input.locationId ?? null,
      serviceId,
      requestTypeId: input.requestTypeId ?? null,
      reason: input.reason ?? null,
      outcome: input.outcome,
      avoidable: input.avoidable,
      avoidableType: input.avoidable ? (input.avoidableType ?? null) : null,
      durationSeconds: input.durationSeconds ?? null,
      advisorId,
      subject: input.subject ?? '',
      bodyText: input.bodyText ?? '',
      fromName: input.fromName ?? null,
      fromAddress: input.fromAddress ?? null,
      handledBy: ctx.actor.label,
      handledAt: ctx.now,
    });
    await recordAudit(db, ctx.actor, {
      action: 'contact.logged',
      subjectType: 'contact',
      subjectId: id,
      detail: {
        channel: input.channel, direction: input.direction, outcome: input.outcome, avoidable: input.avoidable, avoidableType: input.avoidableType ?? null,
        customerId: customer?.id ?? null, caseId: input.caseId ?? null,
      },
    });
    return { id };
  });
}

export interface ContactOutcome {
  customerId?: string;
  caseId?: string;
  serviceId?: string;
  requestTypeId?: string;
  reason?: string;
  outcome: Outcome;
  advisorId?: string;
}

/**
 * Records what was done with a contact that arrived by itself (an inbound email an advisor raised a
 * case from): it leaves the inbox, handled, and counts in the measures like a logged contact. Its
 * first handling wins: a second advisor doing the same is told (ContactAlreadyHandled) and nothing
 * of theirs is saved, so one email never becomes two cases' contact.
 */
export async function recordOutcome(ctx: ContactContext, contactId: string, input: ContactOutcome): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    const customer = input.customerId ? await liveCustomer(db, input.customerId) : undefined;
    const serviceId = await checkReferences(db, { ...input, channel: 'email', direction: 'inbound', receivedAt: ctx.now, avoidable: false });
    const recorded = await store.setOutcome(db, contactId, {
      customerId: customer?.id ?? null,
      caseId: input.caseId ?? null,
      serviceId,
      requestTypeId: input.requestTypeId ?? null,
      reason: input.reason ?? null,
      outcome: input.outcome,
      advisorId: input.advisorId ?? (ctx.actor.type === 'staff' ? ctx.actor.id : undefined) ?? null,
      handledBy: ctx.actor.label,
      handledAt: ctx.now,
    });
    if (!recorded) throw new ContactAlreadyHandled(contactId);
    await recordAudit(db, ctx.actor, {
      action: 'contact.handled',
      subjectType: 'contact',
      subjectId: contactId,
      detail: { outcome: input.outcome, customerId: customer?.id ?? null, caseId: input.caseId ?? null },
    });
  });
}

export class ContactAlreadyHandled extends Error {}

/** What a caller outside the form (the lead's raise-a-case, an API) could still get wrong. */
function checkRules(input: NewContact, now: Date): void {
  const issues: { field: string; message: string }[] = [];
  if (!(CONTACT_CHANNELS as readonly string[]).includes(input.channel)) issues.push({ field: 'channel', message: 'Select the channel' });
  if (!(OUTCOMES as readonly string[]).includes(input.outcome)) issues.push({ field: 'outcome', message: 'Select the outcome of the contact' });
  if (input.avoidable && !(AVOIDABLE_TYPES as readonly string[]).includes(input.avoidableType ?? '')) issues.push({ field: 'avoidableType', message: 'Select why the contact was avoidable' });
  if (input.receivedAt > now) issues.push({ field: 'receivedDate', message: 'Date of the contact must be today or in the past' });
  const d = input.durationSeconds;
  if (d !== undefined && !(Number.isInteger(d) && d >= 0 && d <= MAX_DURATION_SECONDS)) issues.push({ field: 'durationMinutes', message: 'Duration must be 24 hours or less' });
  if (issues.length) throw new InvalidInput(issues);
}

/** Checks the location and the reason; the service, which a request type alone implies. */
async function checkReferences(db: Db, input: NewContact): Promise<string | null> {
  if (input.locationId && !(await store.selectLocation(db, { id: input.locationId }))) throw new InvalidInput([{ field: 'locationId', message: 'Select the location from the list' }]);
  if (input.serviceId && !(await store.serviceExists(db, input.serviceId))) throw new InvalidInput([{ field: 'serviceChoice', message: 'Select the service from the list' }]);
  if (input.requestTypeId) {
    const serviceId = await store.selectRequestTypeService(db, input.requestTypeId);
    if (!serviceId || (input.serviceId && serviceId !== input.serviceId)) throw new InvalidInput([{ field: 'serviceChoice', message: 'Select the service from the list' }]);
    return serviceId;
  }
  return input.serviceId ?? null;
}

/** The case a reference names, for a form's optional "case reference" box. */
export async function findCaseId(db: Db, reference: string): Promise<string> {
  const id = await store.selectCaseIdByReference(db, reference.trim().toUpperCase());
  if (!id) throw new InvalidInput([{ field: 'caseReference', message: 'There is no case with that reference' }]);
  return id;
}

/**
 * The customer record to log against, without an audit event (a form names the customer; the
 * single view, which shows the record, audits its own views). A merged-away record's contacts go
 * to the record kept.
 */
export async function liveCustomer(db: Db, id: string): Promise<Customer | undefined> {
  const customer = await getCustomer(db, id);
  return customer?.mergedInto ? getCustomer(db, customer.mergedInto) : customer;
}

// ---- the mail room

export interface NewLetter {
  receivedAt: Date;
  senderName?: string;
  senderAddress?: string;
  customerId?: string;
  caseId?: string;
  locationId?: string;
  summary: string;
  /** The scan: already checked (type from its bytes, size). */
  scan: { filename: string; bytes: Buffer; contentType: string };
}

/**
 * A letter from the post: a contact on the letter channel with its scan. The file is stored
 * first; if the contact is not recorded, the file is removed, so there is no file without a row.
 * Without a location the letter is the mail room's.
 */
export async function logLetter(ctx: ContactContext & { files: FileStore }, letter: NewLetter): Promise<{ id: string }> {
  const stored = await ctx.files.put(newFileKey('contacts'), letter.scan.bytes, { contentType: letter.scan.contentType });
  try {
    return await inTransaction(ctx.db, async (db) => {
      const locationId = letter.locationId ?? (await mailRoomId(db));
      const { id } = await logContact({ ...ctx, db }, {
        channel: 'letter',
        direction: 'inbound',
        receivedAt: letter.receivedAt,
        ...(letter.customerId && { customerId: letter.customerId }),
        ...(letter.caseId && { caseId: letter.caseId }),
        ...(locationId && { locationId }),
        reason: letter.summary.slice(0, 500),
        // Logging is not answering: the letter is passed on to whoever deals with its subject.
        outcome: 'passed_to_back_office',
        avoidable: false,
        subject: letter.senderName ? `Letter from ${letter.senderName}` : 'Letter',
        bodyText: letter.summary,
        ...(letter.senderName && { fromName: letter.senderName }),
        ...(letter.senderAddress && { fromAddress: letter.senderAddress }),
      });
      const attachmentId = await store.insertAttachment(db, id, { filename: letter.scan.filename, size: stored.size, key: stored.key, contentType: letter.scan.contentType, sha256: stored.sha256 });
      await recordAudit(db, ctx.actor, { action: 'contact.letter_scanned', subjectType: 'contact', subjectId: id, detail: { attachmentId, filename: letter.scan.filename, size: stored.size } });
      return { id };
    });
  } catch (error) {
    await ctx.files.delete(stored.key).catch(() => undefined);
    throw error;
  }
}

async function mailRoomId(db: Db): Promise<string | undefined> {
  const locations = await store.selectLocations(db, { activeOnly: true });
  return locations.find((l) => l.kind === 'mail_room')?.id;
}

// ---- listing

export interface ContactSummary {
  id: string;
  channel: string;
  channelName: string;
  direction: 'inbound' | 'outbound';
  receivedAt: Date;
  reason: string | null;
  outcome: Outcome | null;
  outcomeName: string | null;
  serviceName: string | null;
  requestTypeName: string | null;
  caseReference: string | null;
  advisorName: string | null;
  locationName: string | null;
  subject: string;
  avoidable: boolean | null;
  avoidableTypeName: string | null;
  attachments: { id: string; filename: string }[];
}

/** A customer's or a case's contacts, newest first, every channel (inbound emails included). */
export async function listContacts(db: Db, by: { customerId: string } | { caseId: string }, options: { limit?: number } = {}): Promise<ContactSummary[]> {
  const rows = await store.selectContacts(db, by, options.limit ?? 200);
  const files = await store.selectKeptAttachments(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    channelName: channelName(r.channel),
    direction: r.direction,
    receivedAt: r.receivedAt,
    reason: r.reason,
    outcome: r.outcome,
    outcomeName: r.outcome ? OUTCOME_NAMES[r.outcome] : null,
    serviceName: r.serviceName,
    requestTypeName: r.requestTypeName,
    caseReference: r.caseReference,
    advisorName: r.advisorName,
    locationName: r.locationName,
    subject: r.subject,
    avoidable: r.avoidable,
    avoidableTypeName: r.avoidableType ? AVOIDABLE_TYPE_NAMES[r.avoidableType] : null,
    attachments: files.filter((f) => f.contactId === r.id).map((f) => ({ id: f.id, filename: f.filename })),
  }));
}

// ---- measures (definitions in README.md)

export interface ContactMeasure {
  key: string;
  name: string;
  contacts: number;
  withOutcome: number;
  resolvedFirstContact: number;
  /** Resolved at first contact ÷ contacts with an outcome, 0..1; null when none had an outcome. */
  fcr: number | null;
  avoidable: number;
  /** Avoidable ÷ contacts where avoidable was recorded, 0..1; null when none recorded it. */
  avoidableRate: number | null;
  /** Contacts where avoidable was recorded: the avoidable rate's denominator. */
  avoidableRecorded: number;
  byAvoidableType: Record<AvoidableType, number>;
}

export interface ContactMeasures {
  by: MeasureGrouping;
  rows: ContactMeasure[];
  total: ContactMeasure;
}

const share = (part: number, whole: number): number | null => (whole ? part / whole : null);
const MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

const NONE_RECORDED: Record<MeasureGrouping, string> = { channel: 'No channel recorded', service: 'No service recorded', advisor: 'No advisor recorded', location: 'No location recorded', month: '' };

function nameOf(by: MeasureGrouping, counts: store.MeasureCounts): string {
  if (by === 'channel') return CHANNEL_NAMES[counts.key as Channel] ?? counts.key;
  if (by === 'month') return MONTH.format(new Date(`${counts.key}-01T00:00:00Z`));
  if (counts.key === '') return NONE_RECORDED[by];
  return counts.label ?? counts.key;
}

function measure(key: string, name: string, c: Omit<store.MeasureCounts, 'key' | 'label'>): ContactMeasure {
  return {
    key,
    name,
    contacts: c.contacts,
    withOutcome: c.withOutcome,
    resolvedFirstContact: c.resolvedFirstContact,
    fcr: share(c.resolvedFirstContact, c.withOutcome),
    avoidable: c.avoidable,
    avoidableRate: share(c.avoidable, c.avoidableRecorded),
    avoidableRecorded: c.avoidableRecorded,
    byAvoidableType: { ...c.byAvoidableType },
  };
}

/** First contact resolution and avoidable contact over [from, to) (on some channels only, when asked), grouped, with the total. */
export async function contactMeasures(db: Db, options: { from: Date; to: Date; by: MeasureGrouping; channels?: readonly string[] }): Promise<ContactMeasures> {
  const counts = await store.countMeasures(db, options, options.by, options.channels ? { channels: options.channels } : {});
  const rows = counts.map((c) => measure(c.key, nameOf(options.by, c), c));
  // Every count is additive, so the total is the sum of the groups, and its shares are worked out from the sums.
  const sum = (pick: (c: store.MeasureCounts) => number) => counts.reduce((n, c) => n + pick(c), 0);
  const total = measure('total', 'All contacts', {
    contacts: sum((c) => c.contacts),
    withOutcome: sum((c) => c.withOutcome),
    resolvedFirstContact: sum((c) => c.resolvedFirstContact),
    avoidableRecorded: sum((c) => c.avoidableRecorded),
    avoidable: sum((c) => c.avoidable),
    byAvoidableType: Object.fromEntries(AVOIDABLE_TYPES.map((t) => [t, sum((c) => c.byAvoidableType[t])])) as Record<AvoidableType, number>,
  });
  if (options.by === 'service' || options.by === 'advisor' || options.by === 'location') rows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return { by: options.by, rows, total };
}

export type { MeasureContactQuery, MeasureContactRow } from './store.js';

/** The contacts a measure counts over [from, to) (one group's, or one avoidable type's), newest first, and how many. */
export const measureContacts = (db: Db, range: { from: Date; to: Date }, query: store.MeasureContactQuery): Promise<{ rows: store.MeasureContactRow[]; total: number }> =>
  store.selectMeasureContacts(db, range, query);

// ---- locations (administrators)

export const listLocations = (db: Db, options: { activeOnly: boolean }): Promise<Location[]> => store.selectLocations(db, options);

export class LocationNotFound extends Error {}

export async function getLocation(db: Db, id: string): Promise<Location> {
  const location = await store.selectLocation(db, { id });
  if (!location) throw new LocationNotFound(id);
  return location;
}

const codeTaken = () => new InvalidInput([{ field: 'code', message: 'That code is already used by another location' }]);

export async function createLocation(db: Db, actor: Actor, input: LocationInput): Promise<string> {
  return inTransaction(db, async (trx) => {
    const id = await store.insertLocation(trx, input);
    if (!id) throw codeTaken();
    await recordAudit(trx, actor, { action: 'location.created', subjectType: 'council_location', subjectId: id, detail: { ...input } });
    return id;
  });
}

export async function updateLocation(db: Db, actor: Actor, id: string, input: LocationInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await store.selectLocation(trx, { id });
    if (!before) throw new LocationNotFound(id);
    const holder = await store.selectLocation(trx, { code: input.code });
    if (holder && holder.id !== id) throw codeTaken();
    await store.updateLocation(trx, id, input);
    await recordAudit(trx, actor, { action: 'location.updated', subjectType: 'council_location', subjectId: id, detail: { before, after: input } });
  });
}
