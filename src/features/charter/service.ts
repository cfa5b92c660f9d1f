// What administrators, residents and other features can do with the service catalogue.
// Every change is audited in the same transaction; rules only the database can check (a code
// already taken, a version changed under you) come back as InvalidInput or StaleEditError.
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import type { Audience, Service, ServiceInput, Standard, StandardInput, Team, TeamInput } from './model.js';
import { offeredOnline, type RequestType, type RequestTypeInput } from './request-types.js';
import { getWorkflow } from '../cases/workflow/service.js';
import * as store from './store.js';

export class NotFound extends Error {}

// ---- teams

export const listTeams = (db: Db): Promise<Team[]> => store.selectTeams(db);

export async function createTeam(db: Db, actor: Actor, input: TeamInput): Promise<Team> {
  return inTransaction(db, async (trx) => {
    if (await store.teamNameTaken(trx, input.name)) throw new InvalidInput([{ field: 'name', message: `There is already a team called ${input.name}` }]);
    const team = await store.insertTeam(trx, input);
    await recordAudit(trx, actor, { action: 'team.created', subjectType: 'team', subjectId: team.id, detail: { name: team.name } });
    return team;
  });
}

// ---- services

export const listServices = (db: Db, options: { publishedOnly?: boolean } = {}): Promise<Service[]> => store.selectServices(db, options);

export async function getService(db: Db, by: { id: string } | { code: string }): Promise<Service> {
  const service = await store.selectService(db, by);
  if (!service) throw new NotFound('No such service');
  return service;
}

async function checkTeam(db: Db, teamId: string | null, field = 'teamId'): Promise<void> {
  if (teamId && !(await store.selectTeams(db)).some((t) => t.id === teamId)) throw new InvalidInput([{ field, message: 'Choose a team from the list' }]);
}

export async function createService(db: Db, actor: Actor, input: ServiceInput): Promise<string> {
  return inTransaction(db, async (trx) => {
    if (await store.serviceCodeTaken(trx, input.code)) throw new InvalidInput([{ field: 'code', message: `Another service already has the code ${input.code}` }]);
    await checkTeam(trx, input.teamId);
    const id = await store.insertService(trx, input);
    await recordAudit(trx, actor, { action: 'service.created', subjectType: 'service', subjectId: id, detail: { code: input.code, name: input.name } });
    return id;
  });
}

export async function changeService(db: Db, actor: Actor, id: string, input: ServiceInput, expectedVersion: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (await store.serviceCodeTaken(trx, input.code, id)) throw new InvalidInput([{ field: 'code', message: `Another service already has the code ${input.code}` }]);
    await checkTeam(trx, input.teamId);
    if (!(await store.updateService(trx, id, input, expectedVersion))) {
      throw new StaleEditError('This service was changed by someone else since you opened it');
    }
    await recordAudit(trx, actor, { action: 'service.updated', subjectType: 'service', subjectId: id, detail: { code: input.code, published: input.published } });
  });
}

// ---- standards

export const listStandards = (db: Db, serviceIds?: string[]): Promise<Standard[]> => store.selectStandards(db, serviceIds);

export async function getStandard(db: Db, id: string): Promise<Standard> {
  const standard = await store.selectStandard(db, id);
  if (!standard) throw new NotFound('No such standard');
  return standard;
}

export async function addStandard(db: Db, actor: Actor, serviceId: string, input: StandardInput): Promise<string> {
  return inTransaction(db, async (trx) => {
    await getService(trx, { id: serviceId });
    if (await store.standardCodeTaken(trx, serviceId, input.code)) {
      throw new InvalidInput([{ field: 'code', message: `This service already has a standard with the code ${input.code}` }]);
    }
    const id = await store.insertStandard(trx, serviceId, input, actor.label);
    await recordAudit(trx, actor, { action: 'standard.created', subjectType: 'service_standard', subjectId: id, detail: { ...input } });
    return id;
  });
}

