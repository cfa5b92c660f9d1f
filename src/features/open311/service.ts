// What Open311 clients can do, on the cases and the catalogue: read services and their
// definitions, create a report (a case, channel Open311), read reports, follow their updates, and
// post a resident's update. Only request types open to other systems are visible here, and only
// what a report's own client could publish: reports raised on other channels show the request
// type, never the resident's words. Where a case is (address, UPRN, position), and the words and
// photos a client sent with it, are shown to anyone only for request types whose location is
// public, whatever channel raised it; a client reading with its key sees everything it sent on its
// own cases.
import { sql } from 'kysely';
import type { ApiClient } from '../../platform/api-keys/service.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { londonDate } from '../../time/index.js';
import { parseAnswers } from '../charter/fields/answers.js';
import type { RequestType } from '../charter/request-types.js';
import { getService, listRequestTypes } from '../charter/service.js';
import { addCustomerInformation, CaseNotFound } from '../cases/lifecycle.js';
import { raiseCase } from '../cases/service.js';
import { selectWorkflows } from '../cases/store.js';
import { FINISHED_CATEGORIES, initialStatus, type StatusCategory } from '../cases/workflow/model.js';
import {
  attributeFields,
  attributesOf,
  clientReference,
  formBodyFor,
  Open311Invalid,
  param,
  paramFor,
  readReport,
  STATUS_WORDS,
  WORD_FOR_CATEGORY,
  type Attribute,
  type StatusWord,
} from './model.js';

export class UnknownService extends Error {}

export interface Open311Service {
  code: string;
  name: string;
  description: string;
  group: string;
  attributes: Attribute[];
  requestType: RequestType;
}

