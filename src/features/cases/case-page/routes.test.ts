// The officer's case page over HTTP on both engines: every view audited; each action saves and says
// so; mistakes and stale pages keep what was typed; advisors look but cannot change; a reference
// that cannot be one is a 404 page, never a 500.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { getRequestType } from '../../charter/service.js';
import { logLetter } from '../../contacts/service.js';
import { createCustomer } from '../../customers/service.js';
import { newReference } from '../reference.js';
import { raiseCase, type CaseLocation } from '../service.js';
import { STALE_MESSAGE } from './routes.js';

// Monday 2 November 2026: the 1 working day acknowledgement of a report received today is due
// tomorrow (at risk), the 2 working day collection on Wednesday (running).
const NOW = new Date('2026-11-02T10:00:00Z');
const MILL_LANE: CaseLocation = { address: '12 Mill Lane, Brackenfield', uprn: '100012345678', latitude: 52.1, longitude: -1.2 };

/** The escaped text as the page shows it. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const versionOn = (body: string) => /name="version" value="(-?\d+)"/.exec(body)?.[1] ?? '';

forEachEngine('the officer’s case page', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  async function raise(options: { receivedAt?: Date; location?: CaseLocation; details?: string } = {}): Promise<string> {
    const requestType = await getRequestType(db(), { code: 'missed-bin' });
    const receivedAt = options.receivedAt ?? NOW;
    const raised = await raiseCase({ db: db(), actor: { type: 'resident', label: 'Sam Green' }, now: receivedAt, publicUrl: 'https://brackenfield.example' }, {
      requestType,
      channel: 'web',
      answers: { bin_type: 'recycling', collection_date: '2026-10-30', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: options.details ?? 'Bin left at the gate' },
      contact: { name: 'Sam Green', email: 'sam@example.com', phone: '07700 900982' },
      receivedAt,
      location: options.location ?? MILL_LANE,
    });
    return raised.reference;
  }
  const views = async (reference: string) => {
    const kase = await db().selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    return db().selectFrom('audit_event').selectAll().where('action', '=', 'case.viewed').where('subject_id', '=', kase.id).execute();
  };
  const caseRow = (reference: string) => db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const eventTypes = async (reference: string) => {
    const { id } = await caseRow(reference);
    return (await db().selectFrom('case_event').select('type').where('case_id', '=', id).orderBy('id').execute()).map((e) => e.type);
  };
  /** Opens the page (as a browser would before sending a form) and posts one of its forms with the version it shows. */
  async function act(client: Client, reference: string, action: string, form: Record<string, string>) {
    const page = await client.get(`/staff/cases/${reference}`);
    return client.post(`/staff/cases/${reference}/${action}`, { version: versionOn(page.body), ...form });
  }

  it('shows an officer the case, the customer’s answers and where each standard stands, and audits the view', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 class="govuk-heading-l" id="case-top">Case ${reference}</h1>`);
    for (const text of ['Report a missed bin', 'Missed bin collection', 'Received', '2 November 2026 at 10:00am', 'Waste and Recycling', 'Nobody yet',
      '12 Mill Lane, Brackenfield', 'UPRN 100012345678', 'Latitude 52.1, longitude -1.2', 'sam@example.com', '07700 900982',
      'Recycling (blue bin)', 'Bin left at the gate', 'Tuesday 3 November 2026', 'Wednesday 4 November 2026', 'Request received', 'By web']) {
      expect(page.body, text).toContain(html(text));
    }
    // Just received under a 1 working day acknowledgement: running, not at risk until 75% of the time
    // to the end of Tuesday has gone (14:30 on Tuesday).
    expect(page.body).toMatch(/We will acknowledge your report within 1 working day<\/td>\s*<td[^>]*>Tuesday 3 November 2026<\/td>\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--blue">\s*Running\s*<\/strong>\s*<br><span class="govuk-body-s">At risk from 3 November 2026 at 2:30pm<\/span>/);
    expect(page.body).toMatch(/within 2 working days of your report<\/td>\s*<td[^>]*>Wednesday 4 November 2026<\/td>\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--blue">\s*Running/);
    const audited = await views(reference);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_type: 'staff', actor_label: 'Tom Evans', subject_type: 'case', detail: { reference } });
    await officer.get(`/staff/cases/${reference}`);
    expect(await views(reference)).toHaveLength(2);
  });

  it('shows the customer’s record and every contact about the case, a letter’s scan among them', async () => {
    const reference = await raise();
    const customer = await createCustomer({ db: db(), actor: systemActor, now: NOW }, { kind: 'person', givenName: 'Sam', familyName: 'Green', emails: ['sam@example.com'] });
    const kase = await caseRow(reference);
    await db().updateTable('cases').set({ customer_id: customer.id }).where('id', '=', kase.id).execute();
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await logLetter({ db: db(), files: t.files, actor: systemActor, now: NOW }, {
      receivedAt: NOW, customerId: customer.id, caseId: kase.id, summary: 'Bin still not collected', scan: { filename: 'letter.pdf', bytes: pdf, contentType: 'application/pdf' },
    });
    const officer = await signedIn('officer@brackenfield.example');
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.body).toContain(`<a class="govuk-link" href="/staff/customers/${customer.id}">Sam Green</a>`);
    expect(page.body).toMatch(/id="contacts">Contacts<\/h2>\s*<table/);
    expect(page.body).toContain('Bin still not collected');
    expect(page.body).toContain('Passed to the back office');
    const scan = /href="(\/staff\/contacts\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36})" download>letter.pdf</.exec(page.body)?.[1] ?? '';
    expect(scan).not.toBe('');
    const file = await officer.get(scan);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
  });

  it('shows an overdue standard, and the open cases nearby as possible duplicates with links', async () => {
    const earlier = await raise({ receivedAt: new Date('2026-10-26T09:00:00Z') });
    const later = await raise({ location: { address: '14 Mill Lane', latitude: 52.1003, longitude: -1.2 } });
    const officer = await signedIn('officer@brackenfield.example');
    const old = await officer.get(`/staff/cases/${earlier}`);
    expect(old.body).toMatch(/Tuesday 27 October 2026<\/td>\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--red">\s*Overdue/);
    const page = await officer.get(`/staff/cases/${later}`);
    expect(page.body).toContain('Possible duplicates nearby');
    expect(page.body).toContain(`<a class="govuk-link" href="/staff/cases/${earlier}">${earlier}</a>: Received, 33 metres away, 12 Mill Lane, Brackenfield, received 26 October 2026`);
  });

  it('changes the status, with a banner saying so and the move on the timeline', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const moved = await act(officer, reference, 'status', { status: 'acknowledged', message: '', reason: 'Checked the round sheet' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`/staff/cases/${reference}?done=status`);
    const page = await officer.get(moved.headers.location ?? '');
    expect(page.body).toContain('govuk-notification-banner--success');
    expect(page.body).toContain('Status changed to Acknowledged');
    expect(page.body).toContain('Status changed from Received to Acknowledged');
    expect(page.body).toContain('Reason: Checked the round sheet');
    expect(page.body).toContain('Standard met: We will acknowledge your report within 1 working day');
    expect(page.body).toMatch(/Tuesday 3 November 2026<\/td>\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--green">\s*Met/);
    // The workflow's next moves from Acknowledged, and no way back to Received.
    expect(page.body).toContain('value="in_progress"');
    expect(page.body).not.toContain('value="received"');
    expect((await caseRow(reference)).status).toBe('acknowledged');
  });

  it('asks for the message when waiting for the customer, keeping everything typed', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const refused = await act(officer, reference, 'status', { status: 'waiting_for_customer', message: '  ', reason: 'Need the bin colour <b>today</b>' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<title>Error: ');
    expect(refused.body).toContain('<a href="#status-message">Enter what you need from the customer</a>');
    expect(refused.body).toMatch(/id="status-message-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span> Enter what you need from the customer/);
    expect(refused.body).toContain('Need the bin colour &lt;b&gt;today&lt;/b&gt;</textarea>');
    expect(refused.body).toMatch(/value="waiting_for_customer" checked/);
    expect((await caseRow(reference)).version).toBe(1);
  });

  it('adds an internal note and an update for the customer, told apart on the timeline', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const note = await act(officer, reference, 'note', { text: 'Crew says the lane was blocked', visibility: 'internal' });
    expect(note.headers.location).toBe(`/staff/cases/${reference}?done=note`);
    const update = await act(officer, reference, 'note', { text: 'We will collect your bin tomorrow.', visibility: 'public' });
    expect(update.headers.location).toBe(`/staff/cases/${reference}?done=update`);
    const page = await officer.get(update.headers.location ?? '');
    expect(page.body).toContain('Update for the customer added');
    expect(page.body).toMatch(/Update for the customer<\/h3>\s*<p[^>]*>\s*<strong class="govuk-tag govuk-tag--blue">Sent to customer<\/strong>\s*Tom Evans/);
    expect(page.body).toMatch(/Internal note<\/h3>\s*<p[^>]*>\s*<strong class="govuk-tag govuk-tag--grey">Internal note<\/strong>\s*Tom Evans/);
    // Newest first.
    expect(page.body.indexOf('We will collect your bin tomorrow.')).toBeLessThan(page.body.indexOf('Crew says the lane was blocked'));
    expect(await eventTypes(reference)).toEqual(['received', 'note', 'public_update']);
    const sent = await db().selectFrom('notification').select('template_code').where('case_id', '=', (await caseRow(reference)).id).execute();
    expect(sent.map((n) => n.template_code)).toEqual(['case.received', 'case.public_update']);
  });

  it('asks whether a note is internal or for the customer, keeping the text', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const refused = await act(officer, reference, 'note', { text: 'Kept text' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#note-visibility">Select whether this is an internal note or an update for the customer</a>');
    expect(refused.body).toContain('Kept text</textarea>');
    const empty = await act(officer, reference, 'note', { text: '', visibility: 'public' });
    expect(empty.body).toContain('<a href="#note-text">Enter the update for the customer</a>');
    expect(empty.body).toMatch(/value="public" checked/);
  });

  it('assigns the case to a team and a person, refusing a choice that is not on the list', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const tom = await db().selectFrom('staff_user').select('id').where('email', '=', 'officer@brackenfield.example').executeTakeFirstOrThrow();
    const team = await db().selectFrom('team').select('id').where('name', '=', 'Street Scene').executeTakeFirstOrThrow();
    // Members of the case's team come first in the list of people.
    const sam = await db().selectFrom('staff_user').select('id').where('email', '=', 'manager@brackenfield.example').executeTakeFirstOrThrow();
    // The demo council makes the manager a member (and lead) of the teams of its services already.
    await db().insertInto('team_member').values({ team_id: (await caseRow(reference)).team_id!, user_id: sam.id }).onConflict((oc) => oc.doNothing()).execute();
    const form = await officer.get(`/staff/cases/${reference}`);
    expect(form.body).toContain('Members of the case’s team are listed first.');
    expect(form.body).toMatch(/Nobody: leave it in the team’s queue<\/option>\s*<option value="[^"]+">Sam Whitfield \(Waste and Recycling\)<\/option>/);
    expect(form.body.indexOf('>Sam Whitfield (Waste and Recycling)<')).toBeLessThan(form.body.indexOf('>Alex Morgan<'));
    const refused = await act(officer, reference, 'assign', { teamId: 'not-a-team', assigneeId: tom.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#assign-teamId">Choose a team from the list</a>');
    const assigned = await act(officer, reference, 'assign', { teamId: team.id, assigneeId: tom.id });
    expect(assigned.headers.location).toBe(`/staff/cases/${reference}?done=assign`);
    const page = await officer.get(assigned.headers.location ?? '');
    expect(page.body).toContain('Assignment saved');
    expect(page.body).toContain('Assigned to Tom Evans (Street Scene)');
    expect(await caseRow(reference)).toMatchObject({ team_id: team.id, assignee_id: tom.id });
  });

  it('extends a running standard by a whole number with a reason', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const { id } = await caseRow(reference);
    const collect = await db()
      .selectFrom('case_standard as cs')
      .innerJoin('service_standard_version as v', (join) => join.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
      .select('cs.standard_id')
      .where('cs.case_id', '=', id)
      .where('v.clock_amount', '=', 2)
      .executeTakeFirstOrThrow();
    const refused = await act(officer, reference, 'extend', { standardId: collect.standard_id, by: 'two', reason: 'Vehicle off the road' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#extend-by">Enter the extension as a whole number, like 5</a>');
    expect(refused.body).toContain('value="two"');
    expect(refused.body).toContain('Vehicle off the road</textarea>');
    const extended = await act(officer, reference, 'extend', { standardId: collect.standard_id, by: '2', reason: 'Vehicle off the road' });
    expect(extended.headers.location).toBe(`/staff/cases/${reference}?done=extend`);
    const page = await officer.get(extended.headers.location ?? '');
    expect(page.body).toContain('Standard extended by 2 working days: We will collect a missed bin within 2 working days of your report');
    expect(page.body).toContain('Reason: Vehicle off the road');
    expect(page.body).toContain('Friday 6 November 2026');
  });

  it('records a site visit with a note', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const visited = await act(officer, reference, 'visit', { note: 'Bin still at the gate' });
    expect(visited.headers.location).toBe(`/staff/cases/${reference}?done=visit`);
    const page = await officer.get(visited.headers.location ?? '');
    expect(page.body).toContain('Site visit recorded');
    expect(page.body).toContain('Bin still at the gate');
    // A visit is a milestone: it also stops the acknowledgement clock, as answering the report.
    expect(await eventTypes(reference)).toEqual(['received', 'visited', 'standard_met']);
  });

  it('marks a case as a duplicate of a reference typed loosely, linking both ways', async () => {
    const original = await raise();
    const duplicate = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    const refused = await act(officer, duplicate, 'duplicate', { of: 'ABCD-EFGH' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#duplicate-of">');
    expect(refused.body).toContain('value="ABCD-EFGH"');
    const marked = await act(officer, duplicate, 'duplicate', { of: original.toLowerCase().replace('-', ' ') });
    expect(marked.headers.location).toBe(`/staff/cases/${duplicate}?done=duplicate`);
    const page = await officer.get(marked.headers.location ?? '');
    expect(page.body).toContain('Case marked as a duplicate');
    expect(page.body).toContain(`<a class="govuk-link" href="/staff/cases/${original}">${original}</a>`);
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--grey">\s*Void/);
    const originalPage = await officer.get(`/staff/cases/${original}`);
    expect(originalPage.body).toContain(`Another case was marked as a duplicate of this one: <a class="govuk-link" href="/staff/cases/${duplicate}">${duplicate}</a>`);
  });

  it('tells the second of two officers the case changed, keeping their text and offering the latest version', async () => {
    const reference = await raise();
    const first = await signedIn('officer@brackenfield.example');
    const second = await signedIn('manager@brackenfield.example');
    const opened = await second.get(`/staff/cases/${reference}`);
    expect((await act(first, reference, 'status', { status: 'acknowledged' })).statusCode).toBe(303);
    const stale = await second.post(`/staff/cases/${reference}/note`, { version: versionOn(opened.body), text: 'My careful note', visibility: 'internal' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`<a href="#note-form">${html(STALE_MESSAGE)}</a>`);
    expect(stale.body).toContain('My careful note</textarea>');
    expect(stale.body).toContain('Status changed from Received to Acknowledged');
    expect(versionOn(stale.body)).toBe('2');
    expect(await eventTypes(reference)).not.toContain('note');
    // Sent again from the page shown, it is saved.
    const again = await second.post(`/staff/cases/${reference}/note`, { version: versionOn(stale.body), text: 'My careful note', visibility: 'internal' });
    expect(again.statusCode).toBe(303);
    expect(await eventTypes(reference)).toContain('note');
  });

  it('lets an advisor read the case but offers no changes, and refuses their posts', async () => {
    const reference = await raise();
    const advisor = await signedIn('advisor@brackenfield.example');
    const page = await advisor.get(`/staff/cases/${reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Timeline');
    expect(page.body).not.toContain('<form method="post" action="/staff/cases/');
    expect(page.body).not.toContain('Work on this case');
    for (const action of ['status', 'note', 'assign', 'extend', 'visit', 'duplicate']) {
      expect((await advisor.post(`/staff/cases/${reference}/${action}`, { version: '1', status: 'acknowledged', text: 'x', visibility: 'internal' })).statusCode, action).toBe(403);
    }
    expect(await caseRow(reference)).toMatchObject({ version: 1, status: 'received' });
  });

  it('answers a reference that cannot be one, or of no case, with a 404 page; a loosely typed one finds the case', async () => {
    const officer = await signedIn('officer@brackenfield.example');
    for (const url of ['/staff/cases/not-a-reference', '/staff/cases/0000-0000', `/staff/cases/${'A'.repeat(90)}`, '/staff/cases/%E2%80%8B']) {
      const page = await officer.get(url);
      expect(page.statusCode, url).toBe(404);
      expect(page.body).toContain('Case not found');
      expect(page.body).toContain('A case reference has 8 letters and numbers');
    }
    // Well formed, check character and all, but nobody's case.
    const nobodys = newReference(() => 0);
    const missing = await officer.get(`/staff/cases/${nobodys}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain(`There is no case with the reference ${nobodys}`);
    expect((await officer.post('/staff/cases/not-a-reference/note', { version: '1', text: 'x', visibility: 'internal' })).statusCode).toBe(404);
    expect((await officer.post(`/staff/cases/${nobodys}/note`, { version: '1', text: 'x', visibility: 'internal' })).statusCode).toBe(404);
    const reference = await raise();
    const loose = await officer.get(`/staff/cases/${reference.toLowerCase().replace('-', '')}`);
    expect(loose.statusCode).toBe(303);
    expect(loose.headers.location).toBe(`/staff/cases/${reference}`);
  });

  it('treats a form without a version as stale rather than failing', async () => {
    const reference = await raise();
    const officer = await signedIn('officer@brackenfield.example');
    await officer.get(`/staff/cases/${reference}`);
    const response = await officer.post(`/staff/cases/${reference}/visit`, { version: 'abc', note: 'Kept' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Kept</textarea>');
  });
});
