// Bad input never gives a 500: a table of bad values (NUL bytes, lone surrogates, over-long text,
// wrong JSON types, repeated parameters, numbers, coordinates and dates out of range) sent to each
// surface a resident or client system writes through: the resident e-form, Open311's requests and
// updates (and its reads), the cases JSON API and the catalogue API's PUTs. Each must answer with a
// 4xx naming the field in that surface's own format, without a stack trace, and save nothing.
import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientSystem } from '../src/platform/api-keys/service.js';
import { Client, startTestApp, type TestApp } from './support/app.js';
import { forEachEngine } from './support/databases.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const NUL = 'before\u0000after';
const ONLY_NUL = '\u0000';
const LONE_HIGH = 'before\uD800after';
const LONE_LOW = '\uDC00 at the start';
const long = (n: number) => 'x'.repeat(n);

type Form = Record<string, string | string[]>;

// ---- the resident e-form: the missed-bin form, posted as a browser posts it

const EFORM: Form = {
  bin_type: 'recycling',
  'collection_date-day': '20',
  'collection_date-month': '11',
  'collection_date-year': '2026',
  'location-address': '3 Mill Lane, Brackenfield',
  'location-postcode': '',
  anything_else: 'Left at the kerb as usual',
  contactName: 'Sam Green',
  contactEmail: 'sam@example.com',
  contactPhone: '07700 900982',
  action: 'submit',
};

interface FormCase {
  /** The posted input changed. */
  input: string;
  /** The id the error summary must link to. */
  link: string;
  value: string | string[];
}

const textValues = { NUL, 'only NUL': ONLY_NUL };
const eformTable: [input: string, link: string, values: Record<string, string | string[]>][] = [
  ['contactName', 'contactName', { ...textValues, 'over 200 characters': long(201), repeated: ['Sam', 'Alex'] }],
  ['contactEmail', 'contactEmail', { ...textValues, 'over 254 characters': `${long(250)}@example.com`, 'not an email': 'sam at example', repeated: ['a@example.com', 'b@example.com'] }],
  ['contactPhone', 'contactPhone', { ...textValues, 'letters': 'call me maybe', repeated: ['07700 900982', '07700 900983'] }],
  ['anything_else', 'anything_else', { ...textValues, 'over 1000 characters': long(1001), repeated: ['one', 'two'] }],
  ['location-address', 'location-address', { ...textValues, 'over the address limit': long(5000), repeated: ['3 Mill Lane', '4 Mill Lane'] }],
  ['location-postcode', 'location-postcode', { ...textValues }],
  ['bin_type', 'bin_type', { ...textValues, 'not an option': 'compost_heap', repeated: ['recycling', 'food_waste'] }],
  ['collection_date-day', 'collection_date-day', { ...textValues, '30 February': '30', 'day 32': '32', 'not a number': 'first', repeated: ['20', '21'] }],
  ['collection_date-year', 'collection_date-year', { NUL, 'year 99999': '99999' }],
  // A date in the future for something that has happened is the whole date's mistake.
  ['collection_date-year', 'collection_date-day', { 'in the future': '2030' }],
  ['collection_date-month', 'collection_date-month', { NUL, 'month 13': '13' }],
];
const eformCases: (FormCase & { name: string })[] = eformTable.flatMap(([input, link, values]) =>
  Object.entries(values).map(([name, value]) => ({ name: `${input}: ${name}`, input, link, value })),
);
// 30 February is a day of a month that has none: the day box is fine on its own, the date is not.
for (const c of eformCases) if (c.name === 'collection_date-day: 30 February') Object.assign(c, { extra: { 'collection_date-month': '2' } });

// ---- Open311: a FixMyStreet graffiti report, an update on it, and the reads

