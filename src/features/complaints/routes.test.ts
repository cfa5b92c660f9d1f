// The complaints officer's pages over HTTP on both engines, on the demo council (England, its
// procedure adopted at start): the queue, recording a complaint, the complaint page and each of its
// forms, the response form. Each mistake is refused with the GOV.UK error summary and nothing is
// half-saved (the case's version does not move); advisors record complaints but do not work them.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { systemActor } from '../../platform/audit/audit.js';
import { STALE_MESSAGE } from '../cases/case-page/routes.js';
import { createCustomer } from '../customers/service.js';
import { makeComplaint, type NewComplaint } from './service.js';

// Monday 7 December 2026, 10:00.
const NOW = new Date('2026-12-07T10:00:00Z');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const versionOn = (body: string) => /name="version" value="(-?\d+)"/.exec(body)?.[1] ?? '';
const summaryOf = (body: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';

forEachEngine('the complaints officer’s pages', (_use, engine) => {
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
  async function complain(input: Partial<NewComplaint> = {}, receivedAt = NOW): Promise<string> {
    const raised = await makeComplaint(
      { db: db(), actor: { type: 'resident', label: 'Jo Bloggs' }, now: receivedAt, publicUrl: 'https://brackenfield.example' },
      { channel: 'web', receivedAt, contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'My bin was missed three weeks running.', putRight: 'Collect it, please.', ...input },
    );
    return raised.reference;
  }
  const caseVersion = async (reference: string) => (await db().selectFrom('cases').select('version').where('reference', '=', reference).executeTakeFirstOrThrow()).version;
  /** Opens the complaint page and posts one of its forms with the version it shows. */
  async function act(client: Client, reference: string, action: string, form: Record<string, string>) {
    const page = await client.get(`/staff/complaints/${reference}`);
    return client.post(`/staff/complaints/${reference}/${action}`, { version: versionOn(page.body), ...form });
  }
  async function respond(client: Client, reference: string, form: Record<string, string>) {
    const page = await client.get(`/staff/complaints/${reference}/respond`);
    return client.post(`/staff/complaints/${reference}/respond`, { version: versionOn(page.body), ...form });
  }
  const goodResponse = { decision: 'partly_upheld', reasons: 'The crew missed the bin twice.', apology: 'yes', actionTaken: 'Added to the assisted list.', payment: '25', learning: 'Check the round sheet.' };

  it('sends a signed-out user to sign in, and refuses the queue to an advisor', async () => {
    const anonymous = new Client(t.app);
    const page = await anonymous.get('/staff/complaints');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fstaff%2Fcomplaints');
    const advisor = await signedIn('advisor@brackenfield.example');
    expect((await advisor.get('/staff/complaints')).statusCode).toBe(403);
    const reference = await complain();
    // From a customer's timeline an advisor reaches the complaint's case record instead.
    const opened = await advisor.get(`/staff/complaints/${reference}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/staff/cases/${reference}`);
    expect((await advisor.post(`/staff/complaints/${reference}/acknowledge`, { version: '1' })).statusCode).toBe(403);
  });

  it('lists open complaints due soonest first, overdue first with a red tag, filtered by stage and late ones', async () => {
    const fresh = await complain();
    // Received three weeks ago and never acknowledged: overdue.
    const old = await complain({ contact: { name: 'Ada Old' } }, new Date('2026-11-16T10:00:00Z'));
    const late = await complain({ contact: { name: 'Lola Late' }, problemOn: '2025-01-10' });
    const grace = await signedIn('complaints@brackenfield.example');
    const page = await grace.get('/staff/complaints');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Complaints</h1>');
    const at = (ref: string) => page.body.indexOf(`>${ref}</a>`);
    expect(at(old)).toBeGreaterThan(0);
    expect(at(old)).toBeLessThan(at(fresh));
    expect(page.body).toMatch(new RegExp(`${old}</a></th>[\\s\\S]*?Ada Old[\\s\\S]*?Stage 1[\\s\\S]*?Stage 1: received[\\s\\S]*?Nobody yet[\\s\\S]*?23 November 2026\\s*<br><strong class="govuk-tag govuk-tag--red">\\s*Overdue`));
    expect(page.body).toContain(`href="/staff/complaints/${old}"`);
    const lateOnly = await grace.get('/staff/complaints?show=late');
    expect(lateOnly.body).toContain(late);
    expect(lateOnly.body).not.toContain(`>${fresh}<`);
    expect(lateOnly.body).toContain('Late: awaiting decision');
    const stage2 = await grace.get('/staff/complaints?show=stage-2');
    expect(stage2.body).not.toContain(`>${fresh}<`);
    expect((await grace.get('/staff/complaints?page=99')).body).toContain('There is no page 99 of this queue');
  });

  it('records a letter received days ago for a customer; due dates follow the date received; refuses a future date', async () => {
    const customer = await createCustomer({ db: db(), actor: systemActor, now: NOW }, { kind: 'person', givenName: 'Rita', familyName: 'Patel', emails: ['rita@example.com'] });
    const grace = await signedIn('complaints@brackenfield.example');
    const form = await grace.get(`/staff/complaints/new?customer=${customer.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="rita@example.com"');
    expect(form.body).toMatch(/name="receivedDate-day" type="text" value="7"/);
    const count = async () => Number((await db().selectFrom('complaint').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const fields = {
      channel: 'letter', 'receivedDate-day': '2', 'receivedDate-month': '12', 'receivedDate-year': '2026', customerId: customer.id, name: 'Rita Patel', email: 'rita@example.com', phone: '',
      whatHappened: 'Nobody came to fix the boiler.', putRight: '', 'problemOn-day': '', 'problemOn-month': '', 'problemOn-year': '', aboutCase: '', serviceId: '', lateReason: '',
    };
    const future = await grace.post('/staff/complaints/new', { ...fields, 'receivedDate-day': '8' });
    expect(future.statusCode).toBe(400);
    expect(summaryOf(future.body)).toContain('<a href="#receivedDate-day">Date received must be today or in the past</a>');
    expect(future.body).toContain('Nobody came to fix the boiler.');
    expect(await count()).toBe(before);
    const noText = await grace.post('/staff/complaints/new', { ...fields, whatHappened: ' ', channel: '' });
    expect(summaryOf(noText.body)).toMatch(/#channel">Select how the complaint was made[\s\S]*#whatHappened">Enter what went wrong/);
    const done = await grace.post('/staff/complaints/new', fields);
    expect(done.statusCode).toBe(303);
    const reference = /\/staff\/complaints\/([A-Z0-9-]+)\?done=recorded$/.exec(String(done.headers.location))?.[1] ?? '';
    expect(reference).not.toBe('');
    const kase = await db().selectFrom('cases').select(['received_at', 'customer_id', 'channel']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(kase).toEqual({ received_at: new Date('2026-12-02T12:00:00Z'), customer_id: customer.id, channel: 'letter' });
    const page = await grace.get(String(done.headers.location));
    expect(page.body).toContain('Complaint recorded');
    // The view is audited as a view of the customer's record.
    const viewed = await db().selectFrom('audit_event').select(['customer_id', 'actor_label']).where('action', '=', 'complaint.viewed').where(sql<boolean>`detail->>'reference' = ${reference}`).execute();
    expect(viewed).toEqual([{ customer_id: customer.id, actor_label: 'Grace Okafor' }]);
    // Received Wednesday 2 December: 5 working days is Wednesday 9 December.
    expect(page.body).toMatch(/We will acknowledge your complaint within 5 working days of receiving it<\/td>\s*<td[^>]*>Wednesday 9 December 2026/);
    // It shows on the customer's timeline as a complaint, once.
    const single = await grace.get(`/staff/customers/${customer.id}`);
    expect(single.body).toContain(`Complaint ${reference}: stage 1`);
    expect(single.body).toContain(`href="/staff/complaints/${reference}"`);
    expect(single.body).not.toContain(`Case ${reference} raised`);
  });

  it('records a late complaint as awaiting a decision; an advisor records one and is not sent to the complaint page', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const form = await advisor.get('/staff/complaints/new');
    expect(form.body).not.toContain('Go straight to stage 2');
    const fields = {
      channel: 'phone', 'receivedDate-day': '7', 'receivedDate-month': '12', 'receivedDate-year': '2026', name: 'Len Late', email: '', phone: '07700 900123',
      whatHappened: 'Planning decision two years ago.', 'problemOn-day': '1', 'problemOn-month': '10', 'problemOn-year': '2024', lateReason: '',
    };
    const done = await advisor.post('/staff/complaints/new', fields);
    expect(done.statusCode).toBe(303);
    const reference = /recorded=([A-Z0-9-]+)$/.exec(String(done.headers.location))?.[1] ?? '';
    expect((await advisor.get(String(done.headers.location))).body).toContain(`Complaint ${reference} recorded`);
    const row = await db().selectFrom('complaint as c').innerJoin('cases', 'cases.id', 'c.case_id').select(['c.late', 'c.late_decision']).where('cases.reference', '=', reference).executeTakeFirstOrThrow();
    expect(row).toEqual({ late: true, late_decision: null });
    // An advisor cannot send one straight to stage 2.
    const direct = await advisor.post('/staff/complaints/new', { ...fields, direct: 'yes', directReason: 'Complex' });
    expect(summaryOf(direct.body)).toContain('Only complaints officers can send a complaint straight to stage 2');
    // Accepting it late needs a reason; then it is accepted.
    const grace = await signedIn('complaints@brackenfield.example');
    const page = await grace.get(`/staff/complaints/${reference}`);
    expect(page.body).toContain('Decide on a late complaint');
    const version = await caseVersion(reference);
    const noReason = await act(grace, reference, 'late', { accept: 'yes', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(summaryOf(noReason.body)).toContain('<a href="#late-reason">Enter why this late complaint is accepted</a>');
    expect(await caseVersion(reference)).toBe(version);
    const accepted = await act(grace, reference, 'late', { accept: 'yes', reason: 'The person was abroad.' });
    expect(accepted.headers.location).toBe(`/staff/complaints/${reference}?done=late-accepted`);
  });

  it('shows the complaint page, audits each view, and acknowledges; a stale form gets the case page’s message', async () => {
    const reference = await complain();
    const grace = await signedIn('complaints@brackenfield.example');
    const page = await grace.get(`/staff/complaints/${reference}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Jo Bloggs', 'My bin was missed three weeks running.', 'Collect it, please.', 'Stage 1', 'Stage 1: received', 'Open the case record', 'Complaint received', 'No response has been sent yet.', 'Local Government and Social Care Ombudsman']) {
      expect(page.body, text).toContain(html(text));
    }
    const kase = await db().selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const views = () => db().selectFrom('audit_event').select('action').where('subject_id', '=', kase.id).where('action', '=', 'complaint.viewed').execute();
    expect(await views()).toHaveLength(1);
    const stale = await grace.post(`/staff/complaints/${reference}/acknowledge`, { version: String(Number(versionOn(page.body)) - 1) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(html(STALE_MESSAGE));
    const done = await act(grace, reference, 'acknowledge', {});
    expect(done.headers.location).toBe(`/staff/complaints/${reference}?done=acknowledged`);
    const after = await grace.get(String(done.headers.location));
    expect(after.body).toContain('Complaint acknowledged');
    expect(after.body).toContain('Stage 1: acknowledged');
    expect(await views()).toHaveLength(4);
  });

  it('refuses a response without a decision, a payment of “abc” and a due date of 31 2 2027, all at once, saving nothing; then sends one', async () => {
    const reference = await complain();
    const grace = await signedIn('complaints@brackenfield.example');
    const version = await caseVersion(reference);
    const bad = await respond(grace, reference, { ...goodResponse, decision: '', payment: 'abc', 'action-1': 'Replace the bin', 'owner-1': 'Waste team', 'dueOn-1-day': '31', 'dueOn-1-month': '2', 'dueOn-1-year': '2027' });
    expect(bad.statusCode).toBe(400);
    const summary = summaryOf(bad.body);
    expect(summary).toContain('<a href="#decision">Select the decision</a>');
    expect(summary).toContain('<a href="#payment">Enter the payment in pounds, like 25 or 25.50</a>');
    expect(summary).toContain('<a href="#dueOn-1-day">Due date of outstanding action 1 must be a real date</a>');
    expect(bad.body).toContain('value="Replace the bin"');
    expect(await caseVersion(reference)).toBe(version);
    const sent = await respond(grace, reference, { ...goodResponse, 'action-1': 'Replace the bin', 'owner-1': 'Waste team', 'dueOn-1-day': '15', 'dueOn-1-month': '1', 'dueOn-1-year': '2027' });
    expect(sent.headers.location).toBe(`/staff/complaints/${reference}?done=responded`);
    const page = await grace.get(String(sent.headers.location));
    expect(page.body).toContain('Stage 1 response: Partly upheld');
    expect(page.body).toContain('Replace the bin (Waste team, by 15 January 2027)');
    expect(page.body).toContain('We will pay you £25.');
    expect(page.body).toContain('Response sent');
  });

  it('refuses an extension beyond the procedure’s limit, a future escalation date and escalating a stage 2 complaint', async () => {
    const reference = await complain();
    const grace = await signedIn('complaints@brackenfield.example');
    await act(grace, reference, 'acknowledge', {});
    const page = await grace.get(`/staff/complaints/${reference}`);
    const standardId = /<select class="govuk-select[^"]*" id="extend-standardId" name="standardId">\s*<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
    expect(standardId).not.toBe('');
    const version = await caseVersion(reference);
    const tooLong = await act(grace, reference, 'extend', { standardId, by: '11', reason: 'Waiting for the crew’s records.' });
    expect(tooLong.statusCode).toBe(400);
    expect(summaryOf(tooLong.body)).toMatch(/<a href="#extend-by">[^<]*authorised 10/);
    expect(await caseVersion(reference)).toBe(version);
    const future = await act(grace, reference, 'escalate', { reason: 'Still missed', 'receivedDate-day': '9', 'receivedDate-month': '12', 'receivedDate-year': '2026' });
    expect(future.statusCode).toBe(400);
    expect(summaryOf(future.body)).toContain('<a href="#escalate-receivedDate-day">Date the request was received must be today or in the past</a>');
    expect(await caseVersion(reference)).toBe(version);
    const escalated = await act(grace, reference, 'escalate', { reason: 'The person is not satisfied.' });
    expect(escalated.headers.location).toBe(`/staff/complaints/${reference}?done=escalated`);
    const again = await act(grace, reference, 'escalate', { reason: 'Once more' });
    expect(again.statusCode).toBe(400);
    expect(summaryOf(again.body)).toMatch(/<a href="#escalate-reason">This complaint has already been through stage 2/);
  });

  it('refuses the stage 1 handler at stage 2 in England, saying why', async () => {
    const reference = await complain();
    const grace = await signedIn('complaints@brackenfield.example');
    const graceId = (await db().selectFrom('staff_user').select('id').where('email', '=', 'complaints@brackenfield.example').executeTakeFirstOrThrow()).id;
    expect((await act(grace, reference, 'assign', { userId: graceId })).headers.location).toBe(`/staff/complaints/${reference}?done=assigned`);
    await respond(grace, reference, goodResponse);
    await act(grace, reference, 'escalate', { reason: 'Not satisfied' });
    const page = await grace.get(`/staff/complaints/${reference}`);
    expect(page.body).toContain('The procedure asks for stage 2 to be handled by someone other than stage 1 (Grace Okafor).');
    const version = await caseVersion(reference);
    const same = await act(grace, reference, 'assign', { userId: graceId });
    expect(same.statusCode).toBe(400);
    expect(summaryOf(same.body)).toContain('<a href="#assign-userId">Choose someone who did not handle stage 1: the procedure asks for a different person at stage 2</a>');
    expect(await caseVersion(reference)).toBe(version);
  });

  it('records an Ombudsman enquiry and then its decision', async () => {
    const reference = await complain();
    const grace = await signedIn('complaints@brackenfield.example');
    const missing = await act(grace, reference, 'referral', { ombudsmanReference: 'LG-123', 'enquiryOn-day': '', 'enquiryOn-month': '', 'enquiryOn-year': '', enquiry: '' });
    expect(summaryOf(missing.body)).toMatch(/#referral-enquiryOn-day">Enter the date of the enquiry[\s\S]*#referral-enquiry">Enter what the Ombudsman asked/);
    const made = await act(grace, reference, 'referral', { ombudsmanReference: 'LG-123', 'enquiryOn-day': '1', 'enquiryOn-month': '12', 'enquiryOn-year': '2026', enquiry: 'Send us the file.' });
    expect(made.headers.location).toBe(`/staff/complaints/${reference}?done=referral`);
    const page = await grace.get(`/staff/complaints/${reference}`);
    const referralId = /<select class="govuk-select[^"]*" id="decision-referralId" name="referralId">\s*<option value="">[^<]*<\/option>\s*<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
    const decided = await act(grace, reference, 'decision', { referralId, decision: 'upheld', 'decidedOn-day': '4', 'decidedOn-month': '12', 'decidedOn-year': '2026', recommendedRemedy: 'Pay £100', 'remedyCompliedOn-day': '', 'remedyCompliedOn-month': '', 'remedyCompliedOn-year': '' });
    expect(decided.headers.location).toBe(`/staff/complaints/${reference}?done=decision`);
    const after = await grace.get(`/staff/complaints/${reference}`);
    expect(after.body).toContain('Upheld, 4 December 2026');
    expect(after.body).toContain('Pay £100');
  });
});
