// What Open311 reads show to whom, on both engines. Without a key: only what the council publishes
// for everyone (status changes and its staff's public updates; where a case is only for request
// types whose location is public, whatever channel raised it), never a resident's own words nor a
// client's reference. With a key: that client's own reports, with what it sent.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import { getRequestType } from '../charter/service.js';
import * as cases from '../cases/lifecycle.js';
import { raiseCase } from '../cases/service.js';

/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   The documents under test are parsed XML: their shape is what these tests check, so they are read untyped. */
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['request', 'request_update', 'error'].includes(name) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const xml = (body: string) => parser.parse(body) as Record<string, any>;
const NOW = new Date('2026-11-24T10:00:00Z');
const staff = { type: 'staff' as const, label: 'Priya Shah' };

type Request = { service_request_id: string; address: string; address_id: string; zipcode: string; lat: string; long: string; description: string };
type Update = { service_request_id: string; description: string; fixmystreet_id: string; status: string };

const HOME = { address: '3 Mill Lane, Brackenfield', uprn: '100030000001', latitude: 52.6309, longitude: -1.1323 };
const STREET = { address: 'Bus shelter, Market Street, Brackenfield', latitude: 52.6201, longitude: -1.1402 };
const HIDDEN = { address: '', address_id: '', zipcode: '', lat: '', long: '' };

function graffitiReport(key: string, fmsId: string): Record<string, string> {
  return {
    api_key: key, service_code: 'report-graffiti', description: 'Tags on the bus shelter', email: 'sam@example.com', lat: '52.123456', long: '-1.234567',
    'attribute[surface]': 'bus_shelter', 'attribute[size]': 'small', 'attribute[fixmystreet_id]': fmsId,
  };
}

function missedBinReport(key: string, fmsId: string): Record<string, string> {
  return {
    api_key: key, service_code: 'missed-bin', description: 'Skipped again', media_url: 'https://fms.example/bin/1.jpeg', email: 'kim@example.com', address_string: '5 Mill Lane, Brackenfield', address_id: '100030000005',
    lat: '52.6311', long: '-1.1325', 'attribute[bin_type]': 'recycling', 'attribute[collection_date]': '2026-11-23', 'attribute[fixmystreet_id]': fmsId,
  };
}

