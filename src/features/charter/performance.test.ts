// How the council did against its standards, on both engines: cases worked through the lifecycle
// record met and missed; the charter counts them by the London quarter their clock stopped in,
// leaves void clocks (cancelled requests) out, and every edition shows the same figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import { changeStatus } from '../cases/lifecycle.js';
import { raiseCase } from '../cases/service.js';
import { charterPerformance, figure, quartersAt } from './performance.js';
import { getRequestType, listStandards } from './service.js';

const officer: Actor = { type: 'staff', id: 'officer', label: 'Priya Shah' };
const NOW = new Date('2026-04-15T12:00:00Z');

describe('quarters and figures', () => {
  it('takes the last complete calendar quarter in London time, and the one under way', () => {
    const { last, current } = quartersAt(new Date('2026-01-10T12:00:00Z'));
    expect(last).toMatchObject({ label: 'October to December 2025', firstDay: '2025-10-01', lastDay: '2025-12-31' });
    // Midnight on 1 October 2025 in London was 23:00 UTC the day before: British Summer Time.
    expect(last.from.toISOString()).toBe('2025-09-30T23:00:00.000Z');
    expect(last.to.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(current).toMatchObject({ label: 'January to March 2026', firstDay: '2026-01-01', lastDay: '2026-03-31' });
    expect(current.to.toISOString()).toBe('2026-03-31T23:00:00.000Z');
    // 00:30 on 1 April in London is already the second quarter.
    expect(quartersAt(new Date('2026-03-31T23:30:00Z')).current.label).toBe('April to June 2026');
  });

  it('rounds down, so 100% means every one, and compares with the target exactly', () => {
    expect(figure(195, 5, 97.5)).toMatchObject({ percentMet: 97.5, targetMet: true, text: '97.5% met (195 of 200)' });
    expect(figure(194, 6, 97.5)).toMatchObject({ percentMet: 97, targetMet: false });
    expect(figure(2, 1, 50).text).toBe('66.6% met (2 of 3)');
    expect(figure(1999, 1, 95).text).toBe('99.9% met (1,999 of 2,000)');
    expect(figure(0, 0, 95)).toMatchObject({ percentMet: null, targetMet: null, text: 'Not measured yet' });
  });
});

forEachEngine('how the council did against its standards', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const db = t.database.db;
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    const raise = async (receivedAt: string) =>
      (await raiseCase({ db, actor: { type: 'resident', label: 'Sam Green' }, now: new Date(receivedAt), publicUrl: 'https://council.example' }, {
        requestType, channel: 'web', answers: { bin_type: 'recycling' }, contact: {}, receivedAt: new Date(receivedAt),
      })).reference;
    const move = (reference: string, expectedVersion: number, to: string, at: string) => changeStatus({ db, actor: officer, now: new Date(at), publicUrl: 'https://council.example' }, { reference, expectedVersion, to });

    // October to December 2025: before the last quarter, so never counted.
    await move(await raise('2025-12-29T09:00:00Z'), 1, 'resolved', '2025-12-30T09:00:00Z');
    // January to March 2026. A: acknowledged the same day (met), collected in 2 working days (met).
    const a = await raise('2026-02-02T09:00:00Z');
    await move(a, 1, 'acknowledged', '2026-02-02T10:00:00Z');
    await move(a, 2, 'resolved', '2026-02-04T10:00:00Z');
    // B: never acknowledged, collected on its due day: the acknowledgement is missed, the collection met.
    await move(await raise('2026-02-09T09:00:00Z'), 1, 'resolved', '2026-02-11T10:00:00Z');
    // C: cancelled, so its clocks are void: neither met nor missed.
    await move(await raise('2026-03-02T09:00:00Z'), 1, 'cancelled', '2026-03-03T09:00:00Z');
    // This quarter. D: received in March, done on 1 April: counted when its clocks stopped.
    await move(await raise('2026-03-30T09:00:00Z'), 1, 'resolved', '2026-04-01T09:00:00Z');
    // F: done at 00:30 on 1 April, London time (23:30 UTC on 31 March): this quarter, both met.
    await move(await raise('2026-03-31T10:00:00Z'), 1, 'resolved', '2026-03-31T23:30:00Z');
    // G: Easter: due Wednesday 8 April, done Monday 13 April: both missed.
    await move(await raise('2026-04-02T09:00:00Z'), 1, 'resolved', '2026-04-13T09:00:00Z');
  });
  afterAll(() => t.close());

  it('counts met and missed by the quarter the clock stopped in, leaving void clocks out', async () => {
    const standards = await listStandards(t.database.db);
    const performance = await charterPerformance(t.database.db, standards, NOW);
    const requestType = await getRequestType(t.database.db, { code: 'missed-bin' });
    const [acknowledge, collect] = ['acknowledge', 'collect'].map((c) => standards.find((s) => s.code === c && requestType.standardIds.includes(s.id))!);
    expect(performance.of(acknowledge!.id)).toMatchObject({
      lastQuarter: { met: 1, missed: 1, text: '50% met (1 of 2)', targetMet: false },
      quarterSoFar: { met: 1, missed: 2, text: '33.3% met (1 of 3)', targetMet: false },
    });
    expect(performance.of(collect!.id)).toMatchObject({
      lastQuarter: { met: 2, missed: 0, text: '100% met (2 of 2)', targetMet: true },
      quarterSoFar: { met: 2, missed: 1, text: '66.6% met (2 of 3)', targetMet: false },
    });
    const untouched = standards.find((s) => !requestType.standardIds.includes(s.id))!;
    expect(performance.of(untouched.id).lastQuarter.text).toBe('Not measured yet');
  });

  it('shows the same figures on the charter pages, the large-print and print editions, the plain text and the JSON feed', async () => {
    for (const url of ['/standards', '/standards/missed-bin', '/standards/missed-bin?layout=large-print', '/standards?layout=print']) {
      const page = await t.app.inject(url);
      expect(page.statusCode).toBe(200);
      for (const text of ['January to March 2026', '50% met (1 of 2)', '100% met (2 of 2)', 'Target met', 'Below target', '66.6% met (2 of 3)']) expect(page.body).toContain(text);
    }
    const all = await t.app.inject('/standards');
    expect(all.body).toContain('Not measured yet');

    const text = (await t.app.inject('/standards.txt')).body;
    expect(text).toContain('Last quarter (January to March 2026): 100% met (2 of 2), target met.');
    expect(text).toContain('So far this quarter (from 1 April 2026): 66.6% met (2 of 3), below target.');

    // The last four complete quarters, oldest first, in words beside the small chart.
    expect(text).toContain('The last four quarters: April to June 2025, Not measured yet; July to September 2025, Not measured yet; October to December 2025, 100% met (1 of 1); January to March 2026, 100% met (2 of 2).');
    const service = (await t.app.inject('/standards/missed-bin')).body;
    const trend = service.slice(service.indexOf('The last four quarters'));
    for (const line of ['Apr–Jun 2025: not measured', 'Oct–Dec 2025: 100% met', 'Jan–Mar 2026: 50% met', 'Jan–Mar 2026: 100% met']) expect(trend).toContain(line);
    // Two quarters measured draw a line; the chart is decoration beside the figures.
    expect(trend).toMatch(/<svg[^>]*class="app-sparkline"[^>]*aria-hidden="true"/);

    const feed = (await t.app.inject('/standards.json')).json<{ services: { code: string; standards: { code: string; performance: Record<string, unknown> }[] }[] }>();
    const collect = feed.services.find((s) => s.code === 'missed-bin')?.standards.find((s) => s.code === 'collect');
    expect(collect?.performance).toEqual({
      last_quarter: { from: '2026-01-01', to: '2026-03-31', met: 2, missed: 0, measured: 2, percent_met: 100, target_met: true },
      quarter_so_far: { from: '2026-04-01', to: '2026-06-30', met: 2, missed: 1, measured: 3, percent_met: 66.6, target_met: false },
      // Oldest first; the October to December 2025 clocks stopped the day after the case was raised.
      last_four_quarters: [
        { from: '2025-04-01', to: '2025-06-30', met: 0, missed: 0, measured: 0, percent_met: null, target_met: null },
        { from: '2025-07-01', to: '2025-09-30', met: 0, missed: 0, measured: 0, percent_met: null, target_met: null },
        { from: '2025-10-01', to: '2025-12-31', met: 1, missed: 0, measured: 1, percent_met: 100, target_met: true },
        { from: '2026-01-01', to: '2026-03-31', met: 2, missed: 0, measured: 2, percent_met: 100, target_met: true },
      ],
    });
  });
});
