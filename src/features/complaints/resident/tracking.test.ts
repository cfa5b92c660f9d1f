// A resident follows their complaint on the tracking page, over HTTP on both engines: the dates we
// promised, our reply in full, and the stage 2 form, offered only once stage 1 has been answered;
// asking with no reason, or asking twice, is refused with the error summary; a request is recorded
// as the resident's, with the banner and the new promises. A request that is not a complaint shows
// none of it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { findUserByEmail } from '../../../platform/auth/users.js';
import { getRequestType } from '../../charter/service.js';
import { raiseCase } from '../../cases/service.js';
import { acknowledgeComplaint, getComplaint, makeComplaint, respondToComplaint } from '../service.js';
import { dayIn } from '../words.js';

const errorSummary = (body: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
const STAGE_2_BUTTON = 'Ask for a stage 2 review';

forEachEngine('a complaint on the tracking page', (_use, engine) => {
  let t: TestApp;
  // Tuesday 22 December 2026, moved on by each step.
  let now = new Date('2026-12-22T10:00:00Z');
  const later = (days: number) => (now = new Date(now.getTime() + days * 86_400_000));
  let reference = '';
  let token = '';
  let grace: Actor;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => now });
    const user = (await findUserByEmail(t.database.db, 'complaints@brackenfield.example'))!;
    grace = { type: 'staff', id: user.id, label: user.display_name };
    const made = await makeComplaint(ctx({ type: 'resident', label: 'Jo Bloggs' }), {
      channel: 'web',
      receivedAt: now,
      contact: { name: 'Jo Bloggs', email: 'jo.bloggs@example.com' },
      whatHappened: 'My bin was missed three weeks running.',
      problemOn: '2026-12-01',
    });
    reference = made.reference;
    token = made.trackingToken!;
  });
  afterAll(() => t.close());
  const db = () => t.database.db;
  function ctx(actor: Actor) {
    return { db: t.database.db, actor, now, publicUrl: 'https://council.example' };
  }
  const due = async (code: string) =>
    (await db()
      .selectFrom('case_standard as cs')
      .innerJoin('cases as c', 'c.id', 'cs.case_id')
      .innerJoin('service_standard as ss', 'ss.id', 'cs.standard_id')
      .select('cs.due_at')
      .where('c.reference', '=', reference)
      .where('ss.code', '=', code)
      .executeTakeFirstOrThrow()).due_at!;

  it('shows what we promise: the acknowledgement by its day, the reply as a promise until its clock starts; no stage 2 form yet', async () => {
    const page = await t.app.inject(`/track/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your complaint');
    expect(page.body).toContain(`We will acknowledge your complaint by ${dayIn('en', await due('complaint-stage-1-acknowledgement'))}`);
    expect(page.body).toContain('We will respond to your complaint within 10 working days of acknowledging it.');
    // The complaint says itself when we will do what.
    expect(page.body).not.toContain('We aim to deal with this by');
    expect(page.body).not.toContain(STAGE_2_BUTTON);
    // Nor can it be asked for by posting the form anyway.
    const client = new Client(t.app);
    await client.get(`/track/${token}`);
    const early = await client.post(`/track/${token}/stage-2`, { reason: 'I have waited long enough.' });
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toContain('<a href="#reason">You can ask for stage 2 once we have sent our stage 1 response</a>');
  });

  it('after acknowledgement: the reply by its day', async () => {
    later(1);
    await acknowledgeComplaint(ctx(grace), { reference });
    const page = await t.app.inject(`/track/${token}`);
    expect(page.body).toContain(`We will reply to your complaint by ${dayIn('en', await due('complaint-stage-1-response'))}`);
    expect(page.body).not.toContain('We will acknowledge your complaint by');
  });

  it('after our stage 1 reply: the letter in full, and the stage 2 form; an empty reason is refused with what to do', async () => {
    later(2);
    await respondToComplaint(ctx(grace), { reference, response: { decision: 'partly_upheld', reasons: 'The crew missed the bin twice, not three times.', apology: 'yes', actionTaken: 'The round has been re-planned.' } });
    const client = new Client(t.app);
    const page = await client.get(`/track/${token}`);
    expect(page.body).toContain('Stage 1, ');
    expect(page.body).toContain('Our decision: Partly upheld: we agree with some of your complaint.');
    expect(page.body).toContain('We have replied to your complaint.');
    // The page's own "We resolved this request" would read as if the complaint were over.
    expect(page.body).not.toContain('We resolved this request');
    expect(page.body).toContain('govuk-details');
    expect(page.body).toContain('The crew missed the bin twice, not three times.');
    expect(page.body).toContain(STAGE_2_BUTTON);
    expect(page.body).not.toContain(grace.label);
    const empty = await client.post(`/track/${token}/stage-2`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toContain('<a href="#reason">Tell us why you are not satisfied with our response</a>');
    expect(empty.body).toContain('id="reason-error"');
    expect((await getComplaint(db(), reference))!.stage).toBe(1);
  });

  it('asking for stage 2 with a reason: recorded as the resident’s, a banner and the new promises; a second request is refused', async () => {
    later(1);
    const client = new Client(t.app);
    await client.get(`/track/${token}`);
    const asked = await client.post(`/track/${token}/stage-2`, { reason: 'It was three times, and nobody has called me.' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/track/${token}?stage2=asked`);
    const complaint = (await getComplaint(db(), reference))!;
    expect(complaint.stage).toBe(2);
    expect(complaint.stages.find((s) => s.stage === 2)).toMatchObject({ startedHow: 'escalated_by_resident', reason: 'It was three times, and nobody has called me.' });
    const event = await db().selectFrom('case_event as e').innerJoin('cases as c', 'c.id', 'e.case_id').select(['e.detail', 'e.actor_type']).where('c.reference', '=', reference).where('e.type', '=', 'complaint_escalated').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: 'resident', detail: { by: 'resident' } });

    const page = await client.get(String(asked.headers.location));
    expect(page.body).toContain('govuk-notification-banner--success');
    expect(page.body).toContain('We have your request for a stage 2 review');
    expect(page.body).toContain(`We will acknowledge your request for a stage 2 review by ${dayIn('en', await due('complaint-stage-2-acknowledgement'))}`);
    expect(page.body).not.toContain(STAGE_2_BUTTON);

    const again = await client.post(`/track/${token}/stage-2`, { reason: 'Please look again.' });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toContain('This complaint has already been through stage 2');
    expect(again.body).toContain('id="reason"');
    expect(again.body).not.toContain('We have your request for a stage 2 review');
  });

  it('by reference and email address too; a request that is not a complaint has no complaint section', async () => {
    const client = new Client(t.app);
    await client.get('/track');
    await client.post('/track', { reference, contact: 'jo.bloggs@example.com' });
    const page = await client.get('/track/your-request');
    expect(page.body).toContain('Your complaint');
    const refused = await client.post('/track/your-request/stage-2', { reason: 'Again.' });
    expect(refused.statusCode).toBe(400);

    const bin = await raiseCase(ctx({ type: 'resident', label: 'Jo Bloggs' }), {
      requestType: await getRequestType(db(), { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      contact: { name: 'Jo Bloggs', email: 'jo.bloggs@example.com' },
      receivedAt: now,
    });
    const binPage = await t.app.inject(`/track/${bin.trackingToken}`);
    expect(binPage.statusCode).toBe(200);
    expect(binPage.body).not.toContain('Your complaint');
    expect(binPage.body).toContain('We aim to deal with this by');
    const notAComplaint = await new Client(t.app).post(`/track/${bin.trackingToken}/stage-2`, { reason: 'x' }, { csrf: false });
    expect(notAComplaint.statusCode).toBe(403);
  });
});
