// Each request type says whether its location is public (Open311 shows where its cases are to
// anyone only when it is): a question on the administrator's form and a field of the catalogue
// JSON API, with the same check, saved as a new version and audited, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import { raiseCase } from '../cases/service.js';
import * as charter from './service.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const FORM = {
  name: 'Report a broken bench',
  code: 'broken-bench',
  description: '',
  teamId: '',
  audiences: ['resident', 'advisor', 'system'],
  workflowCode: 'default',
  fieldCount: '1',
  'fields-0-label': 'Where is the bench?',
  'fields-0-code': 'where',
  'fields-0-type': 'location',
  'fields-0-required': 'yes',
  action: 'save',
};

forEachEngine('whether a request type’s location is public', (_use, engine) => {
  let t: TestApp;
  let serviceId = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    serviceId = (await charter.getService(t.database.db, { code: 'graffiti' })).id;
  });
  afterAll(() => t.close());

  const versions = async (code: string) =>
    t.database.db
      .selectFrom('request_type_version as v')
      .innerJoin('request_type as rt', 'rt.id', 'v.request_type_id')
      .select(['v.version', 'v.location_public'])
      .where('rt.code', '=', code)
      .orderBy('v.version')
      .execute();
  const openRead = async (reference: string) =>
    (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${reference}.json` })).json<{ address: string; lat: number | string }[]>()[0]!;

  it('is not public unless the administrator says so, and refuses anything but yes or no', async () => {
    const admin = new Client(t.app);
    await admin.signIn('admin@brackenfield.example');
    const url = `/staff/services/${serviceId}/request-types/new`;
    const page = await admin.get(url);
    expect(page.body).toContain('Is the location of these requests public?');
    expect(page.body).toMatch(/<input class="govuk-radios__input" id="locationPublic-2" name="locationPublic" type="radio" value="no" checked>/);
    const refused = await admin.post(url, { ...FORM, locationPublic: 'maybe' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#locationPublic">Choose whether the location of these requests is public</a>');
    expect(await versions('broken-bench')).toEqual([]);
    expect((await admin.post(url, FORM)).statusCode).toBe(303);
    expect(await versions('broken-bench')).toEqual([{ version: 1, location_public: false }]);
  });

  it('saves a change as a new version, audited, and Open311 follows the current version for cases already raised', async () => {
    const db = t.database.db;
    const requestType = await charter.getRequestType(db, { code: 'broken-bench' });
    const { reference } = await raiseCase({ db, actor: { type: 'staff', label: 'Advisor' }, now: NOW, publicUrl: 'http://localhost:3000' }, {
      requestType, channel: 'phone', answers: {}, contact: { name: 'Kim Lee' }, receivedAt: NOW, location: { address: 'Bench by the pond, Victoria Park', latitude: 52.62, longitude: -1.13 },
    });
    expect(await openRead(reference)).toMatchObject({ address: '', lat: '' });

    const admin = new Client(t.app);
    await admin.signIn('admin@brackenfield.example');
    const edit = await admin.get(`/staff/request-types/${requestType.id}/edit`);
    expect(edit.body).toMatch(/id="locationPublic-2" name="locationPublic" type="radio" value="no" checked>/);
    const saved = await admin.post(`/staff/request-types/${requestType.id}/edit`, { ...FORM, version: '1', active: 'yes', locationPublic: 'yes' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(await versions('broken-bench')).toEqual([{ version: 1, location_public: false }, { version: 2, location_public: true }]);
    expect((await admin.get(`/staff/request-types/${requestType.id}/edit`)).body).toMatch(/id="locationPublic" name="locationPublic" type="radio" value="yes" checked>/);
    const audit = await db.selectFrom('audit_event').select('detail').where('action', '=', 'request_type.revised').where('subject_id', '=', requestType.id).executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ version: 2, locationPublic: true });
    expect(await openRead(reference)).toMatchObject({ address: 'Bench by the pond, Victoria Park', lat: 52.62 });
  });

  it('is read and written by the catalogue JSON API with the same check', async () => {
    const key = (await createClientSystem(t.database.db, { type: 'staff', label: 'test' }, { name: 'Catalogue manager', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 1000 })).key;
    const call = (method: 'GET' | 'PUT', payload?: object) =>
      t.app.inject({ method, url: '/api/v1/request-types/broken-bench', headers: { authorization: `Bearer ${key}` }, ...(payload && { payload }) });
    expect((await call('GET')).json()).toMatchObject({ locationPublic: true, version: 2 });
    const body = { name: FORM.name, audiences: FORM.audiences, fields: [{ code: 'where', label: 'Where is the bench?', type: 'location', required: true, order: 1 }], version: 2 };
    const refused = await call('PUT', { ...body, locationPublic: 'maybe' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ fields: [{ field: 'locationPublic', message: 'Choose whether the location of these requests is public' }] });
    const changed = await call('PUT', { ...body, locationPublic: false });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ locationPublic: false, version: 3 });
    expect((await versions('broken-bench')).map((v) => v.location_public)).toEqual([false, true, false]);
  });

  it('sets the demo catalogue right: street reports public, a household’s address not', async () => {
    const publicity = Object.fromEntries((await charter.listRequestTypes(t.database.db, { audience: 'system' })).map((r) => [r.code, r.locationPublic]));
    expect(publicity).toMatchObject({ 'missed-bin': false, 'report-pothole': true, 'report-graffiti': true, 'report-fly-tipping': true, 'street-light-fault': true });
    const home = await charter.listRequestTypes(t.database.db, { audience: 'advisor' });
    expect(home.filter((r) => !r.audiences.includes('system')).every((r) => !r.locationPublic)).toBe(true);
  });
});
