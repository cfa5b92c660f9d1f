// Customer insight's KPIs on both engines: ratings recorded by an advisor with the contact they
// rate (the real contact and rating services, with the contact's time), compliments and "you did
// not meet this standard" reports recorded through recordFeedback, all counted by hand:
//
//   ratings (April to June 2026 unless said)         feedback
//   R1 phone         missed bins   good  10 Apr       F1 compliment  web    missed bins   3 Apr
//   R2 phone         missed bins   poor   1 May       F2 compliment  phone  fly-tipping   5 May
//   R3 phone         fly-tipping   avg    2 May       F3 compliment  web    no service    30 Jun 23:30 UTC
//   R4 face to face  fly-tipping   good  15 Jun                          = 00:30 on 1 July in London: July
//   R5 web           missed bins   good  20 Jun       S1 not met  web    missed bins (its collect standard)  20 Apr
//   R6 phone         missed bins   poor   2 Jul       S2 not met  phone  fly-tipping (its remove standard)   20 May
//                                                     S3 not met  web    missed bins                         21 May
//
// April to June: good R1 R4 R5 = 3, average R3, poor R2: net (3 − 1) ÷ 5 = +0.40.
//   Face to face R4: +1.00; phone R1 R2 R3: (1 − 1) ÷ 3 = 0.00; web R5: +1.00.
//   Fly-tipping R3 R4: (1 − 0) ÷ 2 = +0.50; missed bins R1 R2 R5: (2 − 1) ÷ 3 = 0.333 → +0.33.
//   Compliments F1 F2 = 2 (one each of fly-tipping and missed bins; phone 1, web 1).
//   Not-met reports S1 S2 S3 = 3 (fly-tipping 1, missed bins 2; phone 1, web 2).
// July to September: R6 alone: −1.00; compliments F3 = 1.
// January to March 2026: nothing: net satisfaction no value (never 0), counts 0.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { bootstrap } from '../../../bootstrap.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { quarter, type Kpi } from '../../../platform/kpi/index.js';
import { getService, listStandards } from '../../charter/service.js';
import { logContact } from '../../contacts/service.js';
import { recordFeedback } from '../service.js';
import { ratingsKpis } from './kpis.js';
import { recordRating } from './service.js';

const Q2 = quarter(2026, 2);
const Q3 = quarter(2026, 3);
const EMPTY = quarter(2026, 1);

