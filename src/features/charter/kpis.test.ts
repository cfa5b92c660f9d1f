// The standards' KPIs on both engines, against missed-bin cases worked through the real lifecycle
// with a fixed clock. The demo's "Missed bin collection" has two published standards: acknowledge
// within 1 working day (target 98%) and collect within 2 working days (target 95%); a clock stops on
// its milestone or any later one, so resolving a case also stops its acknowledgement clock.
//
// January to March 2026 (England; no bank holidays in it), counted by hand:
//   S1 web    received Mon 5 Jan 09:00, acknowledged 10:00, resolved Wed 7 Jan:  acknowledge met,    collect met
//   S2 phone  received Mon 12 Jan 09:00, resolved Mon 19 Jan:                    acknowledge missed, collect missed
//   S3 web    received Mon 9 Feb 09:00, resolved Wed 11 Feb:                     acknowledge missed, collect met
//   S4 web    received Mon 2 Mar, cancelled Tue 3 Mar:                           both void: not counted
//   S5 phone  received Mon 23 Mar 09:00, resolved Tue 24 Mar:                    acknowledge met,    collect met
// Collect: met S1 S3 S5, missed S2 → 3 of 4 = 75%. Web: S1 S3 → 2 of 2 = 100%; phone: S5 of S2 S5 →
// 1 of 2 = 50%. One team (Waste and Recycling): 75%. Acknowledge: S1 S5 of four → 50%.
// July to September 2025: no clock stopped → no value ("No data for this period"), never 0%.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { quarter, type Kpi } from '../../platform/kpi/index.js';
import { changeStatus } from '../cases/lifecycle.js';
import { raiseCase } from '../cases/service.js';
import { standardsKpis } from './kpis.js';
import { charterPerformance } from './performance.js';
import { getRequestType, listStandards, publishedCharter } from './service.js';

const officer: Actor = { type: 'staff', label: 'Priya Shah' };
const Q1 = quarter(2026, 1);
const EMPTY = quarter(2025, 3);

