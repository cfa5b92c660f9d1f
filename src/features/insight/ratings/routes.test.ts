// The rating pages over HTTP on both engines: the page an email's link opens (mistakes as a GOV.UK
// error summary, a second use refused, an unknown link a 404 page, never a 500), the one-question
// form on the confirmation page after a web request, an advisor's rating with a contact, and the
// staff page of net satisfaction with its CSV download, for managers only.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { inTransaction } from '../../../platform/db/database.js';
import { raiseCase } from '../../cases/service.js';
import { getRequestType } from '../../charter/service.js';
import { createRatingLink, createWebRatingToken } from './service.js';

const NOW = new Date('2026-05-20T10:00:00Z');
const ANSWERS = { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: 'Left at the gate' };

forEachEngine('the rating pages', (_use, engine) => {
  let t: TestApp;
  let customerId = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    customerId = (await db().insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t?.close());

  const db = () => t.database.db;
  const raise = async (channel: 'web' | 'phone') => {
    const raised = await raiseCase({ db: db(), actor: { type: 'resident', label: 'Alex Reed' }, now: NOW, publicUrl: 'https://brackenfield.example' }, {
      requestType: await getRequestType(db(), { code: 'missed-bin' }), channel, answers: ANSWERS, contact: { name: 'Alex Reed' }, receivedAt: NOW, customerId,
    });
    return raised;
  };
  const emailLink = async () => {
    const { id } = await raise('phone');
    return inTransaction(db(), (trx) => createRatingLink(trx, { caseId: id, purpose: 'closure', now: NOW }));
  };
  const ratings = () => db().selectFrom('rating').selectAll().orderBy('created_at').execute();

  it('asks how we did from the email’s link, and answers mistakes with an error summary, saving nothing', async () => {
    const path = await emailLink();
    const client = new Client(t.app);
    const page = await client.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How did we do with your request?');
    expect(page.body).toContain('Missed bin collection');

    const missing = await client.post(path, { reason: 'quick', comment: 'Kept' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('<a href="#score">Select how you rate the way we dealt with your request</a>');
    expect(missing.body).toContain('Kept</textarea>');
    expect(missing.body).toMatch(/<option value="quick" selected>/);

    const long = await client.post(path, { score: 'good', comment: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Comment must be 1000 characters or fewer');
    // Text the database cannot store is refused, never a 500.
    expect((await client.post(path, { score: 'good', comment: 'before\u0000after' })).statusCode).toBe(400);
    expect(await ratings()).toHaveLength(0);

    const sent = await client.post(path, { score: 'good', reason: 'quick', comment: 'Collected the same day' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/rate/thanks');
    expect((await client.get('/rate/thanks')).body).toContain('Thank you for your rating');
    expect((await ratings()).map((r) => [r.score, r.reason, r.source])).toEqual([[1, 'quick', 'email_link']]);

    // Used once: opening or sending it again says so, clearly.
    for (const again of [await client.get(path), await client.post(path, { score: 'poor' })]) {
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('This link has already been used to rate how we dealt with request');
    }
    expect(await ratings()).toHaveLength(1);
  });

  it('answers an unknown or mangled link with a 404 page, never a 500', async () => {
    for (const path of ['/rate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/rate/nonsense', '/rate/%E2%80%AE']) {
      const response = await t.app.inject(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.body).toContain('This rating link does not work');
    }
    const client = new Client(t.app);
    // A page with a form first, for the CSRF token.
    await client.get(await emailLink());
    for (const path of ['/rate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/rate/web/not-a-reference', '/rate/web/HN4K-7PQ2']) {
      expect((await client.post(path, { score: 'good', token: 'A'.repeat(32) })).statusCode, path).toBe(404);
    }
    // Without the CSRF token, refused.
    expect((await client.post(await emailLink(), { score: 'good' }, { csrf: false })).statusCode).toBe(403);
  });

  it('shows the one-question form after a web request only with its token, and takes one rating per case', async () => {
    const { id, reference } = await raise('web');
    const token = await createWebRatingToken(db(), { caseId: id, now: NOW });
    const client = new Client(t.app);
    const sent = await client.get(`/request/missed-bin/sent?reference=${reference}&r=${token}`);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('How was your experience of using this form?');
    expect(sent.body).toContain(`action="/rate/web/${reference}"`);
    // Without the token (another browser), or with another's, no form.
    expect((await t.app.inject(`/request/missed-bin/sent?reference=${reference}`)).body).not.toContain('How was your experience');
    expect((await t.app.inject(`/request/missed-bin/sent?reference=${reference}&r=${'A'.repeat(32)}`)).body).not.toContain('How was your experience');

    const missing = await client.post(`/rate/web/${reference}`, { token });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select how you rate your experience of using this form');
    expect(missing.body).toContain(`name="token" value="${token}"`);
    const wrongCase = await client.post(`/rate/web/${(await raise('web')).reference}`, { token, score: 'good' });
    expect(wrongCase.statusCode).toBe(404);

    const rated = await client.post(`/rate/web/${reference}`, { token, score: 'average', reason: 'hard', comment: '' });
    expect(rated.statusCode).toBe(303);
    const again = await client.post(`/rate/web/${reference}`, { token, score: 'good' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('You have already rated this form');
    expect((await client.get(`/request/missed-bin/sent?reference=${reference}&r=${token}`)).body).not.toContain('How was your experience');
    const rating = await db().selectFrom('rating').selectAll().where('case_id', '=', id).execute();
    expect(rating.map((r) => [r.score, r.reason, r.channel, r.source])).toEqual([[0, 'hard', 'web', 'web_form']]);
  });

  it('records the customer’s rating with the contact an advisor logs, or asks for the score', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    const form = await advisor.get(`/staff/contacts/new?customer=${customerId}`);
    expect(form.body).toContain('Customer’s rating of this contact (optional)');
    const contact = { customerId, channel: 'phone', direction: 'inbound', 'receivedDate-day': '20', 'receivedDate-month': '5', 'receivedDate-year': '2026', receivedTime: '10:30', outcome: 'resolved', avoidable: 'no' };
    const before = (await db().selectFrom('contact').select('id').execute()).length;
    const noScore = await advisor.post('/staff/contacts/new', { ...contact, ratingComment: 'Very patient' });
    expect(noScore.statusCode).toBe(400);
    expect(noScore.body).toContain('<a href="#ratingScore">Select how the customer rates this contact, or leave the rating out</a>');
    expect(noScore.body).toContain('Very patient</textarea>');
    expect(await db().selectFrom('contact').select('id').execute()).toHaveLength(before);

    const logged = await advisor.post('/staff/contacts/new', { ...contact, ratingScore: 'good', ratingReason: 'helpful', ratingComment: 'Very patient' });
    expect(logged.statusCode).toBe(303);
    const rating = await db().selectFrom('rating').innerJoin('contact', 'contact.id', 'rating.contact_id').select(['rating.score', 'rating.channel', 'rating.customer_id', 'rating.recorded_by', 'rating.comment', 'contact.customer_id as contact_customer']).executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ score: 1, channel: 'phone', customer_id: customerId, contact_customer: customerId, comment: 'Very patient' });
    expect(rating.recorded_by).not.toBeNull();
    // Without any rating the contact is logged as before.
    expect((await advisor.post('/staff/contacts/new', contact)).statusCode).toBe(303);
  });

  it('shows managers net satisfaction by channel, service and month, with a CSV, and refuses others', async () => {
    const manager = new Client(t.app);
    await manager.signIn('manager@brackenfield.example');
    const page = await manager.get('/staff/insight/ratings?from=2026-05-01&to=2026-05-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('By channel, 1 May 2026 to 31 May 2026');
    expect(page.body).toContain('By service');
    expect(page.body).toContain('By month');
    expect(page.body).toContain('May 2026');
    expect(page.body).toContain('href="/staff/insight/ratings"');

    const csv = await manager.get('/staff/insight/ratings.csv?from=2026-05-01&to=2026-05-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('Grouping,Key,Name,Good,Average,Poor,Responses,Net satisfaction');
    expect(lines).toContain('channel,total,All ratings,2,1,0,3,0.6667');
    expect(lines).toContain('month,2026-05,May 2026,2,1,0,3,0.6667');

    const bad = await manager.get('/staff/insight/ratings?from=31/02/2026&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Start date must be a real date');
    const backwards = await manager.get('/staff/insight/ratings?from=2026-06-01&to=2026-05-01');
    expect(backwards.body).toContain('End date must be the same as or after the start date');

    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    expect((await advisor.get('/staff/insight/ratings')).statusCode).toBe(403);
    expect((await t.app.inject('/staff/insight/ratings')).statusCode).toBe(303);
  });
});
