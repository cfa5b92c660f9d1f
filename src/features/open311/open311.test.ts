// Open311 GeoReport v2 over HTTP, as FixMyStreet's client drives it: XML documents with the
// specification's element names, form-encoded posts with CRLF newlines and the UK attributes, a
// retried post answered with the first id, the updates feed with stable ids, and 4xx errors in the
// specification's <errors> document for every client mistake.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../test/support/browser.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import { redactSecrets } from '../../platform/web/log.js';
import * as cases from '../cases/lifecycle.js';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment --
   The documents under test are parsed XML: their shape is what these tests check, so they are read untyped. */
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'request_update', 'endpoint', 'format'].includes(name) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const xml = (body: string) => parser.parse(body) as Record<string, any>;
const NOW = new Date('2026-11-24T10:00:00Z');

/** What FixMyStreet posts for a graffiti report: note the CRLF newlines and the UK attributes. */
function fixMyStreetReport(key: string, fmsId: string): Record<string, string | string[]> {
  return {
    api_key: key,
    jurisdiction_id: 'localhost',
    service_code: 'report-graffiti',
    description: 'title: Tags on the bus shelter\r\n\r\ndetail: Spray paint all over the back panel\r\n\r\nurl: https://fms.example/report/1234',
    first_name: 'Sam',
    last_name: 'Green',
    email: 'sam@example.com',
    lat: '52.123456',
    long: '-1.234567',
    media_url: 'https://fms.example/photo/1234.0.full.jpeg',
    'attribute[surface]': 'bus_shelter',
    'attribute[size]': 'small',
    'attribute[fixmystreet_id]': fmsId,
    'attribute[easting]': '443210',
    'attribute[northing]': '255432',
    'attribute[closest_address]': '1 High Street, Brackenfield',
    'attribute[report_url]': 'https://fms.example/report/1234',
    'attribute[title]': 'Tags on the bus shelter',
    'attribute[category]': 'Graffiti',
    'attribute[group]': 'Street cleaning',
  };
}

