// SQL for cases: the case row, its clocks and its events. The service decides; this reads and writes.
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CasesTable } from '../../platform/db/schema.js';
import { clockFromRow, toStoredEvents, type CaseClock, type ClockRecord } from './clocks.js';
import { workflowSchema, type Workflow } from './workflow/model.js';

export interface CaseRow {
  id: string;
  reference: string;
  serviceId: string;
  requestTypeId: string;
  requestTypeVersion: number;
  workflowCode: string;
  channel: string;
  status: string;
  statusCategory: string;
  answers: Record<string, unknown>;
  contact: { name?: string; email?: string; phone?: string };
  receivedAt: Date;
  version: number;
  teamId: string | null;
  assigneeId: string | null;
  customerId: string | null;
  locationAddress: string | null;
  locationUprn: string | null;
  latitude: number | null;
  longitude: number | null;
  ward: string | null;
  clientSystemId: string | null;
  clientReference: string | null;
  duplicateOf: string | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  /** What a client system sent beyond the request type's fields (Open311: description, media URLs, every attribute). */
  clientData: Record<string, unknown> | null;
}

const CASE_COLUMNS = [
  'id', 'reference', 'service_id', 'request_type_id', 'request_type_version', 'workflow_code', 'channel', 'status', 'status_category',
  'answers', 'contact', 'received_at', 'version', 'team_id', 'assignee_id', 'customer_id', 'location_address', 'location_uprn',
  'latitude', 'longitude', 'ward', 'client_system_id', 'client_reference', 'duplicate_of', 'resolved_at', 'closed_at', 'updated_at', 'client_data',
] as const;

