// The cases JSON API as a back-office system uses it, on both engines: a case raised with JSON's own
// types gets its due dates and queues the resident's confirmation; a retry with the same client
// reference finds the first case; every mistake is a 400 naming the field, with nothing saved;
// keys without the scope are refused; and a case reads back with only its public timeline.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { createClientSystem } from '../../../platform/api-keys/service.js';
import { addNote, changeStatus } from '../lifecycle.js';
import { newReference } from '../reference.js';

const admin = { type: 'staff' as const, label: 'Test administrator' };
// Tuesday 10 March 2026, 10:00 in London: no bank holidays near, so 1 and 2 working days are Wednesday and Thursday.
const NOW = new Date('2026-03-10T10:00:00Z');

const missedBin = {
  requestType: 'missed-bin',
  answers: { bin_type: 'recycling', collection_date: '2026-03-09', anything_else: 'The crew skipped the whole of Mill Lane' },
  contact: { name: 'Sam Green', email: 'sam@example.com', phone: '07700 900982' },
  location: { address: '3 Mill Lane, Brackenfield', uprn: '100030000001', latitude: 52.6309, longitude: -1.1323 },
};

type Issue = { field: string; message: string };

forEachEngine('the cases JSON API', (_use, engine) => {
  let t: TestApp;
  let writer = '';
  let otherWriter = '';
  let reader = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    writer = (await createClientSystem(t.database.db, admin, { name: 'Waste back office', scopes: ['cases:read', 'cases:write'], rateLimitPerMinute: 1000 })).key;
    otherWriter = (await createClientSystem(t.database.db, admin, { name: 'Contact centre CRM', scopes: ['cases:write', 'cases:read'], rateLimitPerMinute: 1000 })).key;
    reader = (await createClientSystem(t.database.db, admin, { name: 'Ward dashboard', scopes: ['cases:read', 'catalogue:read'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const post = (payload: unknown, key = writer) => t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${key}` }, payload: payload as object });
  const get = (reference: string, key = writer) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${reference}`, headers: { authorization: `Bearer ${key}` } });
  const countCases = async () => Number((await db().selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  /** Posts a body that must be refused: 400, the issues it names, and no case saved. */
  const refused = async (payload: unknown): Promise<Issue[]> => {
    const before = await countCases();
    const response = await post(payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(await countCases()).toBe(before);
    const body = response.json<{ error: string; message: string; fields: Issue[] }>();
    expect(body).toMatchObject({ error: 'invalid', message: 'The request has mistakes: see fields' });
    return body.fields;
  };

  let reference = '';

  it('raises a case: 201 with its status, due dates and address, the resident’s confirmation queued, audited as the client', async () => {
    const response = await post({ ...missedBin, channel: 'phone', receivedAt: '2026-03-10T09:15:00Z', clientReference: 'WBO-1001' });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ reference: string }>();
    reference = body.reference;
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(response.headers.location).toBe(`/api/v1/cases/${reference}`);
    expect(body).toEqual({
      reference,
      status: 'received',
      statusName: 'Received',
      statusCategory: 'new',
      receivedAt: '2026-03-10T09:15:00.000Z',
      dueDates: [
        { standard: 'acknowledge', sentence: 'We will acknowledge your report within 1 working day', dueAt: '2026-03-11T23:59:59.999Z', outcome: null },
        { standard: 'collect', sentence: 'We will collect a missed bin within 2 working days of your report', dueAt: '2026-03-12T23:59:59.999Z', outcome: null },
      ],
      links: { self: `/api/v1/cases/${reference}` },
    });
    const kase = await db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({
      channel: 'phone',
      client_reference: 'WBO-1001',
      location_address: '3 Mill Lane, Brackenfield',
      location_uprn: '100030000001',
      latitude: 52.6309,
      longitude: -1.1323,
      answers: { bin_type: 'recycling', collection_date: '2026-03-09', anything_else: 'The crew skipped the whole of Mill Lane', location: { address: '3 Mill Lane, Brackenfield', uprn: '100030000001', lat: 52.6309, lng: -1.1323 } },
      contact: { name: 'Sam Green', email: 'sam@example.com', phone: '07700 900982' },
    });
    const notifications = await db().selectFrom('notification').select(['template_code', 'recipient']).where('case_id', '=', kase.id).execute();
    expect(notifications).toEqual([{ template_code: 'case.received', recipient: 'sam@example.com' }]);
    const audit = await db().selectFrom('audit_event').selectAll().where('action', '=', 'case.raised').where('subject_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'client', actor_label: 'Waste back office' });
  });

  it('answers a retry with the same client reference with the first case (200), never a second one', async () => {
    const before = await countCases();
    const retry = await post({ ...missedBin, channel: 'phone', clientReference: 'WBO-1001' });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ reference, status: 'received', receivedAt: '2026-03-10T09:15:00.000Z', links: { self: `/api/v1/cases/${reference}` } });
    expect(await countCases()).toBe(before);
    // The reference is the client system's own: another system may use the same one.
    const other = await post({ ...missedBin, clientReference: 'WBO-1001' }, otherWriter);
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json<{ reference: string }>().reference).not.toBe(reference);
  });

  it('defaults to the web channel and now, and answers a location question from the body’s location', async () => {
    const response = await post({ requestType: 'MISSED-BIN', answers: { bin_type: 'food_waste', collection_date: '2026-03-09' }, location: { address: '12 Elm Road' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ receivedAt: NOW.toISOString() });
    const kase = await db().selectFrom('cases').selectAll().where('reference', '=', response.json<{ reference: string }>().reference).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ channel: 'web', location_address: '12 Elm Road', client_reference: null, answers: { location: { address: '12 Elm Road' } } });
  });

  it('takes each field type in JSON’s own terms: lists, booleans, numbers, a location object', async () => {
    const response = await post({
      requestType: 'report-fly-tipping',
      answers: { waste_type: ['tyres', 'black_bags'], amount: 'car_boot', blocking: true, location: { address: 'Layby on Thornby Road', postcode: 'ng1 1aa' } },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ dueDates: unknown[] }>().dueDates).toHaveLength(3);
    const kase = await db().selectFrom('cases').select(['answers', 'location_address']).where('reference', '=', response.json<{ reference: string }>().reference).executeTakeFirstOrThrow();
    expect(kase).toEqual({
      answers: { waste_type: ['black_bags', 'tyres'], amount: 'car_boot', blocking: true, location: { address: 'Layby on Thornby Road', postcode: 'NG1 1AA' } },
      location_address: 'Layby on Thornby Road, NG1 1AA',
    });
  });

  it('refuses an unknown request type, and one not open to other systems, on requestType', async () => {
    expect(await refused({ ...missedBin, requestType: 'missed-unicorn' })).toEqual([{ field: 'requestType', message: 'There is no request type with the code missed-unicorn: see GET /api/v1/services' }]);
    expect(await refused({ ...missedBin, requestType: 'replacement-bin' })).toEqual([
      { field: 'requestType', message: 'Request type replacement-bin cannot be raised by other systems: ask the council to open it to them' },
    ]);
    expect(await refused({ answers: {} })).toEqual([{ field: 'requestType', message: 'Send the code of a request type, like missed-bin' }]);
  });

  it('names each missing or mistaken answer by its path, with the e-form’s messages', async () => {
    expect(await refused({ ...missedBin, answers: { collection_date: '2026-03-09' } })).toEqual([{ field: 'answers.bin_type', message: 'Select an option' }]);
    expect(await refused({ ...missedBin, answers: { bin_type: 'purple', collection_date: '2026-03-11', nonsense: 'x' } })).toEqual([
      { field: 'answers.nonsense', message: 'nonsense is not a question of this request type: see its fields in GET /api/v1/request-types/{code}' },
      { field: 'answers.bin_type', message: 'Select an option' },
      { field: 'answers.collection_date', message: 'Date must be today or in the past' },
    ]);
    expect(await refused({ ...missedBin, answers: { bin_type: 'recycling', collection_date: '9 March 2026' } })).toEqual([
      { field: 'answers.collection_date', message: 'Send a date as YYYY-MM-DD, like 2026-04-02' },
    ]);
    expect(await refused({ requestType: 'report-fly-tipping', answers: { waste_type: ['tyres', 'sofa'], amount: 'car_boot', blocking: 'maybe' }, location: { address: 'Thornby Road' } })).toEqual([
      { field: 'answers.waste_type', message: 'sofa is not an option: choose from black_bags, furniture, electrical, building_rubble, garden_waste, tyres, asbestos, other' },
      { field: 'answers.blocking', message: 'Send true or false' },
    ]);
  });

  it('names a missing location as location, and mistakes in the contact and envelope by their paths', async () => {
    expect(await refused({ ...missedBin, location: undefined })).toEqual([{ field: 'location', message: 'Enter the address or a description of the location' }]);
    expect(await refused({ ...missedBin, location: { latitude: 95, longitude: -1.1 } })).toEqual([
      { field: 'location.latitude', message: 'Latitude must be a number from -90 to 90, like 52.6309' },
    ]);
    expect(await refused({ ...missedBin, contact: { name: 'Sam', email: 'not an address', fax: '0115' } })).toEqual([
      { field: 'contact.fax', message: 'contact has no fax: send name, email, phone' },
      { field: 'contact.email', message: 'Enter an email address in the correct format, like name@example.com' },
    ]);
    expect(await refused({ ...missedBin, channel: 'open311' })).toEqual([{ field: 'channel', message: 'Channel must be one of phone, face_to_face, email, web, letter, sms, webchat, social_media, kiosk' }]);
    expect(await refused({ ...missedBin, receivedAt: '2026-03-10T11:00:00Z' })).toEqual([{ field: 'receivedAt', message: 'receivedAt must be now or in the past' }]);
    expect(await refused({ ...missedBin, receivedAt: 'yesterday' })).toEqual([{ field: 'receivedAt', message: 'Send receivedAt as an ISO 8601 date and time, like 2026-04-02T09:30:00Z' }]);
    expect(await refused({ ...missedBin, clientReference: 'x'.repeat(201) })).toEqual([{ field: 'clientReference', message: 'clientReference must be 200 characters or fewer' }]);
    expect(await refused([missedBin])).toEqual([{ field: 'body', message: 'Send a JSON object' }]);
  });

  it('takes a client clock a little ahead as now', async () => {
    const response = await post({ ...missedBin, receivedAt: '2026-03-10T10:02:00Z' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ receivedAt: NOW.toISOString() });
  });

  it('refuses a call without a key (401), with an unknown key (401) and without the scope (403)', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: missedBin });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthenticated' });
    expect((await post(missedBin, 'cd_not-a-key')).statusCode).toBe(401);
    const readOnly = await post(missedBin, reader);
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toEqual({ error: 'forbidden', message: 'The API key does not allow cases:write: ask the council to add that scope' });
    const noRead = await createClientSystem(db(), admin, { name: 'Catalogue only', scopes: ['catalogue:read'], rateLimitPerMinute: 1000 });
    expect((await get(reference, noRead.key)).statusCode).toBe(403);
    expect((await t.app.inject(`/api/v1/cases/${reference}`)).statusCode).toBe(401);
  });

  it('reads a case back with its public timeline only: no internal note, no reason, the resident’s words only to its own client', async () => {
    const ctx = { db: db(), actor: { type: 'staff' as const, label: 'Priya Shah' }, now: new Date('2026-03-10T11:00:00Z'), publicUrl: 'https://council.example' };
    await changeStatus(ctx, { reference, expectedVersion: 1, to: 'acknowledged', reason: 'Crew rota checked' });
    await addNote(ctx, { reference, expectedVersion: 2, text: 'Crew says the lane was blocked', public: false });
    await addNote(ctx, { reference, expectedVersion: 3, text: 'We will collect your bin tomorrow', public: true });

    const response = await get(reference.toLowerCase().replace('-', ''));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      reference,
      status: 'acknowledged',
      statusCategory: 'open',
      requestType: { code: 'missed-bin', name: 'Report a missed bin' },
      service: { code: 'missed-bin', name: 'Missed bin collection' },
      channel: 'phone',
      clientReference: 'WBO-1001',
      resolvedAt: null,
      dueDates: [{ standard: 'acknowledge', outcome: 'met' }, { standard: 'collect', outcome: null, dueAt: '2026-03-12T23:59:59.999Z' }],
      links: { self: `/api/v1/cases/${reference}` },
    });
    expect(body.timeline).toEqual([
      { type: 'received', at: '2026-03-10T09:15:00.000Z', channel: 'phone' },
      { type: 'status_changed', at: '2026-03-10T11:00:00.000Z', status: 'acknowledged', statusName: 'Acknowledged' },
      { type: 'public_update', at: '2026-03-10T11:00:00.000Z', message: 'We will collect your bin tomorrow' },
    ]);
    expect(response.body).not.toContain('Crew');
    expect(response.body).not.toContain('Priya');
    const read = await db().selectFrom('audit_event').selectAll().where('action', '=', 'api.read').where('subject_type', '=', 'case').executeTakeFirstOrThrow();
    expect(read).toMatchObject({ actor_label: 'Waste back office', detail: { route: 'GET /api/v1/cases/:reference', reference } });

    const byAnother = (await get(reference, reader)).json<Record<string, unknown>>();
    expect(byAnother).not.toHaveProperty('clientReference');
    expect(byAnother.timeline).toHaveLength(3);
  });

  it('answers a malformed reference with 400 on reference, and an unknown one with 404', async () => {
    const malformed = await get('HELLO');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: 'invalid', message: 'The request has mistakes: see fields', fields: [{ field: 'reference', message: 'Your reference number has 8 letters and numbers, like 7KQM-3XW9' }] });
    const unknown = newReference();
    const missing = await get(unknown);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: `There is no case ${unknown}: check the reference` });
  });
});