const REPORT: Form = {
  jurisdiction_id: 'localhost',
  service_code: 'report-graffiti',
  description: 'Tags on the bus shelter',
  first_name: 'Sam',
  last_name: 'Green',
  email: 'sam@example.com',
  phone: '07700 900982',
  lat: '52.123456',
  long: '-1.234567',
  address_string: '1 High Street, Brackenfield',
  media_url: 'https://fms.example/photo/1234.jpeg',
  'attribute[surface]': 'bus_shelter',
  'attribute[size]': 'small',
  'attribute[closest_address]': '1 High Street, Brackenfield',
};

const open311RequestTable: [param: string, values: Record<string, string | string[]>][] = [
  ['description', { NUL, 'only NUL': ONLY_NUL, 'over 10000 characters': long(10_001), repeated: ['one', 'two'] }],
  ['first_name', { NUL, 'over 500 characters': long(501), repeated: ['Sam', 'Alex'] }],
  ['last_name', { NUL, 'over 500 characters': long(501) }],
  ['email', { NUL, 'not an email': 'sam at example', repeated: ['a@example.com', 'b@example.com'] }],
  ['phone', { NUL, 'over 500 characters': long(501) }],
  ['address_string', { NUL, 'over 500 characters': long(501) }],
  ['address_id', { NUL }],
  ['device_id', { NUL }],
  ['account_id', { NUL }],
  ['service_code', { NUL, repeated: ['report-graffiti', 'missed-bin'] }],
  ['jurisdiction_id', { NUL }],
  ['media_url', { NUL, 'not a URL': 'photo.jpeg', 'over 2048 characters': `https://fms.example/${long(2048)}` }],
  ['attribute[surface]', { NUL, 'not an option': 'the moon', repeated: ['wall', 'sign'] }],
  ['attribute[size]', { NUL }],
  ['attribute[closest_address]', { NUL }],
  // The client's reference is indexed: a long one would not fit the index (a 500), so it is refused.
  ['attribute[fixmystreet_id]', { NUL, 'over 200 characters': long(201), '3200 characters that do not compress': randomBytes(2400).toString('base64url'), repeated: ['fms-1', 'fms-2'] }],
  ['attribute[client_reference]', { 'over 200 characters': long(201) }],
  ['lat', { NUL, 'lat 91': '91', 'NaN': 'NaN', '1e999': '1e999', 'not a number': 'north', repeated: ['52.1', '52.2'] }],
  ['long', { NUL, 'long 200': '200', '-Infinity': '-Infinity', repeated: ['-1.2', '-1.3'] }],
];

const open311UpdateTable: [param: string, values: Record<string, string | string[]>][] = [
  ['description', { NUL, 'over 10000 characters': long(10_001), repeated: ['one', 'two'] }],
  ['first_name', { NUL, 'over 500 characters': long(501) }],
  ['last_name', { NUL }],
  ['email', { NUL, 'not an email': 'sam at example' }],
  ['update_id', { NUL, 'over 200 characters': long(201), repeated: ['u1', 'u2'] }],
  ['service_request_id', { NUL, repeated: ['ABCD-EFGH', 'ABCD-EFGJ'] }],
  ['status', { NUL, 'not a status word': 'Sorted!', 'too long': 'A'.repeat(60) }],
  ['updated_datetime', { NUL, '30 February': '2026-02-30T10:00:00Z', 'year 99999': '99999-01-01T00:00:00Z', 'not W3C': 'yesterday', repeated: ['2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z'] }],
  ['media_url', { NUL, 'not a URL': 'photo.jpeg' }],
];

