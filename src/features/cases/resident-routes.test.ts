// The resident e-form over HTTP: bad input is answered field by field and saves nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';

forEachEngine('the resident e-form', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => new Date('2026-11-26T10:00:00Z') });
  });
  afterAll(() => t.close());

  const countCases = async () => Number((await t.database.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('answers an unknown request type, or one of an unpublished service, with 404', async () => {
    expect((await t.app.inject('/request/no-such-thing')).statusCode).toBe(404);
    expect((await t.app.inject('/request/report-dog-fouling')).statusCode).toBe(404);
    expect((await t.app.inject('/request/missed-bin')).statusCode).toBe(200);
  });

  it('refuses a submission that skips the checks, field by field, saving nothing', async () => {
    const client = new Client(t.app);
    await client.get('/request/missed-bin');
    const response = await client.post('/request/missed-bin', { action: 'submit', contactEmail: 'not an email' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#contactEmail"');
    expect(await countCases()).toBe(0);
  });

  it('refuses a date in the future for something that has already happened', async () => {
    const client = new Client(t.app);
    const form = await client.get('/request/missed-bin');
    const dateField = /id="([a-z_]+)-day"/.exec(form.body)?.[1];
    expect(dateField).toBeDefined();
    const response = await client.post('/request/missed-bin', { [`${dateField}-day`]: '1', [`${dateField}-month`]: '1', [`${dateField}-year`]: '2030' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`href="#${dateField}-day"`);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/request/missed-bin', payload: 'action=submit', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(403);
    expect(await countCases()).toBe(0);
  });

  it('confirmation pages need a well-formed reference', async () => {
    expect((await t.app.inject('/request/missed-bin/sent?reference=<script>')).statusCode).toBe(404);
  });
});
