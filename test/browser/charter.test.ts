// An administrator sets up a service, a standard and a request type with three fields; a resident
// fills in the generated form, gets an error, corrects it and gets a reference. axe on every page.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { checkPage, describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';
import { changeStatus } from '../../src/features/cases/lifecycle.js';
import { raiseCase } from '../../src/features/cases/service.js';
import { periodAt, shiftPeriod } from '../../src/platform/kpi/index.js';
import { getRequestType } from '../../src/features/charter/service.js';

describeInBrowser('service catalogue and the resident e-form', (use) => {
  it('an administrator creates a service, a standard and a request type with three fields', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/services');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add a service' }).click();
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('Allotments');
    await page.getByLabel('Code').fill('allotments');
    await page.getByLabel('Department').fill('Communities');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Save service' }).click();
    expect(await page.locator('h1').textContent()).toBe('Allotments');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add a standard' }).click();
    await page.getByLabel('The promise, as residents will read it').fill('We will reply to allotment enquiries within 5 working days');
    await page.getByLabel('Code').fill('reply');
    await page.getByLabel('Stage it measures').selectOption('first_response');
    await page.getByLabel('How many').fill('-5');
    await page.getByRole('button', { name: 'Save standard' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Time allowed must be a whole number');
    await expectAccessible(page);
    await page.getByLabel('How many').fill('5');
    await page.getByRole('button', { name: 'Save standard' }).click();
    expect(await page.locator('table').first().textContent()).toContain('5 working days');

    await page.getByRole('button', { name: 'Add a request type' }).click();
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('Apply for an allotment');
    await page.getByLabel('Code', { exact: true }).fill('allotment-application');
    await page.getByLabel('We will reply to allotment enquiries within 5 working days').check();
    const row = (i: number) => ({
      label: page.locator(`#fields-${i}-label`),
      code: page.locator(`#fields-${i}-code`),
      type: page.locator(`#fields-${i}-type`),
      options: page.locator(`#fields-${i}-options`),
    });
    await row(0).label.fill('Which site would you like?');
    await row(0).code.fill('site');
    await row(0).type.selectOption('single_choice');
    await row(0).options.fill('Ashwell Green\nThornby Road');
    await row(1).label.fill('Plot size');
    await row(1).code.fill('site');
    await row(1).type.selectOption('single_choice');
    await row(1).options.fill('Half plot\nFull plot');
    await row(2).label.fill('Where do you live?');
    await row(2).code.fill('home');
    await row(2).type.selectOption('location');
    await page.getByRole('button', { name: 'Save request type' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/site.*used twice|used twice.*site/i);
    await expectAccessible(page);
    await page.locator('#fields-1-code').fill('plot_size');
    await page.getByRole('button', { name: 'Save request type' }).click();
    expect(await page.locator('h1').textContent()).toBe('Allotments');
    expect(await page.locator('main').textContent()).toContain('Apply for an allotment (3 fields, version 1)');
  });

  it('a resident fills in the generated form, fixes an error, checks the answers and gets a reference', async () => {
    const page = await use().newPage();
    await page.goto('/standards/allotments');
    expect(await page.locator('main').textContent()).toContain('We will reply to allotment enquiries within 5 working days');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Apply for an allotment' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['#site', '#plot_size', '#home-address']);
    await expectAccessible(page);
    await page.getByLabel('Thornby Road').check();
    await page.getByLabel('Full plot').check();
    await page.locator('#home-address').fill('12 Mill Lane, Brackenfield');
    await page.locator('#home-postcode').fill('BF1 2AB');
    await page.getByLabel('Email address (optional)').fill('resident@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check your answers before sending your request');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('Thornby Road');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    const reference = await page.locator('.app-reference').textContent();
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await expectAccessible(page);
    const saved = await use().app.database.db.selectFrom('cases').selectAll().where('reference', '=', reference ?? '').executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ channel: 'web', status: 'received', contact: { email: 'resident@example.com' } });
    expect(saved.answers).toMatchObject({ site: 'thornby_road', plot_size: 'full_plot' });
  });

  it('an administrator renames and removes options: codes stay, and an option open requests use must be mapped', async () => {
    const { db } = use().app.database;
    const requestType = await getRequestType(db, { code: 'report-pothole' });
    const actor = { type: 'staff' as const, label: 'test' };
    const kase = await raiseCase({ db, actor, now: new Date(), publicUrl: 'http://localhost' }, { requestType, channel: 'phone', answers: { where_on_road: 'kerb', size: 'small', immediate_danger: false }, contact: {}, receivedAt: new Date() });
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto(`/staff/request-types/${requestType.id}/edit`);
    expect(await page.locator('#fields-0-options-0-label-hint').textContent()).toContain('Code: road');
    await expectAccessible(page);
    await page.locator('#fields-0-options-0-label').fill('In the carriageway');
    await page.locator('#fields-0-options-3-label').fill('');
    await page.getByRole('button', { name: 'Save request type' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('“On the kerb” (kerb) is the answer to “Where is the pothole?” in 1 open request');
    await expectAccessible(page);
    await page.getByLabel('Open requests that answered “On the kerb” change to').selectOption('pavement');
    await page.getByRole('button', { name: 'Save request type' }).click();
    expect(await page.locator('h1').textContent()).toBe('Potholes and road defects');
    const options = (await getRequestType(db, { code: 'report-pothole' })).fields[0]?.options;
    expect(options?.map((o) => o.value)).toEqual(['road', 'pavement', 'cycle_lane']);
    expect(options?.[0]?.label).toBe('In the carriageway');
    const saved = await db.selectFrom('cases').select('answers').where('id', '=', kase.id).executeTakeFirstOrThrow();
    expect(saved.answers.where_on_road).toBe('pavement');
  });

  it('the charter has large-print, plain-text and JSON editions', async () => {
    const page = await use().newPage();
    await page.goto('/standards?layout=large-print');
    const size = await page.locator('main .govuk-body-l').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    await expectAccessible(page);
    const text = await (await fetch(`${use().baseUrl}/standards.txt`)).text();
    expect(text).toContain('We will collect a missed bin');
    expect(text).not.toContain('<');
    const feed = (await (await fetch(`${use().baseUrl}/standards.json`)).json()) as { services: { code: string }[] };
    expect(feed.services.map((s) => s.code)).toContain('missed-bin');
    expect(feed.services.map((s) => s.code)).not.toContain('dog-fouling');
  });

  it('a resident reads each standard’s last four quarters, as a small chart and in words', async () => {
    const { db } = use().app.database;
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    const actor = { type: 'staff' as const, label: 'Priya Shah' };
    // Two weeks into each of the last three complete quarters: one missed bin collected within the
    // hour (both promises kept) and, in the middle quarter, one collected three weeks late.
    const current = periodAt('quarter', new Date());
    const quarters = [-3, -2, -1].map((n) => shiftPeriod(current, n));
    const handle = async (received: Date, doneAfterDays: number) => {
      const ctx = (now: Date) => ({ db, actor, now, publicUrl: 'http://localhost' });
      const { reference } = await raiseCase(ctx(received), { requestType, channel: 'phone', answers: { bin_type: 'general' }, contact: {}, receivedAt: received });
      const done = new Date(received.getTime() + (doneAfterDays || 1 / 24) * 86_400_000);
      await changeStatus(ctx(done), { reference, expectedVersion: 1, to: 'resolved' });
    };
    for (const q of quarters) await handle(new Date(q.from.getTime() + 14 * 86_400_000 + 9 * 3_600_000), 0);
    await handle(new Date(quarters[1]!.from.getTime() + 15 * 86_400_000 + 9 * 3_600_000), 21);

    const page = await use().newPage();
    await page.goto('/standards/missed-bin');
    const collect = page.locator('tr', { hasText: 'We will collect a missed bin' });
    const figures = await collect.locator('.app-standard-trend__figures li').allTextContents();
    expect(figures.map((f) => f.trim())).toEqual([
      `${shiftPeriod(current, -4).shortLabel}: not measured`,
      `${quarters[0]!.shortLabel}: 100% met`,
      `${quarters[1]!.shortLabel}: 50% met`,
      `${quarters[2]!.shortLabel}: 100% met`,
    ]);
    expect(await collect.locator('svg.app-sparkline').getAttribute('aria-hidden')).toBe('true');
    await checkPage(page, 'charter-service-last-four-quarters');
    await page.goto('/standards');
    await checkPage(page, 'charter-last-four-quarters');
  });
});