const open311QueryTable: [path: string, param: string, values: Record<string, string | string[]>][] = [
  ['requests.xml', 'start_date', { NUL, '30 February': '2026-02-30', 'year 99999': '99999-01-01', 'not W3C': 'last week', '13th month': '2026-13-01', repeated: ['2026-11-01', '2026-11-02'] }],
  ['requests.xml', 'end_date', { NUL, '31 April': '2026-04-31T10:00:00Z', 'hour 25': '2026-04-01T25:00:00Z', 'year 1 (its 90 days reach year 0)': '0001-01-01' }],
  // Dates the database cannot store: year 0, and year 10000 reached by an offset.
  ['requests.xml', 'start_date', { 'year 0': '0000-01-01', 'year 10000 in UTC': '9999-12-31T23:59:59-14:00' }],
  ['requests.xml', 'status', { NUL, 'not open or closed': 'pending', repeated: ['open', 'closed'] }],
  ['requests.xml', 'service_request_id', { NUL }],
  ['requests.xml', 'service_code', { NUL, repeated: ['report-graffiti', 'missed-bin'] }],
  ['servicerequestupdates.xml', 'start_date', { NUL, '30 February': '2026-02-30T10:00:00Z', 'not W3C': '24/11/2026' }],
  ['servicerequestupdates.xml', 'end_date', { NUL, 'year 99999': '99999-01-01T00:00:00Z', 'year 0': '0000-01-01T00:00:00Z', 'year 10000 in UTC': '9999-12-31T23:59:59-14:00' }],
];

// ---- the cases JSON API: a missed bin raised by a back-office system

const CASE = {
  requestType: 'missed-bin',
  answers: { bin_type: 'recycling', collection_date: '2026-11-20', anything_else: 'Left at the kerb' },
  contact: { name: 'Sam Green', email: 'sam@example.com', phone: '07700 900982' },
  location: { address: '3 Mill Lane, Brackenfield', uprn: '100030000001', latitude: 52.6309, longitude: -1.1323 },
  clientReference: 'WBO-1',
};

type Json = Record<string, unknown>;
/** The body with the value at `path` (dotted) replaced. */
function withValue(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Json = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Json;
  at[keys.at(-1)!] = value;
  return copy;
}

const jsonText = { NUL, 'only NUL': ONLY_NUL, 'lone high surrogate': LONE_HIGH, 'lone low surrogate': LONE_LOW };
const apiCaseTable: [field: string, values: Record<string, unknown>][] = [
  ['requestType', { NUL, 'lone high surrogate': LONE_HIGH, 'a number': 7, 'over 100 characters': long(101) }],
  ['answers.anything_else', { ...jsonText, 'over 1000 characters': long(1001), 'an object': { text: 'hi' } }],
  ['answers.bin_type', { NUL, 'lone low surrogate': LONE_LOW, 'a list': ['recycling'], 'not an option': 'compost_heap' }],
  ['answers.collection_date', { NUL, '30 February': '2026-02-30', 'year 99999': '99999-01-01', 'a number': 20261120, 'not ISO': '20/11/2026', 'in the future': '2030-01-01' }],
  ['contact.name', { ...jsonText, 'over 200 characters': long(201), 'an object': { first: 'Sam' } }],
  ['contact.email', { NUL, 'lone high surrogate': LONE_HIGH, 'not an email': 'sam at example', 'true': true }],
  ['contact.phone', { NUL, 'letters': 'call me maybe' }],
  ['location.address', { ...jsonText, 'over the address limit': long(5000), 'a list': ['3 Mill Lane'] }],
  ['location.uprn', { NUL, 'letters': 'not-a-uprn' }],
  ['location.latitude', { 'lat 91': 91, 'NaN': 'NaN', '1e999': '1e999', 'text': 'north', 'true': true, NUL }],
  ['location.longitude', { 'long 200': 200, '-1e999': '-1e999', 'an object': {} }],
  ['clientReference', { ...jsonText, 'over 200 characters': long(201), 'a number': 5, 'only spaces': '   ' }],
  ['channel', { NUL, 'not a channel': 'carrier_pigeon', 'a number': 7 }],
  ['receivedAt', { NUL, '30 February': '2026-02-30T10:00:00Z', 'year 99999': '+099999-01-01T00:00:00Z', 'not ISO': 'yesterday', 'a number': 1_700_000_000 }],
  ['answers', { 'a list': ['recycling'], 'text': 'recycling' }],
  ['contact', { 'text': 'Sam Green' }],
];

