// The most a standard can be extended by: set on the standard form, kept when the form is saved
// again, shown on the service page, and sent and returned by the catalogue API.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import * as charter from './service.js';

const admin: Actor = { type: 'staff', id: undefined, label: 'Alex Morgan' };

forEachEngine('a standard’s extension limit', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** The standard form as the page posts it for `standardId`, with `change` applied. */
  const formOf = async (standardId: string, change: Record<string, string> = {}) => {
    const s = await charter.getStandard(t.database.db, standardId);
    return {
      version: String(s.version), sentence: s.sentence, stage: s.stage, clockAmount: String(s.clockAmount), clockUnit: s.clockUnit, startEvent: s.startEvent, stopEvent: s.stopEvent,
      targetPercent: String(s.targetPercent), atRiskPercent: String(s.atRiskPercent), extensionLimit: s.extensionLimit === null ? '' : String(s.extensionLimit), published: s.published ? 'yes' : 'no', ...change,
    };
  };

  it('is set on the standard form, kept when the form is saved again, and shown on the service page', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    const [standard] = (await charter.listStandards(t.database.db)).filter((s) => s.clockUnit === 'working_days' && s.startEvent === 'received');
    const url = `/staff/standards/${standard!.id}/edit`;
    const form = await client.get(url);
    expect(form.body).toContain('Most it can be extended by');
    expect(form.body).toContain('Leave empty to allow up to its own length again; 0 means it cannot be extended.');

    const bad = await client.post(url, await formOf(standard!.id, { extensionLimit: 'lots' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#extensionLimit"');
    expect(bad.body).toContain('Most extension must be a whole number, like 10');
    expect(bad.body).toContain('value="lots"');

    expect((await client.post(url, await formOf(standard!.id, { extensionLimit: '3' }))).statusCode).toBe(303);
    expect((await charter.getStandard(t.database.db, standard!.id)).extensionLimit).toBe(3);
    expect((await client.get(url)).body).toMatch(/id="extensionLimit" name="extensionLimit" type="text" value="3"|value="3"[^>]*id="extensionLimit"|id="extensionLimit"[^>]*value="3"/);
    // Another change through the form keeps the limit rather than resetting it.
    expect((await client.post(url, await formOf(standard!.id, { targetPercent: '90' }))).statusCode).toBe(303);
    expect(await charter.getStandard(t.database.db, standard!.id)).toMatchObject({ extensionLimit: 3, targetPercent: 90 });
    const service = await client.get(`/staff/services/${standard!.serviceId}`);
    expect(service.body).toContain('Can be extended by up to 3 working days');

    expect((await client.post(url, await formOf(standard!.id, { extensionLimit: '0' }))).statusCode).toBe(303);
    expect((await client.get(`/staff/services/${standard!.serviceId}`)).body).toContain('Cannot be extended');
    expect((await client.post(url, await formOf(standard!.id, { extensionLimit: '' }))).statusCode).toBe(303);
    expect((await charter.getStandard(t.database.db, standard!.id)).extensionLimit).toBeNull();
  });

  it('is sent and returned by the catalogue API', async () => {
    const key = (await createClientSystem(t.database.db, admin, { name: 'Highways system', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 1000 })).key;
    const call = (method: 'GET' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
    const [standard] = await charter.listStandards(t.database.db);
    const s = standard!;
    const body = { code: s.code, sentence: s.sentence, stage: s.stage, clockUnit: s.clockUnit, clockAmount: s.clockAmount, startEvent: s.startEvent, stopEvent: s.stopEvent, targetPercent: s.targetPercent, published: s.published, version: s.version };
    const revised = await call('PUT', `/api/v1/standards/${s.id}`, { ...body, extensionLimit: 4 });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ extensionLimit: 4 });
    const bad = await call('PUT', `/api/v1/standards/${s.id}`, { ...body, version: s.version + 1, extensionLimit: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ fields: [{ field: 'extensionLimit' }] });
  });
});
