// The customer pages over HTTP on both engines: who may use them, the advisor desk's search, adding
// a customer (mistakes shown with everything typed kept; possible duplicates before a new record),
// the single view (audited, adjustments and safety first, one timeline), changing details (a stale
// version loses nothing), and merging two records then undoing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { systemActor } from '../../platform/audit/audit.js';
import { logContact } from '../contacts/service.js';
import { inPageOrder, newCustomerHref } from './routes.js';
import { contactEntries, mergeTimeline, type TimelineEntry } from './timeline.js';

// Thursday 26 November 2026, 10:00 in London (GMT).
const NOW = new Date('2026-11-26T10:00:00Z');
const CUSTOMER_URL = /^\/staff\/customers\/([0-9a-f-]{36})\?done=created$/;

const RUTH = {
  kind: 'person',
  title: 'Mrs',
  givenName: 'Ruth',
  familyName: 'Okonkwo-Hale',
  email: ['ruth.oh@example.com', ''],
  phone: ['07700 900 777', ''],
  address: '22 Tanners Row\nBrackenfield',
  postcode: 'bf4 2zz',
  uprn: '100030000777',
  preferredChannel: 'phone',
  preferredLanguage: 'Welsh',
  adjustments: ['large_print', 'interpreter'],
  'adjustmentDetail-interpreter': 'Welsh',
  safetyNote: 'Dog on the premises: ask for it to be shut away.',
  notes: 'Prefers calls after 2pm.',
};

/** The hidden inputs of a page's forms, as a browser would post them back (repeated names kept). */
function hiddenInputs(html: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const [name, value] = [m[1] ?? '', (m[2] ?? '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')];
    if (name === '_csrf') continue;
    const had = out[name];
    out[name] = had === undefined ? value : ([] as string[]).concat(had, value);
  }
  return out;
}

const MISSED_BIN = {
  contactChannel: 'phone',
  'receivedDate-day': '26', 'receivedDate-month': '11', 'receivedDate-year': '2026', receivedTime: '09:40',
  bin_type: 'recycling',
  'collection_date-day': '25', 'collection_date-month': '11', 'collection_date-year': '2026',
  'location-address': '22 Tanners Row', 'location-postcode': 'BF4 2ZZ',
};

const summaryLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1]);

