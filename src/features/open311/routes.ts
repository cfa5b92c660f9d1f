// Open311 GeoReport v2 under /open311/v2/: every endpoint in XML (what FixMyStreet speaks) and
// JSON. Reading is open; creating a report or posting an update needs a key with the open311 scope.
// A read with a key shows that client more of its own reports (where they are, the resident's updates).
// A client's mistake is a 4xx with the specification's <errors> document; never a 500.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, type Db } from '../../platform/db/database.js';
import { formBody } from '../../platform/web/forms.js';
import { InvalidText, problemText } from '../../platform/web/text-input.js';
import { CaseNotFound } from '../cases/lifecycle.js';
import { sendDocument, sendErrors, sendList, w3c, type Format, type Item } from './format.js';
import { checkUpdate, dateParam, Open311Invalid, param } from './model.js';
import * as open311 from './service.js';

export interface Open311Deps {
  db: Db;
  now: () => Date;
  publicUrl: string;
  /** The jurisdiction_id clients may send; any other is refused. */
  jurisdictionId: string;
}

type Body = Record<string, string | string[]>;

/** `requests.xml` -> ['requests', 'xml']; undefined for a format we do not write. */
function split(file: string): [name: string, format: Format] | undefined {
  const match = /^(.+)\.(xml|json)$/.exec(file);
  return match ? [match[1]!, match[2] as Format] : undefined;
}

const formatOf = (request: FastifyRequest): Format => (/\.json(\?|$)/.test(request.url) ? 'json' : 'xml');

function refuse(reply: FastifyReply, format: Format, status: number, description: string): FastifyReply {
  return sendErrors(reply, format, status, [{ code: status, description }]);
}

const invalid = (reply: FastifyReply, format: Format, error: Open311Invalid) =>
  sendErrors(reply, format, 400, error.issues.map((i) => ({ code: 400, description: `${i.param}: ${i.message}` })));

/** The parameters of a GET (query) or a POST (a form: FixMyStreet posts application/x-www-form-urlencoded). */
function parameters(request: FastifyRequest): Body {
  return { ...formBody(request.query), ...formBody(request.body) };
}

function checkJurisdiction(body: Body, ours: string): void {
  const sent = param(body, 'jurisdiction_id');
  if (sent && sent.toLowerCase() !== ours.toLowerCase()) throw new Open311Invalid([{ param: 'jurisdiction_id', message: `${sent} is not served here; this server's jurisdiction_id is ${ours}` }]);
}

function requireForm(request: FastifyRequest): void {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new Open311Invalid([{ param: 'Content-Type', message: 'send the parameters as application/x-www-form-urlencoded' }]);
  }
}

const requestItem = (r: open311.ServiceRequest): Item => ({
  ...r,
  requested_datetime: w3c(r.requested_datetime),
  updated_datetime: w3c(r.updated_datetime),
  expected_datetime: w3c(r.expected_datetime),
});

