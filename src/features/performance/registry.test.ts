// The KPI registry on both engines, with a source of known figures: sections in order, a manager's
// target replacing the default (and a null setting restoring it), each figure judged by the target
// in force at the end of its period, and the change audited.
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import { countOf, percentOf, quarter, type Kpi, type KpiSource, type Range } from '../../platform/kpi/index.js';
import { measureSeries } from './figures.js';
import { createKpiRegistry, measure } from './registry.js';
import { setTarget, targetSettings } from './targets.js';

const manager: Actor = { type: 'staff', id: '00000000-0000-4000-8000-000000000001', label: 'Mona Manager', ip: '127.0.0.1' };
const Q3 = quarter(2026, 3);
const Q4 = quarter(2026, 4);

/** A share of 80% in the third quarter and 70% in the fourth; nothing measured before. */
const share: Kpi = {
  code: 'test.share',
  name: 'A share',
  definition: 'Counted by hand.',
  unit: 'percent',
  direction: 'higher',
  breakdowns: [],
  defaultTarget: { target: 75, red: null },
  compute: (_db, range: Range) => Promise.resolve({ total: range.from >= Q4.from ? percentOf(7, 10) : range.from >= Q3.from ? percentOf(8, 10) : percentOf(0, 0), rows: [] }),
};
const volume: Kpi = { code: 'test.volume', name: 'A volume', definition: 'Counted.', unit: 'count', direction: 'neither', breakdowns: [], compute: () => Promise.resolve({ total: countOf(3), rows: [] }) };

const sources: KpiSource[] = [
  { section: { code: 'late', title: 'Later section', order: 50 }, kpis: () => Promise.resolve([volume]) },
  { section: { code: 'early', title: 'Earlier section', order: 10 }, kpis: () => Promise.resolve([share]) },
];

describe('the registry without a database', () => {
  it('lists sections in their order', () => {
    expect(createKpiRegistry(sources).sections().map((s) => s.code)).toEqual(['early', 'late']);
  });
});

forEachEngine('KPI targets', (use) => {
  const registry = createKpiRegistry(sources);

  it('uses the default target until a manager sets one, and again after it is cleared', async () => {
    const { db } = use();
    const before = await registry.get(db, 'test.share');
    expect(before).toMatchObject({ target: { target: 75, red: null }, targetSetBy: null, section: { code: 'early' } });
    expect((await measure(db, before!, Q4)).rag).toBe('red');

    await setTarget(db, manager, 'test.share', { target: 70, red: 60 }, new Date('2026-12-01T10:00:00Z'));
    const set = await registry.get(db, 'test.share');
    expect(set?.target).toEqual({ target: 70, red: 60 });
    expect(set?.targetSetBy?.label).toBe('Mona Manager');
    expect((await measure(db, set!, Q4)).rag).toBe('green');

    const audit = await db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', '=', 'kpi.target_set').execute();
    expect(audit).toEqual([{ action: 'kpi.target_set', subject_id: 'test.share' }]);

    await setTarget(db, manager, 'test.share', null, new Date('2026-12-02T10:00:00Z'));
    expect((await registry.get(db, 'test.share'))?.target).toEqual({ target: 75, red: null });
    expect((await targetSettings(db)).get('test.share')?.version).toBe(2);
  });

  it('judges each period by the target in force at its end', async () => {
    const { db } = use();
    // A target of 85 set during the third quarter; 65 set in the fourth (after the third ended).
    await setTarget(db, manager, 'test.share', { target: 85, red: 70 }, new Date('2026-08-01T10:00:00Z'));
    await setTarget(db, manager, 'test.share', { target: 65, red: null }, new Date('2026-12-03T10:00:00Z'));
    const series = await measureSeries(db, registry, [quarter(2026, 2), Q3, Q4], { now: new Date('2026-12-07T12:00:00Z') });
    expect(series.map((s) => s.kpi.code)).toEqual(['test.share', 'test.volume']);
    const points = series[0]!.points;
    expect(points.map((p) => p.figure.value)).toEqual([null, 80, 70]);
    expect(points.map((p) => p.target?.target)).toEqual([75, 85, 65]);
    expect(points.map((p) => p.rag)).toEqual([null, 'amber', 'green']);
    expect(series[1]!.points.map((p) => p.rag)).toEqual([null, null, null]);
  });
});