/** Request types open to other systems (audience 'system'), active, of published services. */
export async function listOpen311Services(db: Db): Promise<Open311Service[]> {
  const requestTypes = await listRequestTypes(db, { audience: 'system' });
  const services = new Map<string, { name: string; published: boolean }>();
  const out: Open311Service[] = [];
  for (const requestType of requestTypes) {
    if (!services.has(requestType.serviceId)) services.set(requestType.serviceId, await getService(db, { id: requestType.serviceId }));
    const service = services.get(requestType.serviceId)!;
    if (!service.published) continue;
    out.push({ code: requestType.code, name: requestType.name, description: requestType.description, group: service.name, attributes: attributesOf(requestType.fields), requestType });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

export async function getOpen311Service(db: Db, code: string): Promise<Open311Service> {
  const found = (await listOpen311Services(db)).find((s) => s.code === code);
  if (!found) throw new UnknownService(code);
  return found;
}

export interface CreatedReport {
  reference: string;
  existing: boolean;
}

const CLIENT_DATA_ATTRIBUTES_MAX = 100;

/** Creates a case from a posted report; a retry with the same client reference answers with the first case. */
export async function createReport(db: Db, client: ApiClient, body: Record<string, string | string[]>, context: { now: Date; publicUrl: string; ip?: string }): Promise<CreatedReport> {
  const report = readReport(body);
  const service = await getOpen311Service(db, report.serviceCode).catch((error: unknown) => {
    if (error instanceof UnknownService) throw new Open311Invalid([{ param: 'service_code', message: `${report.serviceCode} is not a service code this council accepts` }]);
    throw error;
  });
  const fields = service.requestType.fields.filter((f) => f.type !== 'attachment');
  const parsed = parseAnswers(fields, formBodyFor(fields, report), { today: londonDate(context.now) });
  if (!parsed.ok) {
    throw new Open311Invalid(Object.entries(parsed.errors.fields).map(([code, error]) => ({ param: paramFor(fields, code), message: error.text })));
  }
  if (Object.keys(report.attributes).length > CLIENT_DATA_ATTRIBUTES_MAX) throw new Open311Invalid([{ param: 'attribute', message: `at most ${CLIENT_DATA_ATTRIBUTES_MAX} attributes may be sent` }]);
  const actor: Actor = { type: 'client', id: client.keyId, label: client.name, ...(context.ip && { ip: context.ip }) };
  const name = [report.firstName, report.lastName].filter(Boolean).join(' ');
  const reference = clientReference(report);
  const raised = await raiseCase({ db, actor, now: context.now, publicUrl: context.publicUrl }, {
    requestType: service.requestType,
    channel: 'open311',
    answers: parsed.answers,
    contact: { ...(name && { name }), ...(report.email && { email: report.email }), ...(report.phone && { phone: report.phone }) },
    receivedAt: context.now,
    location: {
      ...(report.addressString && { address: report.addressString }),
      ...(report.addressId && /^\d{1,12}$/.test(report.addressId) && { uprn: report.addressId }),
      ...(report.lat !== undefined && { latitude: report.lat, longitude: report.long }),
    },
    client: { systemId: client.clientSystemId, ...(reference && { reference }) },
    clientData: {
      client: client.name,
      description: report.description ?? null,
      mediaUrls: report.mediaUrls,
      attributes: report.attributes,
      knownAttributes: attributeFields(fields).map((f) => f.code),
      ...(report.deviceId && { deviceId: report.deviceId }),
      ...(report.accountId && { accountId: report.accountId }),
    },
  });
  return { reference: raised.reference, existing: raised.existing ?? false };
}

// ---- reading reports

export interface RequestQuery {
  ids?: string[];
  serviceCode?: string;
  start?: Date;
  end?: Date;
  status?: 'open' | 'closed';
}

export const MAX_RESULTS = 1000;
const DEFAULT_DAYS = 90;

export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: Date;
  updated_datetime: Date;
  expected_datetime: Date | null;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number | null;
  long: number | null;
  media_url: string;
}

function requestQuery(db: Db) {
  return db
    .selectFrom('cases as c')
    .innerJoin('request_type as rt', 'rt.id', 'c.request_type_id')
    .innerJoin('request_type_version as v', (join) => join.onRef('v.request_type_id', '=', 'rt.id').onRef('v.version', '=', 'rt.current_version'))
    .innerJoin('service as s', 's.id', 'c.service_id')
    .leftJoin('team as t', 't.id', 'c.team_id')
    .select([
      'c.id', 'c.reference', 'c.status_category', 'c.received_at', 'c.updated_at', 'c.location_address', 'c.location_uprn', 'c.latitude', 'c.longitude',
      'c.client_system_id', 'c.client_data', 'rt.code as service_code', 'v.name as service_name', 'v.location_public', 't.name as team_name',
      sql<Date | null>`(SELECT max(cs.due_at) FROM case_standard cs JOIN service_standard_version sv ON sv.standard_id = cs.standard_id AND sv.version = cs.standard_version WHERE cs.case_id = c.id AND sv.stage = 'resolution' AND cs.outcome IS DISTINCT FROM 'void')`.as('expected'),
      sql<string | null>`(SELECT e.detail->>'message' FROM case_event e WHERE e.case_id = c.id AND e.public AND e.type = 'public_update' ORDER BY e.id DESC LIMIT 1)`.as('notes'),
    ])
    .where(sql<boolean>`'system' = ANY(v.audiences)`)
    .where('s.published', '=', true);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

/** Who is reading: the client system whose key came with the call, if any. */
export interface Reader {
  clientSystemId?: string;
}

function toServiceRequest(row: RequestRow, councilName: string, reader: Reader): ServiceRequest {
  const fromClient = row.client_system_id !== null;
  const data = (row.client_data ?? {}) as { description?: string | null; mediaUrls?: string[] };
  // A home address is nobody else's business: the current version decides, so saying "not public"
  // also hides the cases already raised.
  const located = row.location_public || (fromClient && row.client_system_id === reader.clientSystemId);
  // The resident's own words and photos are published only for reports their client system sent
  // us, and beyond that client only where the place is public too: a missed bin's description
  // ("not emptied again at 12 Mill Lane") gives away the home its location hides.
  const words = fromClient && located;
  return {
    service_request_id: row.reference,
    status: (FINISHED_CATEGORIES as readonly string[]).includes(row.status_category) ? 'closed' : 'open',
    status_notes: fromClient ? (row.notes ?? '') : '',
    service_name: row.service_name,
    service_code: row.service_code,
    description: words ? (data.description ?? '') : row.service_name,
    agency_responsible: row.team_name ? `${councilName}: ${row.team_name}` : councilName,
    service_notice: '',
    requested_datetime: row.received_at,
    updated_datetime: row.updated_at,
    expected_datetime: row.expected,
    address: located ? (row.location_address ?? '') : '',
    address_id: located ? (row.location_uprn ?? '') : '',
    zipcode: '',
    lat: located ? row.latitude : null,
    long: located ? row.longitude : null,
    media_url: words ? (data.mediaUrls?.[0] ?? '') : '',
  };
}

async function councilName(db: Db): Promise<string> {
  return (await db.selectFrom('council').select('name').executeTakeFirst())?.name ?? 'The council';
}

export async function listReports(db: Db, query: RequestQuery, now: Date, reader: Reader = {}): Promise<ServiceRequest[]> {
  let q = requestQuery(db);
  if (query.ids?.length) {
    q = q.where('c.reference', 'in', query.ids);
  } else {
    // With no dates, the last 90 days, as the specification says.
    const start = query.start ?? (query.end ? new Date(query.end.getTime() - DEFAULT_DAYS * 86_400_000) : new Date(now.getTime() - DEFAULT_DAYS * 86_400_000));
    q = q.where('c.received_at', '>=', start);
    if (query.end) q = q.where('c.received_at', '<=', query.end);
  }
  if (query.serviceCode) q = q.where('rt.code', '=', query.serviceCode);
  if (query.status === 'open') q = q.where('c.status_category', 'not in', FINISHED_CATEGORIES);
  if (query.status === 'closed') q = q.where('c.status_category', 'in', FINISHED_CATEGORIES);
  const rows = await q.orderBy('c.received_at', 'desc').limit(MAX_RESULTS).execute();
  const name = await councilName(db);
  return rows.map((row) => toServiceRequest(row, name, reader));
}

export async function getReport(db: Db, reference: string, reader: Reader = {}): Promise<ServiceRequest | undefined> {
  const row = await requestQuery(db).where('c.reference', '=', reference.toUpperCase()).executeTakeFirst();
  return row && toServiceRequest(row, await councilName(db), reader);
}

// ---- status words

export async function statusWords(db: Db): Promise<Map<string, StatusWord>> {
  const rows = await db.selectFrom('open311_status').select(['status_code', 'word']).execute();
  return new Map(rows.map((r) => [r.status_code, r.word as StatusWord]));
}

export async function setStatusWords(db: Db, actor: Actor, words: Record<string, string>): Promise<void> {
  const issues = Object.entries(words)
    .filter(([, word]) => !(STATUS_WORDS as readonly string[]).includes(word))
    .map(([status]) => ({ field: `word-${status}`, message: 'Choose a status word from the list' }));
  if (issues.length) throw new InvalidInput(issues);
  await inTransaction(db, async (trx) => {
    const before = Object.fromEntries(await statusWords(trx));
    for (const [status, word] of Object.entries(words)) {
      await trx
        .insertInto('open311_status')
        .values({ status_code: status, word })
        .onConflict((oc) => oc.column('status_code').doUpdateSet({ word, updated_at: sql`now()` }))
        .execute();
    }
    await recordAudit(trx, actor, { action: 'open311.status_words_changed', subjectType: 'open311_status', detail: { before, after: words } });
  });
}

/** Every status of every workflow, with its category and the word it maps to (mapped or by category). */
export async function statusMapping(db: Db): Promise<{ code: string; names: string[]; category: StatusCategory; word: StatusWord; mapped: boolean }[]> {
  const [workflows, words] = await Promise.all([selectWorkflows(db), statusWords(db)]);
  const byCode = new Map<string, { code: string; names: string[]; category: StatusCategory; word: StatusWord; mapped: boolean }>();
  for (const status of workflows.flatMap((w) => w.statuses)) {
    const entry = byCode.get(status.code);
    if (entry) {
      if (!entry.names.includes(status.name)) entry.names.push(status.name);
      continue;
    }
    const mapped = words.get(status.code);
    byCode.set(status.code, { code: status.code, names: [status.name], category: status.category, word: mapped ?? WORD_FOR_CATEGORY[status.category], mapped: !!mapped });
  }
  return [...byCode.values()];
}

// ---- updates

export interface RequestUpdate {
  update_id: string;
  service_request_id: string;
  status: StatusWord;
  updated_datetime: Date;
  description: string;
  media_url: string;
  external_status_code: string;
  fixmystreet_id: string;
}

/** What the council publishes for everyone: status changes and the public updates its staff write. */
const PUBLISHED_TYPES = ['status_changed', 'public_update'];
/** A client also hears, on its own reports, what the resident added on their tracking page or by email. */
const CLIENT_TYPES = [...PUBLISHED_TYPES, 'customer_update'];

/**
 * Status changes and public updates on reports sent by client systems, dated when they happened. A
 * status change and the message sent with it are one update. With a key: that client's reports
 * only, with the resident's own updates and the client's reference, but not the updates it posted
 * itself. Without: never a resident's words, never a client's reference.
 */
export async function updatesFeed(db: Db, window: { start: Date; end: Date; clientSystemId?: string }): Promise<RequestUpdate[]> {
  const keyed = window.clientSystemId !== undefined;
  let query = db
    .selectFrom('case_event as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .leftJoin('open311_client_update as u', 'u.case_event_id', 'e.id')
    .select([
      'e.id', 'e.type', 'e.at', 'e.detail', 'c.reference', 'c.workflow_code', 'c.client_reference', 'u.client_system_id as posted_by',
      sql<string | null>`(SELECT s.detail->>'to' FROM case_event s WHERE s.case_id = e.case_id AND s.type = 'status_changed' AND s.id <= e.id ORDER BY s.id DESC LIMIT 1)`.as('status'),
    ])
    .where('e.public', '=', true)
    .where('e.type', 'in', keyed ? CLIENT_TYPES : PUBLISHED_TYPES)
    .where('e.at', '>=', window.start)
    .where('e.at', '<=', window.end)
    .where('c.client_system_id', 'is not', null)
    .orderBy('e.id')
    .limit(MAX_RESULTS * 2);
  if (keyed) query = query.where('c.client_system_id', '=', window.clientSystemId!);
  const rows = await query.execute();
  const [workflows, words] = await Promise.all([selectWorkflows(db), statusWords(db)]);
  const wordFor = (workflowCode: string, status: string | null): StatusWord => {
    const workflow = workflows.find((w) => w.code === workflowCode);
    const code = status ?? (workflow ? initialStatus(workflow).code : 'received');
    const category = workflow?.statuses.find((s) => s.code === code)?.category ?? 'open';
    return words.get(code) ?? WORD_FOR_CATEGORY[category];
  };
  const updates: RequestUpdate[] = [];
  const byMoment = new Map<string, RequestUpdate>();
  for (const row of rows) {
    if (row.posted_by && row.posted_by === window.clientSystemId) continue;
    const detail = row.detail as { message?: string; toName?: string };
    const moment = `${row.reference}@${row.at.toISOString()}`;
    const earlier = byMoment.get(moment);
    if (earlier && row.type === 'public_update') {
      earlier.description = detail.message ?? earlier.description;
      continue;
    }
    const update: RequestUpdate = {
      update_id: String(row.id),
      service_request_id: row.reference,
      status: wordFor(row.workflow_code, row.status),
      updated_datetime: row.at,
      description: detail.message ?? (row.type === 'status_changed' ? (detail.toName ?? '') : ''),
      media_url: '',
      external_status_code: row.status ?? '',
      fixmystreet_id: keyed ? (row.client_reference ?? '') : '',
    };
    byMoment.set(moment, update);
    updates.push(update);
  }
  return updates.slice(0, MAX_RESULTS);
}

/** A resident's update posted by the client: a public customer update on the case, recorded once per client update id. */
export async function postUpdate(db: Db, client: ApiClient, body: Record<string, string | string[]>, context: { now: Date; publicUrl: string; ip?: string }): Promise<{ updateId: string; existing: boolean }> {
  const reference = param(body, 'service_request_id')?.toUpperCase();
  const clientUpdateId = param(body, 'update_id');
  const description = param(body, 'description')?.replace(/\r\n?/g, '\n');
  const status = param(body, 'status')?.toUpperCase();
  const issues = [];
  if (!reference) issues.push({ param: 'service_request_id', message: 'is required' });
  if (!clientUpdateId) issues.push({ param: 'update_id', message: 'is required' });
  else if (clientUpdateId.length > 200) issues.push({ param: 'update_id', message: 'must be 200 characters or fewer' });
  if (!description && !status) issues.push({ param: 'description', message: 'is required' });
  if (description && description.length > 10_000) issues.push({ param: 'description', message: 'must be 10000 characters or fewer' });
  if (issues.length) throw new Open311Invalid(issues);
  const earlier = await findClientUpdate(db, client.clientSystemId, clientUpdateId!);
  if (earlier) return { updateId: earlier, existing: true };
  if (!(await getReport(db, reference!))) throw new CaseNotFound(reference);
  const from = [param(body, 'first_name'), param(body, 'last_name')].filter(Boolean).join(' ');
  const actor: Actor = { type: 'client', id: client.keyId, label: client.name, ...(context.ip && { ip: context.ip }) };
  try {
    return await inTransaction(db, async (trx) => {
      const eventId = await addCustomerInformation({ db: trx, actor, now: context.now, publicUrl: context.publicUrl }, {
        reference: reference!,
        message: description ?? `Status ${status} requested`,
        channel: 'open311',
        ...(from && { from: `${from} (through ${client.name})` }),
        detail: { client: client.name, clientUpdateId, ...(status && { requestedStatus: status }), ...(param(body, 'media_url') && { mediaUrl: param(body, 'media_url') }) },
        onFinished: 'record',
      });
      await trx.insertInto('open311_client_update').values({ client_system_id: client.clientSystemId, client_update_id: clientUpdateId!, case_event_id: eventId }).execute();
      return { updateId: eventId, existing: false };
    });
  } catch (error) {
    // Two deliveries of the same update at once: the second finds the first's.
    if ((error as { code?: string }).code === '23505') {
      const first = await findClientUpdate(db, client.clientSystemId, clientUpdateId!);
      if (first) return { updateId: first, existing: true };
    }
    throw error;
  }
}

async function findClientUpdate(db: Db, clientSystemId: string, clientUpdateId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('open311_client_update')
    .select('case_event_id')
    .where('client_system_id', '=', clientSystemId)
    .where('client_update_id', '=', clientUpdateId)
    .executeTakeFirst();
  return row ? String(row.case_event_id) : undefined;
}