/**
 * Changes a standard by adding a version: new cases use it, cases already open keep the version
 * they started under. The code is the standard's identity and does not change.
 */
export async function reviseStandard(db: Db, actor: Actor, id: string, input: StandardInput, expectedVersion: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const current = await getStandard(trx, id);
    const version = await store.insertStandardVersion(trx, id, { ...input, code: current.code }, expectedVersion, actor.label);
    if (version === undefined) throw new StaleEditError('This standard was changed by someone else since you opened it');
    await recordAudit(trx, actor, { action: 'standard.revised', subjectType: 'service_standard', subjectId: id, detail: { version, ...input, code: current.code } });
    return version;
  });
}

// ---- request types

export const listRequestTypes = (db: Db, filter: { serviceIds?: string[]; audience?: Audience } = {}): Promise<RequestType[]> =>
  store.selectRequestTypes(db, filter);

export async function getRequestType(db: Db, by: { id: string } | { code: string }): Promise<RequestType> {
  const requestType = await store.selectRequestType(db, by);
  if (!requestType) throw new NotFound('No such request type');
  return requestType;
}

async function checkRequestTypeLinks(db: Db, serviceId: string, input: RequestTypeInput): Promise<void> {
  await checkTeam(db, input.teamId);
  const own = new Set((await store.selectStandards(db, [serviceId])).map((s) => s.id));
  if (input.standardIds.some((id) => !own.has(id))) throw new InvalidInput([{ field: 'standardIds', message: 'Choose standards of this service from the list' }]);
  // Checked here so an unknown workflow is the administrator's field error, not a foreign key failure.
  if (!(await getWorkflow(db, input.workflowCode))) throw new InvalidInput([{ field: 'workflowCode', message: 'Choose a workflow from the list' }]);
}

export async function addRequestType(db: Db, actor: Actor, serviceId: string, input: RequestTypeInput): Promise<string> {
  return inTransaction(db, async (trx) => {
    await getService(trx, { id: serviceId });
    if (await store.requestTypeCodeTaken(trx, input.code)) throw new InvalidInput([{ field: 'code', message: `Another request type already has the code ${input.code}` }]);
    await checkRequestTypeLinks(trx, serviceId, input);
    const id = await store.insertRequestType(trx, serviceId, input, actor.label);
    await recordAudit(trx, actor, { action: 'request_type.created', subjectType: 'request_type', subjectId: id, detail: { code: input.code, fields: input.fields.length } });
    return id;
  });
}

export async function reviseRequestType(db: Db, actor: Actor, id: string, input: RequestTypeInput, expectedVersion: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const current = await getRequestType(trx, { id });
    await checkRequestTypeLinks(trx, current.serviceId, input);
    const version = await store.insertRequestTypeVersion(trx, id, { ...input, code: current.code }, expectedVersion, actor.label);
    if (version === undefined) throw new StaleEditError('This request type was changed by someone else since you opened it');
    await recordAudit(trx, actor, { action: 'request_type.revised', subjectType: 'request_type', subjectId: id, detail: { version } });
    return version;
  });
}

// ---- the public Customer Charter

export interface CharterEntry {
  service: Service;
  standards: Standard[];
  requestTypes: RequestType[];
}

/** Published services with their published standards and the request types residents may raise. */
export async function publishedCharter(db: Db): Promise<CharterEntry[]> {
  const services = await store.selectServices(db, { publishedOnly: true });
  const ids = services.map((s) => s.id);
  const [standards, requestTypes] = await Promise.all([store.selectStandards(db, ids), store.selectRequestTypes(db, { serviceIds: ids, audience: 'resident' })]);
  return services.map((service) => ({
    service,
    standards: standards.filter((s) => s.serviceId === service.id && s.published),
    requestTypes: requestTypes.filter((r) => r.serviceId === service.id && offeredOnline(r)),
  }));
}
