// The quarterly review on both engines, with fake KPI sources whose numbers are known: its figures
// (sections in registry order, four quarters, targets and RAG, the channel mix, the executive
// summary, "No data for this period"), and its life: a draft, commentary (with a stale form
// refused), publishing refused until every red item has commentary, publishing that freezes the
// figures and the HTML (a case raised afterwards and a target moved afterwards change nothing
// stored), edits to a published review refused, and corrections as new versions with a reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { bootstrap } from '../../../bootstrap.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { StaleEditError } from '../../../platform/errors.js';
import { countOf, percentOf, quarter, type Kpi, type KpiSource, type Range } from '../../../platform/kpi/index.js';
import { getRequestType } from '../../charter/service.js';
import { raiseCase } from '../../cases/service.js';
import { createKpiRegistry } from '../registry.js';
import { setTarget } from '../targets.js';
import { buildReviewFigures } from './figures.js';
import { summarise, type ReviewSection } from './model.js';
import { renderReportHtml } from './report.js';
import {
  CommentaryNeeded, getPublished, getReview, listReviews, publishedQuarters, publishedReviewOf, publishReview, ReviewPublished, saveCommentary, startCorrection, startReview,
} from './service.js';
import { commentaryFieldId } from './model.js';

const NOW = new Date('2027-01-15T10:00:00Z');
const Q4 = quarter(2026, 4);
const manager: Actor = { type: 'staff', label: 'Morgan Manager' };

/** A percentage KPI whose value each quarter is given (by the quarter's first day); null: no data. */
function fixedShare(code: string, name: string, byQuarter: Record<string, [number, number] | null>, target = { target: 80, red: 70 }): Kpi {
  return {
    code, name, definition: `${name}: a fixed test figure.`, unit: 'percent', direction: 'higher', breakdowns: [], defaultTarget: target,
    compute(_db, range: Range) {
      const known = Object.entries(byQuarter).find(([key]) => quarterStarts(key, range.from));
      const pair = known?.[1];
      return Promise.resolve({ total: pair ? percentOf(pair[0], pair[1]) : percentOf(0, 0), rows: [] });
    },
  };
}
/** Whether a range starts where the quarter of `key` ('2026-Q4') starts. */
const quarterStarts = (key: string, from: Date) => {
  const [y, q] = key.split('-Q').map(Number) as [number, number];
  return quarter(y, q).from.getTime() === from.getTime();
};

/** Cases received in the range, from the real table, by channel: a figure a new case changes. */
const casesReceived: Kpi = {
  code: 'test.cases', name: 'Cases received', definition: 'Cases received in the quarter.', unit: 'count', direction: 'neither', breakdowns: ['channel'], trendBy: 'channel',
  async compute(db: Db, range: Range, by?) {
    const rows = await db.selectFrom('cases').select(['channel', (eb) => eb.fn.countAll<string>().as('n')]).where('received_at', '>=', range.from).where('received_at', '<', range.to).groupBy('channel').orderBy('channel').execute();
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    return { total: countOf(total), rows: by ? rows.map((r) => ({ key: r.channel, label: r.channel === 'web' ? 'Web' : r.channel === 'phone' ? 'Phone' : r.channel, figure: countOf(Number(r.n)) })) : [] };
  },
};

const sources: KpiSource[] = [
  { section: { code: 'cases', title: 'Cases', order: 40 }, kpis: () => Promise.resolve([casesReceived]) },
  { section: { code: 'complaints', title: 'Complaints', order: 50 }, kpis: () => Promise.resolve([]) },
  {
    section: { code: 'standards', title: 'Service standards', order: 10 },
    kpis: () => Promise.resolve([
      fixedShare('test.collect', 'Collect missed bins within 2 working days', { '2026-Q1': [70, 100], '2026-Q2': [75, 100], '2026-Q3': [90, 100], '2026-Q4': [60, 100] }),
      fixedShare('test.answer', 'Answer letters within 10 working days', { '2026-Q3': [80, 100], '2026-Q4': [95, 100] }),
      fixedShare('test.never', 'A standard with no cases yet', {}),
    ]),
  },
];
const registry = createKpiRegistry(sources);

