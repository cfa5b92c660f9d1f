// The audit trail in Chromium, with axe (WCAG 2.2 AA): from a customer's record to who has seen
// it, a filter with a mistake (error summary linking to the field), and the download link.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

describeInBrowser('audit trail', (use) => {
  it('customer record → audit trail filtered to her, a bad date, and the download: all accessible', async () => {
    // An advisor looks at Ann Example's record.
    const advisor = await use().newPage();
    await signInAs(advisor, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await advisor.goto('/staff/desk?q=ann%40example.com');
    await advisor.getByRole('link', { name: 'Ms Ann Example' }).click();
    await advisor.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}$/);
    expect(await advisor.getByRole('button', { name: 'Audit trail for this customer' }).count()).toBe(0);

    // The manager follows the customer's "Audit trail" link.
    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.goto(advisor.url());
    await Promise.all([page.waitForURL(/\/staff\/audit\?customer=/), page.getByRole('button', { name: 'Audit trail for this customer' }).click()]);
    expect(await page.locator('h2').filter({ hasText: 'about Ms Ann Example' }).count()).toBe(1);
    const firstRow = page.locator('tbody tr').filter({ hasText: 'Viewed customer record' }).filter({ hasText: 'Priya Shah' });
    expect(await firstRow.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Download as CSV' }).getAttribute('href')).toMatch(/^\/staff\/audit\/download\?customer=/);
    await expectAccessible(page);

    // A date that is not real: the summary links to the day box, the filter keeps what was typed.
    await page.getByRole('group', { name: 'From' }).getByLabel('Day').fill('31');
    await page.getByRole('group', { name: 'From' }).getByLabel('Month').fill('2');
    await page.getByRole('group', { name: 'From' }).getByLabel('Year').fill('2026');
    await page.getByLabel('What they did').selectOption({ label: 'Viewed customer record' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Start date must be a real date');
    expect(await page.getByLabel('What they did').inputValue()).toBe('customer.viewed');
    await expectAccessible(page);
    await page.locator('.govuk-error-summary a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('from-day');

    // Corrected: only views, in plain words.
    await page.getByRole('group', { name: 'From' }).getByLabel('Day').fill('1');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const whats = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(whats.length).toBeGreaterThan(0);
    expect(new Set(whats.map((w) => w.trim()))).toEqual(new Set(['Viewed customer record']));
    await expectAccessible(page);
  });
});
