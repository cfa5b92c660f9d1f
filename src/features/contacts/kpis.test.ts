// The contact KPIs on both engines against a fixed fixture counted by hand: first contact
// resolution, avoidable contact, contacts by channel (self-service requests included), the
// self-service share and cost to serve, each breakdown, a period with no data, the unit costs in
// force at a period's end, and the records behind a figure.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import { loadDemoLocations } from '../../demo/locations.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { quarter, type Breakdown, type Kpi, type KpiFigure, type Range } from '../../platform/kpi/index.js';
import { raiseCase } from '../cases/service.js';
import type { Channel } from '../charter/model.js';
import { getRequestType } from '../charter/service.js';
import { contactsKpis, costKpis, SELF_SERVICE_LOCATION } from './kpis.js';
import { contactMeasures, listLocations, logContact, type NewContact } from './service.js';
import { readUnitCostForm } from './unit-costs/model.js';
import { setUnitCosts, unitCostHistory, unitCostsAt } from './unit-costs/service.js';

const NOW = new Date('2026-07-10T10:00:00Z');
const Q2 = quarter(2026, 2); // April to June 2026 (British Summer Time throughout)
const Q3 = quarter(2026, 3);
const EMPTY = quarter(2025, 1);

describe('the unit cost form', () => {
  const current = new Map([['phone', 283], ['face_to_face', 862], ['web', 15], ['open311', 15], ['kiosk', 15]]);
  const body = (extra: Record<string, string>) => ({ 'cost-phone': '2.83', 'cost-face_to_face': '8.62', 'cost-web': '0.15', 'cost-open311': '0.15', 'cost-kiosk': '0.15', ...extra });

  it('reads pounds into pence, keeps only what changed, and leaves an empty box of a channel not costed alone', () => {
    expect(readUnitCostForm(body({ 'cost-phone': '£3', 'cost-email': '1.5', 'cost-letter': '' }), current)).toEqual({
      ok: true,
      value: [{ channel: 'phone', pence: 300 }, { channel: 'email', pence: 150 }],
    });
    expect(readUnitCostForm(body({ 'cost-sms': '1,000.00' }), current)).toEqual({ ok: true, value: [{ channel: 'sms', pence: 100_000 }] });
  });

  it('asks for a cost a channel has, refuses what is not pounds and pence, and caps at £1,000', () => {
    const read = readUnitCostForm(body({ 'cost-phone': '', 'cost-face_to_face': '8.625', 'cost-email': 'two pounds', 'cost-letter': '1000.01' }), current);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.summary).toEqual([
      { text: 'Enter the cost of a phone contact in pounds, like 2.83', href: '#cost-phone' },
      { text: 'Cost of a face-to-face contact must be an amount in pounds, like 8.62', href: '#cost-face_to_face' },
      { text: 'Cost of an email must be an amount in pounds, like 2.83', href: '#cost-email' },
      { text: 'Cost of a letter must be £1,000 or less', href: '#cost-letter' },
    ]);
  });
});