forEachEngine('customer insight’s KPIs', (use) => {
  let db: Db;
  const kpi: Record<string, Kpi> = {};

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const staff = await db.selectFrom('staff_user').select(['id', 'display_name']).where('email', '=', 'advisor@brackenfield.example').executeTakeFirstOrThrow();
    const advisor: Actor = { type: 'staff', id: staff.id, label: staff.display_name };
    const bins = (await getService(db, { code: 'missed-bin' })).id;
    const flyTipping = (await getService(db, { code: 'fly-tipping' })).id;
    const standardOf = async (serviceId: string, code: string) => (await listStandards(db, [serviceId])).find((s) => s.code === code)!.id;

    const rate = async (channel: 'phone' | 'face_to_face' | 'web', serviceId: string, score: -1 | 0 | 1, at: string) => {
      const ratedAt = new Date(at);
      const contact = await logContact({ db, actor: advisor, now: ratedAt }, { channel, direction: 'inbound', receivedAt: ratedAt, serviceId, outcome: 'resolved', avoidable: false });
      await recordRating(db, advisor, { score, channel, source: 'advisor', serviceId, contactId: contact.id, recordedBy: staff.id, ratedAt });
    };
    await rate('phone', bins, 1, '2026-04-10T10:00:00Z');
    await rate('phone', bins, -1, '2026-05-01T10:00:00Z');
    await rate('phone', flyTipping, 0, '2026-05-02T10:00:00Z');
    await rate('face_to_face', flyTipping, 1, '2026-06-15T10:00:00Z');
    await rate('web', bins, 1, '2026-06-20T10:00:00Z');
    await rate('phone', bins, -1, '2026-07-02T10:00:00Z');

    const resident: Actor = { type: 'resident', label: 'Jo Bloggs' };
    const tell = (kind: 'compliment' | 'failed_standard', channel: string, at: string, about: { serviceId?: string; standardId?: string }) =>
      recordFeedback(db, resident, { kind, channel, receivedAt: new Date(at), body: 'Thank you, or not.', ...about });
    await tell('compliment', 'web', '2026-04-03T10:00:00Z', { serviceId: bins });
    await tell('compliment', 'phone', '2026-05-05T10:00:00Z', { serviceId: flyTipping });
    await tell('compliment', 'web', '2026-06-30T23:30:00Z', {});
    await tell('failed_standard', 'web', '2026-04-20T10:00:00Z', { standardId: await standardOf(bins, 'collect') });
    await tell('failed_standard', 'phone', '2026-05-20T10:00:00Z', { standardId: await standardOf(flyTipping, 'remove') });
    await tell('failed_standard', 'web', '2026-05-21T10:00:00Z', { standardId: await standardOf(bins, 'collect') });

    for (const k of await ratingsKpis.kpis(db)) kpi[k.code] = k;
  });

  const total = async (code: string, period = Q2) => (await kpi[code]!.compute(db, period)).total;
  const rows = async (code: string, by: 'service' | 'channel') => (await kpi[code]!.compute(db, Q2, by)).rows.map((r) => [r.label, r.figure.value, r.figure.count]);

  it('works out net satisfaction from the period’s counts, to two places', async () => {
    expect(Object.keys(kpi)).toEqual(['insight.net_satisfaction', 'insight.compliments', 'insight.failed_standard_reports']);
    expect(kpi['insight.net_satisfaction']).toMatchObject({ unit: 'score', direction: 'higher', breakdowns: ['channel', 'service'] });
    expect(await total('insight.net_satisfaction')).toEqual({ value: 0.4, count: 5 });
    expect(await total('insight.net_satisfaction', Q3)).toEqual({ value: -1, count: 1 });
  });

  it('has no value for net satisfaction with no ratings, and 0 for the counts', async () => {
    expect(await kpi['insight.net_satisfaction']!.compute(db, EMPTY, 'channel')).toEqual({ total: { value: null, count: 0 }, rows: [] });
    expect(await total('insight.compliments', EMPTY)).toEqual({ value: 0, count: 0 });
    expect(await total('insight.failed_standard_reports', EMPTY)).toEqual({ value: 0, count: 0 });
  });

  it('breaks net satisfaction down by channel and service', async () => {
    expect(await rows('insight.net_satisfaction', 'channel')).toEqual([['Face to face', 1, 1], ['Phone', 0, 3], ['Web', 1, 1]]);
    expect(await rows('insight.net_satisfaction', 'service')).toEqual([['Fly-tipping', 0.5, 2], ['Missed bin collection', 0.33, 3]]);
  });

  it('counts compliments and not-met reports by when they arrived in London, by service and channel', async () => {
    expect(await total('insight.compliments')).toEqual({ value: 2, count: 2 });
    expect(await total('insight.compliments', Q3)).toEqual({ value: 1, count: 1 });
    expect(await rows('insight.compliments', 'service')).toEqual([['Fly-tipping', 1, 1], ['Missed bin collection', 1, 1]]);
    expect(await total('insight.failed_standard_reports')).toEqual({ value: 3, count: 3 });
    expect(await rows('insight.failed_standard_reports', 'service')).toEqual([['Fly-tipping', 1, 1], ['Missed bin collection', 2, 2]]);
    expect(await rows('insight.failed_standard_reports', 'channel')).toEqual([['Phone', 1, 1], ['Web', 2, 2]]);
  });
});
