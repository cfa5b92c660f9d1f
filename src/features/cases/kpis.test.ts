// The cases' KPIs on both engines, against cases raised and worked through the real service with a
// fixed clock (times in GMT: British Summer Time starts on 29 March 2026, after every event below
// but the last few, which fall well inside April). Demo services: "Missed bin collection" (team
// Waste and Recycling) and "Fly-tipping" (team Street Scene).
//
//      service  channel  received         then
//   A  bins     web      15 Dec 2025      resolved 5 Jan 2026 (21 days), closed 20 Jan
//   B  bins     phone    5 Jan 09:00      resolved 7 Jan 09:00 (2 days)
//   C  bins     web      10 Jan 09:00     resolved 15 Jan 21:00 (5.5 days)
//   D  fly      phone    2 Feb 09:00      resolved 12 Feb 09:00 (10 days)
//   E  fly      web      2 Mar            cancelled 3 Mar
//   G  fly      web      10 Mar           still open
//   H  bins     web      20 Mar 09:00     resolved 2 Apr 09:00 (13 days)
//   I  fly      phone    20 Jan           resolved 22 Jan, reopened 10 Apr (open again now)
//   J  bins     web      15 Feb           marked a duplicate of B on 16 Feb
//   K  fly      web      25 Mar           cancelled 5 Apr
//   X  a complaint received 3 Feb: the complaints section's, never counted here.
//
// January to March 2026, by hand:
//   raised: B C D E G H I J K = 9 (fly-tipping D E G I K = 5, bins B C H J = 4; phone B D I = 3, web 6)
//   closed: A B C D = 4 (I's resolution was undone by reopening; E, J are not closed cases)
//     (fly-tipping D = 1, bins A B C = 3)
//   open at the end (31 March): G (open), H (resolved 2 April), I (reopened: open since receipt),
//     K (cancelled 5 April) = 4 (fly-tipping G I K = 3, bins H = 1)
//   days to resolve of A B C D: 2, 5.5, 10, 21 → median (5.5 + 10) / 2 = 7.75 → 7.8;
//     90th percentile at 0.9 × 3 = 2.7 → 10 + 0.7 × (21 − 10) = 17.7.
//     Bins 2, 5.5, 21: median 5.5, p90 at 1.8 → 5.5 + 0.8 × 15.5 = 17.9; fly-tipping 10 alone: 10.
// October to December 2025: raised A = 1, closed 0, open at the end A = 1, no days (null).
// July to September 2025: nothing: counts 0 (a real answer), days null ("No data for this period").
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { quarter, type Kpi } from '../../platform/kpi/index.js';
import { getRequestType } from '../charter/service.js';
import { makeComplaint } from '../complaints/service.js';
import { casesKpis } from './kpis.js';
import { changeStatus, markDuplicate } from './lifecycle.js';
import { raiseCase } from './service.js';

const officer: Actor = { type: 'staff', label: 'Priya Shah' };
const Q1 = quarter(2026, 1);
const Q4 = quarter(2025, 4);
const EMPTY = quarter(2025, 3);