forEachEngine('contact and cost KPIs', (use) => {
  let db: Db;
  let actor: Actor;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};
  const refs: Record<string, string> = {};
  let kpis: Map<string, Kpi>;

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const staff = await db.selectFrom('staff_user').select(['id', 'email', 'display_name']).execute();
    const advisor = staff.find((s) => s.email === 'advisor@brackenfield.example')!;
    const manager = staff.find((s) => s.email === 'manager@brackenfield.example')!;
    actor = { type: 'staff', id: advisor.id, label: advisor.display_name };
    ids.manager = manager.id;
    await loadDemoLocations(db, actor);
    for (const l of await listLocations(db, { activeOnly: true })) ids[l.code] = l.id;
    const missedBin = await getRequestType(db, { code: 'missed-bin' });
    const flyTipping = await getRequestType(db, { code: 'report-fly-tipping' });
    ids.bins = missedBin.serviceId;
    ids.street = flyTipping.serviceId;
    const other = await db.selectFrom('service').select(['id', 'name']).where('id', 'not in', [ids.bins, ids.street]).orderBy('name').executeTakeFirstOrThrow();
    ids.other = other.id;
    for (const s of await db.selectFrom('service').select(['id', 'name']).execute()) names[s.id] = s.name;
    ids.customer = (await db.insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;

    const raise = async (channel: Channel, at: string, requestType = missedBin) => {
      const answers = { bin_type: 'recycling', collection_date: '2026-04-13', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } };
      return (await raiseCase({ db, actor: { type: 'resident', label: 'resident (web form)' }, now: NOW, publicUrl: 'https://brackenfield.example' }, { requestType, channel, answers, contact: {}, receivedAt: new Date(at) })).reference;
    };
    const log = (at: string, extra: Partial<NewContact>) =>
      logContact({ db, actor, now: NOW }, { channel: 'phone', direction: 'inbound', receivedAt: new Date(at), outcome: 'resolved', avoidable: false, ...extra });

    // A case an advisor raised by phone: its contact (3) is counted, the case itself is not self-service.
    refs.phoneCase = await raise('phone', '2026-04-20T08:00:00Z');
    const phoneCaseId = (await db.selectFrom('cases').select('id').where('reference', '=', refs.phoneCase).executeTakeFirstOrThrow()).id;

    // The nine contacts with an outcome in April to June 2026 (advisor Priya Shah unless said):
    await log('2026-04-01T08:00:00Z', { serviceId: ids.bins, locationId: ids.contact_centre }); //                        1 phone, bins, contact centre, resolved
    await log('2026-04-10T08:00:00Z', { serviceId: ids.bins, locationId: ids.contact_centre }); //                        2 phone, bins, contact centre, resolved
    await log('2026-04-20T08:00:00Z', { serviceId: ids.bins, locationId: ids.contact_centre, caseId: phoneCaseId, outcome: 'case_raised', avoidable: true, avoidableType: 'chasing_progress' }); // 3
    await log('2026-05-02T08:00:00Z', { serviceId: ids.other, customerId: ids.customer, outcome: 'passed_to_back_office', avoidable: true, avoidableType: 'repeat' }); // 4 phone, other, no location
    await log('2026-05-05T08:00:00Z', { channel: 'face_to_face', serviceId: ids.other, locationId: ids.town_hall, advisorId: ids.manager }); //  5 resolved (Sam Whitfield)
    await log('2026-05-06T08:00:00Z', { channel: 'face_to_face', serviceId: ids.other, locationId: ids.town_hall, advisorId: ids.manager, outcome: 'signposted', avoidable: true, avoidableType: 'repeat' }); // 6
    await log('2026-05-10T08:00:00Z', { channel: 'email', advisorId: ids.manager }); //                                  7 email, no service, no location, resolved (Sam Whitfield)
    await log('2026-05-12T08:00:00Z', { channel: 'web', serviceId: ids.bins }); //                                        8 web, bins, no location, resolved
    await log('2026-05-15T08:00:00Z', { channel: 'kiosk', serviceId: ids.bins, locationId: ids.town_hall, outcome: 'no_action' }); // 9 kiosk, bins, town hall
    // Not in April to June: 31 March 23:59 and 1 July 00:30 in London; an inbound email nobody handled (no outcome).
    await log('2026-03-31T22:59:00Z', {});
    await log('2026-06-30T23:30:00Z', { serviceId: ids.bins });
    await db.insertInto('contact').values({ channel: 'email', direction: 'inbound', received_at: new Date('2026-04-15T08:00:00Z'), subject: 'Unread' }).execute();

    // Requests residents made themselves (no contact row): A and B on the web form, C through Open311; D in July.
    refs.A = await raise('web', '2026-04-15T08:00:00Z');
    refs.B = await raise('web', '2026-06-01T08:00:00Z');
    refs.C = await raise('open311', '2026-05-20T08:00:00Z', flyTipping);
    refs.D = await raise('web', '2026-07-02T08:00:00Z');

    // Phone goes up to £3.00 after the end of June: April to June keeps £2.83.
    await setUnitCosts(db, { type: 'staff', id: 'admin', label: 'Ann Admin' }, [{ channel: 'phone', pence: 300 }], new Date('2026-07-05T09:00:00Z'));
    kpis = new Map([...(await contactsKpis.kpis(db)), ...(await costKpis.kpis(db))].map((k) => [k.code, k]));
  });

  const compute = (code: string, range: Range, by?: Breakdown) => kpis.get(code)!.compute(db, range, by);
  const rows = async (code: string, by: Breakdown, range: Range = Q2) => (await compute(code, range, by)).rows.map((r) => [r.label, r.figure.value, r.figure.count]);
  const byKey = async (code: string, by: Breakdown) => new Map((await compute(code, Q2, by)).rows.map((r) => [r.key, r.figure]));
  const share = (value: number | null, numerator: number, denominator: number): KpiFigure => ({ value, count: denominator, numerator, denominator });
  /** Services by name, "No service recorded" last, as the KPI rows come. */
  const services = (entries: [string, ...unknown[]][]) => entries.sort((a, b) => (a[0] === 'No service recorded' ? 1 : b[0] === 'No service recorded' ? -1 : a[0].localeCompare(b[0], 'en-GB')));

  it('lists the KPIs of both sections with their codes', () => {
    expect([...kpis.keys()]).toEqual(['contacts.fcr', 'contacts.avoidable', 'contacts.volume', 'contacts.self_service_share', 'cost.total', 'cost.per_contact']);
    expect(kpis.get('contacts.fcr')!.defaultTarget).toEqual({ target: 75, red: 70 });
    expect(kpis.get('contacts.volume')!.trendBy).toBe('channel');
    // Channels with no unit cost are named in the definition.
    expect(kpis.get('cost.total')!.definition).toContain('Not costed now: Email, Letter, Text message, Webchat, Social media.');
  });

  it('first contact resolution: resolved 1, 2, 5, 7, 8 of the nine', async () => {
    expect((await compute('contacts.fcr', Q2)).total).toEqual(share(55.5, 5, 9)); // 5 ÷ 9 = 55.55…, rounded down
    // Phone 1 2 3 4: 1, 2 resolved. Face to face 5 6: 5. Email 7, web 8: resolved. Kiosk 9: no action.
    expect(await rows('contacts.fcr', 'channel')).toEqual([['Phone', 50, 4], ['Face to face', 50, 2], ['Email', 100, 1], ['Web', 100, 1], ['Kiosk', 0, 1]]);
    // Bins 1 2 3 8 9: 1 2 8. Other 4 5 6: 5. No service 7: 7.
    expect(await rows('contacts.fcr', 'service')).toEqual(services([[names[ids.bins!]!, 60, 5], [names[ids.other!]!, 33.3, 3], ['No service recorded', 100, 1]]));
    // Priya Shah 1 2 3 4 8 9: 1 2 8. Sam Whitfield 5 6 7: 5 7.
    expect(await rows('contacts.fcr', 'advisor')).toEqual([['Priya Shah', 50, 6], ['Sam Whitfield', 66.6, 3]]);
    // Contact centre 1 2 3: 1 2. Town Hall 5 6 9: 5. None 4 7 8: 7 8.
    expect(await rows('contacts.fcr', 'location')).toEqual([['Contact centre', 66.6, 3], ['Customer Service Centre, Town Hall', 33.3, 3], ['No location recorded', 66.6, 3]]);
  });

  it('is the number the measures page shows', async () => {
    const page = await contactMeasures(db, { from: Q2.from, to: Q2.to, by: 'location' });
    expect([page.total.resolvedFirstContact, page.total.withOutcome]).toEqual([5, 9]);
  });

  it('avoidable contact: 3 (chasing progress), 4 and 6 (repeat) of the nine recorded', async () => {
    expect((await compute('contacts.avoidable', Q2)).total).toEqual(share(33.3, 3, 9));
    // Each type's share of all nine where avoidable was recorded: the rows add up to the total.
    expect(await rows('contacts.avoidable', 'type')).toEqual([
      ['Chasing progress', 11.1, 9], ['Repeat contact', 22.2, 9], ['Not understood', 0, 9], ['Wrongly routed', 0, 9], ['Unnecessary clarification', 0, 9],
    ]);
    expect(await rows('contacts.avoidable', 'channel')).toEqual([['Phone', 50, 4], ['Face to face', 50, 2], ['Email', 0, 1], ['Web', 0, 1], ['Kiosk', 0, 1]]);
    expect(await rows('contacts.avoidable', 'service')).toEqual(services([[names[ids.bins!]!, 20, 5], [names[ids.other!]!, 66.6, 3], ['No service recorded', 0, 1]]));
  });

  it('contacts by channel: the nine contacts and the three self-service requests A, B and C', async () => {
    expect((await compute('contacts.volume', Q2)).total).toEqual({ value: 12, count: 12 });
    // Web: contact 8, requests A and B. Open311: request C. The phone case's own row is not counted twice.
    expect(await rows('contacts.volume', 'channel')).toEqual([
      ['Phone', 4, 4], ['Face to face', 2, 2], ['Email', 1, 1], ['Web', 3, 3], ['Kiosk', 1, 1], ['Open311 (FixMyStreet and other apps)', 1, 1],
    ]);
    // Bins: 1 2 3 8 9 A B. Other: 4 5 6. Fly-tipping: C. No service: 7.
    expect(await rows('contacts.volume', 'service')).toEqual(services([[names[ids.bins!]!, 7, 7], [names[ids.other!]!, 3, 3], [names[ids.street!]!, 1, 1], ['No service recorded', 1, 1]]));
    expect(await rows('contacts.volume', 'location')).toEqual([
      ['Contact centre', 3, 3], ['Customer Service Centre, Town Hall', 3, 3], ['No location recorded', 3, 3], ['Self-service (web form and Open311)', 3, 3],
    ]);
  });

  it('self-service share: web contact 8, kiosk contact 9 and requests A, B, C of the twelve', async () => {
    expect((await compute('contacts.self_service_share', Q2)).total).toEqual(share(41.6, 5, 12)); // 41.66…
    // Bins 8 9 A B of 1 2 3 8 9 A B; other none of 4 5 6; fly-tipping C of C; no service: 7 is email.
    expect(await rows('contacts.self_service_share', 'service')).toEqual(services([[names[ids.bins!]!, 57.1, 7], [names[ids.other!]!, 0, 3], [names[ids.street!]!, 100, 1], ['No service recorded', 0, 1]]));
  });

  it('cost to serve at the unit costs in force at the end of June, email not costed', async () => {
    // Phone 4 × £2.83 = £11.32; face to face 2 × £8.62 = £17.24; web 3 × £0.15 = £0.45; kiosk and Open311 £0.15 each.
    expect((await compute('cost.total', Q2)).total).toEqual({ value: 29.31, count: 11 });
    expect(await rows('cost.total', 'channel')).toEqual([
      ['Phone', 11.32, 4], ['Face to face', 17.24, 2], ['Email (not costed)', null, 1], ['Web', 0.45, 3], ['Kiosk', 0.15, 1], ['Open311 (FixMyStreet and other apps)', 0.15, 1],
    ]);
    // £29.31 over the 11 costed contacts = £2.6645…, to the penny.
    expect((await compute('cost.per_contact', Q2)).total).toEqual({ value: 2.66, count: 11 });
    expect(await rows('cost.per_contact', 'channel')).toEqual([
      ['Phone', 2.83, 4], ['Face to face', 8.62, 2], ['Email (not costed)', null, 1], ['Web', 0.15, 3], ['Kiosk', 0.15, 1], ['Open311 (FixMyStreet and other apps)', 0.15, 1],
    ]);
  });

  it('costs July to September at the new phone cost: editing a cost does not change the quarter before', async () => {
    // 1 July 00:30 phone call at £3.00, request D on the web at £0.15.
    expect((await compute('cost.total', Q3)).total).toEqual({ value: 3.15, count: 2 });
    expect((await unitCostsAt(db, Q2.to)).get('phone')?.pence).toBe(283);
    expect((await unitCostsAt(db)).get('phone')).toMatchObject({ pence: 300, version: 2, setByLabel: 'Ann Admin' });
    expect((await unitCostHistory(db))[0]).toMatchObject({ channel: 'phone', pence: 300 });
    const audit = await db.selectFrom('audit_event').select(['action', 'subject_type', 'subject_id', 'detail']).where('action', '=', 'unit_cost.set').execute();
    expect(audit).toEqual([{ action: 'unit_cost.set', subject_type: 'channel_unit_cost', subject_id: 'phone', detail: { channel: 'phone', version: 2, pence: 300, beforePence: 283 } }]);
  });

  it('gives no data for a period with none: no share, no cost, a count of 0', async () => {
    for (const code of ['contacts.fcr', 'contacts.avoidable', 'contacts.self_service_share', 'cost.total', 'cost.per_contact']) {
      expect((await compute(code, EMPTY)).total.value, code).toBeNull();
    }
    expect((await compute('contacts.volume', EMPTY)).total).toEqual({ value: 0, count: 0 });
    expect(await rows('contacts.fcr', 'channel', EMPTY)).toEqual([]);
    expect(await rows('contacts.volume', 'location', EMPTY)).toEqual([]);
    expect((await rows('contacts.avoidable', 'type', EMPTY)).map((r) => r[1])).toEqual([null, null, null, null, null]);
  });

  it('lists the contacts behind a figure, linking to the case or the customer', async () => {
    const all = await kpis.get('contacts.fcr')!.records!(db, Q2, { limit: 50 });
    expect(all.total).toBe(9);
    expect(all.rows[0]).toEqual({ reference: '15 May 2026, Kiosk', href: null, at: '2026-05-15T08:00:00.000Z', service: names[ids.bins!], detail: 'No action needed' });
    expect(all.rows.find((r) => r.at.startsWith('2026-04-20'))).toMatchObject({ href: `/staff/cases/${refs.phoneCase}`, detail: 'Case raised' });
    expect(all.rows.find((r) => r.at.startsWith('2026-05-02'))).toMatchObject({ reference: '2 May 2026, Phone', href: `/staff/customers/${ids.customer}` });
    const phone = await kpis.get('contacts.fcr')!.records!(db, Q2, { filter: { by: 'channel', key: 'phone' }, limit: 2 });
    expect([phone.total, phone.rows.length]).toEqual([4, 2]);
    const townHall = await kpis.get('contacts.fcr')!.records!(db, Q2, { filter: { by: 'location', key: ids.town_hall! }, limit: 50 });
    expect(townHall.rows.map((r) => r.reference)).toEqual(['15 May 2026, Kiosk', '6 May 2026, Face to face', '5 May 2026, Face to face']);
    const repeat = await kpis.get('contacts.avoidable')!.records!(db, Q2, { filter: { by: 'type', key: 'repeat' }, limit: 50 });
    expect(repeat.rows.map((r) => [r.reference, r.detail])).toEqual([['6 May 2026, Face to face', 'Avoidable: Repeat contact'], ['2 May 2026, Phone', 'Avoidable: Repeat contact']]);
  });

  it('lists self-service requests with the contacts behind a volume, newest first', async () => {
    const web = await kpis.get('contacts.volume')!.records!(db, Q2, { filter: { by: 'channel', key: 'web' }, limit: 2 });
    expect(web.total).toBe(3);
    expect(web.rows.map((r) => [r.reference, r.href, r.detail])).toEqual([
      [refs.B, `/staff/cases/${refs.B}`, 'Self-service request (Web)'],
      ['12 May 2026, Web', null, 'Resolved at first contact'],
    ]);
    const online = await kpis.get('contacts.volume')!.records!(db, Q2, { filter: { by: 'location', key: SELF_SERVICE_LOCATION }, limit: 50 });
    expect(online.rows.map((r) => r.reference)).toEqual([refs.B, refs.C, refs.A]);
    const street = await kpis.get('contacts.self_service_share')!.records!(db, Q2, { filter: { by: 'service', key: ids.street! }, limit: 50 });
    expect(street.rows.map((r) => [r.reference, r.detail])).toEqual([[refs.C, 'Self-service request (Open311 (FixMyStreet and other apps))']]);
    const email = await kpis.get('cost.total')!.records!(db, Q2, { filter: { by: 'channel', key: 'email' }, limit: 50 });
    expect(email.rows.map((r) => r.detail)).toEqual(['Not costed']);
    expect((await byKey('cost.total', 'channel')).get('email')).toEqual({ value: null, count: 1 });
  });
});
