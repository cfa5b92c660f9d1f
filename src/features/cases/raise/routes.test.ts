// Raising a case on a customer's behalf, over HTTP on both engines: choosing the request type, a
// phone call with answers, a position and the customer's details; a letter logged the day after it
// arrived with its scan attached; possible duplicates nearby; mistakes shown field by field with
// what was typed kept; and who may do it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { createMemoryFileStore } from '../../../platform/files/index.js';
import { requestTypeSchema } from '../../charter/request-types.js';
import * as charter from '../../charter/service.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { createCustomer } from '../../customers/service.js';
import { readOut } from './model.js';

// Thursday 26 November 2026, 10:00 in London (GMT).
const NOW = new Date('2026-11-26T10:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(200)]);
const REFERENCE = /^\/staff\/cases\/raised\/([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})$/;

const RECEIVED_TODAY = { 'receivedDate-day': '26', 'receivedDate-month': '11', 'receivedDate-year': '2026', receivedTime: '09:40' };
const MISSED_BIN = {
  contactChannel: 'phone',
  ...RECEIVED_TODAY,
  bin_type: 'recycling',
  'collection_date-day': '25',
  'collection_date-month': '11',
  'collection_date-year': '2026',
  'location-address': '14 Elm Road',
  'location-postcode': 'ng1 1aa',
  locationUprn: '100030000001',
  locationLatitude: '52.6309',
  locationLongitude: '-1.1323',
  contactName: 'Sam Jones',
  contactEmail: 'sam@example.com',
  contactPhone: '07700 900 982',
};
const BENEFIT_LETTER = {
  contactChannel: 'letter',
  'receivedDate-day': '25',
  'receivedDate-month': '11',
  'receivedDate-year': '2026',
  receivedTime: '16:10',
  claim_reference: '12345678',
  enquiry_about: 'decision',
  details: 'I do not agree with the decision on my claim.',
  locationAddress: '3 Mill Lane, Brackenfield',
  contactName: 'Ada Patel',
};

/** The hidden inputs of a page's form, as a browser would post them back. */
function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) if (m[1] !== '_csrf') out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

const summaryLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1]);

