// The dashboard and what a manager reaches from it, over HTTP on both engines, against KPIs whose
// figures the test knows (fake sources: these tests are about the pages, not the KPIs, which have
// their own store tests). Red items first; "No data for this period"; a bad period is a GOV.UK
// error, not a 500; the target form checks what it is given, saves, and the dashboard's RAG
// follows; the CSV and the JSON feed give the page's numbers; advisors are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { createClientSystem } from '../../../platform/api-keys/service.js';
import { formatFigure, type Breakdown, type Kpi, type KpiFigure, type KpiSource, type Period, type Range } from '../../../platform/kpi/index.js';

// Sunday 15 November 2026: this quarter is October to December 2026 (2026-Q4).
const NOW = new Date('2026-11-15T12:00:00Z');

const share = (part: number, whole: number): KpiFigure => ({ value: Math.floor((part * 1000) / whole) / 10, count: whole, numerator: part, denominator: whole });
const NONE: KpiFigure = { value: null, count: 0 };

/** A KPI whose figures are given by period key; anything else has no data. */
function fakeKpi(kpi: Omit<Kpi, 'compute' | 'breakdowns'> & { breakdowns?: Breakdown[] }, figures: Record<string, KpiFigure>, rows: Record<string, { key: string; label: string; figure: KpiFigure }[]> = {}): Kpi {
  return {
    breakdowns: [],
    ...kpi,
    compute: (_db, range: Range, by?: Breakdown) => Promise.resolve({ total: figures[(range as Period).key] ?? NONE, rows: by ? (rows[(range as Period).key] ?? []) : [] }),
  };
}

const green = fakeKpi(
  { code: 'standard.fake-green', name: 'Bins collected on time', definition: 'Of the collections due, the share made on the day.', unit: 'percent', direction: 'higher', defaultTarget: { target: 90, red: 80 }, breakdowns: ['service'] },
  { '2026-Q4': share(190, 200), '2026-Q3': share(185, 200), '2026-Q2': share(180, 200), '2026-Q1': share(176, 200) },
  { '2026-Q4': [{ key: 'svc-a', label: 'Waste', figure: share(96, 100) }, { key: 'svc-b', label: 'Parking', figure: share(94, 100) }] },
);
// 250 cases behind it, so the records page shows the first 200.
green.records = (_db, _range, options) => Promise.resolve({
  kind: 'cases',
  total: options.filter ? 3 : 250,
  rows: Array.from({ length: Math.min(options.limit, options.filter ? 3 : 250) }, (_, i) => ({
    reference: `BF-${String(1000 + i)}`, href: `/staff/cases/BF-${String(1000 + i)}`, at: '2026-11-02T10:00:00.000Z', service: options.filter?.key === 'svc-b' ? 'Parking' : 'Waste', detail: 'Met',
  })),
});
const red = fakeKpi(
  { code: 'standard.fake-red', name: 'Letters answered in 10 days', definition: 'Of the letters received, the share answered within 10 working days.', unit: 'percent', direction: 'higher', defaultTarget: { target: 90, red: 80 } },
  { '2026-Q4': share(5, 10), '2026-Q3': share(17, 20) },
);
const volume = fakeKpi(
  { code: 'contacts.fake-volume', name: 'Contacts', definition: 'Every contact logged.', unit: 'count', direction: 'neither' },
  { '2026-Q4': { value: 1204, count: 1204 }, '2026-Q3': { value: 1100, count: 1100 } },
);
const days = fakeKpi(
  { code: 'cases.fake-days', name: 'Median days to resolve', definition: 'The middle case’s working days from raised to resolved.', unit: 'days', direction: 'lower', defaultTarget: { target: 5, red: 10 } },
  { '2026-Q3': { value: 4.5, count: 40 } },
);
const SOURCES: KpiSource[] = [
  { section: { code: 'cases', title: 'Cases', order: 40 }, kpis: () => Promise.resolve([days]) },
  { section: { code: 'standards', title: 'Service standards', order: 10 }, kpis: () => Promise.resolve([green, red]) },
  { section: { code: 'cost', title: 'Cost to serve', order: 30 }, kpis: () => Promise.resolve([]) },
  { section: { code: 'contacts', title: 'Contacts and channel shift', order: 20 }, kpis: () => Promise.resolve([volume]) },
];

