// Customer Insight over HTTP on both engines: residents pay a compliment, make a comment and report
// a standard not met (and are sent on to /complain when they want a complaint); mistakes come back
// as an error summary naming the question with everything typed kept, and nothing is saved; staff
// work the queue, tag, review, raise and complete actions (refused when stale or incomplete), which
// then show on "You said, we did"; roles without the permission are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { getRequestType } from '../charter/service.js';
import { raiseCase } from '../cases/service.js';
import { recordFeedback } from './service.js';

// Wednesday 20 May 2026, 11:00 in London.
const NOW = new Date('2026-05-20T10:00:00Z');

forEachEngine('the customer insight pages', (_use, engine) => {
  let t: TestApp;
  let standardId = '';
  let serviceId = '';
  let serviceCode = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const standard = await t.database.db
      .selectFrom('service_standard as s')
      .innerJoin('service', 'service.id', 's.service_id')
      .select(['s.id', 's.service_id', 'service.code'])
      .where('service.published', '=', true)
      .executeTakeFirstOrThrow();
    standardId = standard.id;
    serviceId = standard.service_id;
    serviceCode = standard.code;
  });
  afterAll(() => t?.close());

  const db = () => t.database.db;
  const feedbackCount = async () => Number((await db().selectFrom('feedback').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const resident = async (url: string) => {
    const client = new Client(t.app);
    await client.get(url);
    return client;
  };
  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };

  describe('residents', () => {
    it('pays a compliment about a service and sees the confirmation', async () => {
      const client = await resident(`/compliment?service=${serviceId}`);
      const form = await client.get(`/compliment?service=${serviceId}`);
      expect(form.body).toContain('Pay a compliment');
      expect(form.body).toContain(`value="${serviceId}" selected`);
      const sent = await client.post('/compliment', { serviceId, body: 'The crew were lovely', contactName: 'Ann Lee', contactEmail: 'ann@example.com' });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe('/compliment/sent');
      expect((await client.get('/compliment/sent')).body).toContain('Compliment sent');
      const row = await db().selectFrom('feedback').selectAll().where('kind', '=', 'compliment').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ service_id: serviceId, body: 'The crew were lovely', contact_name: 'Ann Lee', contact_email: 'ann@example.com', channel: 'web' });
    });

    it('refuses an empty comment and a bad email, naming each question, keeping what was typed, saving nothing', async () => {
      const before = await feedbackCount();
      const client = await resident('/comment');
      const refused = await client.post('/comment', { serviceId: '', body: '   ', contactName: 'Ann <Lee>', contactEmail: 'not an email' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('<title>Error: Make a comment');
      expect(refused.body).toContain('href="#body">Enter what you want to tell us');
      expect(refused.body).toContain('href="#contactEmail">Enter an email address in the correct format');
      expect(refused.body).toContain('value="Ann &lt;Lee&gt;"');
      expect(refused.body).toContain('value="not an email"');
      const tooLong = await client.post('/comment', { serviceId: '', body: 'x'.repeat(5001), contactName: '', contactEmail: '' });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.body).toContain('What you want to tell us must be 5000 characters or fewer');
      const unknownService = await client.post('/comment', { serviceId: '00000000-0000-4000-8000-000000000000', body: 'Hello', contactName: '', contactEmail: '' });
      expect(unknownService.statusCode).toBe(400);
      expect(unknownService.body).toContain('Select the service from the list');
      expect(await feedbackCount()).toBe(before);
    });

    it('links every standard on the charter to its report, and each service page to the feedback forms', async () => {
      const charter = await (await resident('/standards')).get('/standards');
      expect(charter.body).toContain(`href="/standards/${standardId}/not-met"`);
      const servicePage = await (await resident(`/standards/${serviceCode}`)).get(`/standards/${serviceCode}`);
      expect(servicePage.body).toContain(`href="/compliment?service=${serviceId}"`);
      expect(servicePage.body).toContain(`href="/comment?service=${serviceId}"`);
      expect(servicePage.body).toContain(`href="/complain?service=${serviceId}"`);
      const home = await (await resident('/')).get('/');
      for (const href of ['/compliment', '/comment', '/complain', '/you-said-we-did']) expect(home.body).toContain(`href="${href}"`);
    });

    it('answers 404 for a standard that is not on the charter', async () => {
      const client = await resident('/standards');
      expect((await client.get('/standards/00000000-0000-4000-8000-000000000000/not-met')).statusCode).toBe(404);
      expect((await client.get('/standards/not-a-uuid/not-met')).statusCode).toBe(404);
      // With a good token from a real form, so that it is the standard that is refused.
      await client.get(`/standards/${standardId}/not-met`);
      expect((await client.post('/standards/00000000-0000-4000-8000-000000000000/not-met', { body: 'x', complaint: 'no' })).statusCode).toBe(404);
    });

    it('refuses a report without a date, what happened or the complaint question, and a date in the future', async () => {
      const before = await feedbackCount();
      const client = await resident(`/standards/${standardId}/not-met`);
      const refused = await client.post(`/standards/${standardId}/not-met`, { 'happenedOn-day': '', 'happenedOn-month': '', 'happenedOn-year': '', body: '', contactName: 'Bo', contactEmail: '' });
      expect(refused.statusCode).toBe(400);
      const summary = refused.body.slice(refused.body.indexOf('govuk-error-summary__list'));
      expect(summary.indexOf('Enter the date it happened')).toBeLessThan(summary.indexOf('Enter what happened'));
      expect(refused.body).toContain('href="#happenedOn-day"');
      expect(refused.body).toContain('Select yes if you want us to treat this as a complaint');
      expect(refused.body).toContain('value="Bo"');
      const future = await client.post(`/standards/${standardId}/not-met`, { 'happenedOn-day': '21', 'happenedOn-month': '5', 'happenedOn-year': '2026', body: 'Late', contactName: '', contactEmail: '', complaint: 'no' });
      expect(future.statusCode).toBe(400);
      expect(future.body).toContain('Date it happened must be today or in the past');
      expect(future.body).toContain('Late</textarea>');
      const notReal = await client.post(`/standards/${standardId}/not-met`, { 'happenedOn-day': '31', 'happenedOn-month': '2', 'happenedOn-year': '2026', body: 'Late', contactName: '', contactEmail: '', complaint: 'no' });
      expect(notReal.body).toContain('Date it happened must be a real date');
      expect(await feedbackCount()).toBe(before);
    });

    it('records a report of a standard not met, with its service, and sends those who want a complaint on to /complain', async () => {
      const client = await resident(`/standards/${standardId}/not-met`);
      const just = await client.post(`/standards/${standardId}/not-met`, { 'happenedOn-day': '18', 'happenedOn-month': '5', 'happenedOn-year': '2026', body: 'Nobody came', contactName: '', contactEmail: '', complaint: 'no' });
      expect(just.statusCode).toBe(303);
      expect(just.headers.location).toBe(`/standards/${standardId}/not-met/sent`);
      expect((await client.get(String(just.headers.location))).body).toContain(`/complain?standard=${standardId}`);
      await client.get(`/standards/${standardId}/not-met`);
      const complaint = await client.post(`/standards/${standardId}/not-met`, { 'happenedOn-day': '19', 'happenedOn-month': '5', 'happenedOn-year': '2026', body: 'Still nobody', contactName: 'Cy', contactEmail: 'cy@example.com', complaint: 'yes' });
      expect(complaint.statusCode).toBe(303);
      const row = await db().selectFrom('feedback').select(['id', 'service_id', 'standard_id', 'kind']).where('body', '=', 'Still nobody').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'failed_standard', standard_id: standardId, service_id: serviceId });
      expect(complaint.headers.location).toBe(`/complain?standard=${standardId}&feedback=${row.id}`);
    });
  });

  describe('staff', () => {
    it('refuses the queue to an advisor, and its changes to a complaints officer, who may read it', async () => {
      expect((await (await signedIn('advisor@brackenfield.example')).get('/staff/insight')).statusCode).toBe(403);
      const officer = await signedIn('complaints@brackenfield.example');
      expect((await officer.get('/staff/insight')).statusCode).toBe(200);
      const id = (await db().selectFrom('feedback').select('id').executeTakeFirstOrThrow()).id;
      await officer.get(`/staff/insight/feedback/${id}`);
      expect((await officer.post(`/staff/insight/feedback/${id}/reviewed`, { reviewed: 'yes' })).statusCode).toBe(403);
      expect((await officer.get('/staff/insight/actions/new')).statusCode).toBe(403);
    });

    it('lists the feedback, filtered by kind, and tags, reviews and raises an action from one', async () => {
      const manager = await signedIn('manager@brackenfield.example');
      const queue = await manager.get('/staff/insight');
      expect(queue.statusCode).toBe(200);
      expect(queue.body).toContain('Still nobody');
      const compliments = await manager.get('/staff/insight?kind=compliment');
      expect(compliments.body).toContain('The crew were lovely');
      expect(compliments.body).not.toContain('Still nobody');

      const id = (await db().selectFrom('feedback').select('id').where('body', '=', 'Still nobody').executeTakeFirstOrThrow()).id;
      const page = await manager.get(`/staff/insight/feedback/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('19 May 2026');
      const theme = await db().selectFrom('insight_theme').select('id').where('name', '=', 'Missed collections').executeTakeFirstOrThrow();
      expect((await manager.post(`/staff/insight/feedback/${id}/themes`, { themes: [theme.id] })).statusCode).toBe(303);
      expect((await manager.get(`/staff/insight?theme=${theme.id}`)).body).toContain('Still nobody');
      expect((await manager.post(`/staff/insight/feedback/${id}/themes`, { themes: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(400);
      expect((await manager.post(`/staff/insight/feedback/${id}/reviewed`, { reviewed: 'yes' })).statusCode).toBe(303);
      expect((await manager.get('/staff/insight?reviewed=no')).body).not.toContain('Still nobody');

      await manager.get(`/staff/insight/actions/new?feedback=${id}`);
      const badDate = await manager.post('/staff/insight/actions/new', {
        feedbackId: id, title: 'Fix the round', plan: '', serviceId: '', ownerId: '', 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2026', status: 'open', outcome: '', youSaid: '', weDid: '',
      });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.body).toContain('href="#dueOn-day">Due date must be a real date');
      expect(badDate.body).toContain('value="Fix the round"');
      expect(await db().selectFrom('insight_action').select('id').execute()).toHaveLength(0);

      const owner = await db().selectFrom('staff_user').select('id').where('email', '=', 'officer@brackenfield.example').executeTakeFirstOrThrow();
      const created = await manager.post('/staff/insight/actions/new', {
        feedbackId: id, title: 'Fix the round', plan: 'Re-route the crew', serviceId, ownerId: owner.id, 'dueOn-day': '1', 'dueOn-month': '5', 'dueOn-year': '2026', status: 'open', outcome: '', youSaid: '', weDid: '',
      });
      expect(created.statusCode).toBe(303);
      const actionPath = String(created.headers.location).split('?')[0]!;
      const actionPage = await manager.get(actionPath);
      expect(actionPage.body).toContain('Overdue');
      expect(actionPage.body).toContain('Still nobody');
      expect((await manager.get('/staff/insight/actions')).body).toContain('Overdue');

      // Done needs the outcome and the public wording; nothing is saved without them.
      const version = /name="version" value="(\d+)"/.exec(actionPage.body)![1]!;
      const form = { title: 'Fix the round', plan: 'Re-route the crew', serviceId, ownerId: owner.id, 'dueOn-day': '1', 'dueOn-month': '5', 'dueOn-year': '2026', version };
      const incomplete = await manager.post(actionPath, { ...form, status: 'done', outcome: '', youSaid: '', weDid: '' });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('Enter the outcome before marking the action done');
      expect(incomplete.body).toContain('Enter what residents said');
      expect((await db().selectFrom('insight_action').select('status').executeTakeFirstOrThrow()).status).toBe('open');

      const done = await manager.post(actionPath, { ...form, status: 'done', outcome: 'Route changed', youSaid: 'Bins were missed on Mill Lane', weDid: 'We changed the round' });
      expect(done.statusCode).toBe(303);
      const stale = await manager.post(actionPath, { ...form, status: 'in_progress', outcome: 'Route changed', youSaid: 'x', weDid: 'y' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('This action changed since you opened it');
      expect(stale.body).toContain(`name="version" value="${Number(version) + 1}"`);

      const public_ = await (await resident('/you-said-we-did')).get('/you-said-we-did');
      expect(public_.body).toContain('Bins were missed on Mill Lane');
      expect(public_.body).toContain('We changed the round');
    });

    it('links a complaint to its case page, and shows a customer\'s feedback on their timeline', async () => {
      const database = db();
      const customerId = (await database.insertInto('customer').values({ kind: 'person', given_name: 'Dee', family_name: 'Roe', display_name: 'Dee Roe', search_name: 'dee roe' }).returning('id').executeTakeFirstOrThrow()).id;
      const raised = await raiseCase({ db: database, actor: { type: 'resident', label: 'Dee Roe' }, now: NOW, publicUrl: 'https://brackenfield.example' }, {
        requestType: await getRequestType(database, { code: 'missed-bin' }),
        channel: 'web',
        answers: { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '1 Mill Lane', postcode: 'BF1 2AB' } },
        contact: { name: 'Dee Roe' },
        receivedAt: NOW,
      });
      const caseId = (await database.selectFrom('cases').select('id').where('reference', '=', raised.reference).executeTakeFirstOrThrow()).id;
      await recordFeedback(database, { type: 'resident', label: 'Dee Roe' }, { kind: 'complaint', receivedAt: NOW, channel: 'web', body: '', caseId });
      await recordFeedback(database, { type: 'resident', label: 'Dee Roe' }, { kind: 'compliment', receivedAt: NOW, channel: 'phone', body: 'Kind advisor on the phone', customerId });
      const manager = await signedIn('manager@brackenfield.example');
      const complaints = await manager.get('/staff/insight?kind=complaint');
      expect(complaints.body).toContain(`href="/staff/cases/${raised.reference}"`);
      const customer = await manager.get(`/staff/customers/${customerId}`);
      expect(customer.body).toContain('Kind advisor on the phone');
    });

    it('adds, renames and stops using themes, refusing a duplicate name', async () => {
      const manager = await signedIn('manager@brackenfield.example');
      await manager.get('/staff/insight/themes');
      expect((await manager.post('/staff/insight/themes', { name: 'Parking' })).statusCode).toBe(303);
      const dup = await manager.post('/staff/insight/themes', { name: 'parking' });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('There is already a theme called parking');
      const empty = await manager.post('/staff/insight/themes', { name: '  ' });
      expect(empty.body).toContain('Enter the name of the theme');
      const theme = await db().selectFrom('insight_theme').select('id').where('name', '=', 'Parking').executeTakeFirstOrThrow();
      expect((await manager.post(`/staff/insight/themes/${theme.id}`, { name: 'Parking permits', active: 'no' })).statusCode).toBe(303);
      expect(await db().selectFrom('insight_theme').select(['name', 'active']).where('id', '=', theme.id).executeTakeFirstOrThrow()).toEqual({ name: 'Parking permits', active: false });
      expect((await manager.post('/staff/insight/themes/00000000-0000-4000-8000-000000000000', { name: 'X', active: 'yes' })).statusCode).toBe(404);
    });
  });
});
