// The service catalogue as a JSON API for other systems, under /api/v1/. The same schemas as the
// staff forms check every body: a small adapter turns JSON's numbers and nulls into the strings a
// form posts, so a rule (and its message) lives in one place. Calls are made with an API key
// (see platform/api-keys): reading needs `catalogue:read`, changing needs `catalogue:write`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError, type FieldIssue } from '../../platform/errors.js';
import { registerApiErrorHandler, sendApiError } from '../../platform/api-keys/api-errors.js';
import { serviceSchema, standardSchema, type Service, type Standard } from './model.js';
import { requestTypeSchema, type RequestType } from './request-types.js';
import { optionMappingsSchema } from './option-values.js';
import * as charter from './service.js';

const read = { apiScope: 'catalogue:read' } as const;
// Key-authenticated: CSRF guards cookie-borne forms, and these calls carry no cookie authority.
const write = { apiScope: 'catalogue:write', csrf: false } as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// ---- JSON body -> the form's shape

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Number inputs on the forms: any JSON scalar becomes text, so `true` meets "must be a number".
const NUMERIC = new Set(['clockAmount', 'targetPercent']);

/** The body as the staff form would post it: text fields as strings ('' when absent), the rest as sent. */
function asForm(body: Record<string, unknown>, textFields: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = { ...body };
  for (const key of textFields) {
    const value = input[key];
    if (value === undefined || value === null) input[key] = '';
    else if (typeof value === 'number' || (NUMERIC.has(key) && typeof value === 'boolean')) input[key] = String(value);
  }
  return input;
}

const SERVICE_TEXT = ['code', 'name', 'department', 'teamId', 'description'] as const;
const STANDARD_TEXT = ['code', 'sentence', 'clockAmount', 'targetPercent'] as const;
const REQUEST_TYPE_TEXT = ['code', 'name', 'description', 'teamId'] as const;

class InvalidBody extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super('The request has mistakes: see fields');
  }
}

const issuesOf = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({ field: issue.path.length ? issue.path.map(String).join('.') : 'body', message: issue.message }));

/** Checks a JSON body with a form schema (and the version, for a change); throws InvalidBody with every issue. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown, textFields: readonly string[], overrides: Record<string, unknown> = {}, needsVersion = false): { value: z.output<S>; version: number } {
  if (!isRecord(body)) throw new InvalidBody([{ field: 'body', message: 'Send a JSON object' }]);
  const parsed = schema.safeParse({ ...asForm(body, textFields), ...overrides });
  const issues = parsed.success ? [] : issuesOf(parsed.error);
  const version = needsVersion ? versionOf(body.version) : 0;
  if (Number.isNaN(version)) issues.push({ field: 'version', message: 'Send the version you last read, a whole number like 3' });
  if (!parsed.success || issues.length) throw new InvalidBody(issues);
  return { value: parsed.data, version };
}

function versionOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : NaN;
}

// ---- resources as the API shows them

const serviceJson = (s: Service) => ({
  code: s.code,
  name: s.name,
  department: s.department,
  teamId: s.teamId,
  teamName: s.teamName,
  description: s.description,
  channels: s.channels,
  published: s.published,
  version: s.version,
});

const standardJson = (s: Standard) => ({
  id: s.id,
  code: s.code,
  sentence: s.sentence,
  stage: s.stage,
  clockUnit: s.clockUnit,
  clockAmount: s.clockAmount,
  startEvent: s.startEvent,
  stopEvent: s.stopEvent,
  targetPercent: s.targetPercent,
  atRiskPercent: s.atRiskPercent,
  extensionLimit: s.extensionLimit,
  published: s.published,
  version: s.version,
  createdAt: s.createdAt,
});

const requestTypeJson = (r: RequestType, serviceCode: string) => ({
  code: r.code,
  service: serviceCode,
  name: r.name,
  description: r.description,
  teamId: r.teamId,
  audiences: r.audiences,
  standardIds: r.standardIds,
  active: r.active,
  locationPublic: r.locationPublic,
  version: r.version,
  fields: r.fields,
});

async function serviceDetail(db: Db, by: { id: string } | { code: string }) {
  const service = await charter.getService(db, by);
  const [standards, requestTypes] = await Promise.all([charter.listStandards(db, [service.id]), charter.listRequestTypes(db, { serviceIds: [service.id] })]);
  return {
    ...serviceJson(service),
    standards: standards.map(standardJson),
    requestTypes: requestTypes.map((r) => ({ code: r.code, name: r.name, audiences: r.audiences, active: r.active, version: r.version })),
  };
}

async function requestTypeDetail(db: Db, by: { id: string } | { code: string }) {
  const requestType = await charter.getRequestType(db, by);
  const service = await charter.getService(db, { id: requestType.serviceId });
  return requestTypeJson(requestType, service.code);
}

async function standardById(db: Db, id: string): Promise<Standard> {
  if (!uuid.test(id)) throw new charter.NotFound('No such standard');
  return charter.getStandard(db, id);
}

// ---- errors a client causes, as JSON

type Handler<P> = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => Promise<unknown>;

function answering<P>(handler: Handler<P>): Handler<P> {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof InvalidBody || error instanceof InvalidInput) return sendApiError(reply, 400, 'invalid', 'The request has mistakes: see fields', error.issues);
      if (error instanceof ZodError) return sendApiError(reply, 400, 'invalid', 'The request has mistakes: see fields', issuesOf(error));
      if (error instanceof charter.NotFound) return sendApiError(reply, 404, 'not_found', `${error.message}: check the address`);
      if (error instanceof StaleEditError) return sendApiError(reply, 409, 'conflict', `${error.message}: read it again, then send your change with its current version`);
      throw error;
    }
  };
}

/** Reads are audited too: the issue asks for every call with the client's name, and one row is cheap beside the read. */
async function auditRead(db: Db, request: FastifyRequest, subjectType: string, subjectId?: string): Promise<void> {
  // The route pattern, not request.url: an Open311-style `api_key` in the query must never reach the audit trail.
  await recordAudit(db, request.actor(), { action: 'api.read', subjectType, subjectId, detail: { route: `${request.method} ${request.routeOptions.url}` } });
}

