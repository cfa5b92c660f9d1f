// SQL for the service catalogue. Versioned rows: a standard or request type is one identity row
// (its stable code) and a version row per change; current_version says which applies to new cases.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Audience, Channel, Service, ServiceInput, Stage, Standard, StandardInput, Team, TeamInput } from './model.js';
import type { RequestType, RequestTypeInput } from './request-types.js';
import type { FieldDefinition } from './fields/model.js';
import type { CaseMilestone } from './model.js';
import type { ClockUnit } from '../../time/clock.js';

// ---- teams

export async function selectTeams(db: Db): Promise<Team[]> {
  return db.selectFrom('team').select(['id', 'name', 'department', 'email']).orderBy('name').execute();
}

export async function insertTeam(db: Db, input: TeamInput): Promise<Team> {
  return db.insertInto('team').values(input).returning(['id', 'name', 'department', 'email']).executeTakeFirstOrThrow();
}

export async function teamNameTaken(db: Db, name: string): Promise<boolean> {
  return !!(await db.selectFrom('team').select('id').where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst());
}

// ---- services

const serviceColumns = ['s.id', 's.code', 's.name', 's.department', 's.team_id', 's.description', 's.channels', 's.published', 's.version', 't.name as team_name'] as const;

function serviceQuery(db: Db) {
  return db.selectFrom('service as s').leftJoin('team as t', 't.id', 's.team_id').select(serviceColumns);
}

type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceQuery>['executeTakeFirstOrThrow']>>;

function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    department: row.department,
    teamId: row.team_id,
    teamName: row.team_name,
    description: row.description,
    channels: row.channels as Channel[],
    published: row.published,
    version: row.version,
  };
}

export async function selectServices(db: Db, options: { publishedOnly?: boolean } = {}): Promise<Service[]> {
  let query = serviceQuery(db).orderBy('s.name');
  if (options.publishedOnly) query = query.where('s.published', '=', true);
  return (await query.execute()).map(toService);
}

export async function selectService(db: Db, by: { id: string } | { code: string }): Promise<Service | undefined> {
  const query = 'id' in by ? serviceQuery(db).where('s.id', '=', by.id) : serviceQuery(db).where('s.code', '=', by.code);
  const row = await query.executeTakeFirst();
  return row && toService(row);
}

function serviceValues(input: ServiceInput) {
  return {
    code: input.code,
    name: input.name,
    department: input.department,
    team_id: input.teamId,
    description: input.description,
    channels: input.channels,
    published: input.published,
  };
}