describe('the executive summary', () => {
  it('ranks movements relative to last quarter and counts standards met of those measured', () => {
    const point = (periodKey: string, value: number | null, rag: 'green' | 'red' | null) => ({ periodKey, figure: { value, count: 1 }, target: { target: 80, red: 70 }, rag });
    const sections: ReviewSection[] = [
      { code: 'standards', title: 'Standards', order: 10, kpis: [
        { code: 'a', name: 'A', definition: '', unit: 'percent', direction: 'higher', points: [point('q3', 90, 'green'), point('q4', 60, 'red')] },
        { code: 'b', name: 'B', definition: '', unit: 'percent', direction: 'higher', points: [point('q3', 80, 'green'), point('q4', 95, 'green')] },
        { code: 'c', name: 'C', definition: '', unit: 'percent', direction: 'higher', points: [point('q3', null, null), point('q4', null, null)] },
      ] },
      { code: 'cases', title: 'Cases', order: 40, kpis: [
        { code: 'd', name: 'Days', definition: '', unit: 'days', direction: 'lower', points: [point('q3', 10, null), point('q4', 5, null)] },
      ] },
    ];
    const s = summarise(sections);
    expect(s.standards).toEqual({ met: 1, measured: 2, total: 3 });
    // Days halved (50%) beats B's 18.75% rise; A fell by a third.
    expect(s.improved.map((m) => [m.code, m.change])).toEqual([['d', -5], ['b', 15]]);
    expect(s.worsened.map((m) => [m.code, m.change])).toEqual([['a', -30]]);
    expect(s.red.map((r) => r.code)).toEqual(['a']);
  });
});