type Code = { code: string };
type Id = { id: string };

export async function registerCatalogueApi(app: FastifyInstance, deps: { db: Db }): Promise<void> {
  const { db } = deps;
  await app.register(
    // Its own context, so that the API's error handler and 404 answer only API calls.
    (api, _options, done) => {
      registerApiErrorHandler(api);
      api.setNotFoundHandler((_request, reply) => sendApiError(reply, 404, 'not_found', 'There is no such API endpoint: see the README for the list'));
      registerReads(api, db);
      registerServiceWrites(api, db);
      registerStandardWrites(api, db);
      registerRequestTypeWrites(api, db);
      done();
    },
    { prefix: '/api/v1' },
  );
}

function registerReads(api: FastifyInstance, db: Db): void {
  api.get('/services', { config: read }, answering(async (request) => {
    const services = await charter.listServices(db);
    await auditRead(db, request, 'service');
    return { services: services.map(serviceJson) };
  }));
  api.get<{ Params: Code }>('/services/:code', { config: read }, answering<Code>(async (request) => {
    const detail = await serviceDetail(db, { code: request.params.code.toLowerCase() });
    await auditRead(db, request, 'service', detail.code);
    return detail;
  }));
  api.get<{ Params: Code }>('/request-types/:code', { config: read }, answering<Code>(async (request) => {
    const detail = await requestTypeDetail(db, { code: request.params.code.toLowerCase() });
    await auditRead(db, request, 'request_type', detail.code);
    return detail;
  }));
}

function registerServiceWrites(api: FastifyInstance, db: Db): void {
  api.post('/services', { config: write }, answering(async (request, reply) => {
    const { value } = parseBody(serviceSchema, request.body, SERVICE_TEXT);
    const id = await charter.createService(db, request.actor(), value);
    return reply.code(201).header('location', `/api/v1/services/${value.code}`).send(await serviceDetail(db, { id }));
  }));
  api.put<{ Params: Code }>('/services/:code', { config: write }, answering<Code>(async (request) => {
    const service = await charter.getService(db, { code: request.params.code.toLowerCase() });
    // PUT replaces the service; the code stays the one in the URL unless the body gives a new one.
    const body = isRecord(request.body) ? { code: service.code, ...request.body } : request.body;
    const { value, version } = parseBody(serviceSchema, body, SERVICE_TEXT, {}, true);
    await charter.changeService(db, request.actor(), service.id, value, version);
    return serviceDetail(db, { id: service.id });
  }));
}

function registerStandardWrites(api: FastifyInstance, db: Db): void {
  api.post<{ Params: Code }>('/services/:code/standards', { config: write }, answering<Code>(async (request, reply) => {
    const service = await charter.getService(db, { code: request.params.code.toLowerCase() });
    const { value } = parseBody(standardSchema, request.body, STANDARD_TEXT);
    const id = await charter.addStandard(db, request.actor(), service.id, value);
    return reply.code(201).header('location', `/api/v1/services/${service.code}`).send(standardJson(await charter.getStandard(db, id)));
  }));
  api.put<{ Params: Id }>('/standards/:id', { config: write }, answering<Id>(async (request) => {
    const standard = await standardById(db, request.params.id);
    // A standard's code is its identity: a change makes a new version under the same code.
    const { value, version } = parseBody(standardSchema, request.body, STANDARD_TEXT, { code: standard.code }, true);
    await charter.reviseStandard(db, request.actor(), standard.id, value, version);
    return standardJson(await charter.getStandard(db, standard.id));
  }));
}

function registerRequestTypeWrites(api: FastifyInstance, db: Db): void {
  api.post<{ Params: Code }>('/services/:code/request-types', { config: write }, answering<Code>(async (request, reply) => {
    const service = await charter.getService(db, { code: request.params.code.toLowerCase() });
    const { value } = parseBody(requestTypeSchema, request.body, REQUEST_TYPE_TEXT);
    const id = await charter.addRequestType(db, request.actor(), service.id, value);
    return reply.code(201).header('location', `/api/v1/request-types/${value.code}`).send(await requestTypeDetail(db, { id }));
  }));
  api.put<{ Params: Code }>('/request-types/:code', { config: write }, answering<Code>(async (request) => {
    const requestType = await charter.getRequestType(db, { code: request.params.code.toLowerCase() });
    const { value, version } = parseBody(requestTypeSchema, request.body, REQUEST_TYPE_TEXT, { code: requestType.code }, true);
    // Option values the body no longer lists are removed; open cases that use one need a mapping.
    const mappings = optionMappingsSchema.safeParse((request.body as Record<string, unknown>).optionMappings);
    if (!mappings.success) throw new InvalidBody(issuesOf(mappings.error).map((i) => ({ ...i, field: i.field === 'body' ? 'optionMappings' : `optionMappings.${i.field}` })));
    await charter.reviseRequestType(db, request.actor(), requestType.id, value, version, mappings.data);
    return requestTypeDetail(db, { id: requestType.id });
  }));
}