// ---- the catalogue API: PUTs of a service, a standard and a request type

const catalogueTable: [target: 'service' | 'standard' | 'requestType', field: string, values: Record<string, unknown>][] = [
  ['service', 'name', { NUL, 'lone high surrogate': LONE_HIGH, 'over 200 characters': long(201), 'a list': ['Waste'] }],
  ['service', 'description', { NUL, 'lone low surrogate': LONE_LOW }],
  ['service', 'department', { NUL }],
  ['service', 'channels.0', { NUL }],
  ['service', 'version', { 'text': 'three', 'a fraction': 1.5 }],
  ['standard', 'sentence', { NUL, 'lone high surrogate': LONE_HIGH }],
  ['standard', 'clockAmount', { '1e999': '1e999', 'negative': -1, 'text': 'two' }],
  ['standard', 'targetPercent', { 'over 100': 101, 'NaN': 'NaN' }],
  ['requestType', 'name', { NUL, 'lone high surrogate': LONE_HIGH, 'over 200 characters': long(201) }],
  ['requestType', 'description', { NUL }],
  ['requestType', 'fields.0.label', { NUL, 'lone low surrogate': LONE_LOW }],
];

// ---- what every refusal must look like

/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   Open311's answers are parsed XML, read untyped. */
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'error' });

function noStackTrace(response: LightMyRequestResponse): void {
  expect(response.body).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\.ts:\d+/);
}

function expectFormError(response: LightMyRequestResponse, link: string): void {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
  noStackTrace(response);
  expect(response.body).toContain('govuk-error-summary');
  expect(response.body).toContain(`href="#${link}"`);
}

function expectOpen311Error(response: LightMyRequestResponse, param: string): void {
  expect(response.statusCode, response.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
  noStackTrace(response);
  const errors = parser.parse(response.body).errors.error as { code: string; description: string }[];
  expect(errors.map((e) => e.description), response.body.slice(0, 300)).toContainEqual(expect.stringMatching(new RegExp(`^${param.replace(/[[\]]/g, '\\$&')}: `)));
}

function expectApiError(response: LightMyRequestResponse, field: string): void {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
  noStackTrace(response);
  const body = response.json<{ error: string; message: string; fields: { field: string; message: string }[] }>();
  expect(body.error).toBe('invalid');
  expect(body.fields.map((f) => f.field), response.body.slice(0, 300)).toContain(field);
}

const cartesianCount = (tables: { length: number }[]) => tables.reduce((n, t) => n + t.length, 0);
const open311RequestCases = open311RequestTable.flatMap(([param, values]) => Object.entries(values).map(([name, value]) => ({ name: `${param}: ${name}`, param, value })));
const open311UpdateCases = open311UpdateTable.flatMap(([param, values]) => Object.entries(values).map(([name, value]) => ({ name: `${param}: ${name}`, param, value })));
const open311QueryCases = open311QueryTable.flatMap(([path, param, values]) => Object.entries(values).map(([name, value]) => ({ name: `${path} ${param}: ${name}`, path, param, value })));
const apiCaseCases = apiCaseTable.flatMap(([field, values]) => Object.entries(values).map(([name, value]) => ({ name: `${field}: ${name}`, field, value })));
const catalogueCases = catalogueTable.flatMap(([target, field, values]) => Object.entries(values).map(([name, value]) => ({ name: `${target} ${field}: ${name}`, target, field, value })));
/** The number of bad inputs per engine: reported in the note. */
export const BAD_INPUTS = cartesianCount([eformCases, open311RequestCases, open311UpdateCases, open311QueryCases, apiCaseCases, catalogueCases]);

const encode = (form: Form) => new URLSearchParams(Object.entries(form).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x]))).toString();