function caseQuery(db: Db) {
  return db.selectFrom('cases').select(CASE_COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;

function toCaseRow(row: Row): CaseRow {
  return {
    id: row.id,
    reference: row.reference,
    serviceId: row.service_id,
    requestTypeId: row.request_type_id,
    requestTypeVersion: row.request_type_version,
    workflowCode: row.workflow_code,
    channel: row.channel,
    status: row.status,
    statusCategory: row.status_category,
    answers: row.answers,
    contact: row.contact,
    receivedAt: row.received_at,
    version: row.version,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    customerId: row.customer_id,
    locationAddress: row.location_address,
    locationUprn: row.location_uprn,
    latitude: row.latitude,
    longitude: row.longitude,
    ward: row.ward,
    clientSystemId: row.client_system_id,
    clientReference: row.client_reference,
    duplicateOf: row.duplicate_of,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
    clientData: row.client_data,
  };
}

export async function selectCase(db: Db, by: { reference: string } | { id: string }): Promise<CaseRow | undefined> {
  const query = 'id' in by ? caseQuery(db).where('id', '=', by.id) : caseQuery(db).where('reference', '=', by.reference);
  const row = await query.executeTakeFirst();
  return row && toCaseRow(row);
}

/**
 * Takes the case for a change: bumps its version if it is still the one the user opened, which
 * also locks the row until the transaction ends. Undefined when someone else changed it first.
 */
export async function claimCase(db: Db, reference: string, expectedVersion: number | undefined, now: Date): Promise<CaseRow | undefined> {
  let query = db
    .updateTable('cases')
    .set({ version: sql<number>`version + 1`, updated_at: now })
    .where('reference', '=', reference);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query
    .returning(CASE_COLUMNS)
    .executeTakeFirst();
  return row && toCaseRow(row);
}

const toWorkflow = (row: { code: string; name: string; statuses: unknown[]; managed_by: { name: string; href: string } | null }): Workflow =>
  workflowSchema.parse({ code: row.code, name: row.name, statuses: row.statuses, ...(row.managed_by && { managedBy: row.managed_by }) });

export async function selectWorkflow(db: Db, code: string): Promise<Workflow> {
  return toWorkflow(await db.selectFrom('workflow').select(['code', 'name', 'statuses', 'managed_by']).where('code', '=', code).executeTakeFirstOrThrow());
}

export async function selectWorkflows(db: Db): Promise<Workflow[]> {
  const rows = await db.selectFrom('workflow').select(['code', 'name', 'statuses', 'managed_by']).orderBy('name').execute();
  return rows.map(toWorkflow);
}

/** The clocks of a case, with the version of each standard the case is measured against. */
export async function selectClocks(db: Db, caseId: string): Promise<(CaseClock & { stoppedAt: Date | null; outcome: string | null; dueAt: Date | null })[]> {
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
    .select(['cs.standard_id', 'cs.clock_events', 'cs.outcome', 'cs.stopped_at', 'cs.due_at', 'v.sentence', 'v.clock_unit', 'v.clock_amount', 'v.at_risk_percent', 'v.start_event', 'v.stop_event', 'v.extension_limit'])
    .where('cs.case_id', '=', caseId)
    .orderBy('v.clock_amount')
    .execute();
  return rows.map((r) => ({
    ...clockFromRow(r, r.outcome === 'void'),
    stoppedAt: r.stopped_at,
    outcome: r.outcome,
    dueAt: r.due_at,
  }));
}

export async function updateClock(db: Db, caseId: string, clock: CaseClock, record: ClockRecord, calendarVersionId: string): Promise<void> {
  await db
    .updateTable('case_standard')
    .set({
      clock_events: JSON.stringify(toStoredEvents(clock.events)),
      started_at: record.startedAt,
      due_at: record.dueAt,
      at_risk_at: record.atRiskAt,
      paused: record.paused,
      stopped_at: record.stoppedAt,
      outcome: record.outcome,
      calendar_version_id: calendarVersionId,
    })
    .where('case_id', '=', caseId)
    .where('standard_id', '=', clock.standardId)
    .execute();
}

/** A new case's clocks, written once with their first state. */
export async function insertClocks(db: Db, caseId: string, clocks: { clock: CaseClock; record: ClockRecord }[], calendarVersionId: string): Promise<void> {
  await db
    .insertInto('case_standard')
    .values(
      clocks.map(({ clock, record }) => ({
        case_id: caseId,
        standard_id: clock.standardId,
        standard_version: clock.standardVersion!,
        clock_events: JSON.stringify(toStoredEvents(clock.events)),
        started_at: record.startedAt,
        due_at: record.dueAt,
        at_risk_at: record.atRiskAt,
        paused: record.paused,
        stopped_at: record.stoppedAt,
        outcome: record.outcome,
        calendar_version_id: record.startedAt ? calendarVersionId : null,
      })),
    )
    .execute();
}

/** Inserts a case row and returns it as read back. */
export async function insertCase(db: Db, values: Insertable<CasesTable>): Promise<CaseRow> {
  return toCaseRow(await db.insertInto('cases').values(values).returning(CASE_COLUMNS).executeTakeFirstOrThrow());
}

export interface NewEvent {
  type: string;
  at: Date;
  actor: { type: string; label: string };
  public?: boolean;
  detail?: Record<string, unknown>;
}

/** Appends events to a case's timeline; returns their ids, in order. */
export async function insertEvents(db: Db, caseId: string, events: readonly NewEvent[]): Promise<string[]> {
  if (!events.length) return [];
  const rows = await db
    .insertInto('case_event')
    .values(events.map((e) => ({ case_id: caseId, type: e.type, at: e.at, actor_type: e.actor.type, actor_label: e.actor.label, public: e.public ?? false, detail: JSON.stringify(e.detail ?? {}) })))
    .returning('id')
    .execute();
  return rows.map((r) => String(r.id));
}

export interface CaseEvent {
  id: string;
  type: string;
  at: Date;
  actorType: string;
  actorLabel: string;
  public: boolean;
  detail: Record<string, unknown>;
}

export async function selectEvents(db: Db, caseId: string, options: { publicOnly?: boolean } = {}): Promise<CaseEvent[]> {
  let query = db.selectFrom('case_event').select(['id', 'type', 'at', 'actor_type', 'actor_label', 'public', 'detail']).where('case_id', '=', caseId);
  if (options.publicOnly) query = query.where('public', '=', true);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({ id: String(r.id), type: r.type, at: r.at, actorType: r.actor_type, actorLabel: r.actor_label, public: r.public, detail: r.detail }));
}
