// SQL for the contact log, its measures and the council's locations. The service decides; this
// reads and writes. Contacts' names (service, request type, case, advisor, location) are joined in
// one query rather than looked up per row through each feature, because a customer's single view
// and a case page list many contacts.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { AvoidableTypeCode, ContactOutcomeCode } from '../../platform/db/schema.js';
import { AVOIDABLE_TYPES, type LocationInput, type LocationKind, type MeasureGrouping } from './model.js';

export interface ContactRow {
  channel: string;
  direction: 'inbound' | 'outbound';
  receivedAt: Date;
  customerId: string | null;
  caseId: string | null;
  locationId: string | null;
  serviceId: string | null;
  requestTypeId: string | null;
  reason: string | null;
  outcome: ContactOutcomeCode;
  avoidable: boolean;
  avoidableType: AvoidableTypeCode | null;
  durationSeconds: number | null;
  advisorId: string | null;
  subject: string;
  bodyText: string;
  fromName: string | null;
  fromAddress: string | null;
  handledBy: string;
  handledAt: Date;
}

/** A contact an advisor logged: handled when it is recorded, so it never waits in the inbox. */
export async function insertContact(db: Db, c: ContactRow): Promise<string> {
  const row = await db
    .insertInto('contact')
    .values({
      channel: c.channel,
      direction: c.direction,
      received_at: c.receivedAt,
      customer_id: c.customerId,
      case_id: c.caseId,
      location_id: c.locationId,
      service_id: c.serviceId,
      request_type_id: c.requestTypeId,
      reason: c.reason,
      outcome: c.outcome,
      avoidable: c.avoidable,
      avoidable_type: c.avoidableType,
      duration_seconds: c.durationSeconds,
      advisor_id: c.advisorId,
      subject: c.subject,
      body_text: c.bodyText,
      from_name: c.fromName,
      from_address: c.fromAddress,
      status: 'handled',
      handled_by_label: c.handledBy,
      handled_at: c.handledAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What was done with a contact that arrived by itself (an inbound email): its outcome, once. */
export interface OutcomeRow {
  customerId: string | null;
  caseId: string | null;
  serviceId: string | null;
  requestTypeId: string | null;
  reason: string | null;
  outcome: ContactOutcomeCode;
  advisorId: string | null;
  handledBy: string;
  handledAt: Date;
}

/** Records the outcome unless someone already handled the contact; true when this call did. */
export async function setOutcome(db: Db, id: string, o: OutcomeRow): Promise<boolean> {
  const result = await db
    .updateTable('contact')
    .set({
      customer_id: o.customerId,
      case_id: o.caseId,
      service_id: o.serviceId,
      request_type_id: o.requestTypeId,
      reason: o.reason,
      outcome: o.outcome,
      avoidable: false,
      advisor_id: o.advisorId,
      status: 'handled',
      handled_by_label: o.handledBy,
      handled_at: o.handledAt,
    })
    .where('id', '=', id)
    .where('status', '<>', 'handled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertAttachment(db: Db, contactId: string, file: { filename: string; size: number; key: string; contentType: string; sha256: string }): Promise<string> {
  const row = await db
    .insertInto('contact_attachment')
    .values({ contact_id: contactId, filename: file.filename, size: file.size, file_key: file.key, content_type: file.contentType, sha256: file.sha256, not_kept_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---- what the service checks before it writes

export async function selectCaseIdByReference(db: Db, reference: string): Promise<string | undefined> {
  return (await db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirst())?.id;
}

export async function selectRequestTypeService(db: Db, requestTypeId: string): Promise<string | undefined> {
  return (await db.selectFrom('request_type').select('service_id').where('id', '=', requestTypeId).executeTakeFirst())?.service_id;
}

export async function serviceExists(db: Db, serviceId: string): Promise<boolean> {
  return (await db.selectFrom('service').select('id').where('id', '=', serviceId).executeTakeFirst()) !== undefined;
}

// ---- a customer's or a case's contacts

export interface ContactListRow {
  id: string;
  channel: string;
  direction: 'inbound' | 'outbound';
  receivedAt: Date;
  reason: string | null;
  outcome: ContactOutcomeCode | null;
  serviceName: string | null;
  requestTypeName: string | null;
  caseReference: string | null;
  advisorName: string | null;
  locationName: string | null;
  subject: string;
  avoidable: boolean | null;
  avoidableType: AvoidableTypeCode | null;
}

export async function selectContacts(db: Db, by: { customerId: string } | { caseId: string }, limit: number): Promise<ContactListRow[]> {
  let q = db
    .selectFrom('contact')
    .leftJoin('service', 'service.id', 'contact.service_id')
    .leftJoin('request_type', 'request_type.id', 'contact.request_type_id')
    // A request type's name is versioned: the current one names it.
    .leftJoin('request_type_version as rtv', (join) => join.onRef('rtv.request_type_id', '=', 'request_type.id').onRef('rtv.version', '=', 'request_type.current_version'))
    .leftJoin('cases', 'cases.id', 'contact.case_id')
    .leftJoin('staff_user', 'staff_user.id', 'contact.advisor_id')
    .leftJoin('council_location', 'council_location.id', 'contact.location_id')
    .select([
      'contact.id', 'contact.channel', 'contact.direction', 'contact.received_at', 'contact.reason', 'contact.outcome', 'contact.subject', 'contact.avoidable', 'contact.avoidable_type',
      'service.name as service_name', 'rtv.name as request_type_name', 'cases.reference as case_reference', 'staff_user.display_name as advisor_name', 'council_location.name as location_name',
    ]);
  q = 'customerId' in by ? q.where('contact.customer_id', '=', by.customerId) : q.where('contact.case_id', '=', by.caseId);
  const rows = await q.orderBy('contact.received_at', 'desc').orderBy('contact.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    direction: r.direction,
    receivedAt: r.received_at,
    reason: r.reason,
    outcome: r.outcome,
    serviceName: r.service_name,
    requestTypeName: r.request_type_name,
    caseReference: r.case_reference,
    advisorName: r.advisor_name,
    locationName: r.location_name,
    subject: r.subject,
    avoidable: r.avoidable,
    avoidableType: r.avoidable_type,
  }));
}

/** The kept files of these contacts (files we refused to keep have nothing to download). */
export async function selectKeptAttachments(db: Db, contactIds: readonly string[]): Promise<{ id: string; contactId: string; filename: string }[]> {
  if (!contactIds.length) return [];
  const rows = await db
    .selectFrom('contact_attachment')
    .select(['id', 'contact_id', 'filename'])
    .where('contact_id', 'in', contactIds)
    .where('file_key', 'is not', null)
    .orderBy('filename')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id, filename: r.filename }));
}

// ---- measures

export interface MeasureCounts {
  key: string;
  /** The raw name the grouping gives (a service's or advisor's name); the service names the rest. */
  label: string | null;
  contacts: number;
  withOutcome: number;
  resolvedFirstContact: number;
  avoidableRecorded: number;
  avoidable: number;
  byAvoidableType: Record<AvoidableTypeCode, number>;
}

/** The SQL expression a grouping groups by, and the name shown for it where SQL knows one. */
function grouping(by: MeasureGrouping) {
  switch (by) {
    case 'channel':
      return { key: sql<string>`contact.channel`, label: sql<string | null>`NULL::text` };
    case 'service':
      return { key: sql<string>`coalesce(contact.service_id::text, '')`, label: sql<string | null>`min(service.name)` };
    case 'advisor':
      return { key: sql<string>`coalesce(contact.advisor_id::text, '')`, label: sql<string | null>`min(staff_user.display_name)` };
    case 'location':
      return { key: sql<string>`coalesce(contact.location_id::text, '')`, label: sql<string | null>`min(council_location.name)` };
    case 'month':
      // Business months are London's: a contact at 00:30 on 1 May BST belongs to May.
      return { key: sql<string>`to_char(contact.received_at AT TIME ZONE 'Europe/London', 'YYYY-MM')`, label: sql<string | null>`NULL::text` };
  }
}

/**
 * Counts per group over [from, to) (on some channels only, when asked). Only contacts with an
 * outcome are counted: an inbound email nobody has dealt with yet has none, and is not yet a
 * contact resolved or not.
 */
export async function countMeasures(db: Db, range: { from: Date; to: Date }, by: MeasureGrouping, only: { channels?: readonly string[] } = {}): Promise<MeasureCounts[]> {
  const g = grouping(by);
  const typeCounts = AVOIDABLE_TYPES.map((type) => sql<string>`count(*) FILTER (WHERE contact.avoidable_type = ${type})`.as(`type_${type}`));
  const rows = await db
    .selectFrom('contact')
    .leftJoin('service', 'service.id', 'contact.service_id')
    .leftJoin('staff_user', 'staff_user.id', 'contact.advisor_id')
    .leftJoin('council_location', 'council_location.id', 'contact.location_id')
    .select([
      g.key.as('key'),
      g.label.as('label'),
      sql<string>`count(*)`.as('contacts'),
      sql<string>`count(contact.outcome)`.as('with_outcome'),
      sql<string>`count(*) FILTER (WHERE contact.outcome = 'resolved')`.as('resolved'),
      sql<string>`count(contact.avoidable)`.as('avoidable_recorded'),
      sql<string>`count(*) FILTER (WHERE contact.avoidable)`.as('avoidable'),
      ...typeCounts,
    ])
    .where('contact.outcome', 'is not', null)
    .where('contact.received_at', '>=', range.from)
    .where('contact.received_at', '<', range.to)
    .$if(only.channels !== undefined, (q) => q.where('contact.channel', 'in', only.channels!.length ? only.channels! : ['']))
    .groupBy(g.key)
    .orderBy(g.key)
    .execute();
  return rows.map((r) => {
    const raw = r as unknown as Record<string, string>;
    return {
      key: String(r.key),
      label: r.label,
      contacts: Number(r.contacts),
      withOutcome: Number(r.with_outcome),
      resolvedFirstContact: Number(r.resolved),
      avoidableRecorded: Number(r.avoidable_recorded),
      avoidable: Number(r.avoidable),
      byAvoidableType: Object.fromEntries(AVOIDABLE_TYPES.map((type) => [type, Number(raw[`type_${type}`])])) as Record<AvoidableTypeCode, number>,
    };
  });
}

/** One contact behind a measure: what a KPI's list of records shows and links to. */
export interface MeasureContactRow {
  id: string;
  channel: string;
  receivedAt: Date;
  outcome: ContactOutcomeCode;
  avoidable: boolean | null;
  avoidableType: AvoidableTypeCode | null;
  serviceName: string | null;
  caseReference: string | null;
  customerId: string | null;
}

export interface MeasureContactQuery {
  /** Every contact with an outcome (FCR, volumes), or only those where avoidable was recorded. */
  set: 'with_outcome' | 'avoidable_recorded';
  /** One group of a grouping (the same expression `countMeasures` groups by), or one avoidable type. */
  filter?: { by: MeasureGrouping; key: string } | { by: 'type'; key: string };
  limit: number;
}

/** The contacts `countMeasures` counts over [from, to) (one group's), newest first, and how many. */
export async function selectMeasureContacts(db: Db, range: { from: Date; to: Date }, query: MeasureContactQuery): Promise<{ rows: MeasureContactRow[]; total: number }> {
  let base = db
    .selectFrom('contact')
    .where('contact.outcome', 'is not', null)
    .where('contact.received_at', '>=', range.from)
    .where('contact.received_at', '<', range.to);
  if (query.set === 'avoidable_recorded') base = base.where('contact.avoidable', 'is not', null);
  const filter = query.filter;
  if (filter?.by === 'type') base = base.where(sql<string>`contact.avoidable_type::text`, '=', filter.key);
  else if (filter) base = base.where(grouping(filter.by).key, '=', filter.key);
  // Two statements, not a window count: the first `limit` then come newest first from the index
  // on received_at without sorting a quarter's contacts.
  const [rows, count] = await Promise.all([
    base
      .leftJoin('service', 'service.id', 'contact.service_id')
      .leftJoin('cases', 'cases.id', 'contact.case_id')
      .select([
        'contact.id', 'contact.channel', 'contact.received_at', 'contact.outcome', 'contact.avoidable', 'contact.avoidable_type', 'contact.customer_id',
        'service.name as service_name', 'cases.reference as case_reference',
      ])
      .orderBy('contact.received_at', 'desc')
      .orderBy('contact.id')
      .limit(query.limit)
      .execute(),
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      receivedAt: r.received_at,
      outcome: r.outcome!,
      avoidable: r.avoidable,
      avoidableType: r.avoidable_type,
      serviceName: r.service_name,
      caseReference: r.case_reference,
      customerId: r.customer_id,
    })),
  };
}

// ---- locations

export interface Location {
  id: string;
  code: string;
  name: string;
  kind: LocationKind;
  address: string | null;
  active: boolean;
}

const locationColumns = ['id', 'code', 'name', 'kind', 'address', 'active'] as const;

export async function selectLocations(db: Db, options: { activeOnly: boolean }): Promise<Location[]> {
  let q = db.selectFrom('council_location').select(locationColumns);
  if (options.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('name').orderBy('code').execute();
}

export async function selectLocation(db: Db, by: { id: string } | { code: string }): Promise<Location | undefined> {
  const q = db.selectFrom('council_location').select(locationColumns);
  return ('id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code)).executeTakeFirst();
}

/** Undefined when the code is taken. */
export async function insertLocation(db: Db, input: LocationInput): Promise<string | undefined> {
  const row = await db
    .insertInto('council_location')
    .values({ code: input.code, name: input.name, kind: input.kind, address: input.address, active: input.active })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateLocation(db: Db, id: string, input: LocationInput): Promise<void> {
  await db.updateTable('council_location').set({ code: input.code, name: input.name, kind: input.kind, address: input.address, active: input.active }).where('id', '=', id).execute();
}
