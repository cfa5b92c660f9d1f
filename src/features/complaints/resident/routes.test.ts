// A resident makes a complaint on /complain, over HTTP on both engines: each mistake shows the GOV.UK
// error summary linked to its question and keeps what was typed; a good complaint is a case of the
// complaint type received on the web, with its reference, private link and promised dates; one from
// the charter's "we did not meet this standard" report records the standard and is filled in from
// it; a council without a procedure gets its contact details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { getRequestType } from '../../charter/service.js';
import { newReference } from '../../cases/reference.js';
import { raiseCase } from '../../cases/service.js';
import { selectCase } from '../../cases/store.js';
import { recordFeedback } from '../../insight/service.js';
import { dayIn } from '../words.js';
import { NO_WAY_TO_REPLY } from './form.js';

const good = {
  whatHappened: 'My recycling bin was missed three weeks running, and nobody called me back.',
  putRight: 'Collect it, and call me back when you say you will.',
  'problemOn-day': '1',
  'problemOn-month': '12',
  'problemOn-year': '2026',
  serviceId: '',
  aboutCase: '',
  contactName: 'Jo Bloggs',
  contactEmail: 'jo.bloggs@example.com',
  contactPhone: '',
};

const errorSummary = (body: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
const escape = (text: string) => text.replace(/'/g, '&#39;').replace(/"/g, '&quot;');

forEachEngine('making a complaint on /complain', (_use, engine) => {
  let t: TestApp;
  // Tuesday 22 December 2026, 10:00.
  const now = new Date('2026-12-22T10:00:00Z');
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => now });
  });
  afterAll(() => t.close());
  const db = () => t.database.db;

  async function send(form: Record<string, string>, url = '/complain') {
    const client = new Client(t.app);
    const page = await client.get(url);
    expect(page.statusCode).toBe(200);
    return client.post('/complain', form);
  }

  it('says how long a person has to complain, that a request goes on, and what happens next; asks no language where the council is not Welsh', async () => {
    const page = await t.app.inject('/complain');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Complain within 12 months of the problem, or of finding out about it');
    expect(page.body).toContain('we will keep working on that request while we look at your complaint');
    expect(page.body).toContain('We will acknowledge your complaint within 5 working days of receiving it.');
    expect(page.body).toContain('Local Government and Social Care Ombudsman');
    expect(page.body).not.toContain('Which language should we reply in?');
  });

  describe('each mistake is named on its question, linked from the summary, with what was typed kept', () => {
    const cases: [string, Record<string, string>, string, string][] = [
      ['nothing in what went wrong', { whatHappened: '   ' }, 'Enter what went wrong', '#whatHappened'],
      ['an email address that is not one', { contactEmail: 'jo.bloggs at example' }, 'Enter an email address in the correct format, like name@example.com', '#contactEmail'],
      ['a date in the future', { 'problemOn-day': '23', 'problemOn-month': '12', 'problemOn-year': '2026' }, 'The date the problem happened must be today or in the past', '#problemOn-day'],
      ['31 February', { 'problemOn-day': '31', 'problemOn-month': '2', 'problemOn-year': '2026' }, 'Enter the date the problem happened as a real date', '#problemOn-day'],
      ['a date with no month', { 'problemOn-day': '3', 'problemOn-month': '', 'problemOn-year': '2026' }, 'The date the problem happened must include a month', '#problemOn-month'],
      ['no way to reply', { contactEmail: '', contactPhone: '' }, NO_WAY_TO_REPLY, '#contactEmail'],
      ['no name', { contactName: '' }, 'Enter your name', '#contactName'],
      ['a phone number that is not one', { contactPhone: '12345' }, 'Enter a UK phone number, like 07700 900 982', '#contactPhone'],
      ['a mistyped reference', { aboutCase: 'HN4K-7PQ3' }, 'Check your reference number: one of the characters is not right', '#aboutCase'],
    ];
    for (const [what, change, message, href] of cases) {
      it(what, async () => {
        const response = await send({ ...good, ...change });
        expect(response.statusCode).toBe(400);
        expect(errorSummary(response.body)).toContain(`<a href="${href}">${escape(message)}</a>`);
        // The message on the question itself too.
        expect(response.body).toMatch(new RegExp(`govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ${escape(message).replace(/[.()]/g, '\\$&')}`));
        for (const [name, value] of Object.entries({ ...good, ...change })) {
          if (value.trim() && !name.startsWith('problemOn') && name !== 'serviceId') expect(response.body).toContain(escape(value));
        }
        if (change['problemOn-day']) expect(response.body).toContain(`value="${change['problemOn-day']}"`);
      });
    }

    it('text the database cannot store, a question answered twice, too much text: named on the question, nothing saved, never a 500', async () => {
      const count = async () => Number((await db().selectFrom('complaint').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const cases: [Record<string, string | string[]>, string][] = [
        [{ whatHappened: 'before\u0000after' }, '#whatHappened'],
        [{ contactName: 'Jo\u0000' }, '#contactName'],
        [{ whatHappened: ['one', 'two'] }, '#whatHappened'],
        [{ whatHappened: 'x'.repeat(5001) }, '#whatHappened'],
        [{ 'problemOn-year': '26' }, '#problemOn-year'],
        [{ serviceId: 'not-a-service' }, '#serviceId'],
      ];
      for (const [change, href] of cases) {
        const client = new Client(t.app);
        await client.get('/complain');
        const response = await client.post('/complain', { ...good, ...change });
        expect({ change, status: response.statusCode }).toEqual({ change, status: 400 });
        expect({ change, linked: errorSummary(response.body).includes(`<a href="${href}">`) }).toEqual({ change, linked: true });
      }
      expect(await count()).toBe(before);
    });

    it('a reference of no request: the complaints service says so on its question', async () => {
      let reference = newReference();
      while (await selectCase(db(), { reference })) reference = newReference();
      const response = await send({ ...good, aboutCase: reference.toLowerCase() });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toContain('<a href="#aboutCase">There is no case with that reference');
      expect(response.body).toContain(`value="${reference.toLowerCase()}"`);
    });
  });

  it('a good complaint: a case of the complaint type received on the web now, its reference, private link and the dates we promise', async () => {
    const response = await send(good);
    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers.location), 'http://localhost');
    expect(location.pathname).toBe('/complain/sent');
    const reference = location.searchParams.get('reference')!;
    const token = location.searchParams.get('t')!;
    const row = await db()
      .selectFrom('cases as c')
      .innerJoin('complaint as k', 'k.case_id', 'c.id')
      .select(['c.channel', 'c.received_at', 'k.stage', 'k.language', 'k.late', 'k.about_service_id', 'k.about_standard_id'])
      .select((eb) => eb.cast<string>('k.problem_on', 'text').as('problem_on'))
      .where('c.reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'web', stage: 1, language: 'en', late: false, problem_on: '2026-12-01', about_service_id: null, about_standard_id: null });
    expect(row.received_at.toISOString()).toBe(now.toISOString());

    const sent = await t.app.inject(String(response.headers.location));
    expect(sent.statusCode).toBe(200);
    expect(sent.headers['referrer-policy']).toBe('no-referrer');
    expect(sent.body).toContain(reference);
    expect(sent.body).toContain(`href="/track/${token}"`);
    const ack = await db()
      .selectFrom('case_standard as cs')
      .innerJoin('cases as c', 'c.id', 'cs.case_id')
      .innerJoin('service_standard as ss', 'ss.id', 'cs.standard_id')
      .select('cs.due_at')
      .where('c.reference', '=', reference)
      .where('ss.code', '=', 'complaint-stage-1-acknowledgement')
      .executeTakeFirstOrThrow();
    expect(sent.body).toContain(`We will acknowledge your complaint by ${dayIn('en', ack.due_at!)}.`);
    // The reply's clock starts at acknowledgement, so its promise has no date yet.
    expect(sent.body).toContain('We will respond to your complaint within 10 working days of acknowledging it.');

    // Someone else's guess at the link gets neither the link nor the dates.
    const guessed = await t.app.inject(`/complain/sent?reference=${reference}&t=${'A'.repeat(32)}`);
    expect(guessed.statusCode).toBe(200);
    expect(guessed.body).toContain('We will acknowledge your complaint within 5 working days of receiving it.');
    expect(guessed.body).not.toContain('/track/AAAA');
    expect(guessed.body).not.toContain(dayIn('en', ack.due_at!));
  });

  it('about a request already made: the complaint points at it, and the request goes on', async () => {
    const raised = await raiseCase({ db: db(), actor: { type: 'resident', label: 'Jo Bloggs' }, now, publicUrl: 'https://council.example' }, {
      requestType: await getRequestType(db(), { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      contact: { name: 'Jo Bloggs', email: 'jo.bloggs@example.com' },
      receivedAt: now,
    });
    const before = (await selectCase(db(), { reference: raised.reference }))!;
    const response = await send({ ...good, aboutCase: raised.reference.toLowerCase().replace('-', ' '), contactEmail: '', contactPhone: '07700 900 982' });
    expect(response.statusCode).toBe(303);
    const reference = new URL(String(response.headers.location), 'http://localhost').searchParams.get('reference')!;
    const complaint = await db().selectFrom('complaint as k').innerJoin('cases as c', 'c.id', 'k.case_id').select(['k.about_case_id', 'k.about_service_id']).where('c.reference', '=', reference).executeTakeFirstOrThrow();
    expect(complaint).toEqual({ about_case_id: before.id, about_service_id: before.serviceId });
    expect((await selectCase(db(), { reference: raised.reference }))!.status).toBe(before.status);
  });

  it('from the charter: records the standard and its service, filled in from the report just made', async () => {
    const standard = await db()
      .selectFrom('service_standard as ss')
      .innerJoin('service as s', 's.id', 'ss.service_id')
      .innerJoin('service_standard_version as v', (j) => j.onRef('v.standard_id', '=', 'ss.id').onRef('v.version', '=', 'ss.current_version'))
      .select(['ss.id', 'ss.service_id', 'v.sentence'])
      .where('s.published', '=', true)
      .where('s.code', '!=', 'complaints')
      .where('v.published', '=', true)
      .executeTakeFirstOrThrow();
    const feedbackId = await recordFeedback(db(), { type: 'resident', label: 'Jo Bloggs' }, {
      kind: 'failed_standard',
      receivedAt: new Date(now.getTime() - 60_000),
      happenedOn: '2026-12-14',
      channel: 'web',
      body: 'Nobody came when you said they would.',
      standardId: standard.id,
      contact: { name: 'Jo Bloggs', email: 'jo.bloggs@example.com' },
    });
    const client = new Client(t.app);
    const form = await client.get(`/complain?standard=${standard.id}&feedback=${feedbackId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(escape(standard.sentence));
    expect(form.body).toContain('Nobody came when you said they would.');
    expect(form.body).toContain('value="14"');
    expect(form.body).toContain('value="jo.bloggs@example.com"');
    expect(form.body).toContain(`<option value="${standard.service_id}" selected>`);
    // Another standard's address does not fill the form with this report.
    const other = await client.get(`/complain?feedback=${feedbackId}`);
    expect(other.body).not.toContain('Nobody came when you said they would.');

    expect(form.body).toContain(`name="feedbackId" value="${feedbackId}"`);
    const response = await client.post('/complain', { ...good, standardId: standard.id, serviceId: standard.service_id, feedbackId });
    expect(response.statusCode).toBe(303);
    const reference = new URL(String(response.headers.location), 'http://localhost').searchParams.get('reference')!;
    const complaint = await db().selectFrom('complaint as k').innerJoin('cases as c', 'c.id', 'k.case_id').select(['k.case_id', 'k.about_standard_id', 'k.about_service_id']).where('c.reference', '=', reference).executeTakeFirstOrThrow();
    expect(complaint).toMatchObject({ about_standard_id: standard.id, about_service_id: standard.service_id });
    // The report made first is tied to the complaint, so the insight group reads them together.
    const report = await db().selectFrom('feedback').select('case_id').where('id', '=', feedbackId).executeTakeFirstOrThrow();
    expect(report.case_id).toBe(complaint.case_id);
  });

  it('asks which language to reply in where the council replies in Welsh, and keeps the answer', async () => {
    await db().updateTable('complaint_setting').set({ welsh: true }).execute();
    try {
      const form = await t.app.inject('/complain');
      expect(form.body).toContain('Which language should we reply in?');
      expect(form.body).toContain('lang="cy"');
      const unanswered = await send(good);
      expect(unanswered.statusCode).toBe(400);
      expect(errorSummary(unanswered.body)).toContain('<a href="#language">Select the language we should reply in</a>');
      const response = await send({ ...good, language: 'cy' });
      const reference = new URL(String(response.headers.location), 'http://localhost').searchParams.get('reference')!;
      const complaint = await db().selectFrom('complaint as k').innerJoin('cases as c', 'c.id', 'k.case_id').select('k.language').where('c.reference', '=', reference).executeTakeFirstOrThrow();
      expect(complaint.language).toBe('cy');
    } finally {
      await db().updateTable('complaint_setting').set({ welsh: false }).execute();
    }
  });

  it('a council that has not chosen its procedure: how to complain to it meanwhile, not an error', async () => {
    const setting = await db().selectFrom('complaint_setting').selectAll().executeTakeFirstOrThrow();
    await db().deleteFrom('complaint_setting').execute();
    try {
      const page = await t.app.inject('/complain');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('You cannot make a complaint on this website yet');
      const client = new Client(t.app);
      await client.get('/track');
      const posted = await client.post('/complain', good);
      expect(posted.statusCode).toBe(200);
      expect(posted.body).toContain('You cannot make a complaint on this website yet');
    } finally {
      await db().insertInto('complaint_setting').values({ ...setting, id: 1 as const }).execute();
    }
  });
});
