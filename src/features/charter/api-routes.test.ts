// The catalogue JSON API as another system uses it: JSON's own types accepted through the staff
// forms' schemas, field-level 400s with nothing saved, 404 for unknown codes, 409 for a stale
// version, 201 with the resource, and every call audited under the client system's name.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import * as charter from './service.js';

const admin = { type: 'staff' as const, label: 'Test administrator' };

const service = { code: 'api-grit-bins', name: 'Grit bins', department: 'Highways', description: 'Refilling grit bins', channels: ['web', 'phone'], published: true };
const standard = { code: 'refill', sentence: 'We will refill a grit bin within 2 working days', stage: 'resolution', clockUnit: 'working_days', clockAmount: 2, startEvent: 'received', stopEvent: 'resolved', targetPercent: 95, published: true };
const fields = [
  { code: 'where', label: 'Where is the grit bin?', type: 'location', required: true, order: 1 },
  { code: 'how_empty', label: 'How empty is it?', type: 'single_choice', required: true, options: [{ value: 'empty', label: 'Empty' }, { value: 'low', label: 'Low' }], order: 2 },
];

forEachEngine('the catalogue JSON API', (_use, engine) => {
  let t: TestApp;
  let writer = '';
  let reader = '';
  beforeAll(async () => {
    t = await startTestApp(engine);
    writer = (await createClientSystem(t.database.db, admin, { name: 'Highways system', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 1000 })).key;
    reader = (await createClientSystem(t.database.db, admin, { name: 'Website', scopes: ['catalogue:read'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, key = writer) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates a service from JSON’s own types: 201 with the resource, audited as the client', async () => {
    const response = await call('POST', '/api/v1/services', service);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.location).toBe('/api/v1/services/api-grit-bins');
    expect(response.json()).toEqual({ ...service, teamId: null, teamName: null, version: 1, standards: [], requestTypes: [] });
    const event = await t.database.db.selectFrom('audit_event').selectAll().where('action', '=', 'service.created').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: 'client', actor_label: 'Highways system', detail: { code: 'api-grit-bins' } });
  });

  it('refuses a service with mistakes field by field, with the staff form’s messages', async () => {
    const response = await call('POST', '/api/v1/services', { code: 'Bad Code!', name: '', department: 'Highways', channels: ['carrier pigeon'], published: true });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; fields: { field: string; message: string }[] }>();
    expect(body.error).toBe('invalid');
    expect(body.fields).toEqual(expect.arrayContaining([
      { field: 'code', message: 'Code must use only lowercase letters, numbers and hyphens, like missed-bin' },
      { field: 'name', message: 'Enter the service’s name' },
      { field: 'channels.0', message: 'Choose channels from the list' },
    ]));
    expect((await call('POST', '/api/v1/services', { ...service, name: 'Again' })).json()).toMatchObject({ error: 'invalid', fields: [{ field: 'code', message: 'Another service already has the code api-grit-bins' }] });
  });

  it('refuses a standard with a negative target, saving nothing; then adds it with numbers as numbers', async () => {
    const bad = await call('POST', '/api/v1/services/api-grit-bins/standards', { ...standard, targetPercent: -5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'invalid', message: 'The request has mistakes: see fields', fields: [{ field: 'targetPercent', message: 'Target must be 0% or more' }] });
    const { id } = await charter.getService(t.database.db, { code: 'api-grit-bins' });
    expect(await charter.listStandards(t.database.db, [id])).toEqual([]);

    const created = await call('POST', '/api/v1/services/api-grit-bins/standards', standard);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...standard, version: 1 });
    expect(created.json<{ id: string }>().id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('revises a standard with its version: 409 when stale, 400 without a version, a new version otherwise', async () => {
    const { standards } = (await call('GET', '/api/v1/services/api-grit-bins')).json<{ standards: { id: string }[] }>();
    const url = `/api/v1/standards/${standards[0]!.id}`;
    expect((await call('PUT', url, { ...standard, targetPercent: 97.5 })).json()).toMatchObject({ fields: [{ field: 'version' }] });
    const revised = await call('PUT', url, { ...standard, targetPercent: 97.5, version: 1 });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ targetPercent: 97.5, version: 2, code: 'refill' });
    const stale = await call('PUT', url, { ...standard, targetPercent: 90, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'conflict' });
    expect((await call('PUT', '/api/v1/standards/not-an-id', { ...standard, version: 1 })).statusCode).toBe(404);
  });

  it('changes a service with its version, and refuses a stale one with 409 saving nothing', async () => {
    const changed = await call('PUT', '/api/v1/services/api-grit-bins', { ...service, name: 'Grit bins and salt', version: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Grit bins and salt', version: 2 });
    const stale = await call('PUT', '/api/v1/services/api-grit-bins', { ...service, name: 'Someone else’s change', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await call('GET', '/api/v1/services/api-grit-bins', undefined, reader)).json()).toMatchObject({ name: 'Grit bins and salt', version: 2 });
  });

  it('adds a request type with field definitions, refusing duplicate field codes field by field', async () => {
    const { standards } = (await call('GET', '/api/v1/services/api-grit-bins')).json<{ standards: { id: string }[] }>();
    const requestType = { code: 'report-empty-grit-bin', name: 'Report an empty grit bin', audiences: ['resident', 'system'], standardIds: [standards[0]!.id], fields };
    const duplicate = await call('POST', '/api/v1/services/api-grit-bins/request-types', { ...requestType, fields: [fields[0], { ...fields[1], code: 'where' }] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json()).toMatchObject({ fields: [{ field: 'fields.1.code', message: 'Field code where is used twice: each field needs its own code' }] });
    const created = await call('POST', '/api/v1/services/api-grit-bins/request-types', requestType);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'report-empty-grit-bin', service: 'api-grit-bins', version: 1, active: true, teamId: null });

    const read = await call('GET', '/api/v1/request-types/report-empty-grit-bin', undefined, reader);
    expect(read.statusCode).toBe(200);
    expect(read.json<{ fields: { code: string }[] }>().fields.map((f) => f.code)).toEqual(['where', 'how_empty']);
    const revised = await call('PUT', '/api/v1/request-types/report-empty-grit-bin', { ...requestType, name: 'Report a grit bin', version: 1 });
    expect(revised.json()).toMatchObject({ name: 'Report a grit bin', version: 2 });
    expect((await call('PUT', '/api/v1/request-types/report-empty-grit-bin', { ...requestType, version: 1 })).statusCode).toBe(409);
  });

  it('reads a service with its current standards and request types, and lists services', async () => {
    const detail = await call('GET', '/api/v1/services/API-GRIT-BINS', undefined, reader);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      code: 'api-grit-bins',
      standards: [{ code: 'refill', version: 2, targetPercent: 97.5 }],
      requestTypes: [{ code: 'report-empty-grit-bin', name: 'Report a grit bin', version: 2 }],
    });
    const list = await call('GET', '/api/v1/services', undefined, reader);
    expect(list.json<{ services: { code: string }[] }>().services.map((s) => s.code)).toContain('api-grit-bins');
    const reads = await t.database.db.selectFrom('audit_event').selectAll().where('action', '=', 'api.read').where('actor_label', '=', 'Website').execute();
    expect(reads.map((r) => r.subject_id)).toEqual(expect.arrayContaining(['api-grit-bins', 'report-empty-grit-bin']));
  });

  it('answers unknown codes with 404 and a broken body with 400, never 500', async () => {
    expect((await call('GET', '/api/v1/services/no-such-service')).json()).toMatchObject({ error: 'not_found' });
    expect((await call('GET', '/api/v1/request-types/no-such-type')).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/services/no-such-service/standards', standard)).statusCode).toBe(404);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/services', headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' }, payload: '{"code": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'bad_request' });
    const list = await call('POST', '/api/v1/services', [service]);
    expect(list.json()).toMatchObject({ error: 'invalid', fields: [{ field: 'body', message: 'Send a JSON object' }] });
    const wrongTypes = await call('POST', '/api/v1/services/api-grit-bins/standards', { ...standard, code: 'other', clockAmount: 'two', targetPercent: true, published: 'maybe' });
    expect(wrongTypes.statusCode).toBe(400);
    expect(wrongTypes.json<{ fields: unknown[] }>().fields).toEqual([
      { field: 'clockAmount', message: 'Time allowed must be a whole number, like 2' },
      { field: 'targetPercent', message: 'Target must be a number, like 95 or 97.5' },
    ]);
  });
});
