// What administrators, residents and other features can do with the service catalogue.
// Every change is audited in the same transaction; rules only the database can check (a code
// already taken, a version changed under you) come back as InvalidInput or StaleEditError.
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError, type FieldIssue } from '../../platform/errors.js';
import type { Audience, Service, ServiceInput, Standard, StandardInput, Team, TeamInput } from './model.js';
import { offeredOnline, type RequestType, type RequestTypeInput } from './request-types.js';
import { getWorkflow } from '../cases/workflow/service.js';
import { countOpenAnswers, remapOpenAnswers, type AnswerRemap } from '../cases/answer-values.js';
import { removedOptions, type OptionMappings } from './option-values.js';
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
    await recordAudit(trx, actor, { action: 'request_type.created', subjectType: 'request_type', subjectId: id, detail: { code: input.code, fields: input.fields.length, locationPublic: input.locationPublic } });
    return id;
  });
}

/** A removed option value that open cases use and no mapping covers, or a mapping to a value that is not an option. */
export interface OptionValueIssue extends FieldIssue {
  fieldCode: string;
  value: string;
}

export class OptionValuesInUse extends InvalidInput {
  constructor(readonly problems: OptionValueIssue[]) {
    super(problems.map(({ field, message }) => ({ field, message })));
  }
}

type AnswerMove = Omit<AnswerRemap, 'requestTypeVersion' | 'now'>;
const openRequests = (n: number) => (n === 1 ? '1 open request' : `${n.toLocaleString('en-GB')} open requests`);

/**
 * The answer moves a revision needs: every option value it removes that open cases still use
 * must be mapped to an option the new version offers. Throws OptionValuesInUse otherwise.
 */
async function planAnswerMoves(db: Db, current: RequestType, input: RequestTypeInput, mappings: OptionMappings): Promise<AnswerMove[]> {
  const problems: OptionValueIssue[] = [];
  const moves: AnswerMove[] = [];
  for (const { fieldIndex, field, option } of removedOptions(current.fields, input.fields)) {
    const target = mappings[field.code]?.[option.value];
    const to = target === undefined ? undefined : field.options?.find((o) => o.value === target);
    const about = { fieldCode: field.code, value: option.value };
    if (to) {
      moves.push({ requestTypeId: current.id, field: { code: field.code, label: field.label }, from: option, to });
    } else if (target !== undefined) {
      problems.push({ ...about, field: `optionMappings.${field.code}.${option.value}`, message: `Choose an option of “${field.label}” for the answers “${option.label}” (${option.value}) to move to` });
    } else {
      const uses = (await countOpenAnswers(db, current.id, field.code, [option.value])).get(option.value) ?? 0;
      if (uses > 0) {
        const message = `“${option.label}” (${option.value}) is the answer to “${field.label}” in ${openRequests(uses)}: keep the option, or choose the option those answers move to`;
        problems.push({ ...about, field: `fields.${fieldIndex}.options`, message });
      }
    }
  }
  if (problems.length) throw new OptionValuesInUse(problems);
  return moves;
}

/**
 * Adds a version. Option values are what the input says (forms and the API carry them; they are
 * never made again from labels). A value that open cases use may only go if `mappings` says where
 * their answers move; they move here, in the same transaction, noted on each case's timeline and
 * in the audit trail.
 */
export async function reviseRequestType(db: Db, actor: Actor, id: string, input: RequestTypeInput, expectedVersion: number, mappings: OptionMappings = {}): Promise<number> {
  return inTransaction(db, async (trx) => {
    const current = await getRequestType(trx, { id });
    const stale = () => new StaleEditError('This request type was changed by someone else since you opened it');
    // Checked first: an administrator behind someone else's change should hear that before anything about answers.
    if (current.version !== expectedVersion) throw stale();
    await checkRequestTypeLinks(trx, current.serviceId, input);
    const moves = await planAnswerMoves(trx, current, input, mappings);
    const version = await store.insertRequestTypeVersion(trx, id, { ...input, code: current.code }, expectedVersion, actor.label);
    if (version === undefined) throw stale();
    await recordAudit(trx, actor, { action: 'request_type.revised', subjectType: 'request_type', subjectId: id, detail: { version, locationPublic: input.locationPublic } });
    for (const move of moves) {
      const cases = await remapOpenAnswers(trx, actor, { ...move, requestTypeVersion: version, now: new Date() });
      const detail = { version, field: move.field.code, from: move.from.value, to: move.to.value, cases };
      await recordAudit(trx, actor, { action: 'request_type.answers_remapped', subjectType: 'request_type', subjectId: id, detail });
    }
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
