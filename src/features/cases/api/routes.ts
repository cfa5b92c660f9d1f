// Cases as a JSON API for other systems, under /api/v1/ (see the README's API section):
//   POST /api/v1/cases              raise a case (scope cases:write); a retry with the same
//                                   clientReference answers 200 with the first case, not a second one
//   GET  /api/v1/cases/{reference}  its status, request type, due dates and public timeline (cases:read)
// A client's mistake is a 400 naming each field by its JSON path; never a 500.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerApiErrorHandler, sendApiError } from '../../../platform/api-keys/api-errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { londonDate } from '../../../time/index.js';
import type { RequestType } from '../../charter/request-types.js';
import { getRequestType, NotFound } from '../../charter/service.js';
import { parseReference } from '../reference.js';
import { raiseCase } from '../service.js';
import { selectEvents } from '../store.js';
import { allIssues, apiFields, caseUrl, InvalidBody, readAnswers, readEnvelope, timelineEntry } from './model.js';
import { selectApiCase, selectDueDates, type ApiCase } from './queries.js';

// Key-authenticated: CSRF guards cookie-borne forms, and these calls carry no cookie authority.
const write = { apiScope: 'cases:write', csrf: false } as const;
const read = { apiScope: 'cases:read' } as const;

export interface CasesApiDeps {
  db: Db;
  now: () => Date;
  publicUrl: string;
}

export async function registerCasesApi(app: FastifyInstance, deps: CasesApiDeps): Promise<void> {
  await app.register(
    // Its own context, so the API's error handler answers only API calls. The catalogue API's
    // context already answers unknown /api/v1 addresses with a JSON 404.
    (api, _options, done) => {
      registerApiErrorHandler(api);
      api.post('/cases', { config: write }, (request, reply) => answering(reply, () => createCase(deps, request, reply)));
      api.get<{ Params: { reference: string } }>('/cases/:reference', { config: read }, (request, reply) => answering(reply, () => readCase(deps, request, reply)));
      done();
    },
    { prefix: '/api/v1' },
  );
}

/** The client's mistakes as the API's JSON errors; anything else is ours, for the error handler. */
async function answering(reply: FastifyReply, handler: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof InvalidBody || error instanceof InvalidInput) return sendApiError(reply, 400, 'invalid', 'The request has mistakes: see fields', error.issues);
    throw error;
  }
}

// ---- raising a case

/** A request type another system may raise: active, and open to the 'system' audience. */
async function systemRequestType(db: Db, code: string): Promise<RequestType> {
  const requestType = await getRequestType(db, { code }).catch((error: unknown) => {
    if (error instanceof NotFound) throw new InvalidBody([{ field: 'requestType', message: `There is no request type with the code ${code}: see GET /api/v1/services` }]);
    throw error;
  });
  if (!requestType.active || !requestType.audiences.includes('system')) {
    throw new InvalidBody([{ field: 'requestType', message: `Request type ${code} cannot be raised by other systems: ask the council to open it to them` }]);
  }
  return requestType;
}

async function createCase(deps: CasesApiDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const now = deps.now();
  const envelope = readEnvelope(request.body, now);
  if (!envelope.value) throw new InvalidBody(envelope.issues);
  const requestType = await systemRequestType(deps.db, envelope.value.requestType);
  const fields = apiFields(requestType.fields);
  const read = readAnswers(fields, envelope.value, londonDate(now));
  const issues = allIssues(envelope.issues, read.issues);
  if (issues.length || !read.answers) throw new InvalidBody(issues);
  const client = request.client!;
  const { clientReference } = envelope.value;
  const raised = await raiseCase({ db: deps.db, actor: request.actor(), now, publicUrl: deps.publicUrl }, {
    requestType,
    channel: envelope.value.channel,
    answers: read.answers,
    contact: envelope.value.contact,
    receivedAt: envelope.value.receivedAt,
    ...(read.location && { location: read.location }),
    client: { systemId: client.clientSystemId, ...(clientReference && { reference: clientReference }) },
  });
  const kase = (await selectApiCase(deps.db, raised.reference))!;
  const url = caseUrl(kase.reference);
  return reply
    .code(raised.existing ? 200 : 201)
    .header('location', url)
    .send({ reference: kase.reference, ...statusJson(kase), receivedAt: kase.receivedAt, dueDates: await selectDueDates(deps.db, kase.id), links: { self: url } });
}

const statusJson = (kase: ApiCase) => ({ status: kase.status.code, statusName: kase.status.publicName, statusCategory: kase.status.category });

// ---- reading a case

async function readCase(deps: CasesApiDeps, request: FastifyRequest<{ Params: { reference: string } }>, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = parseReference(request.params.reference);
  if (!parsed.ok) throw new InvalidBody([{ field: 'reference', message: parsed.message }]);
  const kase = await selectApiCase(deps.db, parsed.reference);
  if (!kase) return sendApiError(reply, 404, 'not_found', `There is no case ${parsed.reference}: check the reference`);
  const own = kase.clientSystemId !== null && kase.clientSystemId === request.client?.clientSystemId;
  const [dueDates, events] = await Promise.all([selectDueDates(deps.db, kase.id), selectEvents(deps.db, kase.id, { publicOnly: true })]);
  // Reads are audited, as the catalogue API's are; the route pattern, never the URL with a key in it.
  await recordAudit(deps.db, request.actor(), { action: 'api.read', subjectType: 'case', subjectId: kase.id, detail: { route: `${request.method} ${request.routeOptions.url}`, reference: kase.reference } });
  return reply.send({
    reference: kase.reference,
    ...statusJson(kase),
    requestType: kase.requestType,
    service: kase.service,
    channel: kase.channel,
    receivedAt: kase.receivedAt,
    updatedAt: kase.updatedAt,
    resolvedAt: kase.resolvedAt,
    closedAt: kase.closedAt,
    // A client's own reference is its own business: shown only to the system that sent the case.
    ...(own && { clientReference: kase.clientReference }),
    dueDates,
    timeline: events.map((event) => timelineEntry(event, own)),
    links: { self: caseUrl(kase.reference) },
  });
}
