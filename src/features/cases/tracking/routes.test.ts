// A resident tracks their request over HTTP, on both engines: by reference and the email address or
// phone number they gave (typed any way), or by the private link; a wrong detail says no more than
// an unknown reference; staff-only events and staff names never show; information sent while the
// case waits puts it back to work; a finished case refuses; lookups are limited per address.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { formatDay } from '../../../platform/views/environment.js';
import { getRequestType } from '../../charter/service.js';
import { addNote, changeStatus } from '../lifecycle.js';
import { newReference } from '../reference.js';
import { raiseCase } from '../service.js';
import { selectCase } from '../store.js';
import { NOT_FOUND } from './model.js';
import { LOOKUP_LIMIT } from './routes.js';

const officer: Actor = { type: 'staff', id: 'officer', label: 'Priya Shah' };
const contact = { name: 'Sam Green', email: 'Sam.Green@Example.com', phone: '07700 900982' };

forEachEngine('tracking a request', (_use, engine) => {
  let t: TestApp;
  // Thursday 2 April 2026, moved on by each step.
  let now = new Date('2026-04-02T09:00:00Z');
  const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
  let reference = '';
  let token = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => now });
    const db = t.database.db;
    const raised = await raiseCase({ db, actor: { type: 'resident', label: contact.name }, now, publicUrl: 'https://council.example' }, {
      requestType: await getRequestType(db, { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      contact,
      receivedAt: now,
    });
    reference = raised.reference;
    token = raised.trackingToken!;
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const ctx = () => ({ db: db(), actor: officer, now: later(10), publicUrl: 'https://council.example' });
  const version = async () => (await selectCase(db(), { reference }))!.version;
  const errorSummary = (body: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0];
  const lookUp = async (form: Record<string, string>) => {
    const client = new Client(t.app);
    await client.get('/track');
    return { client, response: await client.post('/track', form) };
  };

  it('finds a request by its reference and email address, typed any way, and shows where it has got to', async () => {
    const form = await t.app.inject('/track');
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const { client, response } = await lookUp({ reference: ` ${reference.toLowerCase().replace('-', ' ')} `, contact: 'sam.green@example.COM' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/track/your-request');
    const page = await client.get('/track/your-request');
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(page.body).toContain(`Your request ${reference}`);
    expect(page.body).toContain('Report a missed bin');
    expect(page.body).toContain('We received your request');
    const dues = await db().selectFrom('case_standard as cs').innerJoin('cases', 'cases.id', 'cs.case_id').select('cs.due_at').where('cases.reference', '=', reference).execute();
    const latest = new Date(Math.max(...dues.map((d) => d.due_at!.getTime())));
    expect(page.body).toContain(`We aim to deal with this by <strong>${formatDay(latest)}</strong>`);
    // Nothing of the resident's own details is shown back on a page anyone with the link can see.
    for (const detail of [contact.name, contact.email, contact.phone, 'sam.green', 'Mill Lane']) expect(page.body).not.toContain(detail);
    const audit = await db().selectFrom('audit_event').select(['actor_type', 'detail']).where('action', '=', 'case.tracked').execute();
    expect(audit).toEqual([{ actor_type: 'resident', detail: { via: 'reference' } }]);
  });

  it('finds it by the phone number written another way', async () => {
    const { response } = await lookUp({ reference, contact: '+44 (0)7700 900 982' });
    expect(response.statusCode).toBe(303);
  });

  it('answers a wrong email address exactly as it answers a reference that does not exist', async () => {
    const wrongContact = (await lookUp({ reference, contact: 'someone.else@example.com' })).response;
    const unknownReference = (await lookUp({ reference: newReference(), contact: contact.email })).response;
    for (const response of [wrongContact, unknownReference]) {
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(NOT_FOUND);
    }
    expect(errorSummary(wrongContact.body)).toBe(errorSummary(unknownReference.body));
  });

  it('says what is wrong with a mistyped reference or a missing contact, keeping what was typed', async () => {
    const short = (await lookUp({ reference: 'HN4K-7PQ', contact: contact.email })).response;
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Your reference number has 8 letters and numbers');
    expect(short.body).toContain('href="#reference"');
    expect(short.body).toContain('value="HN4K-7PQ"');
    // One character changed: the check character catches it before any search.
    const typo = reference.charAt(0) === 'A' ? `B${reference.slice(1)}` : `A${reference.slice(1)}`;
    expect((await lookUp({ reference: typo, contact: contact.email })).response.body).toContain('Check your reference number: one of the characters is not right');
    const noContact = (await lookUp({ reference, contact: '' })).response;
    expect(noContact.body).toContain('href="#contact"');
    expect(noContact.body).toContain('Enter the email address or phone number you gave us');
  });

  it('opens the case from its private link, not from a made-up one', async () => {
    const page = await t.app.inject(`/track/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(page.body).toContain(`Your request ${reference}`);
    expect((await t.app.inject(`/track/${'x'.repeat(32)}`)).statusCode).toBe(404);
    expect((await t.app.inject('/track/not-a-token')).statusCode).toBe(404);
    expect((await t.app.inject('/track/your-request')).headers.location).toBe('/track');
  });

  it('shows the council’s updates and status changes, never internal notes, reasons or staff names', async () => {
    await changeStatus(ctx(), { reference, expectedVersion: await version(), to: 'acknowledged', reason: 'Checked the round sheet' });
    await addNote(ctx(), { reference, expectedVersion: await version(), text: 'Resident rang twice, sounded cross', public: false });
    await addNote(ctx(), { reference, expectedVersion: await version(), text: 'Our crew will be back on your street tomorrow.', public: true });
    const page = await t.app.inject(`/track/${token}`);
    expect(page.body).toContain('Status: Acknowledged');
    expect(page.body).toContain('Our crew will be back on your street tomorrow.');
    expect(page.body).toContain('Brackenfield District Council, <time');
    for (const secret of ['Resident rang twice', 'Checked the round sheet', officer.label, 'Standard met']) expect(page.body).not.toContain(secret);
  });

  it('asks for the information the council needs; sending it puts the case back to work and restarts its clocks', async () => {
    await changeStatus(ctx(), { reference, expectedVersion: await version(), to: 'waiting_for_customer', message: 'Which bin was missed: the blue one or the green one?' });
    const client = new Client(t.app);
    const asked = await client.get(`/track/${token}`);
    expect(asked.body).toContain('We need more information from you');
    expect(asked.body).toContain('Which bin was missed: the blue one or the green one?');
    expect(asked.body).toContain('Waiting for information from you');

    const empty = await client.post(`/track/${token}/information`, { message: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#message"');

    later(60 * 24);
    const sent = await client.post(`/track/${token}/information`, { message: 'The blue one, for recycling.' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/track/${token}?added=1`);
    const page = await client.get(sent.headers.location as string);
    expect(page.body).toContain('We have added your information to your request');
    expect(page.body).toContain('You added information');
    expect(page.body).toContain('The blue one, for recycling.');
    const kase = (await selectCase(db(), { reference }))!;
    expect(kase.statusCategory).toBe('open');
    const clocks = await db().selectFrom('case_standard').select('paused').where('case_id', '=', kase.id).execute();
    expect(clocks.every((c) => !c.paused)).toBe(true);
    // Staff see who sent it by the name given with the request.
    const event = await db().selectFrom('case_event').select('actor_label').where('case_id', '=', kase.id).where('type', '=', 'customer_update').executeTakeFirstOrThrow();
    expect(event.actor_label).toBe(contact.name);
  });

  it('adds information from the page found by reference too', async () => {
    const { client } = await lookUp({ reference, contact: contact.phone });
    await client.get('/track/your-request');
    const sent = await client.post('/track/your-request/information', { message: 'The bin is by the side gate.' });
    expect(sent.headers.location).toBe('/track/your-request?added=1');
  });

  it('a finished request takes no more information and says how to contact the council, keeping what was typed', async () => {
    // The resident opened the page, with its form, before the request was resolved.
    const client = new Client(t.app);
    await client.get(`/track/${token}`);
    await changeStatus(ctx(), { reference, expectedVersion: await version(), to: 'resolved', message: 'We collected your bin.' });
    const page = await client.get(`/track/${token}`);
    expect(page.body).toContain('We resolved this request on');
    expect(page.body).not.toContain('name="message"');
    const refused = await client.post(`/track/${token}/information`, { message: 'It was missed again this week.' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This request is closed');
    expect(refused.body).toContain('It was missed again this week.');
  });

  it('offers the private link on the sent page only for the case’s own secret', async () => {
    const sent = await t.app.inject(`/request/missed-bin/sent?reference=${reference}&t=${token}`);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.body).toContain(`href="/track/${token}"`);
    const madeUp = 'y'.repeat(32);
    expect((await t.app.inject(`/request/missed-bin/sent?reference=${reference}&t=${madeUp}`)).body).not.toContain(madeUp);
  });

  it('limits lookups from one address, with a page that says what to do', async () => {
    // A form without its token is still refused as such: the limit's own error page handles only the limit.
    const noToken = await t.app.inject({ method: 'POST', url: '/track', payload: 'reference=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noToken.statusCode).toBe(403);
    let response = noToken;
    for (let i = 0; i <= LOOKUP_LIMIT.max && response.statusCode !== 429; i++) response = (await lookUp({ reference, contact: 'guess@example.com' })).response;
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('You have tried too many times');
  });
});