forEachEngine('raising a case on a customer’s behalf', (use, engine) => {
  let t: TestApp;
  const files = createMemoryFileStore();
  beforeAll(async () => {
    // The suite's own database: one database per engine, not two.
    t = await startTestApp(engine, { now: () => NOW, files, database: use() });
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const attachmentCount = async () => Number((await db().selectFrom('case_attachment').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  async function signedIn(email = 'advisor@brackenfield.example'): Promise<Client> {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  }

  /** Reaches the check step with `form`, then raises the case; the case's reference. */
  async function raise(client: Client, code: string, form: Record<string, string>): Promise<string> {
    await client.get(`/staff/cases/new/${code}`);
    const check = await client.post(`/staff/cases/new/${code}`, { ...form, action: 'check' });
    expect(check.statusCode).toBe(200);
    const raised = await client.post(`/staff/cases/new/${code}`, { ...hiddenInputs(check.body), action: 'submit' });
    expect(raised.statusCode).toBe(303);
    return REFERENCE.exec(raised.headers.location ?? '')?.[1] ?? '';
  }

  it('lets advisors in and keeps out those who may not raise cases', async () => {
    const signedOut = await t.app.inject('/staff/cases/new');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in?next=%2Fstaff%2Fcases%2Fnew');

    const complaints = await signedIn('complaints@brackenfield.example');
    for (const url of ['/staff/cases/new', '/staff/cases/new/missed-bin']) {
      const page = await complaints.get(url);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('You do not have permission to see this page');
    }
    const post = await complaints.post('/staff/cases/new/missed-bin', { ...MISSED_BIN, action: 'submit' });
    expect(post.statusCode).toBe(403);
    expect(await db().selectFrom('cases').select('id').execute()).toHaveLength(0);

    const advisor = await signedIn();
    expect((await advisor.get('/staff/cases/new')).statusCode).toBe(200);
    expect((await advisor.get('/staff/cases/new/missed-bin')).statusCode).toBe(200);
  });

  it('lists the request types advisors may raise, by service, with a filter that needs no JavaScript', async () => {
    const advisor = await signedIn();
    const all = await advisor.get('/staff/cases/new');
    expect(all.body).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">');
    for (const text of ['Missed bin collection', 'Report a missed bin', 'value="missed-bin"', 'Ask about a benefit claim']) expect(all.body).toContain(text);

    const filtered = await advisor.get('/staff/cases/new?q=benefit+claim');
    expect(filtered.body).toContain('2 request types match “benefit claim”');
    expect(filtered.body).toContain('value="benefit-claim-enquiry"');
    expect(filtered.body).not.toContain('value="missed-bin"');
    expect((await advisor.get('/staff/cases/new?q=zebra+crossing')).body).toContain('No request types match');

    const chosen = await advisor.get('/staff/cases/new?q=bin&requestType=missed-bin');
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/staff/cases/new/missed-bin');
    const none = await advisor.get('/staff/cases/new?q=bin&requestType=');
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('<a href="#requestType">Select the request type</a>');
    expect(none.body).toContain('value="bin"');
    expect((await advisor.get('/staff/cases/new?requestType=no-such-thing')).body).toContain('Select a request type from the list');
  });

  it('refuses a request type that does not exist or is not for advisors', async () => {
    const service = await charter.getService(db(), { code: 'missed-bin' });
    const input = requestTypeSchema.parse({ code: 'web-only', name: 'Web only', description: '', teamId: '', audiences: ['resident'], fields: [{ code: 'what', label: 'What?', type: 'text', required: true, order: 1 }] });
    await charter.addRequestType(db(), { type: 'staff', label: 'test' }, service.id, input);
    const advisor = await signedIn();
    for (const code of ['no-such-thing', 'web-only']) {
      expect((await advisor.get(`/staff/cases/new/${code}`)).statusCode).toBe(404);
      expect((await advisor.post(`/staff/cases/new/${code}`, { ...MISSED_BIN, action: 'submit' })).statusCode).toBe(404);
    }
    expect((await advisor.get('/staff/cases/new')).body).not.toContain('value="web-only"');
  });

  it('starts the form with today’s date and the time now, and every question of the request type', async () => {
    const advisor = await signedIn();
    const form = await advisor.get('/staff/cases/new/missed-bin');
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toMatch(/name="receivedDate-day" type="text" value="26"/);
    expect(form.body).toMatch(/name="receivedDate-year" type="text" value="2026"/);
    expect(form.body).toMatch(/name="receivedTime"[^>]* value="10:00"/);
    for (const name of ['bin_type', 'collection_date-day', 'location-address', 'anything_else', 'locationUprn', 'locationLatitude', 'contactEmail']) expect(form.body).toContain(`name="${name}"`);
    // The location question asks for the address; the advisor's own address box is not asked again.
    expect(form.body).not.toContain('name="locationAddress"');
    for (const channel of ['phone', 'face_to_face', 'email', 'letter', 'webchat', 'social_media', 'kiosk']) expect(form.body).toContain(`value="${channel}"`);
    expect(form.body).not.toContain('value="web"');
    expect(form.body).not.toContain('value="open311"');
  });

  it('raises a case taken by phone, with answers, a position and the customer’s details, and says what to tell them', async () => {
    const advisor = await signedIn();
    await advisor.get('/staff/cases/new/missed-bin');
    const check = await advisor.post('/staff/cases/new/missed-bin', { ...MISSED_BIN, action: 'check' });
    expect(check.statusCode).toBe(200);
    for (const text of ['Check the case before raising it', 'Phone', '26 November 2026 at 9:40am', 'Recycling (blue bin)', '14 Elm Road, NG1 1AA', '100030000001', 'Latitude 52.6309, longitude -1.1323', 'Sam Jones', 'sam@example.com']) {
      expect(check.body).toContain(text);
    }
    expect(check.body).not.toContain('Possible duplicates nearby');

    const raised = await advisor.post('/staff/cases/new/missed-bin', { ...hiddenInputs(check.body), action: 'submit' });
    expect(raised.statusCode).toBe(303);
    const reference = REFERENCE.exec(raised.headers.location ?? '')?.[1] ?? '';
    expect(reference).not.toBe('');

    const saved = await db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      channel: 'phone',
      received_at: new Date('2026-11-26T09:40:00Z'),
      answers: { bin_type: 'recycling', collection_date: '2026-11-25', location: { address: '14 Elm Road', postcode: 'NG1 1AA' } },
      contact: { name: 'Sam Jones', email: 'sam@example.com', phone: '07700 900 982' },
      location_address: '14 Elm Road, NG1 1AA',
      location_uprn: '100030000001',
      latitude: 52.6309,
      longitude: -1.1323,
      status: 'received',
    });
    const received = await db().selectFrom('case_event').selectAll().where('case_id', '=', saved.id).where('type', '=', 'received').executeTakeFirstOrThrow();
    expect(received).toMatchObject({ actor_type: 'staff', actor_label: 'Priya Shah', at: new Date('2026-11-26T09:40:00Z') });

    const confirmation = await advisor.get(raised.headers.location ?? '');
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('govuk-panel');
    expect(confirmation.body).toContain(`<strong class="app-reference">${reference}</strong>`);
    expect(confirmation.body).toContain(`href="/staff/cases/${reference}"`);
    for (const group of readOut(reference)) expect(confirmation.body).toContain(`<li>${group}</li>`);
    expect(confirmation.body).toContain('We will acknowledge your report within 1 working day: by Friday 27 November 2026');
    expect(confirmation.body).toContain('They will get the reference by email and by text message');
  });

  it('raises a case for a customer found at the desk: the form filled from their record, the case on it, the call logged with it', async () => {
    const customer = await createCustomer({ db: db(), actor: systemActor, now: NOW }, {
      kind: 'person', givenName: 'Rosa', familyName: 'Okafor', address: '9 Birch Close', postcode: 'ex2 2bb', uprn: '100030000099',
      emails: ['rosa@example.com'], phones: ['07700900456'],
    });
    const advisor = await signedIn();
    // The request type is chosen with the customer carried along.
    const choose = await advisor.get(`/staff/cases/new?customer=${customer.id}`);
    expect(choose.body).toContain('Rosa Okafor');
    expect(choose.body).toContain(`<input type="hidden" name="customer" value="${customer.id}">`);
    const chosen = await advisor.get(`/staff/cases/new?customer=${customer.id}&requestType=missed-bin&action=choose`);
    expect(chosen.headers.location).toBe(`/staff/cases/new/missed-bin?customer=${customer.id}`);

    const form = await advisor.get(`/staff/cases/new/missed-bin?customer=${customer.id}`);
    for (const filled of ['value="Rosa Okafor"', 'value="rosa@example.com"', 'value="07700 900456"', '9 Birch Close', 'value="EX2 2BB"', 'name="location-uprn" value="100030000099"']) {
      expect(form.body).toContain(filled);
    }
    expect(form.body).toMatch(/value="phone" checked/);

    const answers = { ...MISSED_BIN, customerId: customer.id, contactName: 'Rosa Okafor', contactEmail: 'rosa@example.com', contactPhone: '07700 900456' };
    const reference = await raise(advisor, 'missed-bin', answers);
    const saved = await db().selectFrom('cases').select(['id', 'customer_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved.customer_id).toBe(customer.id);
    const contacts = await db().selectFrom('contact').selectAll().where('case_id', '=', saved.id).execute();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ customer_id: customer.id, channel: 'phone', direction: 'inbound', outcome: 'case_raised', avoidable: false, status: 'handled' });
    const confirmation = await advisor.get(`/staff/cases/raised/${reference}`);
    expect(confirmation.body).toContain(`href="/staff/customers/${customer.id}"`);
  });

  it('raises a case from an email in the inbox: the email is the contact, linked to the case and the sender’s record, once', async () => {
    const customer = await createCustomer({ db: db(), actor: systemActor, now: NOW }, { kind: 'person', givenName: 'Ola', familyName: 'Brandt', emails: ['ola.brandt@example.com'] });
    const email = await db()
      .insertInto('contact')
      .values({ channel: 'email', direction: 'inbound', received_at: new Date('2026-11-26T08:15:00Z'), from_address: 'ola.brandt@example.com', from_name: 'Ola Brandt', subject: 'Bin not emptied' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const advisor = await signedIn();
    const chosen = await advisor.get(`/staff/cases/new?contact=${email.id}&requestType=missed-bin&action=choose`);
    // The sender's record is found by the address, and both travel on.
    expect(chosen.headers.location).toBe(`/staff/cases/new/missed-bin?customer=${customer.id}&contact=${email.id}`);
    const form = await advisor.get(chosen.headers.location ?? '');
    expect(form.body).toContain('Bin not emptied');
    expect(form.body).toMatch(/value="email" checked/);
    expect(form.body).toMatch(/id="receivedTime"[^>]*value="08:15"/);

    const answers = { ...MISSED_BIN, contactChannel: 'email', receivedTime: '08:15', customerId: customer.id, contactId: email.id };
    const reference = await raise(advisor, 'missed-bin', answers);
    const saved = await db().selectFrom('cases').select(['id', 'customer_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved.customer_id).toBe(customer.id);
    const contacts = await db().selectFrom('contact').selectAll().where('case_id', '=', saved.id).execute();
    expect(contacts.map((c) => c.id)).toEqual([email.id]);
    expect(contacts[0]).toMatchObject({ status: 'handled', outcome: 'case_raised', customer_id: customer.id });

    // Sent again (a second advisor, or the back button): refused, and no second case.
    const before = await db().selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await advisor.get('/staff/cases/new/missed-bin');
    const again = await advisor.post('/staff/cases/new/missed-bin', { ...answers, action: 'submit' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Someone has already dealt with this email');
    const after = await db().selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('logs an anonymous caller’s case as a contact too, and ignores a customer id that is not one', async () => {
    const advisor = await signedIn();
    const reference = await raise(advisor, 'missed-bin', { ...MISSED_BIN, customerId: '00000000-0000-4000-8000-000000000000' });
    const saved = await db().selectFrom('cases').select(['id', 'customer_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved.customer_id).toBeNull();
    const contact = await db().selectFrom('contact').selectAll().where('case_id', '=', saved.id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ customer_id: null, outcome: 'case_raised' });
  });

  it('shows open cases of the same type nearby before raising, with links, and still raises', async () => {
    const advisor = await signedIn();
    const first = await raise(advisor, 'missed-bin', { ...MISSED_BIN, locationLatitude: '52.7000', locationLongitude: '-1.2000' });
    await advisor.get('/staff/cases/new/missed-bin');
    // About 40 metres away.
    const check = await advisor.post('/staff/cases/new/missed-bin', { ...MISSED_BIN, locationLatitude: '52.7003', locationLongitude: '-1.1997', action: 'check' });
    expect(check.body).toContain('Possible duplicates nearby');
    expect(check.body).toContain(`<a class="govuk-link" href="/staff/cases/${first}">${first}</a>`);
    expect(check.body).toContain('Received');
    const second = await advisor.post('/staff/cases/new/missed-bin', { ...hiddenInputs(check.body), action: 'submit' });
    expect(second.statusCode).toBe(303);
  });

  it('logs a letter the day after it arrived, with its scan attached to the case', async () => {
    const advisor = await signedIn();
    await advisor.get('/staff/cases/new/benefit-claim-enquiry');
    const form = await advisor.get('/staff/cases/new/benefit-claim-enquiry');
    // No location question: the advisor's own address box is offered.
    expect(form.body).toContain('name="locationAddress"');
    const check = await advisor.postMultipart('/staff/cases/new/benefit-claim-enquiry', { ...BENEFIT_LETTER, action: 'check' }, { scannedLetter: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: PDF } });
    expect(check.statusCode).toBe(200);
    for (const text of ['Letter', '25 November 2026 at 4:10pm', 'letter.pdf', '3 Mill Lane, Brackenfield', 'A decision we have made']) expect(check.body).toContain(text);
    const carried = hiddenInputs(check.body);
    expect(carried['scannedLetter-upload']).toMatch(/^[0-9a-f-]{36}$/);

    const raised = await advisor.post('/staff/cases/new/benefit-claim-enquiry', { ...carried, action: 'submit' });
    expect(raised.statusCode).toBe(303);
    const reference = REFERENCE.exec(raised.headers.location ?? '')?.[1] ?? '';
    const saved = await db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ channel: 'letter', received_at: new Date('2026-11-25T16:10:00Z'), location_address: '3 Mill Lane, Brackenfield', latitude: null, contact: { name: 'Ada Patel' } });
    expect(saved.answers).not.toHaveProperty('scannedLetter');
    const attached = await db().selectFrom('case_attachment').selectAll().where('case_id', '=', saved.id).execute();
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ id: carried['scannedLetter-upload'], field_code: 'scannedLetter', filename: 'letter.pdf', content_type: 'application/pdf' });
    // Attached when the advisor logged it, not when the letter arrived the day before.
    expect(attached[0]!.attached_at!.getTime()).toBeGreaterThanOrEqual(attached[0]!.uploaded_at.getTime());
    expect(files.files.get(attached[0]?.file_key ?? '')?.bytes.equals(PDF)).toBe(true);

    const confirmation = await advisor.get(raised.headers.location ?? '');
    expect(confirmation.body).toContain('They gave no email address or phone number');
  });

  it('keeps the scan through "Change the details", refuses a file that is not a PDF, JPG or PNG, and ignores a scan for another channel', async () => {
    const advisor = await signedIn();
    const url = '/staff/cases/new/benefit-claim-enquiry';
    await advisor.get(url);
    const check = await advisor.postMultipart(url, { ...BENEFIT_LETTER, action: 'check' }, { scannedLetter: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: PDF } });
    const change = await advisor.post(url, { ...hiddenInputs(check.body), action: 'change' });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('You have uploaded letter.pdf');
    expect(change.body).toContain('value="Ada Patel"');

    const before = await attachmentCount();
    const bad = await advisor.postMultipart(url, { ...BENEFIT_LETTER, action: 'check' }, { scannedLetter: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: EXE } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<a href="#scannedLetter">The selected file must be a JPG, PNG or PDF</a>');
    const byPhone = await advisor.postMultipart(url, { ...BENEFIT_LETTER, contactChannel: 'phone', action: 'check' }, { scannedLetter: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: PDF } });
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.body).not.toContain('letter.pdf');
    expect(await attachmentCount()).toBe(before);
  });

  it('shows every mistake in the error summary, in the order of the page, keeping what was typed', async () => {
    const advisor = await signedIn();
    await advisor.get('/staff/cases/new/missed-bin');
    const cases = (await db().selectFrom('cases').select('id').execute()).length;
    const wrong = {
      ...MISSED_BIN,
      contactChannel: '',
      'receivedDate-day': '27',
      receivedTime: '25:00',
      bin_type: '',
      locationLatitude: '91',
      locationLongitude: '-1.1323',
      contactEmail: 'not-an-email',
    };
    const response = await advisor.post('/staff/cases/new/missed-bin', { ...wrong, action: 'submit' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: ');
    expect(summaryLinks(response.body)).toEqual(['#contactChannel', '#receivedDate-day', '#receivedTime', '#bin_type', '#locationLatitude', '#contactEmail']);
    for (const text of [
      'Select how the customer contacted us',
      'Date received must be today or in the past',
      'Time received must be a time like 14:30',
      'Latitude must be a number from -90 to 90, like 52.6309',
      'Enter an email address in the correct format, like name@example.com',
    ]) expect(response.body).toContain(text);
    for (const kept of ['value="91"', 'value="not-an-email"', 'value="Sam Jones"', 'value="25:00"', '14 Elm Road']) expect(response.body).toContain(kept);
    expect((await db().selectFrom('cases').select('id').execute()).length).toBe(cases);
  });

  it('refuses a time later than now today, and a latitude without a longitude', async () => {
    const advisor = await signedIn();
    await advisor.get('/staff/cases/new/missed-bin');
    const response = await advisor.post('/staff/cases/new/missed-bin', { ...MISSED_BIN, receivedTime: '10:30', locationLongitude: '', action: 'check' });
    expect(response.statusCode).toBe(400);
    expect(summaryLinks(response.body)).toEqual(['#receivedTime', '#locationLongitude']);
    expect(response.body).toContain('Time received must be now or earlier');
    expect(response.body).toContain('Enter both the latitude and the longitude, or neither');
  });

  it('shows a confirmation only for a case that exists', async () => {
    const advisor = await signedIn();
    expect((await advisor.get('/staff/cases/raised/ABCD-2345')).statusCode).toBe(404);
    expect((await advisor.get('/staff/cases/raised/not-a-reference')).statusCode).toBe(404);
  });
});
