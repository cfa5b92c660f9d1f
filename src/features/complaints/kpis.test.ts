// The complaints' KPIs on both engines, on complaints made and answered through the real complaint
// service (the demo council: England's procedure, population 98,500), counted by hand:
//
//   C1  about missed bins   received 1 Oct 2026   upheld at stage 1 on 5 Oct
//   C2  about missed bins   received 1 Oct        not upheld at stage 1 on 8 Oct
//   C3  about fly-tipping   received 2 Oct        partly upheld at stage 1 on 12 Oct; the person
//                                                 escalates 13 Oct; not upheld at stage 2 on 28 Oct
//   C4  no service          received 5 Oct        resolved at stage 1 on 14 Oct
//   C5  no service          received 12 Oct       not answered yet
//   C6  about fly-tipping   received 28 Sep 2026  not upheld at stage 1 on 2 Oct
//
// October to December 2026: received C1–C5 = 5 (fly-tipping 1, missed bins 2, none 2); per 1,000:
// 5 ÷ 98,500 × 1,000 = 0.0508 → 0.05. Responses: C1, C2, C3 (stage 1), C3 (stage 2), C4, C6 = 6;
// upheld or partly: C1, C3 at stage 1 = 2 of 6 = 33.3%; after escalation: C3 at stage 2 = 1 of 6 =
// 16.6% (rounded down). Upheld by service: fly-tipping C3 s1 of C3 s1, C3 s2, C6 = 33.3%; missed
// bins C1 of C1, C2 = 50%; none: C4 not upheld = 0 of 1 = 0%.
// July to September 2026: received C6 = 1, no responses: the shares have no value (never 0%).
// January to March 2026: nothing: received 0 and 0 per 1,000 (real answers), shares no value.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import type { Actor } from '../../platform/audit/audit.js';
import { createUser } from '../../platform/auth/users.js';
import type { Db } from '../../platform/db/database.js';
import { quarter, type Kpi } from '../../platform/kpi/index.js';
import { getService } from '../charter/service.js';
import type { CaseContext } from '../cases/lifecycle.js';
import { complaintsKpis } from './kpis.js';
import * as complaints from './service.js';

const admin: Actor = { type: 'staff', label: 'Alex Morgan' };
const resident: Actor = { type: 'resident', label: 'Jo Bloggs' };
const Q4 = quarter(2026, 4);
const Q3 = quarter(2026, 3);
const EMPTY = quarter(2026, 1);
const at = (day: string): Date => new Date(`${day}T10:00:00Z`);