forEachEngine('the quarterly review', (use) => {
  let db: Db;
  let raise: (receivedAt: Date, channel: string) => Promise<void>;
  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    raise = async (receivedAt, channel) => {
      await raiseCase({ db, actor: manager, now: receivedAt, publicUrl: 'https://brackenfield.example' }, {
        requestType, channel, answers: { bin_type: 'recycling', collection_date: '2026-11-02', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: '' }, contact: {}, receivedAt,
      } as Parameters<typeof raiseCase>[1]);
    };
    // Counted in the fixture's four quarters: Q3 one phone; Q4 two web and one phone. Earlier demo cases are outside them or counted too.
    await raise(new Date('2026-08-10T10:00:00Z'), 'phone');
    await raise(new Date('2026-11-03T10:00:00Z'), 'web');
    await raise(new Date('2026-11-04T10:00:00Z'), 'web');
    await raise(new Date('2026-12-01T10:00:00Z'), 'phone');
  });

  const casesIn = async (from: Date, to: Date) => Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('received_at', '>=', from).where('received_at', '<', to).executeTakeFirstOrThrow()).n);

  it('builds every KPI over the quarter and the three before it, by section in registry order', async () => {
    const figures = await buildReviewFigures(db, registry, Q4, NOW);
    expect(figures.period.key).toBe('2026-Q4');
    expect(figures.periods.map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    // Complaints registered no KPIs: no section.
    expect(figures.sections.map((s) => s.code)).toEqual(['standards', 'cases']);
    const collect = figures.sections[0]!.kpis[0]!;
    expect(collect.points.map((p) => p.figure.value)).toEqual([70, 75, 90, 60]);
    expect(collect.points.map((p) => p.rag)).toEqual(['amber', 'amber', 'green', 'red']);
    expect(collect.points[3]!.figure).toEqual({ value: 60, count: 100, numerator: 60, denominator: 100 });
    expect(figures.sections[0]!.kpis[2]!.points.every((p) => p.figure.value === null && p.rag === null)).toBe(true);
    const cases = figures.sections[1]!.kpis[0]!;
    expect(cases.points[3]!.figure.value).toBe(await casesIn(Q4.from, Q4.to));
    const q4Mix = cases.trend!.rows.filter((r) => r.periodKey === '2026-Q4');
    expect(q4Mix.find((r) => r.key === 'web')?.value).toBeGreaterThanOrEqual(2);
    expect(figures.summary.standards).toEqual({ met: 1, measured: 2, total: 3 });
    expect(figures.summary.red.map((r) => r.code)).toEqual(['test.collect']);
    expect(figures.summary.worsened[0]).toMatchObject({ code: 'test.collect', from: 90, to: 60, change: -30 });
    expect(figures.summary.improved[0]).toMatchObject({ code: 'test.answer', change: 15 });
    // JSON-safe: what publishing stores reads back the same.
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });

  it('says "No data for this period" for a quarter with nothing, never 0%', async () => {
    const figures = await buildReviewFigures(db, registry, quarter(2019, 1), NOW);
    expect(figures.sections[0]!.kpis.every((k) => k.points.every((p) => p.figure.value === null))).toBe(true);
    const html = await renderReportHtml(figures, { councilName: 'Brackenfield', version: 1, correctionReason: null, publishedOn: null, summaryCommentary: '', commentary: {} });
    expect(html).toContain('No data for this period');
    expect(html).not.toMatch(/>0%/);
    expect(figures.summary.red).toEqual([]);
  });

  it('drafts, refuses to publish without commentary on each red item, publishes, and freezes what it published', async () => {
    const ctx = { db, registry, actor: manager, now: NOW };
    await expect(startReview(ctx, '2026-13')).rejects.toThrow('Select the quarter');
    await expect(startReview(ctx, '2027-Q1')).rejects.toThrow('has not ended yet');
    const { id, created } = await startReview(ctx, '2026-Q4');
    expect(created).toBe(true);
    expect(await startReview(ctx, '2026-Q4')).toEqual({ id, created: false });

    // No commentary on the red standard: refused, naming it, with a link to its box.
    const refused = await publishReview(ctx, id, 1, { summary: 'A mixed quarter.', byCode: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommentaryNeeded);
    expect((refused as CommentaryNeeded).issues).toEqual([{ field: commentaryFieldId('test.collect'), message: 'Enter commentary on “Collect missed bins within 2 working days”: it is red this quarter' }]);
    // The summary commentary typed was kept.
    const afterRefusal = (await getReview(db, id))!;
    expect(afterRefusal).toMatchObject({ status: 'draft', summaryCommentary: 'A mixed quarter.', editVersion: 2 });

    // A form opened before that save is stale.
    await expect(saveCommentary(ctx, id, 1, { summary: 'Old', byCode: {} })).rejects.toThrow(StaleEditError);

    const published = await publishReview(ctx, id, 2, { summary: 'A mixed quarter.', byCode: { 'test.collect': 'Two crews were off sick in December.' } });
    expect(published).toMatchObject({ status: 'published', version: 1, publishedByLabel: 'Morgan Manager' });
    expect(published.html).toContain('Two crews were off sick in December.');
    expect(published.html).toContain('Collect missed bins within 2 working days');
    const casesBefore = published.figures.sections[1]!.kpis[0]!.points[3]!.figure.value;

    // Later data and a moved target: the published review does not change; a fresh computation does.
    await raise(new Date('2026-12-15T10:00:00Z'), 'web');
    await setTarget(db, manager, 'test.collect', { target: 50, red: 40 }, new Date('2027-01-16T10:00:00Z'));
    const later = new Date('2027-01-17T10:00:00Z');
    const fresh = await buildReviewFigures(db, registry, Q4, later);
    expect(fresh.sections[1]!.kpis[0]!.points[3]!.figure.value).toBe(casesBefore! + 1);
    const again = (await getPublished(db, id))!;
    expect(again.figures).toEqual(published.figures);
    expect(again.html).toBe(published.html);

    // Editing a published review is refused with the way to correct it; so is a direct update.
    await expect(saveCommentary({ ...ctx, now: later }, id, again.editVersion, { summary: 'Changed', byCode: {} })).rejects.toThrow(ReviewPublished);
    await expect(saveCommentary({ ...ctx, now: later }, id, again.editVersion, { summary: 'Changed', byCode: {} })).rejects.toThrow(/published on 15 January 2027\. To change it, issue a correction/);
    await expect(sql`UPDATE performance_review SET html = 'tampered' WHERE id = ${id}`.execute(db)).rejects.toThrow(/published and cannot be changed/);
    await expect(startReview(ctx, '2026-Q4')).rejects.toThrow(ReviewPublished);

    const audit = await db.selectFrom('audit_event').select('action').where('subject_type', '=', 'performance_review').where('subject_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['performance_review.started', 'performance_review.commentary_saved', 'performance_review.commentary_saved', 'performance_review.published']);
  });

  it('corrects a published review with a new version and a reason, which supersedes it when published', async () => {
    const later = new Date('2027-01-20T10:00:00Z');
    const ctx = { db, registry, actor: manager, now: later };
    const first = (await publishedReviewOf(db, '2026-Q4'))!.latest;
    await expect(startCorrection(ctx, first.id, '  ')).rejects.toThrow('Enter why the review is being corrected');
    const { id, created } = await startCorrection(ctx, first.id, 'A December case was entered late.');
    expect(created).toBe(true);
    expect(await startCorrection(ctx, first.id, 'Again')).toEqual({ id, created: false });
    const draft = (await getReview(db, id))!;
    expect(draft).toMatchObject({ version: 2, status: 'draft', correctionReason: 'A December case was entered late.', commentary: { 'test.collect': 'Two crews were off sick in December.' } });

    // The moved target (50, red 40) applied at the quarter's end? No: it was set after, so 60% is still red.
    const published = await publishReview(ctx, id, draft.editVersion, { summary: draft.summaryCommentary, byCode: {} });
    expect(published.figures.sections[1]!.kpis[0]!.points[3]!.figure.value).toBe(first.figures.sections[1]!.kpis[0]!.points[3]!.figure.value! + 1);
    expect(published.html).toContain('A December case was entered late.');

    const shown = (await publishedReviewOf(db, '2026-Q4'))!;
    expect(shown.latest.id).toBe(id);
    expect(shown.earlier.map((r) => r.id)).toEqual([first.id]);
    expect((await getPublished(db, first.id))!.html).toBe(first.html);
    expect((await publishedQuarters(db)).map((q) => [q.period.key, q.version])).toEqual([['2026-Q4', 2]]);
    expect((await listReviews(db)).map((r) => [r.version, r.status, r.superseded])).toEqual([[2, 'published', false], [1, 'published', true]]);
  });
});