forEachEngine('the standards’ KPIs', (use) => {
  let db: Db;
  let collect: Kpi;
  let acknowledge: Kpi;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    const ctx = (at: string) => ({ db, actor: officer, now: new Date(at), publicUrl: 'https://council.example' });
    const raise = async (name: string, channel: 'web' | 'phone', at: string) => {
      refs[name] = (await raiseCase(ctx(at), { requestType, channel, answers: { bin_type: 'recycling' }, contact: {}, receivedAt: new Date(at) })).reference;
    };
    const move = async (name: string, to: string, at: string) => {
      const { version } = await db.selectFrom('cases').select('version').where('reference', '=', refs[name]!).executeTakeFirstOrThrow();
      await changeStatus(ctx(at), { reference: refs[name]!, expectedVersion: version, to });
    };
    await raise('S1', 'web', '2026-01-05T09:00:00Z');
    await move('S1', 'acknowledged', '2026-01-05T10:00:00Z');
    await move('S1', 'resolved', '2026-01-07T10:00:00Z');
    await raise('S2', 'phone', '2026-01-12T09:00:00Z');
    await move('S2', 'resolved', '2026-01-19T10:00:00Z');
    await raise('S3', 'web', '2026-02-09T09:00:00Z');
    await move('S3', 'resolved', '2026-02-11T10:00:00Z');
    await raise('S4', 'web', '2026-03-02T09:00:00Z');
    await move('S4', 'cancelled', '2026-03-03T09:00:00Z');
    await raise('S5', 'phone', '2026-03-23T09:00:00Z');
    await move('S5', 'resolved', '2026-03-24T10:00:00Z');

    const kpis = await standardsKpis.kpis(db);
    const ids = Object.fromEntries((await listStandards(db, [requestType.serviceId])).map((s) => [s.code, s.id]));
    collect = kpis.find((k) => k.code === `standard.${ids.collect}`)!;
    acknowledge = kpis.find((k) => k.code === `standard.${ids.acknowledge}`)!;
  });

  it('lists one KPI per published standard of a published service, with the standard’s target', async () => {
    const kpis = await standardsKpis.kpis(db);
    const charter = await publishedCharter(db);
    expect(kpis.map((k) => k.code)).toEqual(charter.flatMap((e) => e.standards.map((s) => `standard.${s.id}`)));
    // Fly-tipping's inspection standard is not published, nor is anything of the dog-fouling service.
    const unpublished = (await listStandards(db)).filter((s) => !s.published);
    expect(unpublished.length).toBeGreaterThan(1);
    for (const s of unpublished) expect(kpis.map((k) => k.code)).not.toContain(`standard.${s.id}`);
    expect(collect).toMatchObject({
      name: 'Missed bin collection: We will collect a missed bin within 2 working days of your report',
      unit: 'percent',
      direction: 'higher',
      breakdowns: ['channel', 'team'],
      defaultTarget: { target: 95, red: 90 },
    });
    expect(collect.definition).toContain('cancelled or found to be duplicates are not counted');
  });

  it('counts met ÷ (met + missed) by when the clock stopped, leaving void clocks out', async () => {
    expect((await collect.compute(db, Q1)).total).toEqual({ value: 75, count: 4, numerator: 3, denominator: 4 });
    expect((await acknowledge.compute(db, Q1)).total).toEqual({ value: 50, count: 4, numerator: 2, denominator: 4 });
  });

  it('gives every standard over several periods at once exactly what each one computes alone', async () => {
    const kpis = await standardsKpis.kpis(db);
    const ranges = [EMPTY, Q1];
    const totals = await standardsKpis.totals!(db, kpis, ranges);
    expect(totals.get(collect.code)).toEqual([(await collect.compute(db, EMPTY)).total, (await collect.compute(db, Q1)).total]);
    for (const kpi of kpis) expect(totals.get(kpi.code)).toEqual(await Promise.all(ranges.map(async (r) => (await kpi.compute(db, r)).total)));
  });

  it('has no value, never 0%, for a period with nothing measured', async () => {
    expect(await collect.compute(db, EMPTY, 'channel')).toEqual({ total: { value: null, count: 0, numerator: 0, denominator: 0 }, rows: [] });
  });

  it('breaks down by channel and by team', async () => {
    const byChannel = await collect.compute(db, Q1, 'channel');
    expect(byChannel.rows).toEqual([
      { key: 'phone', label: 'Phone', figure: { value: 50, count: 2, numerator: 1, denominator: 2 } },
      { key: 'web', label: 'Web', figure: { value: 100, count: 2, numerator: 2, denominator: 2 } },
    ]);
    const byTeam = await collect.compute(db, Q1, 'team');
    const team = (await db.selectFrom('team').select('id').where('name', '=', 'Waste and Recycling').executeTakeFirstOrThrow()).id;
    expect(byTeam.rows).toEqual([{ key: team, label: 'Waste and Recycling', figure: { value: 75, count: 4, numerator: 3, denominator: 4 } }]);
  });

  it('lists the cases behind the figure, newest first, and those of one breakdown row', async () => {
    const all = await collect.records!(db, Q1, { limit: 10 });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => [r.reference, r.detail])).toEqual([[refs.S5, 'Met'], [refs.S3, 'Met'], [refs.S2, 'Missed'], [refs.S1, 'Met']]);
    expect(all.rows[0]).toMatchObject({ href: `/staff/cases/${refs.S5}`, at: '2026-03-24T10:00:00.000Z', service: 'Missed bin collection' });
    const phone = await collect.records!(db, Q1, { filter: { by: 'channel', key: 'phone' }, limit: 1 });
    expect(phone).toMatchObject({ kind: 'cases', total: 2, rows: [{ reference: refs.S5 }] });
  });

  it('gives the Customer Charter’s number: one piece of code counts both', async () => {
    const standards = await listStandards(db);
    const charter = await charterPerformance(db, standards, new Date('2026-04-15T12:00:00Z'));
    const collectId = collect.code.replace('standard.', '');
    expect(charter.of(collectId).lastQuarter).toMatchObject({ met: 3, missed: 1, percentMet: 75, text: '75% met (3 of 4)' });
    expect(charter.of(collectId).lastFour.map((f) => f.percentMet)).toEqual([null, null, null, 75]);
  });
});
