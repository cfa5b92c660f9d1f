// Satisfaction ratings on both engines: the link in the acknowledgement and closure emails (used
// once, refused the second time, expired, raced), the web form once per case, an advisor's rating
// recorded with the contact (both or neither), the insight queue for comments, the customer's
// timeline, and net satisfaction by channel, service and London month on a fixture counted by hand.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { bootstrap } from '../../../bootstrap.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { changeStatus } from '../../cases/lifecycle.js';
import { raiseCase } from '../../cases/service.js';
import { getRequestType } from '../../charter/service.js';
import { logContact } from '../../contacts/service.js';
import { customerHistory } from '../../customers/timeline.js';
import { checkRatingLink, createRatingLink, createWebRatingToken, netSatisfaction, recordRating, useRatingLink } from './service.js';

const NOW = new Date('2026-05-20T10:00:00Z');
const PUBLIC = 'https://brackenfield.example';
const ANSWERS = { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: 'Left at the gate' };
const resident: Actor = { type: 'resident', label: 'resident (rating link)' };
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

async function setUp(db: Db) {
  await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
  const staff = await db.selectFrom('staff_user').select(['id', 'display_name']).where('email', '=', 'advisor@brackenfield.example').executeTakeFirstOrThrow();
  const advisor: Actor = { type: 'staff', id: staff.id, label: staff.display_name };
  const customerId = (await db.insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;
  return { advisor, customerId };
}

forEachEngine('rating links and forms', (use) => {
  let db: Db;
  let advisor: Actor;
  let customerId = '';
  beforeAll(async () => {
    db = use().db;
    ({ advisor, customerId } = await setUp(db));
  });

  const raise = async (channel: 'phone' | 'web' = 'phone') => {
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    const raised = await raiseCase({ db, actor: advisor, now: NOW, publicUrl: PUBLIC }, { requestType, channel, answers: ANSWERS, contact: { name: 'Alex Reed', email: 'alex@example.com' }, receivedAt: NOW, customerId });
    return { ...raised, serviceId: requestType.serviceId };
  };
  const move = async (reference: string, to: string, now = NOW) => {
    const { version } = await db.selectFrom('cases').select('version').where('reference', '=', reference).executeTakeFirstOrThrow();
    await changeStatus({ db, actor: advisor, now, publicUrl: PUBLIC }, { reference, expectedVersion: version, to });
  };
  /** The token in the email sent with `template` for the case. */
  const emailToken = async (caseId: string, template: string) => {
    const sent = await db.selectFrom('notification').select(['body', 'personalisation']).where('case_id', '=', caseId).where('template_code', '=', template).executeTakeFirstOrThrow();
    const match = /How did we do\? Tell us: https:\/\/brackenfield\.example\/rate\/([A-Za-z0-9_-]{32})/.exec(sent.body);
    expect(match, sent.body).not.toBeNull();
    return match![1]!;
  };
  const good = { score: 1 as const, reason: 'quick' as const, comment: '' };

  it('puts a one-use link in the acknowledgement email, and records a rating of the case through it once', async () => {
    const kase = await raise('phone');
    // The confirmation of receipt carries none: there is nothing to rate yet.
    const received = await db.selectFrom('notification').select('personalisation').where('case_id', '=', kase.id).where('template_code', '=', 'case.received').executeTakeFirstOrThrow();
    expect(received.personalisation.rating_url).toBe('');
    await move(kase.reference, 'acknowledged');
    const token = await emailToken(kase.id, 'case.acknowledged');
    const stored = await db.selectFrom('rating_link').selectAll().where('case_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ purpose: 'acknowledgement', used_at: null });
    expect(stored.token_hash).not.toContain(token);
    expect(stored.expires_at).toEqual(later(30));

    expect(await checkRatingLink(db, token, NOW)).toMatchObject({ status: 'open', reference: kase.reference, serviceName: 'Missed bin collection' });
    const used = await useRatingLink(db, resident, { token, answer: { score: -1, reason: 'slow', comment: 'Took three calls to get anyone to listen.' }, now: later(1) });
    expect(used).toMatchObject({ status: 'recorded', reference: kase.reference });
    const rating = await db.selectFrom('rating').selectAll().where('case_id', '=', kase.id).executeTakeFirstOrThrow();
    // About the case: its service, its customer, and the channel the resident used to ask.
    expect(rating).toMatchObject({ score: -1, reason: 'slow', channel: 'phone', source: 'email_link', service_id: kase.serviceId, customer_id: customerId, link_id: stored.id, recorded_by: null });
    expect(rating.rated_at).toEqual(later(1));
    // A comment reaches the insight queue, in the same change.
    const feedback = await db.selectFrom('feedback').selectAll().where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
    expect(feedback).toMatchObject({ kind: 'rating', body: 'Took three calls to get anyone to listen.', case_id: kase.id, service_id: kase.serviceId, customer_id: customerId, channel: 'phone' });
    const audit = await db.selectFrom('audit_event').select(['action', 'customer_id']).where('subject_id', '=', rating.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'rating.recorded', customer_id: customerId });

    // The second use is refused, and nothing more is saved.
    expect(await useRatingLink(db, resident, { token, answer: good, now: later(2) })).toEqual({ status: 'used', reference: kase.reference });
    expect(await checkRatingLink(db, token, later(2))).toEqual({ status: 'used', reference: kase.reference });
    expect(await db.selectFrom('rating').select('id').where('case_id', '=', kase.id).execute()).toHaveLength(1);
  });

  it('offers a link when the work is done, and one rating is enough for the resolved and closed emails both', async () => {
    const kase = await raise();
    await move(kase.reference, 'resolved');
    await move(kase.reference, 'closed');
    const resolved = await emailToken(kase.id, 'case.resolved');
    const closed = await emailToken(kase.id, 'case.closed');
    expect(resolved).not.toBe(closed);
    expect(await useRatingLink(db, resident, { token: closed, answer: good, now: later(1) })).toMatchObject({ status: 'recorded' });
    expect(await useRatingLink(db, resident, { token: resolved, answer: good, now: later(1) })).toMatchObject({ status: 'used' });
    expect(await db.selectFrom('rating').select('id').where('case_id', '=', kase.id).execute()).toHaveLength(1);
  });

  it('takes one of the resolved and closed emails’ links used at the same moment, without a deadlock', async () => {
    const kase = await raise();
    await move(kase.reference, 'resolved');
    await move(kase.reference, 'closed');
    const tokens = [await emailToken(kase.id, 'case.resolved'), await emailToken(kase.id, 'case.closed')];
    const results = await Promise.all(tokens.map((token) => useRatingLink(db, resident, { token, answer: good, now: later(1) })));
    expect(results.map((r) => r.status).sort()).toEqual(['recorded', 'used']);
    expect(await db.selectFrom('rating').select('id').where('case_id', '=', kase.id).execute()).toHaveLength(1);
  });

  it('gives no rating for an unknown, malformed or expired link', async () => {
    const kase = await raise();
    const path = await inTransaction(db, (trx) => createRatingLink(trx, { caseId: kase.id, purpose: 'closure', now: NOW }));
    const token = path.replace('/rate/', '');
    expect(path).toMatch(/^\/rate\/[A-Za-z0-9_-]{32}$/);
    expect(await useRatingLink(db, resident, { token, answer: good, now: later(31) })).toEqual({ status: 'not_found' });
    expect(await checkRatingLink(db, token, later(30))).toEqual({ status: 'not_found' });
    expect(await checkRatingLink(db, 'A'.repeat(32), NOW)).toEqual({ status: 'not_found' });
    expect(await checkRatingLink(db, "'; DROP TABLE rating; --", NOW)).toEqual({ status: 'not_found' });
    expect(await db.selectFrom('rating').select('id').where('case_id', '=', kase.id).execute()).toHaveLength(0);
    // Still good the day before it expires.
    expect(await useRatingLink(db, resident, { token, answer: good, now: later(29) })).toMatchObject({ status: 'recorded' });
  });

  it('lets exactly one of two uses at once through', async () => {
    const kase = await raise();
    const token = (await inTransaction(db, (trx) => createRatingLink(trx, { caseId: kase.id, purpose: 'closure', now: NOW }))).replace('/rate/', '');
    const results = await Promise.all([1, 2, 3].map(() => useRatingLink(db, resident, { token, answer: good, now: later(1) }).catch((e: unknown) => e)));
    expect(results.filter((r) => (r as { status?: string }).status === 'recorded')).toHaveLength(1);
    expect(await db.selectFrom('rating').select('id').where('case_id', '=', kase.id).execute()).toHaveLength(1);
  });

  it('takes one rating per case from the web form, on the web channel, only with the case’s own token', async () => {
    const kase = await raise('web');
    const token = await createWebRatingToken(db, { caseId: kase.id, now: NOW });
    // Made once per case: a second is refused by the database.
    await expect(createWebRatingToken(db, { caseId: kase.id, now: NOW })).rejects.toThrow();
    const other = await raise('web');
    const expectOther = { purpose: 'web' as const, reference: other.reference };
    expect(await useRatingLink(db, resident, { token, answer: good, now: NOW, expect: expectOther })).toEqual({ status: 'not_found' });
    // The web form's token is not an email link.
    expect(await checkRatingLink(db, token, NOW)).toEqual({ status: 'not_found' });
    const expect1 = { purpose: 'web' as const, reference: kase.reference };
    expect(await useRatingLink(db, resident, { token, answer: { score: 0, reason: 'hard', comment: '' }, now: NOW, expect: expect1 })).toMatchObject({ status: 'recorded' });
    expect(await useRatingLink(db, resident, { token, answer: good, now: NOW, expect: expect1 })).toEqual({ status: 'used', reference: kase.reference });
    const rating = await db.selectFrom('rating').selectAll().where('case_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ score: 0, reason: 'hard', channel: 'web', source: 'web_form', comment: '' });
    // No comment, nothing for the insight queue.
    expect(await db.selectFrom('feedback').select('id').where('rating_id', '=', rating.id).execute()).toHaveLength(0);
    // Expired after a day.
    const late = await raise('web');
    const lateToken = await createWebRatingToken(db, { caseId: late.id, now: NOW });
    expect(await checkRatingLink(db, lateToken, later(1), { purpose: 'web', reference: late.reference })).toEqual({ status: 'not_found' });
  });

  it('records an advisor’s rating with the contact, in one change, and shows it on the customer’s timeline', async () => {
    const contact = { channel: 'face_to_face' as const, direction: 'inbound' as const, receivedAt: new Date('2026-05-20T09:00:00Z'), outcome: 'resolved' as const, avoidable: false, customerId };
    const logWithRating = (comment: string) =>
      inTransaction(db, async (trx) => {
        const { id } = await logContact({ db: trx, actor: advisor, now: NOW }, contact);
        await recordRating(trx, advisor, { score: 1, reason: 'helpful', comment, channel: 'face_to_face', source: 'advisor', contactId: id, customerId, recordedBy: advisor.id!, ratedAt: contact.receivedAt });
        return id;
      });
    const before = (await db.selectFrom('contact').select('id').execute()).length;
    await expect(logWithRating('x'.repeat(1001))).rejects.toBeInstanceOf(InvalidInput);
    expect(await db.selectFrom('contact').select('id').execute()).toHaveLength(before);
    const contactId = await logWithRating('Sorted my council tax in five minutes');
    const rating = await db.selectFrom('rating').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ score: 1, channel: 'face_to_face', source: 'advisor', customer_id: customerId, recorded_by: advisor.id });
    expect(await db.selectFrom('feedback').select('kind').where('rating_id', '=', rating.id).execute()).toEqual([{ kind: 'rating' }]);
    await expect(recordRating(db, advisor, { score: 1, channel: 'phone', source: 'advisor', ratedAt: NOW })).rejects.toBeInstanceOf(InvalidInput);
    await expect(recordRating(db, advisor, { score: 2 as 1, channel: 'phone', source: 'advisor', contactId, ratedAt: NOW })).rejects.toBeInstanceOf(InvalidInput);

    const { timeline } = await customerHistory(db, customerId);
    const ratings = timeline.filter((e) => e.kind === 'rating');
    expect(ratings.length).toBeGreaterThanOrEqual(2);
    const advisorEntry = ratings.find((e) => e.detail.includes('“Sorted my council tax in five minutes”'))!;
    expect(advisorEntry).toMatchObject({ title: 'Rated us good', detail: ['Given to an advisor (channel: face to face)', 'Reason: Staff or information were helpful', '“Sorted my council tax in five minutes”'] });
    const emailEntry = ratings.find((e) => e.title === 'Rated us poor: Missed bin collection');
    expect(emailEntry?.href).toMatch(/^\/staff\/cases\//);
  });
});

forEachEngine('net satisfaction', (use) => {
  let db: Db;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = use().db;
    const { advisor, customerId } = await setUp(db);
    const missedBin = await getRequestType(db, { code: 'missed-bin' });
    ids.bins = missedBin.serviceId;
    ids.other = (await db.selectFrom('service').select('id').where('id', '!=', missedBin.serviceId).orderBy('name').executeTakeFirstOrThrow()).id;
    const { id: contactId } = await logContact({ db, actor: advisor, now: NOW }, { channel: 'phone', direction: 'inbound', receivedAt: NOW, outcome: 'resolved', avoidable: false, customerId });
    const rate = (at: string, channel: string, service: string, ...scores: (1 | 0 | -1)[]) =>
      Promise.all(scores.map((score) => recordRating(db, advisor, { score, channel, source: 'advisor', contactId, serviceId: ids[service]!, ratedAt: new Date(at) })));
    // Counted by hand: 5 good, 2 average, 3 poor, so +0.2 overall.
    await rate('2026-04-02T09:00:00Z', 'phone', 'bins', 1);
    await rate('2026-04-15T09:00:00Z', 'phone', 'bins', 1);
    await rate('2026-04-20T09:00:00Z', 'phone', 'bins', -1);
    await rate('2026-05-05T09:00:00Z', 'phone', 'other', 1, 0);
    await rate('2026-05-10T09:00:00Z', 'face_to_face', 'bins', 1, -1);
    await rate('2026-04-30T23:30:00Z', 'web', 'bins', 1, 0, -1); // 1 May in London
    // Before the period (31 March in London): not counted.
    await rate('2026-03-31T22:59:00Z', 'phone', 'bins', -1, -1);
  });

  const period = { from: new Date('2026-03-31T23:00:00Z'), to: new Date('2026-05-31T23:00:00Z') };
  const shape = (rows: Awaited<ReturnType<typeof netSatisfaction>>) => rows.map((r) => [r.label, r.good, r.average, r.poor, r.responses, r.net]);

  it('groups by channel', async () => {
    const rows = await netSatisfaction(db, { ...period, by: 'channel' });
    expect(shape(rows)).toEqual([
      ['Face to face', 1, 0, 1, 2, 0],
      ['Phone', 3, 1, 1, 5, 0.4],
      ['Web', 1, 1, 1, 3, 0],
    ]);
    expect(rows.map((r) => r.key)).toEqual(['face_to_face', 'phone', 'web']);
  });

  it('groups by service', async () => {
    const rows = await netSatisfaction(db, { ...period, by: 'service' });
    const bins = rows.find((r) => r.key === ids.bins)!;
    const other = rows.find((r) => r.key === ids.other)!;
    expect(bins).toMatchObject({ label: 'Missed bin collection', good: 4, average: 1, poor: 3, responses: 8, net: 0.125 });
    expect(other).toMatchObject({ good: 1, average: 1, poor: 0, responses: 2, net: 0.5 });
    expect(rows).toHaveLength(2);
  });

  it('groups by month in London time', async () => {
    const rows = await netSatisfaction(db, { ...period, by: 'month' });
    expect(rows.map((r) => [r.key, r.label, r.good, r.average, r.poor, r.responses])).toEqual([
      ['2026-04', 'April 2026', 2, 0, 1, 3],
      ['2026-05', 'May 2026', 3, 2, 2, 7],
    ]);
    expect(rows[0]!.net).toBeCloseTo(1 / 3, 4);
    expect(rows[1]!.net).toBeCloseTo(1 / 7, 4);
  });

  it('adds up to +0.2 over the period, and lists nothing for a period without ratings', async () => {
    const rows = await netSatisfaction(db, { ...period, by: 'channel' });
    const good = rows.reduce((n, r) => n + r.good, 0);
    const poor = rows.reduce((n, r) => n + r.poor, 0);
    const responses = rows.reduce((n, r) => n + r.responses, 0);
    expect([good, poor, responses]).toEqual([5, 3, 10]);
    expect((good - poor) / responses).toBeCloseTo(0.2);
    expect(await netSatisfaction(db, { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z'), by: 'month' })).toEqual([]);
  });
});