forEachEngine('Open311 GeoReport v2', (_use, engine) => {
  let t: TestApp;
  let key = '';
  let reference = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    key = (await createClientSystem(t.database.db, { type: 'staff', label: 'test' }, { name: 'FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const post = (url: string, form: Record<string, string | string[]>) => t.app.inject({ method: 'POST', url, payload: new URLSearchParams(Object.entries(form).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x]))).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('describes itself: discovery, the services open to other systems and a definition from the request type’s fields', async () => {
    const discovery = xml((await get('/open311/v2/discovery.xml')).body).discovery;
    expect(discovery.endpoints.endpoint[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:3000/open311/v2', type: 'production', formats: { format: ['text/xml', 'application/json'] } });
    const services = xml((await get('/open311/v2/services.xml')).body).services.service;
    const graffiti = services.find((s: { service_code: string }) => s.service_code === 'report-graffiti');
    expect(graffiti).toMatchObject({ service_name: 'Report graffiti', metadata: 'true', type: 'realtime', group: 'Graffiti' });
    const definition = xml((await get('/open311/v2/services/report-graffiti.xml')).body).service_definition;
    expect(definition.service_code).toBe('report-graffiti');
    expect(definition.attributes.attribute.map((a: { code: string }) => a.code)).toEqual(['surface', 'size']);
    expect(definition.attributes.attribute[0]).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'true', order: '1' });
    expect(definition.attributes.attribute[0].values.value[0]).toEqual({ key: 'wall', name: expect.any(String) });
    const json = (await get('/open311/v2/services/report-graffiti.json')).json();
    expect(json.attributes[1]).toMatchObject({ code: 'size', datatype: 'singlevaluelist', values: expect.arrayContaining([{ key: 'small', name: expect.any(String) }]) });
  });

  it('answers an unknown service, request, token and endpoint with 404 in the format asked', async () => {
    for (const url of ['/open311/v2/services/nonesuch.xml', '/open311/v2/requests/ABCD-EFGH.xml', '/open311/v2/tokens/123.xml', '/open311/v2/nonesuch.xml', '/open311/v2/servicerequestupdates.csv']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(xml(response.body).errors.error[0].code).toBe('404');
    }
    const json = await get('/open311/v2/services/nonesuch.json');
    expect(json.json()).toEqual([{ code: 404, description: 'There is no service with the code nonesuch' }]);
  });

  it('creates a case from a FixMyStreet report, keeping every attribute and the newlines, and gives a retry the same id', async () => {
    const response = await post('/open311/v2/requests.xml', fixMyStreetReport(key, '1234'));
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    const [created] = xml(response.body).service_requests.request;
    reference = created.service_request_id;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const kase = await t.database.db.selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ channel: 'open311', client_reference: '1234', latitude: 52.123456, longitude: -1.234567, answers: { surface: 'bus_shelter', size: 'small' } });
    expect(kase.contact).toEqual({ name: 'Sam Green', email: 'sam@example.com' });
    expect(kase.client_data).toMatchObject({ client: 'FixMyStreet', description: expect.stringContaining('title: Tags on the bus shelter\n\ndetail:'), mediaUrls: ['https://fms.example/photo/1234.0.full.jpeg'] });
    expect((kase.client_data as { attributes: Record<string, string> }).attributes).toMatchObject({ easting: '443210', category: 'Graffiti', report_url: 'https://fms.example/report/1234' });
    const again = await post('/open311/v2/requests.xml', fixMyStreetReport(key, '1234'));
    expect(again.statusCode).toBe(200);
    expect(xml(again.body).service_requests.request[0].service_request_id).toBe(reference);
    expect(await t.database.db.selectFrom('cases').select('id').where('client_reference', '=', '1234').execute()).toHaveLength(1);
  });

  it('reads reports back with the specification’s names: by id, by list of ids, in the last 90 days, and as JSON', async () => {
    const one = xml((await get(`/open311/v2/requests/${reference}.xml`)).body).service_requests.request[0];
    expect(one).toMatchObject({ service_request_id: reference, status: 'open', service_code: 'report-graffiti', service_name: 'Report graffiti', lat: '52.123456', long: '-1.234567', media_url: 'https://fms.example/photo/1234.0.full.jpeg', requested_datetime: '2026-11-24T10:00:00+00:00' });
    expect(one.description).toContain('detail: Spray paint');
    expect(one.expected_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const listed = xml((await get(`/open311/v2/requests.xml?service_request_id=${reference},ZZZZ-ZZZZ`)).body).service_requests.request;
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([reference]);
    const recent = xml((await get('/open311/v2/requests.xml?status=open&service_code=report-graffiti')).body).service_requests.request;
    expect(recent.map((r: { service_request_id: string }) => r.service_request_id)).toContain(reference);
    const json = (await get(`/open311/v2/requests/${reference}.json`)).json();
    expect(json[0]).toMatchObject({ service_request_id: reference, status: 'open' });
  });

  it('refuses to create without the right key: 403 in XML, and never echoes the key', async () => {
    const withoutKey = fixMyStreetReport(key, '5678');
    delete withoutKey.api_key;
    const missing = await post('/open311/v2/requests.xml', withoutKey);
    expect(missing.statusCode).toBe(403);
    expect(xml(missing.body).errors.error[0].code).toBe('403');
    const wrong = await post('/open311/v2/requests.xml', fixMyStreetReport('cd_wrong-key-wrong-key', '5678'));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('cd_wrong-key-wrong-key');
  });

  it('names the parameter at fault in a 400 for each kind of bad report, saving nothing', async () => {
    const before = (await t.database.db.selectFrom('cases').select('id').execute()).length;
    const cases: [Record<string, string>, string][] = [
      [{ 'attribute[size]': '' }, 'attribute[size]'],
      [{ lat: '95', long: '1' }, 'lat'],
      [{ lat: '48.85', long: '2.35' }, 'lat'],
      [{ media_url: 'ftp://fms.example/photo.jpeg' }, 'media_url'],
      [{ jurisdiction_id: 'elsewhere.example' }, 'jurisdiction_id'],
      [{ service_code: 'nonesuch' }, 'service_code'],
      [{ description: 'x'.repeat(10_001) }, 'description'],
      [{ email: 'not an email' }, 'email'],
    ];
    for (const [change, param] of cases) {
      const response = await post('/open311/v2/requests.xml', { ...fixMyStreetReport(key, `bad-${param}`), ...change });
      expect(response.statusCode, param).toBe(400);
      expect(xml(response.body).errors.error[0].description, param).toMatch(new RegExp(`^${param.replace(/[[\]]/g, '\\$&')}: `));
    }
    const asXml = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: '<request><service_code>report-graffiti</service_code>', headers: { 'content-type': 'text/xml' } });
    expect(asXml.statusCode).toBe(400);
    expect(xml(asXml.body).errors.error[0].description).toMatch(/Content-Type|could not be read/);
    expect((await t.database.db.selectFrom('cases').select('id').execute()).length).toBe(before);
  });

  it('feeds back status changes and public updates with stable ids and FIXED, and takes a resident’s update once', async () => {
    const ctx = { db: t.database.db, actor: { type: 'staff' as const, label: 'Priya Shah' }, publicUrl: 'http://localhost:3000' };
    await cases.addNote({ ...ctx, now: new Date('2026-11-24T11:00:00Z') }, { reference, expectedVersion: 1, text: 'Crew booked for Thursday', public: true });
    await cases.changeStatus({ ...ctx, now: new Date('2026-11-24T11:30:00Z') }, { reference, expectedVersion: 2, to: 'resolved', message: 'The graffiti has been removed.' });
    const window = `start_date=2026-11-24T10:30:00%2B00:00&end_date=2026-11-24T12:00:00Z&api_key=${key}`;
    const feed = xml((await get(`/open311/v2/servicerequestupdates.xml?${window}`)).body).service_request_updates.request_update;
    expect(feed.map((u: { status: string; description: string }) => [u.status, u.description])).toEqual([
      ['OPEN', 'Crew booked for Thursday'],
      ['FIXED', 'The graffiti has been removed.'],
    ]);
    expect(feed[1]).toMatchObject({ service_request_id: reference, updated_datetime: '2026-11-24T11:30:00+00:00', fixmystreet_id: '1234' });
    const again = xml((await get(`/open311/v2/servicerequestupdates.xml?${window}`)).body).service_request_updates.request_update;
    expect(again.map((u: { update_id: string }) => u.update_id)).toEqual(feed.map((u: { update_id: string }) => u.update_id));

    const update = { api_key: key, service_request_id: reference, update_id: 'fms-comment-99', updated_datetime: '2026-11-24T12:10:00+00:00', status: 'OPEN', description: 'Still there on the side panel\r\nPlease look again', first_name: 'Sam', last_name: 'Green', email: 'sam@example.com' };
    const posted = await post('/open311/v2/servicerequestupdates.xml', update);
    expect(posted.statusCode).toBe(201);
    const ourId = xml(posted.body).service_request_updates.request_update[0].update_id;
    const retried = await post('/open311/v2/servicerequestupdates.xml', update);
    expect(xml(retried.body).service_request_updates.request_update[0].update_id).toBe(ourId);
    const events = await t.database.db.selectFrom('case_event').select(['type', 'detail', 'public']).where('type', '=', 'customer_update').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ public: true, detail: { message: 'Still there on the side panel\nPlease look again', clientUpdateId: 'fms-comment-99', requestedStatus: 'OPEN' } });
    expect((await post('/open311/v2/servicerequestupdates.xml', { ...update, update_id: 'x', service_request_id: 'ZZZZ-ZZZZ' })).statusCode).toBe(404);
  });

  it('keeps every XML document readable when a report or an update holds a control character', async () => {
    // A vertical tab (Shift+Enter in a word processor) and other C0 controls have no place in XML
    // 1.0: one report's text would make requests.xml unreadable to every client.
    const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/; // eslint-disable-line no-control-regex -- what XML 1.0 refuses
    const created = await post('/open311/v2/requests.xml', { ...fixMyStreetReport(key, 'controls'), description: 'Line one\u000bline two\u0001\u001b[31m\uffff' });
    expect(created.statusCode, created.body).toBe(201);
    const id = xml(created.body).service_requests.request[0].service_request_id as string;
    await cases.addNote({ db: t.database.db, actor: { type: 'staff', label: 'Priya Shah' }, publicUrl: 'http://localhost:3000', now: new Date('2026-11-24T10:05:00Z') }, { reference: id, expectedVersion: 1, text: 'Pasted\u000bfrom Word', public: true });
    const one = await get(`/open311/v2/requests/${id}.xml`);
    const documents = [one, await get('/open311/v2/requests.xml'), await get('/open311/v2/servicerequestupdates.xml?start_date=2026-11-24T10:00:00Z&end_date=2026-11-24T10:10:00Z')];
    for (const response of documents) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toMatch(NOT_XML);
    }
    expect(xml(one.body).service_requests.request[0]).toMatchObject({ description: 'Line oneline two[31m', status_notes: 'Pastedfrom Word' });
    // JSON can carry them, escaped.
    expect((await get(`/open311/v2/requests/${id}.json`)).json()[0].description).toBe('Line one\u000bline two\u0001\u001b[31m\uffff');
    // An error that repeats what was sent is a document too.
    const refused = await post('/open311/v2/requests.xml', { ...fixMyStreetReport(key, 'controls-2'), service_code: 'none\u0001such' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toMatch(NOT_XML);
  });

  it('shows the officer everything the client sent, unknown attributes and the resident’s update included', async () => {
    const officer = new Client(t.app);
    await officer.signIn('officer@brackenfield.example');
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Also sent by FixMyStreet', 'easting', '443210', 'fixmystreet_id', 'https://fms.example/photo/1234.0.full.jpeg', 'detail: Spray paint all over the back panel', 'Still there on the side panel', 'From Sam Green (through FixMyStreet)']) {
      expect(page.body, text).toContain(text);
    }
  });

  it('shows staff the status words and lets an administrator change one', async () => {
    const admin = new Client(t.app);
    await admin.signIn('admin@brackenfield.example');
    const page = await admin.get('/staff/open311');
    expect(page.body).toContain('Waiting for customer');
    const form = Object.fromEntries([...page.body.matchAll(/name="(word-[a-z0-9_]+)"/g)].map((m) => [m[1]!, 'IN_PROGRESS']));
    expect((await admin.post('/staff/open311', { ...form, 'word-resolved': 'FIXED', 'word-cancelled': 'NOT_COUNCILS_RESPONSIBILITY' })).statusCode).toBe(303);
    const refused = await admin.post('/staff/open311', { ...form, 'word-resolved': 'MENDED' });
    expect(refused.statusCode).toBe(400);
    const row = await t.database.db.selectFrom('open311_status').select('word').where('status_code', '=', 'cancelled').executeTakeFirstOrThrow();
    expect(row.word).toBe('NOT_COUNCILS_RESPONSIBILITY');
  });
});

describe('the request log', () => {
  it('never holds a resident’s private tracking link', () => {
    expect(redactSecrets('/track/abcdefghijklmnopqrstuvwxyz012345')).toBe('/track/[REDACTED]');
    expect(redactSecrets('/request/missed-bin/sent?reference=7KQM-3XW9&t=secret')).toBe('/request/missed-bin/sent?reference=7KQM-3XW9&t=[REDACTED]');
    expect(redactSecrets('/track/your-request')).toBe('/track/your-request');
  });

  it('never holds an Open311 key sent in the address', () => {
    expect(redactSecrets('/open311/v2/servicerequestupdates.xml?start_date=x&api_key=cd_secret&end_date=y')).toBe('/open311/v2/servicerequestupdates.xml?start_date=x&api_key=[REDACTED]&end_date=y');
  });
});

describeInBrowser('the Open311 staff page in a browser', (use) => {
  it('is accessible and saves the status words', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/open311');
    await expectAccessible(page);
    await page.getByLabel('Resolved', { exact: true }).selectOption('FIXED');
    await page.getByRole('button', { name: 'Save status words' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Status words saved');
    await expectAccessible(page);
  }, 120_000);
});
