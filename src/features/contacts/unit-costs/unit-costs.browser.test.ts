// An administrator changes what a contact costs on each channel in Chromium: finds the page from
// the navigation, makes two mistakes and is told how to fix each, then saves a new phone cost and
// a first cost for email, which leaves the "not costed" list. axe (WCAG 2.2 AA) on every state;
// with SHOTS_DIR set, each is saved at 320 and 1280 pixels wide.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { checkPage, describeInBrowser, signInAs } from '../../../../test/support/browser.js';

describeInBrowser('unit costs per contact', (use) => {
  it('an administrator sets the cost of a phone contact and of an email', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Unit costs' }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Unit costs per contact');
    expect(await page.locator('.govuk-inset-text').textContent()).toContain('Not costed: Email, Letter, Text message, Webchat, Social media.');
    expect(await page.getByLabel('Phone').inputValue()).toBe('2.83');
    await checkPage(page, 'unit-costs');

    await page.getByLabel('Phone').fill('');
    await page.getByLabel('Email').fill('two pounds');
    await page.getByRole('button', { name: 'Save unit costs' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter the cost of a phone contact in pounds, like 2.83');
    expect(await summary.textContent()).toContain('Cost of an email must be an amount in pounds, like 2.83');
    expect(await page.getByLabel('Email').inputValue()).toBe('two pounds');
    await checkPage(page, 'unit-costs-errors');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cost-phone');

    await page.getByLabel('Phone').fill('3.10');
    await page.getByLabel('Email').fill('2.50');
    await page.getByRole('button', { name: 'Save unit costs' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Unit costs saved');
    expect(await page.getByLabel('Phone').inputValue()).toBe('3.10');
    expect(await page.locator('.govuk-inset-text').textContent()).not.toContain('Email');
    const history = await page.locator('table').textContent();
    expect(history).toContain('£3.10');
    expect(history).toContain('£2.50');
    await checkPage(page, 'unit-costs-saved');

    // Managers read cost to serve but do not set unit costs.
    const manager = await use().newPage();
    await signInAs(manager, 'manager@brackenfield.example', DEMO_PASSWORD);
    const response = await manager.goto('/staff/contacts/unit-costs');
    expect(response?.status()).toBe(403);
  });
});