export async function insertService(db: Db, input: ServiceInput): Promise<string> {
  const row = await db.insertInto('service').values(serviceValues(input)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Updates only if nobody saved since expectedVersion; returns whether it did. */
export async function updateService(db: Db, id: string, input: ServiceInput, expectedVersion: number): Promise<boolean> {
  const result = await db
    .updateTable('service')
    .set({ ...serviceValues(input), version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function serviceCodeTaken(db: Db, code: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('service').select('id').where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

// ---- standards

function standardQuery(db: Db) {
  return db
    .selectFrom('service_standard as ss')
    .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'ss.id').onRef('v.version', '=', 'ss.current_version'))
    .select(['ss.id', 'ss.service_id', 'ss.code', 'v.version', 'v.sentence', 'v.stage', 'v.clock_unit', 'v.clock_amount', 'v.start_event', 'v.stop_event', 'v.target_percent', 'v.at_risk_percent', 'v.extension_limit', 'v.published', 'v.created_at']);
}

type StandardRow = Awaited<ReturnType<ReturnType<typeof standardQuery>['executeTakeFirstOrThrow']>>;

function toStandard(row: StandardRow): Standard {
  return {
    id: row.id,
    serviceId: row.service_id,
    code: row.code,
    version: row.version,
    sentence: row.sentence,
    stage: row.stage as Stage,
    clockUnit: row.clock_unit as ClockUnit & StandardInput['clockUnit'],
    clockAmount: row.clock_amount,
    startEvent: row.start_event as CaseMilestone,
    stopEvent: row.stop_event as CaseMilestone,
    targetPercent: Number(row.target_percent),
    atRiskPercent: row.at_risk_percent,
    extensionLimit: row.extension_limit,
    published: row.published,
    createdAt: row.created_at,
  };
}

/** Current versions, for some services or all. */
export async function selectStandards(db: Db, serviceIds?: string[]): Promise<Standard[]> {
  if (serviceIds && serviceIds.length === 0) return [];
  let query = standardQuery(db).orderBy('ss.service_id').orderBy('v.stage').orderBy('ss.code');
  if (serviceIds) query = query.where('ss.service_id', 'in', serviceIds);
  return (await query.execute()).map(toStandard);
}

export async function selectStandard(db: Db, id: string): Promise<Standard | undefined> {
  const row = await standardQuery(db).where('ss.id', '=', id).executeTakeFirst();
  return row && toStandard(row);
}

export async function standardCodeTaken(db: Db, serviceId: string, code: string): Promise<boolean> {
  return !!(await db.selectFrom('service_standard').select('id').where('service_id', '=', serviceId).where('code', '=', code).executeTakeFirst());
}

function standardVersionValues(input: StandardInput) {
  return {
    sentence: input.sentence,
    stage: input.stage,
    clock_unit: input.clockUnit,
    clock_amount: input.clockAmount,
    start_event: input.startEvent,
    stop_event: input.stopEvent,
    target_percent: input.targetPercent,
    at_risk_percent: input.atRiskPercent,
    extension_limit: input.extensionLimit,
    published: input.published,
  };
}

export async function insertStandard(db: Db, serviceId: string, input: StandardInput, byLabel: string): Promise<string> {
  const { id } = await db.insertInto('service_standard').values({ service_id: serviceId, code: input.code }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('service_standard_version').values({ standard_id: id, version: 1, ...standardVersionValues(input), created_by_label: byLabel }).execute();
  return id;
}

/**
 * Moves a versioned record (a standard or a request type) to the next version, only if nobody has
 * since expectedVersion; returns the new version number or undefined when someone has.
 */
async function advanceVersion(db: Db, table: 'service_standard' | 'request_type', id: string, expectedVersion: number): Promise<number | undefined> {
  const moved = await db.updateTable(table).set({ current_version: expectedVersion + 1 }).where('id', '=', id).where('current_version', '=', expectedVersion).executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1 ? expectedVersion + 1 : undefined;
}

/** Adds a new version if the current one is still expectedVersion; returns the new version or undefined. */
export async function insertStandardVersion(db: Db, id: string, input: StandardInput, expectedVersion: number, byLabel: string): Promise<number | undefined> {
  const version = await advanceVersion(db, 'service_standard', id, expectedVersion);
  if (version === undefined) return undefined;
  await db.insertInto('service_standard_version').values({ standard_id: id, version, ...standardVersionValues(input), created_by_label: byLabel }).execute();
  return version;
}

export async function countStandardVersions(db: Db, id: string): Promise<number> {
  const row = await db.selectFrom('service_standard_version').select(sql<string>`count(*)`.as('n')).where('standard_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- request types

function requestTypeQuery(db: Db) {
  return db
    .selectFrom('request_type as rt')
    .innerJoin('request_type_version as v', (join) => join.onRef('v.request_type_id', '=', 'rt.id').onRef('v.version', '=', 'rt.current_version'))
    .select(['rt.id', 'rt.service_id', 'rt.code', 'v.version', 'v.name', 'v.description', 'v.team_id', 'v.audiences', 'v.fields', 'v.standard_ids', 'v.active', 'v.workflow_code', 'v.location_public']);
}

type RequestTypeRow = Awaited<ReturnType<ReturnType<typeof requestTypeQuery>['executeTakeFirstOrThrow']>>;

function toRequestType(row: RequestTypeRow): RequestType {
  return {
    id: row.id,
    serviceId: row.service_id,
    code: row.code,
    version: row.version,
    name: row.name,
    description: row.description,
    teamId: row.team_id,
    audiences: row.audiences as Audience[],
    fields: row.fields as FieldDefinition[],
    standardIds: row.standard_ids,
    active: row.active,
    workflowCode: row.workflow_code,
    locationPublic: row.location_public,
  };
}

export async function selectRequestTypes(db: Db, filter: { serviceIds?: string[]; audience?: Audience } = {}): Promise<RequestType[]> {
  if (filter.serviceIds && filter.serviceIds.length === 0) return [];
  let query = requestTypeQuery(db).orderBy('v.name');
  if (filter.serviceIds) query = query.where('rt.service_id', 'in', filter.serviceIds);
  if (filter.audience) query = query.where('v.active', '=', true).where(sql<boolean>`${filter.audience} = ANY(v.audiences)`);
  return (await query.execute()).map(toRequestType);
}

export async function selectRequestType(db: Db, by: { id: string } | { code: string }): Promise<RequestType | undefined> {
  const query = 'id' in by ? requestTypeQuery(db).where('rt.id', '=', by.id) : requestTypeQuery(db).where('rt.code', '=', by.code);
  const row = await query.executeTakeFirst();
  return row && toRequestType(row);
}

export async function requestTypeCodeTaken(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('request_type').select('id').where('code', '=', code).executeTakeFirst());
}

function requestTypeVersionValues(input: RequestTypeInput) {
  return {
    name: input.name,
    description: input.description,
    team_id: input.teamId,
    audiences: input.audiences,
    fields: JSON.stringify(input.fields),
    standard_ids: input.standardIds,
    active: input.active,
    workflow_code: input.workflowCode,
    location_public: input.locationPublic,
  };
}

export async function insertRequestType(db: Db, serviceId: string, input: RequestTypeInput, byLabel: string): Promise<string> {
  const { id } = await db.insertInto('request_type').values({ service_id: serviceId, code: input.code }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('request_type_version').values({ request_type_id: id, version: 1, ...requestTypeVersionValues(input), created_by_label: byLabel }).execute();
  return id;
}

export async function insertRequestTypeVersion(db: Db, id: string, input: RequestTypeInput, expectedVersion: number, byLabel: string): Promise<number | undefined> {
  const version = await advanceVersion(db, 'request_type', id, expectedVersion);
  if (version === undefined) return undefined;
  await db.insertInto('request_type_version').values({ request_type_id: id, version, ...requestTypeVersionValues(input), created_by_label: byLabel }).execute();
  return version;
}
