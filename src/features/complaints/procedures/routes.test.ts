// The administrator's complaints procedure pages: reading a nation's code in plain words, copying
// it, changing the copy (refusals keep what was typed and point at the field), adopting it, and
// new complaints following the adopted copy's timescales.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { getComplaintSetup, getProcedure, makeComplaint } from '../service.js';
import { formValues } from './routes.js';

const ENGLAND = 'england-complaint-handling-code';
const BASE = '/staff/complaints/procedures';

forEachEngine('the complaints procedure pages', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  const admin = () => signedIn('admin@brackenfield.example');
  /** A copy of England's code under `code`, as the copy form makes it. */
  const copyOfEngland = async (client: Client, code: string) => {
    await client.get(`${BASE}/${ENGLAND}/copy`);
    const copied = await client.post(`${BASE}/${ENGLAND}/copy`, { name: `Copy ${code}`, code });
    expect(copied.headers.location).toBe(`${BASE}/${code}?copied=1`);
  };
  /** The edit form as the page posts it, from the saved copy, with `change` applied. */
  const formOf = async (code: string, change: Record<string, string> = {}) => {
    const procedure = await getProcedure(t.database.db, code);
    return { ...formValues(procedure.definition), version: String(procedure.version), ...change };
  };

  it('is for administrators only', async () => {
    for (const email of ['advisor@brackenfield.example', 'complaints@brackenfield.example', 'manager@brackenfield.example']) {
      const other = await signedIn(email);
      expect((await other.get(BASE)).statusCode).toBe(403);
      expect((await other.get(`${BASE}/${ENGLAND}`)).statusCode).toBe(403);
      expect((await other.post(`${BASE}/${ENGLAND}/copy`, { name: 'Mine', code: 'mine' })).statusCode).toBe(403);
      expect((await other.post(`${BASE}/${ENGLAND}/adopt`, { welsh: 'no', version: '1' })).statusCode).toBe(403);
    }
    expect(await t.database.db.selectFrom('complaint_procedure').select('code').where('code', '=', 'mine').executeTakeFirst()).toBeUndefined();
  });

  it('lists the four nations’ codes, marks the one in use, and shows each in plain words', async () => {
    const client = await admin();
    const list = await client.get(BASE);
    expect(list.statusCode).toBe(200);
    for (const nation of ['England', 'Scotland', 'Wales', 'Northern Ireland']) expect(list.body).toContain(`<td class="govuk-table__cell">${nation}</td>`);
    const rows = list.body.split('<tr class="govuk-table__row">').slice(1);
    expect(rows.filter((r) => r.includes('In use'))).toHaveLength(1);
    expect(rows.find((r) => r.includes('In use'))).toContain(`${BASE}/${ENGLAND}`);

    const page = await client.get(`${BASE}/${ENGLAND}`);
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/\s+/g, ' ');
    expect(text).toContain('12 months from the problem, or from when the person found out about it');
    expect(text).toContain('Someone other than the stage 1 handler');
    expect(text).toContain('Local Government and Social Care Ombudsman');
    expect(text).toContain('0300 061 0614');
    expect(text).toContain('Annual complaints performance and service improvement report (England)');
    expect(text).toContain('We will respond to your complaint within 10 working days of acknowledging it');
    expect(text).toContain('Request acknowledged');
    expect(text).toContain('Up to 10 working days more');
    expect(text).toContain('Cannot be extended');
    expect(text).toContain('Copy this procedure');
    expect(text).not.toContain(`${ENGLAND}/edit`);
    // The shipped codes are the nations' codes as published: no edit page.
    expect((await client.get(`${BASE}/${ENGLAND}/edit`)).statusCode).toBe(404);
    expect((await client.post(`${BASE}/${ENGLAND}/edit`, await formOf(ENGLAND))).statusCode).toBe(404);
    expect((await client.get(`${BASE}/nonesuch`)).statusCode).toBe(404);
    const scotland = (await client.get(`${BASE}/scotland-model-complaints-handling-procedure`)).body.replace(/\s+/g, ' ');
    expect(scotland).toContain('2 months from the stage 1 response');
  });

  it('copies a procedure, refusing an empty name and a code already used', async () => {
    const client = await admin();
    await client.get(`${BASE}/${ENGLAND}/copy`);
    const empty = await client.post(`${BASE}/${ENGLAND}/copy`, { name: ' ', code: 'our-policy' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter a name for the copy');
    expect(empty.body).toContain('value="our-policy"');
    await copyOfEngland(client, 'our-policy');
    const taken = await client.post(`${BASE}/${ENGLAND}/copy`, { name: 'Again', code: 'our-policy' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('There is already a procedure with the code our-policy');
    expect(taken.body).toContain('href="#code"');
    const shipped = await client.post(`${BASE}/${ENGLAND}/copy`, { name: 'Again', code: ENGLAND });
    expect(shipped.statusCode).toBe(400);
    const page = await client.get(`${BASE}/our-policy`);
    expect(page.body).toContain('Copy our-policy');
    expect(page.body).toContain(`${BASE}/our-policy/edit`);
  });

  it('changes a copy, refusing mistakes field by field and keeping what was typed', async () => {
    const client = await admin();
    await copyOfEngland(client, 'edited-policy');
    expect((await client.get(`${BASE}/edited-policy/edit`)).statusCode).toBe(200);

    const bad = await client.post(`${BASE}/edited-policy/edit`, await formOf('edited-policy', {
      name: '',
      'stages-1-standards-1-clockAmount': 'ten',
      'stages-2-standards-0-startEvent': 'escalation_acknowledged',
      'stages-2-standards-0-stopEvent': 'escalated',
      'ombudsman-phone': '0300 000 0000',
    }));
    expect(bad.statusCode).toBe(400);
    const summary = bad.body.slice(bad.body.indexOf('govuk-error-summary'), bad.body.indexOf('</ul>', bad.body.indexOf('govuk-error-summary')));
    expect(summary).toContain('href="#name"');
    expect(summary).toContain('Enter the procedure’s name');
    expect(summary).toContain('href="#stages-1-standards-1-clockAmount"');
    expect(summary).toContain('Stage 1 response: Enter the time allowed as a whole number');
    expect(summary).toContain('href="#stages-2-standards-0-stopEvent"');
    expect(summary).toContain('The clock must stop at an event after “Stage 2 complaint acknowledged”, which starts it');
    // In the order of the page.
    expect(summary.indexOf('#name')).toBeLessThan(summary.indexOf('#stages-1-standards-1-clockAmount'));
    expect(summary.indexOf('#stages-1-standards-1-clockAmount')).toBeLessThan(summary.indexOf('#stages-2-standards-0-stopEvent'));
    expect(bad.body).toContain('id="stages-1-standards-1-clockAmount-error"');
    expect(bad.body).toContain('value="ten"');
    expect(bad.body).toContain('value="0300 000 0000"');
    expect((await getProcedure(t.database.db, 'edited-policy')).version).toBe(1);

    // An event of the other stage (posted by hand: the page offers each stage's own) is refused too.
    const otherStage = await client.post(`${BASE}/edited-policy/edit`, await formOf('edited-policy', { 'stages-1-standards-0-stopEvent': 'escalated' }));
    expect(otherStage.statusCode).toBe(400);
    expect(otherStage.body).toContain('Choose a stage 1 event for when the clock stops');
    const noAnswer = await client.post(`${BASE}/edited-policy/edit`, await formOf('edited-policy', { replyInLanguageUsed: '' }));
    expect(noAnswer.body).toContain('Select yes if replies must be in the language the person used');

    const stale = await formOf('edited-policy', { 'ombudsman-phone': 'Mine' });
    const saved = await client.post(`${BASE}/edited-policy/edit`, await formOf('edited-policy', { timeLimitMonths: '6', stage2RequestMonths: '2', 'stages-1-standards-1-extensionLimit': '5' }));
    expect(saved.headers.location).toBe(`${BASE}/edited-policy?saved=1`);
    const revised = await getProcedure(t.database.db, 'edited-policy');
    expect(revised.version).toBe(2);
    expect(revised.definition).toMatchObject({ timeLimitMonths: 6, stage2RequestMonths: 2 });
    expect(revised.definition.stages[1].standards[1]).toMatchObject({ code: 'complaint-stage-1-response', kind: 'response', extensionLimit: 5, clockAmount: 10 });
    const refused = await client.post(`${BASE}/edited-policy/edit`, stale);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This procedure was changed by someone else since you opened it');
    expect(refused.body).toContain('value="Mine"');
    const audit = await t.database.db.selectFrom('audit_event').select('action').where('subject_id', '=', 'edited-policy').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['complaints.procedure_copied', 'complaints.procedure_revised']);
  });

  it('adopts a changed copy: new complaints follow its timescales', async () => {
    const client = await admin();
    await copyOfEngland(client, 'slower-policy');
    // Acknowledge within 8 working days rather than 5.
    await client.get(`${BASE}/slower-policy/edit`);
    expect((await client.post(`${BASE}/slower-policy/edit`, await formOf('slower-policy', { 'stages-1-standards-0-clockAmount': '8', 'stages-1-standards-0-sentence': 'We will acknowledge your complaint within 8 working days' }))).statusCode).toBe(303);
    const noChoice = await client.post(`${BASE}/slower-policy/adopt`, { version: '2' });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select yes if the council replies in Welsh to people who write in Welsh');
    // Adopting from a page read before the change is refused: the change is to be checked first.
    const stale = await client.post(`${BASE}/slower-policy/adopt`, { welsh: 'no', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('This procedure was changed by someone else since you opened it');
    expect((await getComplaintSetup(t.database.db))?.procedure.code).toBe(ENGLAND);
    const adopted = await client.post(`${BASE}/slower-policy/adopt`, { welsh: 'no', version: '2' });
    expect(adopted.headers.location).toBe(`${BASE}/slower-policy?adopted=1`);
    const setup = await getComplaintSetup(t.database.db);
    expect(setup).toMatchObject({ procedure: { code: 'slower-policy', version: 2 }, welsh: false });
    const list = (await client.get(BASE)).body.split('<tr class="govuk-table__row">').slice(1);
    expect(list.find((r) => r.includes('In use'))).toContain(`${BASE}/slower-policy`);

    // Received Monday 1 March 2027: 8 working days is Thursday 11 March (5 would be Monday 8 March).
    const at = new Date('2027-03-01T10:00:00Z');
    const alex: Actor = { type: 'staff', id: undefined, label: 'Alex Morgan' };
    const made = await makeComplaint({ db: t.database.db, actor: alex, now: at, publicUrl: 'https://council.example' }, { channel: 'web', receivedAt: at, contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'Nobody came.' });
    const clock = await t.database.db
      .selectFrom('case_standard as cs')
      .innerJoin('cases as c', 'c.id', 'cs.case_id')
      .innerJoin('service_standard as ss', 'ss.id', 'cs.standard_id')
      .innerJoin('service_standard_version as v', (j) => j.onRef('v.standard_id', '=', 'cs.standard_id').onRef('v.version', '=', 'cs.standard_version'))
      .select(['cs.due_at', 'v.sentence', 'v.extension_limit'])
      .where('c.reference', '=', made.reference)
      .where('ss.code', '=', 'complaint-stage-1-acknowledgement')
      .executeTakeFirstOrThrow();
    expect(clock.due_at?.toISOString()).toBe('2027-03-11T23:59:59.999Z');
    expect(clock.sentence).toBe('We will acknowledge your complaint within 8 working days');
    expect(clock.extension_limit).toBe(0);

    // Back to England's code as published, so other tests see the demo council as it was.
    await client.get(`${BASE}/${ENGLAND}`);
    expect((await client.post(`${BASE}/${ENGLAND}/adopt`, { welsh: 'no', version: '1' })).statusCode).toBe(303);
  });
});