export function registerOpen311Routes(app: FastifyInstance, deps: Open311Deps): void {
  const { db } = deps;
  const keyed = { apiScope: 'open311', csrf: false, apiError: (reply: FastifyReply, status: number, message: string) => refuse(reply, formatOf(reply.request), status, message) } as const;
  // Reads are open; a key that comes with one is checked, and tells us whose reports are whose.
  const open = { config: { ...keyed, apiKeyOptional: true } };
  const readerOf = (request: FastifyRequest): open311.Reader => (request.client ? { clientSystemId: request.client.clientSystemId } : {});

  // Registered synchronously (a plugin function need not be async): its routes exist once the app is ready.
  app.register((api, _options, done) => {
    // A body we cannot read, of any type, gets the specification's error document.
    api.setErrorHandler(async (error: FastifyError, request, reply) => {
      const format = formatOf(request);
      if (error instanceof Open311Invalid) return invalid(reply, format, error);
      // Named by the parameter as sent: `attribute[bin]`, or `media_url` for one of several.
      if (error instanceof InvalidText) return invalid(reply, format, new Open311Invalid(error.found.map((f) => ({ param: f.path[0] ?? 'body', message: problemText(f.problem) }))));
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ error: error.message }, 'database unavailable: answered 503');
        return refuse(reply, format, 503, 'The service is unavailable for a moment: try again shortly.');
      }
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'Open311 request failed');
        return refuse(reply, format, 500, 'Something went wrong on our side. Try again later.');
      }
      return refuse(reply, format, status === 415 ? 400 : status, status === 413 ? 'The request is too large' : `The request could not be read: ${error.message}`);
    });
    api.setNotFoundHandler((request, reply) => refuse(reply, formatOf(request), 404, 'There is no such Open311 endpoint. Start at discovery.xml.'));

    api.get<{ Params: { file: string } }>('/:file', open, async (request, reply) => {
      const [name, format] = split(request.params.file) ?? [];
      if (!format) return reply.callNotFound();
      const query = parameters(request);
      checkJurisdiction(query, deps.jurisdictionId);
      if (name === 'discovery') return sendDocument(reply, format, 'discovery', await discovery(db, deps, format));
      if (name === 'services') return sendList(reply, format, 'services', 'service', (await open311.listOpen311Services(db)).map(serviceItem));
      if (name === 'requests') return sendList(reply, format, 'service_requests', 'request', (await open311.listReports(db, readRequestQuery(query), deps.now(), readerOf(request))).map(requestItem));
      return reply.callNotFound();
    });

    api.get<{ Params: { code: string } }>('/services/:code', async (request, reply) => {
      const [code, format] = split(request.params.code) ?? [];
      if (!format || !code) return reply.callNotFound();
      checkJurisdiction(parameters(request), deps.jurisdictionId);
      const service = (await open311.listOpen311Services(db)).find((s) => s.code === code);
      if (!service) return refuse(reply, format, 404, `There is no service with the code ${code}`);
      return sendDocument(reply, format, 'service_definition', { service_code: service.code, attributes: wrap(format, 'attribute', attributeItems(service, format)) });
    });

    api.get<{ Params: { id: string } }>('/requests/:id', open, async (request, reply) => {
      const [id, format] = split(request.params.id) ?? [];
      if (!format || !id) return reply.callNotFound();
      checkJurisdiction(parameters(request), deps.jurisdictionId);
      const found = await open311.getReport(db, id, readerOf(request));
      if (!found) return refuse(reply, format, 404, `There is no service request with the id ${id}`);
      return sendList(reply, format, 'service_requests', 'request', [requestItem(found)]);
    });

    // Reports are created at once, so no token is ever issued; a client asking gets a clear 404.
    api.get<{ Params: { token: string } }>('/tokens/:token', async (request, reply) => {
      const [token, format] = split(request.params.token) ?? [];
      if (!format) return reply.callNotFound();
      return refuse(reply, format, 404, `There is no token ${token ?? ''}: this server creates service requests at once and answers with their service_request_id`);
    });

    api.post<{ Params: { file: string } }>('/:file', { config: keyed }, async (request, reply) => {
      const [name, format] = split(request.params.file) ?? [];
      if (!format || (name !== 'requests' && name !== 'servicerequestupdates')) return reply.callNotFound();
      requireForm(request);
      const body = parameters(request);
      checkJurisdiction(body, deps.jurisdictionId);
      const context = { now: deps.now(), publicUrl: deps.publicUrl, ip: request.ip };
      if (name === 'requests') {
        const created = await open311.createReport(db, request.client!, body, context);
        const item = { service_request_id: created.reference, service_notice: '', account_id: '' };
        return sendList(reply, format, 'service_requests', 'request', [item], created.existing ? 200 : 201);
      }
      checkUpdate(body);
      try {
        const posted = await open311.postUpdate(db, request.client!, body, context);
        return sendList(reply, format, 'service_request_updates', 'request_update', [{ update_id: posted.updateId }], posted.existing ? 200 : 201);
      } catch (error) {
        if (error instanceof CaseNotFound) return refuse(reply, format, 404, `There is no service request with the id ${param(body, 'service_request_id') ?? ''}`);
        throw error;
      }
    });

    api.get<{ Params: { format: string } }>('/servicerequestupdates.:format', open, async (request, reply) => {
      const format = request.params.format;
      // servicerequestupdates.csv is no document of ours, as requests.csv is not.
      if (format !== 'xml' && format !== 'json') return reply.callNotFound();
      const query = parameters(request);
      checkJurisdiction(query, deps.jurisdictionId);
      const end = dateParam(query, 'end_date') ?? deps.now();
      const start = dateParam(query, 'start_date') ?? new Date(end.getTime() - 2 * 3600_000);
      if (start > end) throw new Open311Invalid([{ param: 'start_date', message: 'must be before end_date' }]);
      const updates = await open311.updatesFeed(db, { start, end, ...readerOf(request) });
      return sendList(reply, format, 'service_request_updates', 'request_update', updates.map((u) => ({ ...u, updated_datetime: w3c(u.updated_datetime) })));
    });
    done();
  }, { prefix: '/open311/v2' });

  function readRequestQuery(query: Body): open311.RequestQuery {
    const ids = param(query, 'service_request_id')?.split(',').map((id) => id.trim().toUpperCase()).filter(Boolean);
    const status = param(query, 'status')?.toLowerCase();
    if (status && status !== 'open' && status !== 'closed') throw new Open311Invalid([{ param: 'status', message: 'must be open or closed' }]);
    const start = dateParam(query, 'start_date');
    const end = dateParam(query, 'end_date');
    const serviceCode = param(query, 'service_code');
    return { ...(ids?.length && { ids }), ...(serviceCode && { serviceCode }), ...(start && { start }), ...(end && { end }), ...(status && { status: status as 'open' | 'closed' }) };
  }
}

function serviceItem(s: open311.Open311Service): Item {
  return { service_code: s.code, service_name: s.name, description: s.description, metadata: s.attributes.length > 0, type: 'realtime', keywords: '', group: s.group };
}

/** A list inside a document: `<values><value/>...</values>` in XML, a plain array in JSON. */
function wrap<T extends Item | string>(format: Format, element: string, items: T[]): Item | T[] {
  return format === 'xml' ? ({ [element]: items } as Item) : items;
}

function attributeItems(s: open311.Open311Service, format: Format): Item[] {
  return s.attributes.map((a) => ({ ...a, values: wrap(format, 'value', a.values) }));
}

async function discovery(db: Db, deps: Open311Deps, format: Format): Promise<Item> {
  const council = await db.selectFrom('council').select(['name', 'email', 'phone']).executeTakeFirst();
  const changed = await db.selectFrom('request_type_version').select((eb) => eb.fn.max('created_at').as('at')).executeTakeFirst();
  const changeset = w3c(changed?.at ? new Date(changed.at) : new Date(0));
  return {
    changeset,
    contact: [council?.name, council?.email, council?.phone].filter(Boolean).join(', '),
    key_service: `Ask ${council?.name ?? 'the council'} for an API key with the open311 scope`,
    endpoints: wrap(format, 'endpoint', [
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${deps.publicUrl}/open311/v2`, changeset, type: 'production', formats: wrap(format, 'format', ['text/xml', 'application/json']) as Item },
    ]),
  };
}