forEachEngine('the performance dashboard', (_use, engine) => {
  let t: TestApp;
  let manager: Client;
  let apiKey = '';
  let catalogueKey = '';
  beforeAll(async () => {
    // Time passes (a second a call), so a target set "now" is in force on the next page.
    let tick = 0;
    t = await startTestApp(engine, { now: () => new Date(NOW.getTime() + tick++ * 1000), kpiSources: SOURCES });
    manager = new Client(t.app);
    await manager.signIn('manager@brackenfield.example');
    const admin = { type: 'staff' as const, label: 'Test administrator' };
    apiKey = (await createClientSystem(t.database.db, admin, { name: 'Council BI', scopes: ['performance:read'], rateLimitPerMinute: 1000 })).key;
    catalogueKey = (await createClientSystem(t.database.db, admin, { name: 'Catalogue reader', scopes: ['catalogue:read'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t?.close());

  const sectionOf = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, `section ${id}`).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</table>', start));
  };
  const rowOf = (html: string, code: string) => {
    const start = html.indexOf(`data-kpi="${code}"`);
    expect(start, `row ${code}`).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</tr>', start));
  };
  const audits = (action: string) => t.database.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();

  describe('the dashboard', () => {
    it('shows this quarter by default: red items first, then each section in order with figure, target, RAG in words, previous quarter, change and trend', async () => {
      const page = await manager.get('/staff/performance');
      expect(page.statusCode).toBe(200);
      const html = page.body;
      expect(html).toContain('<option value="2026-Q4" selected>Quarter: October to December 2026</option>');
      expect(html).toContain('October to December 2026</strong> so far (to 15 November 2026)');
      expect(html).toMatch(/<a class="govuk-service-navigation__link" href="\/staff\/performance"/);
      // Needs attention comes first and holds the red one only.
      const attention = sectionOf(html, 'needs-attention');
      expect(html.indexOf('id="needs-attention"')).toBeLessThan(html.indexOf('id="section-standards"'));
      expect(attention).toContain('Letters answered in 10 days');
      expect(attention).toContain('50% (5 of 10)');
      expect(attention).not.toContain('Bins collected on time');
      // Sections in the registry's order; one without KPIs is left out.
      const order = ['section-standards', 'section-contacts', 'section-cases'].map((id) => html.indexOf(`id="${id}"`));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(html).not.toContain('id="section-cost"');
      const bins = rowOf(html, 'standard.fake-green');
      expect(bins).toContain('href="/staff/performance/kpis/standard.fake-green?period=2026-Q4"');
      expect(bins).toContain('95% (190 of 200)');
      expect(bins).toContain('>90% or more</span><br><span class="govuk-body-s app-performance__nowrap">red below 80%</span>');
      expect(bins).toMatch(/govuk-tag--green">\s*Green\s*</);
      expect(bins).toContain('92.5% (185 of 200)');
      expect(bins).toContain('Up 2.5 points (better)');
      expect(bins).toContain('<svg');
      expect(bins).toContain('Jan–Mar 2026: 88%; Apr–Jun 2026: 90%; Jul–Sep 2026: 92.5%; Oct–Dec 2026: 95%');
      const letters = rowOf(html, 'standard.fake-red');
      expect(letters).toContain('govuk-tag--red');
      expect(letters).toContain('Down 35 points (worse)');
      const contacts = rowOf(html, 'contacts.fake-volume');
      expect(contacts).toContain('1,204');
      expect(contacts).toContain('No target');
      expect(contacts).toContain('Up 104<');
      const median = rowOf(html, 'cases.fake-days');
      expect(median).toContain('No data for this period');
      expect(median).toContain('4.5 days');
      expect(median).toContain('>5 days or less</span><br><span class="govuk-body-s app-performance__nowrap">red above 10 days</span>');
      expect(median).toContain('No comparison');
      expect(html).toContain('href="/staff/performance/kpis.csv?period=2026-Q4"');
    });

    it('says "No data for this period" for a period with none, never 0%', async () => {
      const page = await manager.get('/staff/performance?period=2021-Q1');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('No data for this period');
      expect(page.body).toContain('No measure is red for this period');
      expect(page.body).not.toContain('>0%');
      expect(page.body).toContain('January to March 2021');
    });

    it('takes a month and a financial year too', async () => {
      const month = await manager.get('/staff/performance?period=2026-10');
      expect(month.statusCode).toBe(200);
      expect(month.body).toContain('<option value="2026-10" selected>October 2026</option>');
      expect(month.body).toContain('Previous month');
      const year = await manager.get('/staff/performance?period=2026-27');
      expect(year.statusCode).toBe(200);
      expect(year.body).toContain('April 2026 to March 2027</strong> so far');
    });

    it('answers a bad period with the GOV.UK error summary and the chooser, not a 500', async () => {
      for (const [key, message] of [
        ['banana', 'Choose a period from the list, or give a quarter like 2026-Q4'],
        ['2026-Q5', 'Choose a period from the list'],
        ['2027-Q1', 'Choose a period that has started: January to March 2027 has not begun yet'],
        ['1066-Q4', 'Choose a period from 2000 onwards'],
        ['2999-Q1', 'Choose a period from the list'],
      ]) {
        const page = await manager.get(`/staff/performance?period=${encodeURIComponent(key!)}`);
        expect(page.statusCode, key).toBe(400);
        expect(page.body).toContain('<title>Error: Performance');
        expect(page.body).toContain('There is a problem');
        expect(page.body).toContain(`href="#period">${message}`);
        expect(page.body).toContain('id="period-error"');
      }
    });

    it('refuses an advisor every page, the CSV and the target form', async () => {
      const advisor = new Client(t.app);
      await advisor.signIn('advisor@brackenfield.example');
      for (const url of ['/staff/performance', '/staff/performance/kpis/standard.fake-green', '/staff/performance/kpis/standard.fake-green/records?period=2026-Q4', '/staff/performance/kpis.csv', '/staff/performance/kpis/standard.fake-green/target']) {
        const page = await advisor.get(url);
        expect(page.statusCode, url).toBe(403);
      }
      expect((await advisor.get('/staff')).body).not.toContain('href="/staff/performance"');
      const posted = await advisor.post('/staff/performance/kpis/standard.fake-green/target', { choice: 'own', target: '50', red: '' });
      expect(posted.statusCode).toBe(403);
    });
  });

  describe('a KPI and the records behind it', () => {
    it('shows the definition, figure, target, who set it, the trend chart with its table, and the breakdown linking to the records', async () => {
      const page = await manager.get('/staff/performance/kpis/standard.fake-green?period=2026-Q4');
      expect(page.statusCode).toBe(200);
      const html = page.body;
      expect(html).toContain('<h1 class="govuk-heading-l">Bins collected on time</h1>');
      expect(html).toContain('Of the collections due, the share made on the day.');
      expect(html).toContain('95% (190 of 200)');
      expect(html).toContain('90% or more (red below 80%)');
      expect(html).toContain('The measure’s default target');
      expect(html).toContain('class="app-chart__svg"');
      expect(html).toContain('Bins collected on time: the last 8 quarters');
      expect(html).toContain('<th scope="row" class="govuk-table__header">Oct–Dec 2026</th>');
      expect(html).toContain('<option value="service" selected>Service</option>');
      expect(html).toContain('href="/staff/performance/kpis/standard.fake-green/records?period=2026-Q4&amp;by=service&amp;key=svc-a"');
      expect(html).toContain('96% (96 of 100)');
      expect(html).toContain('href="/staff/performance/kpis/standard.fake-green/records?period=2026-Q4"');
      expect(html).toContain('href="/staff/performance/kpis/standard.fake-green/target?period=2026-Q4"');
    });

    it('answers an unknown KPI with the 404 page, and a bad breakdown or period with an error summary', async () => {
      const missing = await manager.get('/staff/performance/kpis/standard.nope?period=2026-Q4');
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('Page not found');
      const badBy = await manager.get('/staff/performance/kpis/standard.fake-green?period=2026-Q4&by=planet');
      expect(badBy.statusCode).toBe(400);
      expect(badBy.body).toContain('href="#by">Choose a breakdown from the list (service)');
      const badPeriod = await manager.get('/staff/performance/kpis/standard.fake-green?period=Q4');
      expect(badPeriod.statusCode).toBe(400);
      expect(badPeriod.body).toContain('href="#period">');
      expect((await manager.get('/staff/performance/kpis/standard.fake-green/records?period=nope')).statusCode).toBe(400);
      expect((await manager.get('/staff/performance/kpis/standard.fake-green/records?period=2026-Q4&by=planet&key=x')).statusCode).toBe(400);
      expect((await manager.get('/staff/performance/kpis/contacts.fake-volume/records?period=2026-Q4')).statusCode).toBe(404);
    });

    it('lists the first 200 of the records behind the figure, each linking to its case, and audits the view', async () => {
      const page = await manager.get('/staff/performance/kpis/standard.fake-green/records?period=2026-Q4');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('The cases behind this figure');
      expect(page.body).toContain('Showing 200 of 250 cases, newest first');
      expect(page.body).toContain('<a class="govuk-link" href="/staff/cases/BF-1000">BF-1000</a>');
      expect(page.body.match(/href="\/staff\/cases\/BF-/g)).toHaveLength(200);
      const one = await manager.get('/staff/performance/kpis/standard.fake-green/records?period=2026-Q4&by=service&key=svc-b');
      expect(one.body).toContain('Service: Parking');
      expect(one.body).toContain('94% (94 of 100)');
      expect(one.body).toContain('3 cases, newest first');
      const events = await audits('kpi.records_viewed');
      expect(events.map((e) => e.subject_id)).toEqual(['standard.fake-green', 'standard.fake-green']);
      expect(events.map((e) => e.detail)).toEqual(expect.arrayContaining([
        expect.objectContaining({ period: '2026-Q4', shown: 200, total: 250 }),
        expect.objectContaining({ period: '2026-Q4', by: 'service', key: 'svc-b', shown: 3, total: 3 }),
      ]));
    });
  });

  describe('targets', () => {
    it('refuses a KPI with no better direction politely', async () => {
      const page = await manager.get('/staff/performance/kpis/contacts.fake-volume/target');
      expect(page.body).toContain('Contacts has no target');
      const posted = await manager.post('/staff/performance/kpis/contacts.fake-volume/target', { choice: 'own', target: '5', red: '' });
      expect(posted.statusCode).toBe(400);
      expect(await audits('kpi.target_set')).toHaveLength(0);
    });

    it('checks the form: numbers in range, in the unit, red worse than the target', async () => {
      const form = await manager.get('/staff/performance/kpis/standard.fake-green/target?period=2026-Q4');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('90% or more (red below 80%)');
      const cases: [Record<string, string>, string[]][] = [
        [{ choice: 'own', target: '', red: '' }, ['href="#target">Enter the target']],
        [{ choice: 'own', target: 'lots', red: '80' }, ['href="#target">The target must be a percentage, like 95']],
        [{ choice: 'own', target: '120', red: '-5' }, ['href="#target">The target must be between 0 and 100', 'href="#red">The red threshold must be between 0 and 100']],
        [{ choice: 'own', target: '90', red: '95' }, ['href="#red">The red threshold must be lower than the target (90%), because higher is better for this measure']],
      ];
      for (const [body, messages] of cases) {
        const refused = await manager.post('/staff/performance/kpis/standard.fake-green/target', { period: '2026-Q4', ...body });
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.body).toContain('<title>Error: Target for Bins collected on time');
        for (const m of messages) expect(refused.body).toContain(m);
        if (body.target) expect(refused.body).toContain(`value="${body.target}"`);
      }
      const lower = await manager.post('/staff/performance/kpis/cases.fake-days/target', { choice: 'own', target: '5', red: '3' });
      expect(lower.body).toContain('The red threshold must be higher than the target (5 days), because lower is better for this measure');
      expect(await audits('kpi.target_set')).toHaveLength(0);
    });

    it('saves a target (audited), the dashboard turns red, and "use the default target" puts it back', async () => {
      const saved = await manager.post('/staff/performance/kpis/standard.fake-green/target', { period: '2026-Q4', choice: 'own', target: '97.5%', red: '96' });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/staff/performance/kpis/standard.fake-green?period=2026-Q4&done=target');
      const kpiPage = await manager.get(saved.headers.location as string);
      expect(kpiPage.body).toContain('Target saved');
      expect(kpiPage.body).toContain('97.5% or more (red below 96%)');
      expect(kpiPage.body).toContain('Sam Whitfield on 15 November 2026');
      const dashboard = await manager.get('/staff/performance');
      expect(sectionOf(dashboard.body, 'needs-attention')).toContain('Bins collected on time');
      expect(rowOf(dashboard.body, 'standard.fake-green')).toContain('govuk-tag--red');
      // The form shows the manager's target again.
      const form = await manager.get('/staff/performance/kpis/standard.fake-green/target');
      expect(form.body).toContain('value="97.5"');
      expect(form.body).toContain('Use the default target instead');
      const [event] = await audits('kpi.target_set');
      expect(event).toMatchObject({ subject_type: 'kpi', subject_id: 'standard.fake-green', actor_label: 'Sam Whitfield' });

      const back = await manager.post('/staff/performance/kpis/standard.fake-green/target', { choice: 'default', target: '', red: '' });
      expect(back.headers.location).toBe('/staff/performance/kpis/standard.fake-green?done=default');
      const after = await manager.get('/staff/performance');
      expect(rowOf(after.body, 'standard.fake-green')).toContain('govuk-tag--green');
      expect(sectionOf(after.body, 'needs-attention')).not.toContain('Bins collected on time');
      expect(await audits('kpi.target_set')).toHaveLength(2);
    });
  });

  describe('the CSV and the JSON feed', () => {
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

    it('give the page’s numbers, for every KPI', async () => {
      const csv = await manager.get('/staff/performance/kpis.csv?period=2026-Q4');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toContain('performance-2026-Q4.csv');
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('section,code,name,period,unit,value,numerator,denominator,target,red_threshold,rag');
      expect(lines.slice(1)).toEqual([
        'Service standards,standard.fake-green,Bins collected on time,2026-Q4,percent,95,190,200,90,80,green',
        'Service standards,standard.fake-red,Letters answered in 10 days,2026-Q4,percent,50,5,10,90,80,red',
        'Contacts and channel shift,contacts.fake-volume,Contacts,2026-Q4,count,1204,,,,,',
        'Cases,cases.fake-days,Median days to resolve,2026-Q4,days,,,,5,10,',
      ]);

      const feed = await t.app.inject({ method: 'GET', url: '/api/v1/performance/kpis?period=2026-Q4', headers: bearer(apiKey) });
      expect(feed.statusCode).toBe(200);
      const json = feed.json<{ period: { key: string }; kpis: { code: string; value: number | null; numerator: number | null; denominator: number | null; rag: string | null; formatted: string; target: { target: number } | null }[] }>();
      expect(json.period).toMatchObject({ key: '2026-Q4', kind: 'quarter', label: 'October to December 2026', ended: false });
      expect(json.kpis.map((k) => [k.code, k.value, k.numerator, k.denominator, k.target?.target ?? null, k.rag ?? ''])).toEqual(
        lines.slice(1).map((line) => {
          const c = line.split(',');
          const n = (s: string) => (s === '' ? null : Number(s));
          return [c[1], n(c[5]!), n(c[6]!), n(c[7]!), n(c[8]!), c[10]];
        }),
      );
      const page = await manager.get('/staff/performance?period=2026-Q4');
      for (const k of json.kpis) expect(rowOf(page.body, k.code)).toContain(k.formatted);
      expect(json.kpis[0]!.formatted).toBe(formatFigure({ value: 95, count: 200, numerator: 190, denominator: 200 }, 'percent'));
    });

    it('the feed needs a key with performance:read, defaults to this quarter, and answers a bad period field by field', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/performance/kpis' })).statusCode).toBe(401);
      const wrongScope = await t.app.inject({ method: 'GET', url: '/api/v1/performance/kpis', headers: bearer(catalogueKey) });
      expect(wrongScope.statusCode).toBe(403);
      const current = await t.app.inject({ method: 'GET', url: '/api/v1/performance/kpis', headers: bearer(apiKey) });
      expect(current.json()).toMatchObject({ period: { key: '2026-Q4' } });
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/performance/kpis?period=2026-Q9', headers: bearer(apiKey) });
      expect(bad.statusCode).toBe(400);
      const body = bad.json<{ error: string; fields: { field: string; message: string }[] }>();
      expect(body.error).toBe('invalid');
      expect(body.fields).toEqual([{ field: 'period', message: 'Choose a period from the list, or give a quarter like 2026-Q4, a month like 2026-10 or a financial year like 2026-27' }]);
      const events = await audits('api.read');
      expect(events.some((e) => e.actor_label === 'Council BI' && e.subject_type === 'kpi')).toBe(true);
      expect((await manager.get('/staff/performance/kpis.csv?period=2026-Q0')).statusCode).toBe(400);
    });
  });
});