forEachEngine('the customer pages', (use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW, database: use() });
  });
  afterAll(() => t.close());
  const db = () => t.database.db;

  async function signedIn(email = 'advisor@brackenfield.example'): Promise<Client> {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  }

  /** Adds a customer through the form (past any duplicate check); their id. */
  async function addCustomer(client: Client, form: Record<string, string | string[]>): Promise<string> {
    await client.get('/staff/customers/new');
    const added = await client.post('/staff/customers/new', { ...form, confirmNew: 'yes' });
    expect(added.statusCode, added.body.slice(0, 500)).toBe(303);
    return CUSTOMER_URL.exec(added.headers.location ?? '')?.[1] ?? '';
  }

  const audits = (action: string, subjectId: string) =>
    db().selectFrom('audit_event').select(['actor_type', 'actor_label', 'detail']).where('action', '=', action).where('subject_id', '=', subjectId).execute();

  it('sends the signed-out to sign in, and keeps merging to those allowed to merge', async () => {
    const signedOut = await t.app.inject('/staff/desk?q=ann');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in?next=%2Fstaff%2Fdesk%3Fq%3Dann');

    const advisor = await signedIn();
    const id = await addCustomer(advisor, { kind: 'person', familyName: 'Permissiontest' });
    const other = await addCustomer(advisor, { kind: 'person', familyName: 'Permissiontestduplicate' });
    const officer = await signedIn('officer@brackenfield.example');
    expect((await officer.get(`/staff/customers/${id}`)).statusCode).toBe(200);
    for (const client of [officer, advisor]) {
      const page = await client.get(`/staff/customers/${id}/merge?other=${other}`);
      expect(page.statusCode).toBe(403);
      expect((await client.post(`/staff/customers/${id}/merge`, { other })).statusCode).toBe(403);
    }
    expect((await db().selectFrom('customer').select('merged_into').where('id', '=', other).executeTakeFirstOrThrow()).merged_into).toBeNull();
    // Only those who may merge see the button.
    expect((await officer.get(`/staff/customers/${id}`)).body).not.toContain('Merge with another record');
    expect((await (await signedIn('manager@brackenfield.example')).get(`/staff/customers/${id}`)).body).toContain('Merge with another record');
  });

  it('finds customers at the desk by a misspelt name, a phone number in any format and a postcode, with their badges', async () => {
    const advisor = await signedIn();
    const empty = await advisor.get('/staff/desk');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Find a customer');
    expect(empty.body).toContain('Name, phone, email, postcode or case reference');
    expect(empty.body).not.toContain('autofocus');
    expect(empty.body).not.toContain('No customers match');

    const id = await addCustomer(advisor, RUTH);
    for (const q of ['Ruth Okonkwo-Hail', '+44 7700 900777', 'BF42ZZ', 'ruth.oh@example.com']) {
      const found = await advisor.get(`/staff/desk?q=${encodeURIComponent(q)}`);
      expect(found.statusCode, q).toBe(200);
      expect(found.body, q).toContain(`href="/staff/customers/${id}">Mrs Ruth Okonkwo-Hale</a>`);
      expect(found.body).toContain('22 Tanners Row');
      expect(found.body).toContain('BF4 2ZZ');
      expect(found.body).toContain('ruth.oh@example.com');
      expect(found.body).toContain('07700 900777');
      expect(found.body).toContain('Reasonable adjustments');
      expect(found.body).toContain('Safety note');
    }

    const none = await advisor.get('/staff/desk?q=Zebedee+Quixotic');
    expect(none.body).toContain('No customers match');
    expect(none.body).toContain('href="/staff/customers/new?givenName=Zebedee&amp;familyName=Quixotic"');
    expect(none.body).toContain('href="/staff/contacts/new"');

    // One letter finds too much to be useful: the box only.
    expect((await advisor.get('/staff/desk?q=R')).body).not.toContain('No customers match');

    const tooLong = await advisor.get(`/staff/desk?q=${'a'.repeat(101)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('There is a problem');
    expect(summaryLinks(tooLong.body)).toEqual(['#q']);
  });

  it('carries what the advisor typed at the desk into the new customer form', async () => {
    expect(newCustomerHref('ann@example.com')).toBe('/staff/customers/new?email=ann%40example.com');
    expect(newCustomerHref('07700 900 123')).toBe('/staff/customers/new?phone=07700+900+123');
    expect(newCustomerHref('le15fq')).toBe('/staff/customers/new?postcode=LE1+5FQ');
    expect(newCustomerHref('Mary Jane Smith LE1 5FQ')).toBe('/staff/customers/new?postcode=LE1+5FQ&givenName=Mary+Jane&familyName=Smith');
    expect(newCustomerHref('')).toBe('/staff/customers/new');

    const advisor = await signedIn();
    const form = await advisor.get('/staff/customers/new?givenName=Mary&familyName=Smith&email=mary%40example.com');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Mary"');
    expect(form.body).toContain('value="Smith"');
    expect(form.body).toContain('value="mary@example.com"');
    expect(form.body).toContain('Another email address');
  });

  it('shows each mistake on the new customer form with everything typed kept', async () => {
    const advisor = await signedIn();
    await advisor.get('/staff/customers/new');
    const before = await db().selectFrom('customer').select('id').execute();
    const posted = await advisor.post('/staff/customers/new', {
      ...RUTH,
      familyName: '',
      email: ['ruth.oh@example.com', 'not an email'],
      postcode: 'nowhere',
      'adjustmentDetail-interpreter': '',
    });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('<title>Error: Add a new customer');
    expect(summaryLinks(posted.body)).toEqual(['#familyName', '#email-2', '#postcode', '#adjustmentDetail-interpreter']);
    for (const kept of ['value="Ruth"', 'value="Mrs"', 'value="not an email"', 'value="nowhere"', 'Dog on the premises', 'value="Welsh"', 'Prefers calls after 2pm']) {
      expect(posted.body).toContain(kept);
    }
    expect(posted.body).toMatch(/value="large_print" checked/);
    expect(posted.body).toMatch(/<option value="phone" selected>/);
    expect(await db().selectFrom('customer').select('id').execute()).toHaveLength(before.length);
  });

  it('offers possible duplicates before adding, then adds the new customer when none is the one', async () => {
    const advisor = await signedIn();
    const existing = await addCustomer(advisor, { kind: 'person', givenName: 'Priya', familyName: 'Dhaliwal', email: 'priya.d@example.com', postcode: 'BF5 1AA' });
    await advisor.get('/staff/customers/new');
    const again = { kind: 'person', givenName: 'Priya', familyName: 'Dhaliwal-Singh', email: ['PRIYA.D@example.com', ''], phone: ['', ''], postcode: 'BF5 1AA' };
    const suggested = await advisor.post('/staff/customers/new', again);
    expect(suggested.statusCode).toBe(200);
    expect(suggested.body).toContain('This may be someone we already know');
    expect(suggested.body).toContain(`href="/staff/customers/${existing}"`);
    expect(suggested.body).toContain('None of these: add the new customer');
    const carried = hiddenInputs(suggested.body);
    expect(carried).toMatchObject({ givenName: 'Priya', familyName: 'Dhaliwal-Singh', email: ['PRIYA.D@example.com', ''] });
    const count = async () => (await db().selectFrom('customer').select('id').where('family_name', 'like', 'Dhaliwal%').execute()).length;
    expect(await count()).toBe(1);

    // "Change the details" goes back to the form with everything kept.
    const change = await advisor.post('/staff/customers/new', { ...carried, action: 'change' });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('value="Dhaliwal-Singh"');

    const added = await advisor.post('/staff/customers/new', { ...carried, confirmNew: 'yes' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toMatch(CUSTOMER_URL);
    expect(await count()).toBe(2);
  });

  it('shows the single view, adjustments and safety note first, open cases, one timeline, and audits each view', async () => {
    const advisor = await signedIn();
    const id = await addCustomer(advisor, RUTH);
    await logContact({ db: db(), actor: systemActor, now: NOW }, {
      channel: 'phone', direction: 'inbound', receivedAt: new Date('2026-11-20T11:00:00Z'), customerId: id, reason: 'Asked when the bins are collected', outcome: 'resolved', avoidable: false,
    });
    await logContact({ db: db(), actor: systemActor, now: NOW }, {
      channel: 'face_to_face', direction: 'inbound', receivedAt: new Date('2026-11-24T09:30:00Z'), customerId: id, reason: 'Chasing a repair', outcome: 'no_action', avoidable: true, avoidableType: 'chasing_progress',
    });

    // A case raised for her at the desk: the case and the call that raised it.
    await advisor.get(`/staff/cases/new/missed-bin?customer=${id}`);
    const check = await advisor.post('/staff/cases/new/missed-bin', { ...MISSED_BIN, customerId: id, action: 'check' });
    expect(check.statusCode).toBe(200);
    const raised = await advisor.post('/staff/cases/new/missed-bin', { ...hiddenInputs(check.body), action: 'submit' });
    const reference = /raised\/([2-9A-HJ-NP-Z-]{9})$/.exec(raised.headers.location ?? '')?.[1] ?? '';
    expect(reference).not.toBe('');

    const page = await advisor.get(`/staff/customers/${id}?done=created`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('Customer added');
    expect(body).toContain('<h1 class="govuk-heading-l">Mrs Ruth Okonkwo-Hale</h1>');
    // Adjustments and the safety note come before the actions and the details.
    const order = ['Reasonable adjustments', 'Large print', 'Interpreter (Welsh)', 'Dog on the premises', `href="/staff/contacts/new?customer=${id}"`, 'Details', 'Open cases', 'Timeline'].map((text) => body.indexOf(text));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain('govuk-warning-text');
    for (const text of ['ruth.oh@example.com', '07700 900777', 'BF4 2ZZ', '100030000777', 'Phone', 'Welsh', 'Prefers calls after 2pm']) expect(body).toContain(text);
    // The open case on top, with its due date, and in the timeline with the call that raised it.
    const openCases = body.slice(body.indexOf('id="open-cases"'), body.indexOf('id="timeline"'));
    expect(openCases).toContain(`href="/staff/cases/${reference}">${reference}</a>`);
    expect(openCases).toContain('Report a missed bin');
    expect(openCases).toMatch(/\d{1,2} (November|December) 2026 at/);
    expect(body).toContain(`Case ${reference} raised: Report a missed bin`);
    expect(body).toContain('Phone from the customer: Report a missed bin');
    expect(body).toContain(`href="/staff/contacts/new?customer=${id}"`);
    expect(body).toContain(`href="/staff/cases/new?customer=${id}"`);
    expect(body).toContain(`href="/staff/customers/${id}/edit"`);
    // Newest first.
    const chasing = body.indexOf('Face to face from the customer: Chasing a repair');
    const bins = body.indexOf('Phone from the customer: Asked when the bins are collected');
    expect(chasing).toBeGreaterThan(0);
    expect(bins).toBeGreaterThan(chasing);
    expect(body).toContain('Avoidable contact: Chasing progress');

    expect((await audits('customer.viewed', id)).map((a) => a.actor_type)).toEqual(['staff']);
    await advisor.get(`/staff/customers/${id}`);
    expect(await audits('customer.viewed', id)).toHaveLength(2);

    expect((await advisor.get('/staff/customers/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await advisor.get('/staff/customers/not-an-id')).statusCode).toBe(404);
  });

  it('changes details with the form prefilled, and keeps what was typed when someone else saved first', async () => {
    const advisor = await signedIn();
    const id = await addCustomer(advisor, RUTH);
    const form = await advisor.get(`/staff/customers/${id}/edit`);
    expect(form.statusCode).toBe(200);
    for (const text of ['value="Okonkwo-Hale"', 'value="ruth.oh@example.com"', 'value="07700 900777"', 'value="Welsh"', 'name="version" value="1"']) expect(form.body).toContain(text);
    // The form shows the whole record, so opening it is a view of the record, audited.
    expect(await audits('customer.viewed', id)).toHaveLength(1);
    const values = { ...RUTH, email: ['ruth.oh@example.com', 'ruth@work.example.com'], version: '1' };
    const saved = await advisor.post(`/staff/customers/${id}/edit`, { ...values, postcode: 'BF4 3ZZ' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/staff/customers/${id}?done=updated`);
    expect((await audits('customer.updated', id)).length).toBe(1);

    // A second advisor, who opened version 1 too, saves after the first.
    const stale = await advisor.post(`/staff/customers/${id}/edit`, { ...values, notes: 'My own note, not to be lost' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed since you opened it');
    expect(stale.body).toContain('My own note, not to be lost');
    expect(stale.body).toContain('BF4 3ZZ'); // the details saved meanwhile, shown beside
    expect(stale.body).toContain('name="version" value="2"');
    const current = await db().selectFrom('customer').select(['notes', 'postcode']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(current).toEqual({ notes: 'Prefers calls after 2pm.', postcode: 'BF4 3ZZ' });

    const wrong = await advisor.post(`/staff/customers/${id}/edit`, { ...values, version: '2', uprn: 'abc' });
    expect(wrong.statusCode).toBe(400);
    expect(summaryLinks(wrong.body)).toEqual(['#uprn']);
    expect(wrong.body).toContain('value="abc"');
  });

  it('merges a duplicate into the record kept, redirects from the old record, and undoes it', async () => {
    const advisor = await signedIn();
    const kept = await addCustomer(advisor, { kind: 'person', givenName: 'Hamish', familyName: 'Mergeton', email: 'hamish@example.com' });
    const duplicate = await addCustomer(advisor, { kind: 'person', givenName: 'Hamish', familyName: 'Mergeton', phone: '07700 900 888', safetyNote: 'Lone worker risk' });
    await logContact({ db: db(), actor: systemActor, now: NOW }, { channel: 'email', direction: 'inbound', receivedAt: NOW, customerId: duplicate, reason: 'Council tax question', outcome: 'resolved', avoidable: false });

    const manager = await signedIn('manager@brackenfield.example');
    const choose = await manager.get(`/staff/customers/${kept}/merge?q=Hamish+Mergeton`);
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain(`href="/staff/customers/${kept}/merge?other=${duplicate}"`);
    expect(choose.body).not.toContain(`merge?other=${kept}"`);

    const itself = await manager.get(`/staff/customers/${kept}/merge?other=${kept}`);
    expect(itself.statusCode).toBe(400);
    expect(itself.body).toContain('cannot be merged into itself');
    expect((await manager.post(`/staff/customers/${kept}/merge`, { other: kept })).statusCode).toBe(400);

    const confirm = await manager.get(`/staff/customers/${kept}/merge?other=${duplicate}`);
    expect(confirm.statusCode).toBe(200);
    for (const text of ['Check before merging the records', 'Kept: Hamish Mergeton', 'Merged in and closed: Hamish Mergeton', 'hamish@example.com', '07700 900888', 'Lone worker risk']) expect(confirm.body).toContain(text);
    expect(await audits('customer.viewed', duplicate)).toHaveLength(1);

    const merged = await manager.post(`/staff/customers/${kept}/merge`, { other: duplicate });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/staff/customers/${kept}?done=merged`);
    const after = await manager.get(`/staff/customers/${kept}?done=merged`);
    for (const text of ['Records merged', '07700 900888', 'Lone worker risk', 'Email from the customer: Council tax question', 'Records merged into this one', 'Undo merge']) expect(after.body).toContain(text);

    const old = await manager.get(`/staff/customers/${duplicate}`);
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe(`/staff/customers/${kept}?mergedFrom=${duplicate}`);
    expect((await manager.get(old.headers.location ?? '')).body).toContain('The record you opened was merged into this one');

    const again = await manager.post(`/staff/customers/${kept}/merge`, { other: duplicate });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already been merged');

    const mergeId = /action="\/staff\/customers\/merges\/([0-9a-f-]{36})\/undo"/.exec(after.body)?.[1] ?? '';
    const undone = await manager.post(`/staff/customers/merges/${mergeId}/undo`, { customer: kept });
    expect(undone.statusCode).toBe(303);
    expect(undone.headers.location).toBe(`/staff/customers/${kept}?done=unmerged`);
    expect((await manager.get(`/staff/customers/${duplicate}`)).statusCode).toBe(200);
    const keptAfter = (await manager.get(`/staff/customers/${kept}`)).body;
    expect(keptAfter).not.toContain('07700 900888');
    expect(keptAfter).not.toContain('Records merged into this one');

    const twice = await manager.post(`/staff/customers/merges/${mergeId}/undo`, { customer: kept });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already been undone');
  });
});

describe('the customer timeline and form errors (pure)', () => {
  const entry = (kind: TimelineEntry['kind'], at: string, title: string): TimelineEntry => ({ kind, at: new Date(at), title, detail: [] });

  it('merges its sources newest first, keeping the sources’ order for the same moment', () => {
    const cases = [entry('case', '2026-01-05T10:00:00Z', 'case raised'), entry('case', '2026-01-01T10:00:00Z', 'old case')];
    const contacts = [entry('contact', '2026-01-05T10:00:00Z', 'call that raised it'), entry('contact', '2026-01-09T10:00:00Z', 'chased')];
    expect(mergeTimeline(cases, contacts).map((e) => e.title)).toEqual(['chased', 'case raised', 'call that raised it', 'old case']);
    expect(mergeTimeline()).toEqual([]);
  });

  it('tells a letter in the timeline by its sender’s reason, its case and its scan to download', () => {
    const [letter] = contactEntries([{
      id: 'c1', channel: 'letter', channelName: 'Letter', direction: 'inbound', receivedAt: new Date('2026-01-05T10:00:00Z'), reason: 'Bin still not collected',
      outcome: 'passed_to_back_office', outcomeName: 'Passed to the back office', serviceName: null, requestTypeName: null, caseReference: 'HN4K-7PQ2',
      advisorName: null, locationName: 'Mail room', subject: '', avoidable: false, avoidableTypeName: null, attachments: [{ id: 'f1', filename: 'letter.pdf' }],
    }]);
    expect(letter).toMatchObject({
      title: 'Letter from the customer: Bin still not collected',
      detail: ['Outcome: Passed to the back office', 'Case: HN4K-7PQ2', 'Handled by Mail room'],
      href: '/staff/cases/HN4K-7PQ2',
      files: [{ href: '/staff/contacts/c1/attachments/f1', text: 'letter.pdf' }],
    });
  });

  it('lists form errors in the order of the form’s fields', () => {
    const errors = { summary: ['#notes', '#postcode', '#email-10', '#email-2', '#familyName'].map((href) => ({ text: href, href })), fields: {} };
    expect(inPageOrder(errors).summary.map((s) => s.href)).toEqual(['#familyName', '#email-2', '#email-10', '#postcode', '#notes']);
  });
});
