// A resident reports a missed bin on the real e-form, follows the private tracking link, reads the
// update an officer sent, and adds information; later finds the request again by reference and
// email address. axe on the tracking form and the tracking page, in each state.
import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible } from '../../../../test/support/browser.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { addNote } from '../lifecycle.js';
import { selectCase } from '../store.js';

const officer: Actor = { type: 'staff', id: 'officer', label: 'Priya Shah' };

describeInBrowser('a resident tracks their request', (use) => {
  // One journey with five accessibility checks: longer than the default 30 seconds on a busy machine.
  it('raises a request, tracks it by its private link, reads an update, adds information, and finds it again by reference', { timeout: 120_000 }, async () => {
    const page = await use().newPage();
    await page.goto('/request/missed-bin');
    await page.getByLabel('Recycling (blue bin)').check();
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    await page.locator('#collection_date-day').fill(String(lastWeek.getUTCDate()));
    await page.locator('#collection_date-month').fill(String(lastWeek.getUTCMonth() + 1));
    await page.locator('#collection_date-year').fill(String(lastWeek.getUTCFullYear()));
    await page.locator('#location-address').fill('12 Mill Lane, Brackenfield');
    await page.locator('#contactName').fill('Sam Green');
    await page.locator('#contactEmail').fill('sam.green@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    const reference = (await page.locator('.app-reference').textContent()) ?? '';
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

    await page.getByRole('link', { name: 'Track your request', exact: true }).click();
    expect(await page.locator('h1').textContent()).toBe(`Your request ${reference}`);
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Received');
    await expectAccessible(page);

    const { db } = use().app.database;
    const kase = (await selectCase(db, { reference }))!;
    await addNote({ db, actor: officer, now: new Date(), publicUrl: 'https://brackenfield.example' }, { reference, expectedVersion: kase.version, text: 'Our crew will return to Mill Lane tomorrow.', public: true });
    await page.reload();
    const timeline = page.locator('main ol');
    expect(await timeline.textContent()).toContain('Our crew will return to Mill Lane tomorrow.');
    expect(await timeline.textContent()).not.toContain(officer.label);

    // Sending nothing: the error summary, then the information itself.
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the information you want to add');
    await expectAccessible(page);
    await page.getByLabel('Anything you want to add to your request').fill('The bin is behind the side gate.');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('We have added your information');
    expect(await timeline.textContent()).toContain('The bin is behind the side gate.');
    await expectAccessible(page);

    // Another day, another browser: by reference and email address.
    const again = await use().newPage();
    await again.goto('/');
    await again.getByRole('link', { name: 'Track a request' }).click();
    await expectAccessible(again);
    await again.getByLabel('Reference number').fill(reference.toLowerCase());
    await again.getByLabel('Email address or phone number').fill('someone@example.com');
    await again.getByRole('button', { name: 'Find my request' }).click();
    expect(await again.locator('.govuk-error-summary').textContent()).toContain('We could not find a request with those details');
    expect(await again.getByLabel('Reference number').inputValue()).toBe(reference.toLowerCase());
    await expectAccessible(again);
    await again.getByLabel('Email address or phone number').fill('Sam.Green@example.com');
    await again.getByRole('button', { name: 'Find my request' }).click();
    expect(await again.locator('h1').textContent()).toBe(`Your request ${reference}`);
    expect(await again.locator('main ol').textContent()).toContain('The bin is behind the side gate.');
  });
});