forEachEngine('the cases’ KPIs', (use) => {
  let db: Db;
  const kpi: Record<string, Kpi> = {};
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const types = { bins: await getRequestType(db, { code: 'missed-bin' }), fly: await getRequestType(db, { code: 'report-fly-tipping' }) };
    const ctx = (at: string) => ({ db, actor: officer, now: new Date(at), publicUrl: 'https://council.example' });
    const raise = async (name: string, type: keyof typeof types, channel: 'web' | 'phone', at: string) => {
      refs[name] = (await raiseCase(ctx(at), { requestType: types[type], channel, answers: {}, contact: {}, receivedAt: new Date(at) })).reference;
    };
    const version = async (name: string) => (await db.selectFrom('cases').select('version').where('reference', '=', refs[name]!).executeTakeFirstOrThrow()).version;
    const move = async (name: string, to: string, at: string) => changeStatus(ctx(at), { reference: refs[name]!, expectedVersion: await version(name), to });

    await raise('A', 'bins', 'web', '2025-12-15T09:00:00Z');
    await move('A', 'resolved', '2026-01-05T09:00:00Z');
    await move('A', 'closed', '2026-01-20T09:00:00Z');
    await raise('B', 'bins', 'phone', '2026-01-05T09:00:00Z');
    await move('B', 'resolved', '2026-01-07T09:00:00Z');
    await raise('C', 'bins', 'web', '2026-01-10T09:00:00Z');
    await move('C', 'resolved', '2026-01-15T21:00:00Z');
    await raise('D', 'fly', 'phone', '2026-02-02T09:00:00Z');
    await move('D', 'resolved', '2026-02-12T09:00:00Z');
    await raise('E', 'fly', 'web', '2026-03-02T09:00:00Z');
    await move('E', 'cancelled', '2026-03-03T09:00:00Z');
    await raise('G', 'fly', 'web', '2026-03-10T09:00:00Z');
    await raise('H', 'bins', 'web', '2026-03-20T09:00:00Z');
    await move('H', 'resolved', '2026-04-02T09:00:00Z');
    await raise('I', 'fly', 'phone', '2026-01-20T09:00:00Z');
    await move('I', 'resolved', '2026-01-22T09:00:00Z');
    await move('I', 'reopened', '2026-04-10T09:00:00Z');
    await raise('J', 'bins', 'web', '2026-02-15T09:00:00Z');
    await markDuplicate(ctx('2026-02-16T09:00:00Z'), { reference: refs.J!, expectedVersion: await version('J'), of: refs.B! });
    await raise('K', 'fly', 'web', '2026-03-25T09:00:00Z');
    await move('K', 'cancelled', '2026-04-05T09:00:00Z');
    await makeComplaint(ctx('2026-02-03T09:00:00Z'), { channel: 'web', receivedAt: new Date('2026-02-03T09:00:00Z'), contact: { name: 'Jo Bloggs' }, whatHappened: 'Nobody came.' });

    for (const k of await casesKpis.kpis(db)) kpi[k.code] = k;
  });

  const total = async (code: string, period = Q1) => (await kpi[code]!.compute(db, period)).total;
  const rows = async (code: string, by: 'service' | 'channel' | 'team', period = Q1) =>
    (await kpi[code]!.compute(db, period, by)).rows.map((r) => [r.label, r.figure.value, r.figure.count]);

  it('offers the five KPIs, volumes without a better direction and days where lower is better', () => {
    expect(Object.keys(kpi)).toEqual(['cases.raised', 'cases.closed', 'cases.open_at_end', 'cases.days_to_resolve_median', 'cases.days_to_resolve_p90']);
    expect(kpi['cases.raised']).toMatchObject({ unit: 'count', direction: 'neither', breakdowns: ['service', 'channel', 'team'] });
    expect(kpi['cases.days_to_resolve_p90']).toMatchObject({ unit: 'days', direction: 'lower' });
  });

  it('counts cases raised, closed and open at the end of the quarter, leaving complaints out', async () => {
    expect(await total('cases.raised')).toEqual({ value: 9, count: 9 });
    expect(await total('cases.closed')).toEqual({ value: 4, count: 4 });
    expect(await total('cases.open_at_end')).toEqual({ value: 4, count: 4 });
    expect(await total('cases.raised', Q4)).toEqual({ value: 1, count: 1 });
    expect(await total('cases.closed', Q4)).toEqual({ value: 0, count: 0 });
    expect(await total('cases.open_at_end', Q4)).toEqual({ value: 1, count: 1 });
  });

  it('works out the median and 90th percentile of the days to resolve, to one decimal', async () => {
    expect(await total('cases.days_to_resolve_median')).toEqual({ value: 7.8, count: 4 });
    expect(await total('cases.days_to_resolve_p90')).toEqual({ value: 17.7, count: 4 });
    expect(await rows('cases.days_to_resolve_median', 'service')).toEqual([['Fly-tipping', 10, 1], ['Missed bin collection', 5.5, 3]]);
    expect(await rows('cases.days_to_resolve_p90', 'service')).toEqual([['Fly-tipping', 10, 1], ['Missed bin collection', 17.9, 3]]);
  });

  it('gives 0 for counts and no value for days in a quarter with nothing in it', async () => {
    for (const code of ['cases.raised', 'cases.closed', 'cases.open_at_end']) expect(await total(code, EMPTY)).toEqual({ value: 0, count: 0 });
    expect(await total('cases.days_to_resolve_median', Q4)).toEqual({ value: null, count: 0 });
    expect(await kpi['cases.days_to_resolve_p90']!.compute(db, EMPTY, 'service')).toEqual({ total: { value: null, count: 0 }, rows: [] });
  });

  it('breaks the counts down by service, channel and team', async () => {
    expect(await rows('cases.raised', 'service')).toEqual([['Fly-tipping', 5, 5], ['Missed bin collection', 4, 4]]);
    expect(await rows('cases.raised', 'channel')).toEqual([['Phone', 3, 3], ['Web', 6, 6]]);
    expect(await rows('cases.raised', 'team')).toEqual([['Street Scene', 5, 5], ['Waste and Recycling', 4, 4]]);
    expect(await rows('cases.closed', 'service')).toEqual([['Fly-tipping', 1, 1], ['Missed bin collection', 3, 3]]);
    expect(await rows('cases.open_at_end', 'service')).toEqual([['Fly-tipping', 3, 3], ['Missed bin collection', 1, 1]]);
  });

  it('lists the cases behind each figure, newest first, and those of one breakdown row', async () => {
    const names = (references: string[]) => references.map((r) => Object.keys(refs).find((n) => refs[n] === r));
    const raised = await kpi['cases.raised']!.records!(db, Q1, { limit: 20 });
    expect(raised.total).toBe(9);
    expect(names(raised.rows.map((r) => r.reference))).toEqual(['K', 'H', 'G', 'E', 'J', 'D', 'I', 'C', 'B']);
    expect(raised.rows[0]).toMatchObject({ href: `/staff/cases/${refs.K}`, at: '2026-03-25T09:00:00.000Z', service: 'Fly-tipping', detail: 'Received by web' });
    const closed = await kpi['cases.closed']!.records!(db, Q1, { limit: 20 });
    expect(closed.rows.map((r) => [names([r.reference])[0], r.detail])).toEqual([['D', 'Resolved in 10 days'], ['C', 'Resolved in 5.5 days'], ['B', 'Resolved in 2 days'], ['A', 'Resolved in 21 days']]);
    const open = await kpi['cases.open_at_end']!.records!(db, Q1, { limit: 2 });
    expect({ total: open.total, rows: names(open.rows.map((r) => r.reference)) }).toEqual({ total: 4, rows: ['K', 'H'] });
    const flyTipping = (await kpi['cases.raised']!.compute(db, Q1, 'service')).rows[0]!.key;
    const ofService = await kpi['cases.raised']!.records!(db, Q1, { filter: { by: 'service', key: flyTipping }, limit: 20 });
    expect(names(ofService.rows.map((r) => r.reference))).toEqual(['K', 'G', 'E', 'D', 'I']);
  });
});