forEachEngine('bad input is a field-level 4xx on every surface', (_use, engine) => {
  let t: TestApp;
  let open311Key = '';
  let casesKey = '';
  let catalogueKey = '';
  let reference = '';
  let standardId = '';
  const admin = { type: 'staff' as const, label: 'Test administrator' };

  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const db = t.database.db;
    open311Key = (await createClientSystem(db, admin, { name: 'FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 10_000 })).key;
    casesKey = (await createClientSystem(db, admin, { name: 'Waste back office', scopes: ['cases:write', 'cases:read'], rateLimitPerMinute: 10_000 })).key;
    catalogueKey = (await createClientSystem(db, admin, { name: 'Highways system', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 10_000 })).key;
    // One good case to post updates on.
    const created = await open311Post('requests.xml', { ...REPORT, api_key: open311Key });
    expect(created.statusCode, created.body).toBe(201);
    reference = String(parser.parse(created.body).service_requests.request.service_request_id);
    const service = (await apiCall('GET', '/api/v1/services/missed-bin')).json<{ standards: { id: string }[] }>();
    standardId = service.standards[0]!.id;
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const count = async (table: 'cases' | 'case_event' | 'audit_event' | 'request_type_version' | 'service_standard') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  /** What any of these requests could have saved: cases, their events, catalogue versions. */
  const saved = async () => ({ cases: await count('cases'), events: await count('case_event'), requestTypes: await count('request_type_version'), standards: await count('service_standard') });
  const open311Post = (file: string, form: Form) => t.app.inject({ method: 'POST', url: `/open311/v2/${file}`, payload: encode(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const apiCall = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, key = url.includes('/cases') ? casesKey : catalogueKey) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it(`holds ${BAD_INPUTS} bad inputs per engine`, () => {
    expect(BAD_INPUTS).toBeGreaterThanOrEqual(100);
  });

  describe('the resident e-form', () => {
    let client: Client;
    beforeAll(async () => {
      client = new Client(t.app);
      expect((await client.get('/request/missed-bin')).statusCode).toBe(200);
      // The good form is taken, so each bad one below is refused for its one bad value.
      const good = await client.post('/request/missed-bin', EFORM);
      expect(good.statusCode, good.body.slice(0, 2000)).toBe(303);
      await client.get('/request/missed-bin');
    });

    it.each(eformCases)('$name', async (c) => {
      const before = await saved();
      const extra = (c as { extra?: Form }).extra ?? {};
      const response = await client.post('/request/missed-bin', { ...EFORM, ...extra, [c.input]: c.value });
      expectFormError(response, c.link);
      expect(response.body).not.toContain('\u0000');
      expect(await saved()).toEqual(before);
    });

    it('shows the form again with what was typed, minus the null character, and the message on its field', async () => {
      const response = await client.post('/request/missed-bin', { ...EFORM, contactName: NUL });
      expect(response.body).toContain('Name must not contain a null character');
      expect(response.body).toContain('value="beforeafter"');
    });
  });

  it('refuses a NUL in a multipart form’s text field (a form with a file input) the same way', async () => {
    const client = new Client(t.app);
    await client.get('/request/report-graffiti');
    const before = await saved();
    const response = await client.postMultipart('/request/report-graffiti', { surface: 'wall', size: 'small', 'location-address': NUL, contactName: 'Sam', action: 'submit' }, {});
    expectFormError(response, 'location-address');
    expect(response.body).toContain('must not contain a null character');
    expect(await saved()).toEqual(before);
  });

  it('keeps a file whose name has a NUL, without the NUL, rather than failing', async () => {
    const client = new Client(t.app);
    await client.get('/request/report-graffiti');
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'));
    const response = await client.postMultipart('/request/report-graffiti', { surface: 'wall', size: 'small', 'location-address': '1 High Street', action: 'check' }, { photo: { filename: 'wall\u0000.png', contentType: 'image/png', bytes: png } });
    expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
    noStackTrace(response);
  });

  describe('Open311 POST requests.xml', () => {
    it.each(open311RequestCases)('$name', async (c) => {
      const before = await saved();
      const response = await open311Post('requests.xml', { ...REPORT, 'attribute[fixmystreet_id]': `fms-${c.name}`, api_key: open311Key, [c.param]: c.value });
      expectOpen311Error(response, c.param);
      expect(await saved()).toEqual(before);
    });
  });

  describe('Open311 POST servicerequestupdates.xml', () => {
    const update = (): Form => ({ api_key: open311Key, service_request_id: reference, update_id: 'fms-update-1', updated_datetime: '2026-11-24T09:30:00Z', status: 'OPEN', description: 'Still there', first_name: 'Sam', last_name: 'Green', email: 'sam@example.com' });
    it.each(open311UpdateCases)('$name', async (c) => {
      const before = await saved();
      const response = await open311Post('servicerequestupdates.xml', { ...update(), update_id: `u-${c.name}`, [c.param]: c.value });
      expectOpen311Error(response, c.param);
      expect(await saved()).toEqual(before);
    });
  });

  describe('Open311 reads', () => {
    it.each(open311QueryCases)('$name', async (c) => {
      const response = await t.app.inject({ method: 'GET', url: `/open311/v2/${c.path}?${encode({ [c.param]: c.value })}` });
      expectOpen311Error(response, c.param);
    });
  });

  describe('the cases JSON API, POST /api/v1/cases', () => {
    it.each(apiCaseCases)('$name', async (c) => {
      const before = await saved();
      const response = await apiCall('POST', '/api/v1/cases', withValue(CASE, c.field, c.value));
      expectApiError(response, c.field);
      expect(await saved()).toEqual(before);
    });

    it('names a key the database cannot store by where it is', async () => {
      const response = await apiCall('POST', '/api/v1/cases', { ...CASE, answers: { ...CASE.answers, 'bad\u0000key': 'x' } });
      expectApiError(response, 'answers.badkey');
    });
  });

  describe('the catalogue API PUTs', () => {
    const without = (body: Json, ...keys: string[]): Json => Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
    /** The resource as it reads now, as the body of a PUT that would change nothing. */
    const current = async (target: string): Promise<{ url: string; body: Json }> => {
      const service = (await apiCall('GET', '/api/v1/services/missed-bin')).json<Json & { standards: Json[] }>();
      if (target === 'service') return { url: '/api/v1/services/missed-bin', body: without(service, 'standards', 'requestTypes', 'teamName') };
      if (target === 'requestType') return { url: '/api/v1/request-types/missed-bin', body: without((await apiCall('GET', '/api/v1/request-types/missed-bin')).json<Json>(), 'service') };
      return { url: `/api/v1/standards/${standardId}`, body: without(service.standards.find((s) => s.id === standardId)!, 'id', 'createdAt') };
    };

    it.each(catalogueCases)('$name', async (c) => {
      const { url, body } = await current(c.target);
      const before = await apiCall('GET', url.startsWith('/api/v1/standards') ? '/api/v1/services/missed-bin' : url);
      const response = await apiCall('PUT', url, withValue(body, c.field, c.value));
      expectApiError(response, c.field);
      const after = await apiCall('GET', url.startsWith('/api/v1/standards') ? '/api/v1/services/missed-bin' : url);
      expect(after.body).toBe(before.body);
    });
  });

  it('refuses a NUL in a staff form with an error summary naming the field, not a 500', async () => {
    const client = new Client(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: `advisor\u0000@example.com`, password: 'x' });
    expect(response.statusCode).toBe(400);
    noStackTrace(response);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('email must not contain a null character');
  });

  it('refuses a NUL in an address path or query, on pages and the API', async () => {
    const page = await t.app.inject('/request/missed%00bin');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    const api = await apiCall('GET', '/api/v1/request-types/missed%00bin');
    expectApiError(api, 'code');
  });
});
