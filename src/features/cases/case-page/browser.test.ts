// An officer works a case in a real browser, without scripts needed: opens it, changes its status,
// sends the customer an update, and meets an error summary on the way. axe on every state.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../../test/support/browser.js';
import { getRequestType } from '../../charter/service.js';
import { raiseCase } from '../service.js';

describeInBrowser('the officer’s case page in a browser', (use) => {
  it('an officer opens a case, changes its status and updates the customer', async () => {
    const { db } = use().app.database;
    const now = new Date();
    const raised = await raiseCase({ db, actor: { type: 'resident', label: 'Sam Green' }, now, publicUrl: 'https://brackenfield.example' }, {
      requestType: await getRequestType(db, { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      contact: { name: 'Sam Green', email: 'sam@example.com' },
      receivedAt: now,
      location: { address: '12 Mill Lane, Brackenfield', latitude: 52.1, longitude: -1.2 },
    });
    const page = await use().newPage();
    await signInAs(page, 'officer@brackenfield.example', DEMO_PASSWORD);
    await page.goto(`/staff/cases/${raised.reference}`);
    expect(await page.locator('h1').textContent()).toBe(`Case ${raised.reference}`);
    await expectAccessible(page);

    // Asking the customer for information without saying what: the error summary, the text kept.
    await page.getByLabel('Waiting for customer').check();
    await page.getByLabel('Internal reason (optional)').fill('Crew could not find the bin');
    await page.getByRole('button', { name: 'Change status' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter what you need from the customer');
    expect(await page.getByLabel('Internal reason (optional)').inputValue()).toBe('Crew could not find the bin');
    await expectAccessible(page);

    await page.getByLabel('Acknowledged').check();
    await page.getByRole('button', { name: 'Change status' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Status changed to Acknowledged');
    await expectAccessible(page);

    await page.getByLabel('Note or update').fill('We will collect your bin tomorrow.');
    await page.getByLabel('Update for the customer').check();
    await page.getByRole('button', { name: 'Add note or update' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Update for the customer added');
    const newest = page.locator('#timeline + div li').first();
    expect(await newest.textContent()).toContain('Sent to customer');
    expect(await newest.textContent()).toContain('We will collect your bin tomorrow.');
    await expectAccessible(page);
  }, 120_000); // axe on a page this size takes a while when the machine is busy.
});
