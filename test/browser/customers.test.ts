// The customer pages in Chromium, with axe (WCAG 2.2 AA) on each: the advisor desk with results,
// the single view, the new customer form with its mistakes, the possible duplicates page, the edit
// form and the merge check page. Keyboard first: the desk's search is reached and sent by keys.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

describeInBrowser('customer pages', (use) => {
  it('desk, single view, new customer with mistakes and duplicates, edit: all accessible', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);

    // The desk: the search box is the first field, and Enter searches.
    await page.goto('/staff/desk');
    await expectAccessible(page);
    await page.getByLabel('Find a customer').fill('Tomasz Nowak');
    await Promise.all([page.waitForURL(/q=Tomasz/), page.getByLabel('Find a customer').press('Enter')]);
    const result = page.getByRole('link', { name: 'Mr Tomasz Nowak' });
    expect(await result.count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Reasonable adjustments');
    await expectAccessible(page);

    // The single view, adjustments first.
    await Promise.all([page.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}$/), result.click()]);
    expect(await page.locator('.app-adjustments').textContent()).toContain('Interpreter (Polish)');
    await expectAccessible(page);

    // A new customer with mistakes: the summary links to the fields, and what was typed stays.
    await page.goto('/staff/desk?q=Ann+Example');
    await page.getByRole('link', { name: 'Add a new customer' }).click();
    expect(await page.getByLabel('Last name').inputValue()).toBe('Example');
    await page.getByLabel('Last name').fill('');
    await page.getByLabel('Email address (optional)', { exact: true }).fill('ann@example.com');
    await page.getByLabel('Postcode (optional)').fill('not a postcode');
    await page.getByRole('button', { name: 'Add customer' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the customer’s last name');
    expect(await page.getByLabel('Postcode (optional)').inputValue()).toBe('not a postcode');
    await expectAccessible(page);

    // Corrected: she may be the Ann Example we know.
    await page.getByLabel('Last name').fill('Example');
    await page.getByLabel('Postcode (optional)').fill('EX1 1AA');
    await page.getByRole('button', { name: 'Add customer' }).click();
    expect(await page.locator('h1').textContent()).toBe('This may be someone we already know');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'None of these: add the new customer' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Customer added');

    // Changing her details.
    await page.getByRole('button', { name: 'Change details' }).click();
    expect(await page.getByLabel('Email address (optional)', { exact: true }).inputValue()).toBe('ann@example.com');
    await expectAccessible(page);
    await page.getByLabel('Preferred channel').selectOption('letter');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('main').textContent()).toContain('Letter');
  });

  it('merge: choosing the duplicate and the check page are accessible', async () => {
    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/desk?q=Gary+Vance');
    await page.getByRole('link', { name: 'Gary Vance' }).first().click();
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('Visit in pairs');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Merge with another record' }).click();
    await page.getByLabel('Find the duplicate record').fill('Tomasz');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: /^Choose/ }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Check before merging the records');
    await expectAccessible(page);
  });
});
