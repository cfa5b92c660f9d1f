// The statutory complaints reports in a real browser: a manager opens the reports (England's first,
// the demo council's procedure), mistypes a date and is shown the error summary, reads the SPSO
// indicators and Wales's return for October 2026, drills into a figure, and marks a requirement of
// the self-assessment (after being refused without an answer). Every page is checked for WCAG 2.2
// AA with axe-core. With SHOTS_DIR set, each page is saved at 320 and 1280 pixels wide.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, signInAs, checkPage } from '../support/browser.js';
import { makeComplaint, respondToComplaint } from '../../src/features/complaints/service.js';

const at = (day: string) => new Date(`${day}T10:00:00Z`);

describeInBrowser('complaints reports in a browser', (use) => {
  beforeAll(async () => {
    const db = use().app.database.db;
    const grace = (await db.selectFrom('staff_user').select('id').where('email', '=', 'complaints@brackenfield.example').executeTakeFirstOrThrow()).id;
    const days = ['2026-10-05', '2026-10-06', '2026-10-12'];
    for (const [i, day] of days.entries()) {
      const made = await makeComplaint({ db, actor: { type: 'resident', label: 'Jo' }, now: at(day), publicUrl: 'https://x.example' }, { channel: 'web', receivedAt: at(day), contact: { name: 'Jo' }, whatHappened: 'Missed bin.' });
      if (i < 2) await respondToComplaint({ db, actor: { type: 'staff', id: grace, label: 'Grace Okafor' }, now: at('2026-10-14'), publicUrl: 'https://x.example' }, { reference: made.reference, response: { decision: i ? 'not_upheld' : 'upheld', reasons: 'Because.', apology: 'yes', learning: i ? '' : 'Crews now photograph the bin.' } });
    }
  });

  it('a manager reads the reports, drills into a figure and updates the self-assessment', async () => {
    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Complaints reports' }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Annual complaints performance and service improvement report (England)');
    await checkPage(page, 'england-this-quarter');

    await page.getByLabel('From').fill('31/10/2026');
    await page.getByLabel('To').fill('1/10/2026');
    await page.getByRole('button', { name: 'Show the report' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('End date must be the same as or after the start date');
    await checkPage(page, 'report-errors');

    await page.goto('/staff/complaints/reports/england?from=2026-10-01&to=2026-10-31');
    await checkPage(page, 'england-october');
    await page.goto('/staff/complaints/reports/spso?from=2026-10-01&to=2026-10-31');
    expect(await page.locator('h1').textContent()).toBe('SPSO complaints performance indicators (Scotland)');
    await checkPage(page, 'spso-october');
    await page.goto('/staff/complaints/reports/wales?from=2026-07-01&to=2026-12-31');
    await checkPage(page, 'wales-two-quarters');

    await page.goto('/staff/complaints/reports/spso?from=2026-10-01&to=2026-10-31');
    await page.getByRole('link', { name: /the complaints counted in complaints received$/ }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Complaints received');
    expect(await page.locator('tbody tr').count()).toBe(3);
    await checkPage(page, 'drill-received');

    await page.goto('/staff/complaints/reports/self-assessment');
    await checkPage(page, 'self-assessment');
    await page.getByRole('link', { name: /^Change requirement 1:/ }).click();
    await checkPage(page, 'self-assessment-item');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select whether the requirement is met');
    await checkPage(page, 'self-assessment-item-errors');
    await page.getByLabel('Yes, met').check();
    await page.getByLabel('Evidence').fill('Our complaints policy, section 2');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Requirement saved');
    expect(await page.locator('.govuk-summary-card').first().textContent()).toContain('Our complaints policy, section 2');
  });
});