forEachEngine('what Open311 reads show to whom', (_use, engine) => {
  let t: TestApp;
  let fms = '';
  let other = '';
  let backOffice = '';
  const refs = { fmsGraffiti: '', fmsBin: '', otherGraffiti: '', phoneBin: '', phoneGraffiti: '', apiBin: '' };

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const post = (url: string, form: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const created = async (form: Record<string, string>): Promise<string> => {
    const response = await post('/open311/v2/requests.xml', form);
    expect(response.statusCode, response.body).toBe(201);
    return xml(response.body).service_requests.request[0].service_request_id as string;
  };
  const requests = async (query: string): Promise<Map<string, Request>> => {
    const response = await get(`/open311/v2/requests.xml?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const listed = (xml(response.body).service_requests.request ?? []) as Request[];
    return new Map(listed.map((r) => [r.service_request_id, r]));
  };
  const one = async (reference: string, key?: string): Promise<Request> => {
    const response = await get(`/open311/v2/requests/${reference}.xml${key ? `?api_key=${key}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    return xml(response.body).service_requests.request[0] as Request;
  };
  const feed = async (key?: string): Promise<Update[]> => {
    const response = await get(`/open311/v2/servicerequestupdates.xml?start_date=2026-11-24T10:30:00Z&end_date=2026-11-24T13:00:00Z${key ? `&api_key=${key}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    return (xml(response.body).service_request_updates.request_update ?? []) as Update[];
  };

  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const db = t.database.db;
    fms = (await createClientSystem(db, staff, { name: 'FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 1000 })).key;
    other = (await createClientSystem(db, staff, { name: 'Another app', scopes: ['open311'], rateLimitPerMinute: 1000 })).key;
    backOffice = (await createClientSystem(db, staff, { name: 'Waste back office', scopes: ['cases:write', 'cases:read'], rateLimitPerMinute: 1000 })).key;

    refs.fmsGraffiti = await created(graffitiReport(fms, 'fms-1'));
    refs.fmsBin = await created(missedBinReport(fms, 'fms-2'));
    refs.otherGraffiti = await created(graffitiReport(other, 'other-1'));
    // A missed bin and graffiti reported on the phone, as an advisor raises them.
    const ctx = { db, actor: staff, now: NOW, publicUrl: 'http://localhost:3000' };
    const byPhone = async (code: string, answers: Record<string, unknown>, location: typeof HOME | typeof STREET) =>
      (await raiseCase(ctx, { requestType: await getRequestType(db, { code }), channel: 'phone', answers, contact: { name: 'Kim Lee', phone: '07700 900123' }, receivedAt: NOW, location })).reference;
    refs.phoneBin = await byPhone('missed-bin', { bin_type: 'recycling', collection_date: '2026-11-23' }, HOME);
    refs.phoneGraffiti = await byPhone('report-graffiti', { surface: 'wall', size: 'small' }, STREET);
    // A missed bin a back-office system passes on through the JSON API, taken on the phone.
    const api = await t.app.inject({
      method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${backOffice}` },
      payload: { requestType: 'missed-bin', channel: 'phone', answers: { bin_type: 'recycling', collection_date: '2026-11-23' }, contact: { name: 'Jo Park', phone: '07700 900456' }, location: { ...HOME, address: '7 Mill Lane, Brackenfield', uprn: '100030000007' } },
    });
    expect(api.statusCode, api.body).toBe(201);
    refs.apiBin = api.json<{ reference: string }>().reference;
  });
  afterAll(() => t.close());

  it('hides a home address from anonymous readers, whatever channel raised it, and shows a street report’s place', async () => {
    const listed = await requests('');
    for (const reference of [refs.phoneBin, refs.apiBin, refs.fmsBin]) {
      expect(listed.get(reference), reference).toMatchObject(HIDDEN);
      expect(await one(reference), reference).toMatchObject(HIDDEN);
    }
    const body = (await get('/open311/v2/requests.json')).body;
    for (const secret of ['Mill Lane', '100030000001', '100030000005', '100030000007', '52.6309', '52.6311']) expect(body).not.toContain(secret);
    // The resident's words and photos on a missed bin give the home away as surely as its address.
    expect(listed.get(refs.fmsBin)).toMatchObject({ description: 'Report a missed bin', media_url: '' });
    expect(await one(refs.fmsBin)).toMatchObject({ description: 'Report a missed bin', media_url: '' });
    for (const secret of ['Skipped again', 'fms.example/bin']) expect(body).not.toContain(secret);
    // A street report's are what its client published with it.
    expect(await one(refs.fmsGraffiti)).toMatchObject({ description: 'Tags on the bus shelter' });
    expect(listed.get(refs.phoneGraffiti)).toMatchObject({ address: STREET.address, lat: '52.6201', long: '-1.1402' });
    expect(await one(refs.fmsGraffiti)).toMatchObject({ lat: '52.123456', long: '-1.234567' });
  });

  it('shows a client what it sent on its own reports only', async () => {
    expect(await one(refs.fmsBin, fms)).toMatchObject({ address: '5 Mill Lane, Brackenfield', address_id: '100030000005', lat: '52.6311', long: '-1.1325', description: 'Skipped again', media_url: 'https://fms.example/bin/1.jpeg' });
    expect(await one(refs.fmsBin, other)).toMatchObject({ ...HIDDEN, description: 'Report a missed bin', media_url: '' });
    expect(await one(refs.phoneBin, fms)).toMatchObject(HIDDEN);
    expect((await requests(`api_key=${fms}`)).get(refs.fmsBin)).toMatchObject({ address_id: '100030000005' });
    expect((await requests(`api_key=${other}`)).get(refs.fmsBin)).toMatchObject(HIDDEN);
    // A wrong key is refused, not read as no key.
    expect((await get('/open311/v2/requests.xml?api_key=cd_not-a-real-key')).statusCode).toBe(403);
  });

  it('keeps the back-office system’s own address out of the JSON API for other clients', async () => {
    const reader = (await createClientSystem(t.database.db, staff, { name: 'Ward dashboard', scopes: ['cases:read'], rateLimitPerMinute: 1000 })).key;
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${refs.apiBin}`, headers: { authorization: `Bearer ${reader}` } });
    expect(response.statusCode).toBe(200);
    for (const secret of ['Mill Lane', '100030000007', '52.6309', '07700']) expect(response.body).not.toContain(secret);
  });

  it('feeds anonymous readers the council’s updates only: no resident’s words, no client reference; a key gets its own reports', async () => {
    const db = t.database.db;
    const at = (time: string) => ({ db, actor: staff, publicUrl: 'http://localhost:3000', now: new Date(`2026-11-24T${time}Z`) });
    await cases.addNote(at('11:00:00'), { reference: refs.fmsGraffiti, expectedVersion: 1, text: 'Crew booked for Thursday', public: true });
    // The resident adds to their report on the tracking page, then by email.
    await cases.addCustomerInformation({ ...at('11:10:00'), actor: { type: 'resident' as const, label: 'Sam' } }, { reference: refs.fmsGraffiti, message: 'My phone number is 07700 900999, call me', channel: 'web' });
    await cases.addCustomerInformation({ ...at('11:15:00'), actor: { type: 'resident' as const, label: 'Sam' } }, { reference: refs.fmsGraffiti, message: 'I live at 9 Station Road', channel: 'email' });
    await cases.changeStatus(at('11:30:00'), { reference: refs.otherGraffiti, expectedVersion: 1, to: 'resolved', message: 'The graffiti has been removed.' });

    const anonymous = await feed();
    expect(anonymous.map((u) => [u.service_request_id, u.description])).toEqual([
      [refs.fmsGraffiti, 'Crew booked for Thursday'],
      [refs.otherGraffiti, 'The graffiti has been removed.'],
    ]);
    expect(anonymous.every((u) => u.fixmystreet_id === '')).toBe(true);
    const json = (await get('/open311/v2/servicerequestupdates.json?start_date=2026-11-24T10:30:00Z&end_date=2026-11-24T13:00:00Z')).body;
    for (const secret of ['07700 900999', 'Station Road', 'fms-1', 'other-1']) expect(json).not.toContain(secret);

    const own = await feed(fms);
    expect(own.map((u) => [u.service_request_id, u.description, u.fixmystreet_id])).toEqual([
      [refs.fmsGraffiti, 'Crew booked for Thursday', 'fms-1'],
      [refs.fmsGraffiti, 'My phone number is 07700 900999, call me', 'fms-1'],
      [refs.fmsGraffiti, 'I live at 9 Station Road', 'fms-1'],
    ]);
    expect((await feed(other)).map((u) => [u.service_request_id, u.fixmystreet_id, u.status])).toEqual([[refs.otherGraffiti, 'other-1', 'FIXED']]);
  });
});
