// The managers' dashboard in a real browser, on the demo council with the real KPIs (whichever the
// features register): a case finished late makes its standard red; a manager opens the dashboard,
// drills from the red standard to its breakdown by service, to the cases behind it, to the case;
// then sets the standard's target through the form (after one mistake). Every page is checked with
// axe-core (WCAG 2.2 AA) and, with SHOTS_DIR set, saved at 320 and 1280 pixels wide.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { checkPage, describeInBrowser, signInAs } from '../support/browser.js';
import { changeCase, moveTo } from '../../src/features/cases/lifecycle.js';
import { raiseCase } from '../../src/features/cases/service.js';
import { getRequestType } from '../../src/features/charter/service.js';

describeInBrowser('the performance dashboard in a browser', (use) => {
  it('a manager drills from a red standard to the case behind it, and sets the target', async () => {
    // A missed bin reported 20 days ago and only now resolved: its standard's clock stopped late, this quarter.
    const { db } = use().app.database;
    const now = new Date();
    const then = new Date(now.getTime() - 20 * 86_400_000);
    const ctx = (at: Date) => ({ db, actor: { type: 'system' as const, label: 'test' }, now: at, publicUrl: 'https://brackenfield.example' });
    const raised = await raiseCase(ctx(then), {
      requestType: await getRequestType(db, { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      contact: { name: 'Sam Green', email: 'sam@example.com' },
      receivedAt: then,
      location: { address: '12 Mill Lane, Brackenfield', latitude: 52.1, longitude: -1.2 },
    });
    await changeCase(ctx(now), raised.reference, undefined, 'case.status_changed', (change) => moveTo(change, 'resolved', {}));

    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Performance' }).click();
    expect(await page.locator('h1').textContent()).toBe('Performance');
    expect(await page.locator('#period option[selected]').getAttribute('value')).toMatch(/^\d{4}-Q[1-4]$/);
    expect(await page.locator('table.app-performance__section tr[data-kpi^="standard."]').count()).toBeGreaterThan(0);
    await checkPage(page, 'dashboard');

    // Needs attention comes first, and holds the late standard.
    const attention = page.locator('table.app-performance__red');
    const red = attention.locator('a[href*="/kpis/standard."]').first();
    const name = (await red.textContent())!.trim();
    await red.click();
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.locator('.app-performance__figure').textContent()).toContain('Red');
    expect(await page.locator('figure.app-chart svg').count()).toBe(1);
    await checkPage(page, 'kpi');

    // Its breakdown by service, then the cases behind the row, then the case.
    await page.locator('table.app-performance__breakdown a').first().click();
    expect(await page.locator('h1').textContent()).toBe('The cases behind this figure');
    await checkPage(page, 'records');
    await page.getByRole('link', { name: raised.reference }).click();
    expect(await page.locator('h1').textContent()).toBe(`Case ${raised.reference}`);
    await page.goBack();
    await page.getByRole('link', { name: `Back to ${name}` }).click();

    // The target: a red threshold above the target is refused, then a good one is saved.
    await page.getByRole('link', { name: 'Change the target' }).click();
    expect(await page.locator('h1').textContent()).toBe('Set the target');
    await checkPage(page, 'target');
    await page.getByLabel('Target', { exact: true }).fill('80');
    await page.getByLabel('Red threshold (optional)').fill('85');
    await page.getByRole('button', { name: 'Save target' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('The red threshold must be lower than the target (80%)');
    await checkPage(page, 'target-errors');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('red');
    await page.getByLabel('Red threshold (optional)').fill('70');
    await page.getByRole('button', { name: 'Save target' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Target saved');
    expect(await page.locator('.app-performance__figure').textContent()).toContain('80% or more (red below 70%)');

    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    const row = page.locator('table.app-performance__red tr', { hasText: name });
    expect(await row.textContent()).toContain('80% or more');
    expect(await row.textContent()).toContain('red below 70%');
  });
});
