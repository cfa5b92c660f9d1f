// Each standard says when its clock is at risk: "warn when this share of the time is used", a whole
// percent from 1 to 99 (75 unless set). A question on the administrator's standard form and a field
// of the catalogue JSON API, with the same check and messages, saved as a new version, audited,
// shown on the service page, and used by the cases raised under that version, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import { raiseCase } from '../cases/service.js';
import { requestTypeSchema } from './request-types.js';
import * as charter from './service.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const FORM = {
  sentence: 'We will remove hate graffiti within 1 working day',
  code: 'remove-hate',
  stage: 'resolution',
  clockAmount: '1',
  clockUnit: 'working_days',
  startEvent: 'received',
  stopEvent: 'resolved',
  targetPercent: '95',
  published: 'yes',
};
const API_STANDARD = { code: 'api-remove', sentence: 'We will remove graffiti within 5 working days', stage: 'resolution', clockUnit: 'working_days', clockAmount: 5, startEvent: 'received', stopEvent: 'resolved', targetPercent: 90, published: true };

forEachEngine('when a standard’s clock is at risk', (_use, engine) => {
  let t: TestApp;
  let serviceId = '';
  let key = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    serviceId = (await charter.getService(t.database.db, { code: 'graffiti' })).id;
    key = (await createClientSystem(t.database.db, { type: 'staff', label: 'Admin' }, { name: 'Street system', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t.close());

  const admin = async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    return client;
  };
  const shares = async (code: string) =>
    t.database.db
      .selectFrom('service_standard_version as v')
      .innerJoin('service_standard as s', 's.id', 'v.standard_id')
      .select(['v.version', 'v.at_risk_percent'])
      .where('s.code', '=', code)
      .orderBy('v.version')
      .execute();
  const api = (method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload });

  it('offers 75% on the form, refuses anything but a whole number from 1 to 99 field by field, and saves what is given', async () => {
    const client = await admin();
    const url = `/staff/services/${serviceId}/standards/new`;
    const page = await client.get(url);
    expect(page.body).toContain('Warn when this share of the time is used');
    expect(page.body).toContain('Time waiting for the customer does not count');
    expect(page.body).toMatch(/id="atRiskPercent" name="atRiskPercent" type="text" value="75"/);
    for (const [value, message] of [
      ['', 'Enter when to warn, as a share of the time allowed, like 75'],
      ['0', 'Warning point must be 1% or more'],
      ['100', 'Warning point must be 99% or less'],
      ['12.5', 'Warning point must be a whole number, like 75'],
      ['most', 'Warning point must be a whole number, like 75'],
    ]) {
      const refused = await client.post(url, { ...FORM, atRiskPercent: value! });
      expect(refused.statusCode, value).toBe(400);
      expect(refused.body).toContain(`<a href="#atRiskPercent">${message}</a>`);
      expect(refused.body).toContain('govuk-error-message');
    }
    expect(await shares('remove-hate')).toEqual([]);
    expect((await client.post(url, { ...FORM, atRiskPercent: '50' })).statusCode).toBe(303);
    expect(await shares('remove-hate')).toEqual([{ version: 1, at_risk_percent: 50 }]);
    expect((await client.get(`/staff/services/${serviceId}`)).body).toContain('At risk when 50% of the time is used');
  });

  it('keeps the setting with each version: open cases keep the share they started under, audited', async () => {
    const db = t.database.db;
    const standard = (await charter.listStandards(db, [serviceId])).find((s) => s.code === 'remove-hate')!;
    const requestTypeId = await charter.addRequestType(db, { type: 'staff', label: 'Admin' }, serviceId, requestTypeSchema.parse({ code: 'hate-graffiti', name: 'Report hate graffiti', description: '', teamId: '', audiences: ['resident'], standardIds: [standard.id], fields: [{ code: 'details', label: 'Details', type: 'long_text', required: false, order: 1 }] }));
    const raise = async () => {
      const requestType = await charter.getRequestType(db, { id: requestTypeId });
      // Tuesday 24 November, 10:00: due by the end of Wednesday 25th.
      const { id } = await raiseCase({ db, actor: { type: 'staff', label: 'Advisor' }, now: NOW, publicUrl: 'http://localhost:3000' }, { requestType, channel: 'phone', answers: {}, contact: {}, receivedAt: NOW });
      return (await db.selectFrom('case_standard').select('at_risk_at').where('case_id', '=', id).executeTakeFirstOrThrow()).at_risk_at?.toISOString();
    };
    // Half of the 38 hours from Tuesday 10:00 to the end of Wednesday is gone at 05:00 on Wednesday.
    expect(await raise()).toBe('2026-11-25T05:00:00.000Z');

    const client = await admin();
    const edit = await client.get(`/staff/standards/${standard.id}/edit`);
    expect(edit.body).toMatch(/id="atRiskPercent" name="atRiskPercent" type="text" value="50"/);
    const saved = await client.post(`/staff/standards/${standard.id}/edit`, { ...FORM, version: '1', atRiskPercent: '75' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(await shares('remove-hate')).toEqual([{ version: 1, at_risk_percent: 50 }, { version: 2, at_risk_percent: 75 }]);
    const audit = await db.selectFrom('audit_event').select('detail').where('action', '=', 'standard.revised').where('subject_id', '=', standard.id).executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ version: 2, atRiskPercent: 75 });
    // A new case is measured against version 2: a quarter of the 38 hours is left at 14:30 on Wednesday.
    expect(await raise()).toBe('2026-11-25T14:30:00.000Z');
  });

  it('takes the setting through the catalogue API with the form’s messages, 75 when a client leaves it out', async () => {
    const url = '/api/v1/services/graffiti/standards';
    const created = await api('POST', url, API_STANDARD);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'api-remove', atRiskPercent: 75 });
    for (const [value, message] of [
      [0, 'Warning point must be 1% or more'],
      [100, 'Warning point must be 99% or less'],
      [62.5, 'Warning point must be a whole number, like 75'],
      ['soon', 'Warning point must be a whole number, like 75'],
      [true, 'Warning point must be a whole number, like 75'],
      [[50], 'Warning point must be a whole number, like 75'],
    ] as const) {
      const refused = await api('POST', url, { ...API_STANDARD, code: 'api-other', atRiskPercent: value });
      expect(refused.statusCode, String(value)).toBe(400);
      expect(refused.json()).toEqual({ error: 'invalid', message: 'The request has mistakes: see fields', fields: [{ field: 'atRiskPercent', message }] });
    }
    expect(await shares('api-other')).toEqual([]);
    const revised = await api('PUT', `/api/v1/standards/${created.json<{ id: string }>().id}`, { ...API_STANDARD, atRiskPercent: 60, version: 1 });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ atRiskPercent: 60, version: 2 });
  });
});