forEachEngine('the complaints’ KPIs', (use) => {
  let db: Db;
  const kpi: Record<string, Kpi> = {};
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const officer = async (name: string): Promise<Actor> => {
      const user = await createUser(db, admin, { email: `${name.split(' ')[0]!.toLowerCase()}@council.example`, displayName: name, roles: ['complaints_officer'], password: 'a long enough password 1' });
      return { type: 'staff', id: user.id, label: name };
    };
    const grace = await officer('Grace Okafor');
    const sam = await officer('Sam Patel');
    const bins = (await getService(db, { code: 'missed-bin' })).id;
    const flyTipping = (await getService(db, { code: 'fly-tipping' })).id;
    const ctx = (actor: Actor, day: string): CaseContext => ({ db, actor, now: at(day), publicUrl: 'https://council.example' });
    const version = async (name: string) => (await db.selectFrom('cases').select('version').where('reference', '=', refs[name]!).executeTakeFirstOrThrow()).version;
    const make = async (name: string, day: string, serviceId?: string) => {
      const made = await complaints.makeComplaint(ctx(resident, day), { channel: 'web', receivedAt: at(day), contact: { name: 'Jo Bloggs' }, whatHappened: 'Something went wrong.', ...(serviceId && { about: { serviceId } }) });
      refs[name] = made.reference;
    };
    const respond = async (name: string, by: Actor, day: string, decision: string) =>
      complaints.respondToComplaint(ctx(by, day), { reference: refs[name]!, expectedVersion: await version(name), response: { decision, reasons: 'Because.', apology: 'yes', learning: '' } });

    await make('C1', '2026-10-01', bins);
    await respond('C1', grace, '2026-10-05', 'upheld');
    await make('C2', '2026-10-01', bins);
    await respond('C2', grace, '2026-10-08', 'not_upheld');
    await make('C3', '2026-10-02', flyTipping);
    await respond('C3', grace, '2026-10-12', 'partly_upheld');
    await complaints.escalateComplaint(ctx(resident, '2026-10-13'), { reference: refs.C3!, expectedVersion: await version('C3'), by: 'resident', reason: 'Still unhappy.' });
    await complaints.acknowledgeComplaint(ctx(sam, '2026-10-14'), { reference: refs.C3!, expectedVersion: await version('C3') });
    await respond('C3', sam, '2026-10-28', 'not_upheld');
    await make('C4', '2026-10-05');
    await respond('C4', grace, '2026-10-14', 'resolved');
    await make('C5', '2026-10-12');
    await make('C6', '2026-09-28', flyTipping);
    await respond('C6', grace, '2026-10-02', 'not_upheld');

    for (const k of await complaintsKpis.kpis(db)) kpi[k.code] = k;
  });

  const total = async (code: string, period = Q4) => (await kpi[code]!.compute(db, period)).total;

  it('counts complaints received, and per 1,000 population', async () => {
    expect(Object.keys(kpi)).toEqual(['complaints.received', 'complaints.per_1000', 'complaints.upheld_share', 'complaints.escalated_share']);
    expect(await total('complaints.received')).toEqual({ value: 5, count: 5 });
    expect(await total('complaints.per_1000')).toEqual({ value: 0.05, count: 5 });
    expect(await total('complaints.received', Q3)).toEqual({ value: 1, count: 1 });
  });

  it('gives the shares upheld and escalated of the responses in the period', async () => {
    expect(await total('complaints.upheld_share')).toEqual({ value: 33.3, count: 6, numerator: 2, denominator: 6 });
    expect(await total('complaints.escalated_share')).toEqual({ value: 16.6, count: 6, numerator: 1, denominator: 6 });
  });

  it('gives 0 for counts and no value for shares when nothing was answered', async () => {
    expect(await total('complaints.upheld_share', Q3)).toEqual({ value: null, count: 0, numerator: 0, denominator: 0 });
    expect(await total('complaints.received', EMPTY)).toEqual({ value: 0, count: 0 });
    expect(await total('complaints.per_1000', EMPTY)).toEqual({ value: 0, count: 0 });
    expect(await kpi['complaints.escalated_share']!.compute(db, EMPTY, 'service')).toEqual({ total: { value: null, count: 0, numerator: 0, denominator: 0 }, rows: [] });
  });

  it('breaks down by the service complained about', async () => {
    const rows = async (code: string) => (await kpi[code]!.compute(db, Q4, 'service')).rows.map((r) => [r.label, r.figure.value, r.figure.count]);
    expect(await rows('complaints.received')).toEqual([['Fly-tipping', 1, 1], ['Missed bin collection', 2, 2], ['Not linked to a service', 2, 2]]);
    expect(await rows('complaints.upheld_share')).toEqual([['Fly-tipping', 33.3, 3], ['Missed bin collection', 50, 2], ['Not linked to a service', 0, 1]]);
  });

  it('lists the complaints behind a figure, linked to the complaint’s page', async () => {
    const received = await kpi['complaints.received']!.records!(db, Q4, { limit: 2 });
    expect(received.total).toBe(5);
    expect(received.rows).toEqual([
      { reference: refs.C5, href: `/staff/complaints/${refs.C5}`, at: '2026-10-12T10:00:00.000Z', service: 'Not linked to a service', detail: 'Complaint received' },
      { reference: refs.C4, href: `/staff/complaints/${refs.C4}`, at: '2026-10-05T10:00:00.000Z', service: 'Not linked to a service', detail: 'Complaint received' },
    ]);
    const flyTipping = (await kpi['complaints.upheld_share']!.compute(db, Q4, 'service')).rows[0]!.key;
    const upheld = await kpi['complaints.upheld_share']!.records!(db, Q4, { filter: { by: 'service', key: flyTipping }, limit: 10 });
    expect(upheld.rows.map((r) => [r.reference, r.detail.split(',')[0]])).toEqual([[refs.C3, 'Stage 1 response']]);
  });
});
