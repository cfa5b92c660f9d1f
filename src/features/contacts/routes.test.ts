// The contact pages over HTTP on both engines: an advisor logs a contact for a customer and an
// anonymous one, mistakes come back as an error summary with everything kept (never a 500); the
// mail room logs a letter with its scan (checked from its bytes), which staff can download, audited;
// managers read the measures; administrators keep the locations; everyone else is refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { getRequestType } from '../charter/service.js';
import { raiseCase } from '../cases/service.js';

// Wednesday 20 May 2026, 11:00 in London.
const NOW = new Date('2026-05-20T10:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const today = { 'receivedDate-day': '20', 'receivedDate-month': '5', 'receivedDate-year': '2026' };

forEachEngine('the contact pages', (_use, engine) => {
  let t: TestApp;
  let customerId = '';
  let reference = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const db = t.database.db;
    customerId = (await db.insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;
    const raised = await raiseCase({ db, actor: { type: 'resident', label: 'Alex Reed' }, now: NOW, publicUrl: 'https://brackenfield.example' }, {
      requestType: await getRequestType(db, { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: 'Left at the gate' },
      contact: { name: 'Alex Reed' },
      receivedAt: NOW,
    });
    reference = raised.reference;
  });
  afterAll(() => t?.close());

  const db = () => t.database.db;
  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  const contacts = () => db().selectFrom('contact').selectAll().where('status', '=', 'handled').orderBy('created_at').execute();

  it('shows the form for a customer, by name, with phone chosen and the time now', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const page = await advisor.get(`/staff/contacts/new?customer=${customerId}&case=${reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alex Reed');
    expect(page.body).toMatch(/id="channel" name="channel" type="radio" value="phone" checked/);
    expect(page.body).not.toContain('value="open311"');
    expect(page.body).toContain('value="11:00"');
    expect(page.body).toContain(`value="${reference}"`);
    expect(page.body).toContain('Contact centre');
    expect(page.body).toContain('Missed bin collection: Report a missed bin');
    expect((await advisor.get('/staff/contacts/new')).body).toContain('Anonymous contact');
    expect((await advisor.get('/staff/contacts/new?customer=00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('remembers where this computer is, from the desk, for every contact logged on it', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const townHall = await db().selectFrom('council_location').select(['id', 'name']).where('kind', '=', 'service_centre').orderBy('name').executeTakeFirstOrThrow();
    const desk = await advisor.get('/staff/desk');
    expect(desk.body).toContain('Where this computer is');
    const saved = await advisor.post('/staff/contacts/workstation', { locationId: townHall.id });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/staff/desk?done=workstation-set');
    expect((await advisor.get('/staff/desk')).body).toMatch(new RegExp(`<option value="${townHall.id}" selected>`));
    // The log form starts at that location; another computer (another client) does not.
    expect((await advisor.get('/staff/contacts/new')).body).toMatch(new RegExp(`<option value="${townHall.id}" selected>`));
    const other = await signedIn('advisor@brackenfield.example');
    expect((await other.get('/staff/contacts/new')).body).not.toMatch(new RegExp(`<option value="${townHall.id}" selected>`));
    // A forged or unknown location clears it rather than failing.
    expect((await advisor.post('/staff/contacts/workstation', { locationId: 'somewhere' })).headers.location).toBe('/staff/desk?done=workstation-cleared');
    expect((await advisor.get('/staff/contacts/new')).body).not.toMatch(new RegExp(`<option value="${townHall.id}" selected>`));
    expect((await advisor.post('/staff/contacts/workstation', { locationId: townHall.id }, { csrf: false })).statusCode).toBe(403);
  });

  it('keeps everything typed and shows an error summary for mistakes', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    await advisor.get(`/staff/contacts/new?customer=${customerId}`);
    const before = (await contacts()).length;
    const page = await advisor.post('/staff/contacts/new', { customerId, channel: 'phone', direction: 'inbound', ...today, receivedTime: '10:30', reason: 'Chasing <b>again</b>', outcome: 'resolved', avoidable: 'yes', durationMinutes: 'four' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('<a href="#avoidableType">Select why the contact was avoidable</a>');
    expect(page.body).toContain('Minutes must be a whole number from 0 to 1440');
    expect(page.body).toContain('Chasing &lt;b&gt;again&lt;/b&gt;');
    expect(page.body).toContain('value="four"');
    const unknownCase = await advisor.post('/staff/contacts/new', { customerId, channel: 'phone', direction: 'inbound', ...today, receivedTime: '10:30', outcome: 'resolved', avoidable: 'no', caseReference: 'HN4K-7PQ2' });
    expect(unknownCase.statusCode).toBe(400);
    expect(unknownCase.body).toContain('There is no case with that reference');
    expect((await contacts()).length).toBe(before);
  });

  it('logs a contact for the customer, against the case, and goes back to their record', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    await advisor.get(`/staff/contacts/new?customer=${customerId}`);
    const missedBin = await getRequestType(db(), { code: 'missed-bin' });
    const done = await advisor.post('/staff/contacts/new', {
      customerId, channel: 'phone', direction: 'inbound', ...today, receivedTime: '10:30', serviceChoice: `${missedBin.serviceId}:${missedBin.id}`, reason: 'Chasing the bin', outcome: 'resolved',
      avoidable: 'yes', avoidableType: 'chasing_progress', durationMinutes: '3', durationSeconds: '15', caseReference: reference.toLowerCase(),
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/staff/customers/${customerId}?done=contact-logged`);
    const row = (await contacts()).at(-1)!;
    expect(row).toMatchObject({ customer_id: customerId, channel: 'phone', outcome: 'resolved', avoidable: true, avoidable_type: 'chasing_progress', duration_seconds: 195, request_type_id: missedBin.id, handled_by_label: 'Priya Shah' });
    expect(row.case_id).not.toBeNull();
    expect(row.received_at).toEqual(new Date('2026-05-20T09:30:00Z'));
  });

  it('logs an anonymous contact and goes back to the desk', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    await advisor.get('/staff/contacts/new');
    const done = await advisor.post('/staff/contacts/new', { channel: 'face_to_face', direction: 'inbound', ...today, receivedTime: '09:00', outcome: 'signposted', avoidable: 'no' });
    expect(done.headers.location).toBe('/staff/desk?done=contact-logged');
    expect((await contacts()).at(-1)).toMatchObject({ customer_id: null, channel: 'face_to_face', outcome: 'signposted' });
  });

  it('logs a letter with its scan in the mail room, and staff download it, audited', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const search = await advisor.get('/staff/mail/new?q=reed');
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`href="/staff/mail/new?customer=${customerId}"`);
    await advisor.get(`/staff/mail/new?customer=${customerId}`);
    const form = { customerId, ...today, senderName: 'Alex Reed', senderAddress: '12 Mill Lane', summary: 'Asks for a new recycling box', caseReference: reference };
    const notScan = await advisor.postMultipart('/staff/mail/new', form, { scan: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: Buffer.from('not a pdf') } });
    expect(notScan.statusCode).toBe(400);
    expect(notScan.body).toContain('The scanned letter must be a PDF, JPG or PNG');
    expect(notScan.body).toContain('Asks for a new recycling box');
    const missing = await advisor.postMultipart('/staff/mail/new', { ...form, summary: '' }, {});
    expect(missing.body).toContain('Select the scanned letter');
    expect(missing.body).toContain('Enter a short summary of the letter');
    const done = await advisor.postMultipart('/staff/mail/new', form, { scan: { filename: 'letter.pdf', contentType: 'application/pdf', bytes: PDF } });
    expect(done.statusCode).toBe(303);
    const id = /logged=([0-9a-f-]{36})/.exec(done.headers.location as string)?.[1] ?? '';
    expect((await advisor.get(done.headers.location as string)).body).toContain('Letter logged');
    const row = await db().selectFrom('contact').innerJoin('council_location', 'council_location.id', 'contact.location_id').select(['contact.channel', 'contact.customer_id', 'contact.from_name', 'council_location.code']).where('contact.id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'letter', customer_id: customerId, from_name: 'Alex Reed', code: 'mail_room' });
    const attachment = await db().selectFrom('contact_attachment').select(['id', 'content_type']).where('contact_id', '=', id).executeTakeFirstOrThrow();
    expect(attachment.content_type).toBe('application/pdf');
    const file = await advisor.get(`/staff/contacts/${id}/attachments/${attachment.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('letter.pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const audits = await db().selectFrom('audit_event').select('action').where('subject_id', '=', id).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['contact.attachment_downloaded', 'contact.letter_scanned', 'contact.logged']);
    const photo = await advisor.postMultipart('/staff/mail/new', { ...today, summary: 'Anonymous letter' }, { scan: { filename: 'letter.png', contentType: 'image/png', bytes: PNG } });
    expect(photo.statusCode).toBe(303);
  });

  it('shows managers the measures for the current quarter, against the national target', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    const page = await manager.get('/staff/contacts/measures');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="2026-04-01"');
    expect(page.body).toContain('value="2026-06-30"');
    expect(page.body).toContain('The national target for first contact resolution is 75%.');
    expect(page.body).toContain('<caption class="govuk-table__caption govuk-table__caption--m">By channel, 2026-04-01 to 2026-06-30</caption>');
    expect(page.body).toMatch(/Face to face<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0%<\/td>\s*<td[^>]*>75 points below<\/td>/);
    const byAdvisor = await manager.get('/staff/contacts/measures?from=1/4/2026&to=2026-06-30&by=advisor');
    expect(byAdvisor.body).toContain('Priya Shah');
    const bad = await manager.get('/staff/contacts/measures?from=2026-02-30&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<a href="#from">Start date must be a real date, like 2026-04-01</a>');
    const backwards = await manager.get('/staff/contacts/measures?from=2026-06-01&to=2026-05-01');
    expect(backwards.body).toContain('End date must be the same as or after the start date');
  });

  it('lets administrators add and change locations, refusing a code in use', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    expect((await admin.get('/staff/locations')).body).toContain('Library Help Point');
    await admin.get('/staff/locations/new');
    const empty = await admin.post('/staff/locations/new', { code: '', name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the location’s name');
    expect(empty.body).toContain('Select the kind of location');
    const taken = await admin.post('/staff/locations/new', { code: 'mail_room', name: 'Second mail room', kind: 'mail_room' });
    expect(taken.body).toContain('That code is already used by another location');
    const added = await admin.post('/staff/locations/new', { code: 'east_hub', name: 'East Hub', kind: 'service_centre', address: '1 East Street', active: 'yes' });
    expect(added.headers.location).toBe('/staff/locations?done=created');
    const { id } = await db().selectFrom('council_location').select('id').where('code', '=', 'east_hub').executeTakeFirstOrThrow();
    const edit = await admin.get(`/staff/locations/${id}/edit`);
    expect(edit.body).toContain('value="East Hub"');
    const saved = await admin.post(`/staff/locations/${id}/edit`, { code: 'east_hub', name: 'East Hub Centre', kind: 'service_centre', address: '', active: 'no' });
    expect(saved.headers.location).toBe('/staff/locations?done=updated');
    expect(await db().selectFrom('council_location').select(['name', 'active', 'address']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ name: 'East Hub Centre', active: false, address: null });
    expect((await admin.get('/staff/locations/not-an-id/edit')).statusCode).toBe(404);
    expect(await db().selectFrom('audit_event').select('action').where('subject_id', '=', id).execute()).toHaveLength(2);
  });

  it('refuses staff without the permission and a post without its CSRF token', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    expect((await advisor.get('/staff/contacts/measures')).statusCode).toBe(403);
    expect((await advisor.get('/staff/locations')).statusCode).toBe(403);
    await advisor.get('/staff/contacts/new');
    expect((await advisor.post('/staff/contacts/new', { channel: 'phone' }, { csrf: false })).statusCode).toBe(403);
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/staff/contacts/new')).statusCode).toBe(303);
  });
});
