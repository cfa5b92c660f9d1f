// The contact log in a real browser: an advisor logs an anonymous contact after one mistake, the
// mail room logs a letter with its scan, a manager reads the measures, an administrator adds a
// location. Every page state is checked for WCAG 2.2 AA with axe-core.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

// Each axe-core run takes a second or more on a busy two-core machine.
const SLOW = 120_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describeInBrowser('the contact log in a browser', (use) => {
  it('an advisor logs a contact, fixing a mistake first', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/contacts/new');
    expect(await page.locator('h1').textContent()).toBe('Log a contact');
    expect(await page.getByLabel('Phone', { exact: true }).isChecked()).toBe(true);
    await expectAccessible(page);

    // The mistake: avoidable, without saying why.
    await page.getByLabel('Resolved at first contact').check();
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Reason (optional)').fill('Asked when the bin would be collected');
    await page.getByRole('button', { name: 'Log the contact' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Select why the contact was avoidable');
    expect(await page.title()).toMatch(/^Error: Log a contact/);
    expect(await page.getByLabel('Reason (optional)').inputValue()).toBe('Asked when the bin would be collected');
    await expectAccessible(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('avoidableType');

    await page.getByLabel('Chasing progress').check();
    await page.getByLabel('Minutes').fill('3');
    await page.getByRole('button', { name: 'Log the contact' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/desk');
  }, SLOW);

  it('the mail room logs a letter with its scan', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/mail/new');
    expect(await page.locator('h1').textContent()).toBe('Log a letter');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Log the letter' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the scanned letter');
    await expectAccessible(page);

    await page.getByLabel('Scanned letter').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('Sender’s name (optional)').fill('Jo Bloggs');
    await page.getByLabel('Summary').fill('Asks about council tax discount');
    await page.getByRole('button', { name: 'Log the letter' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Letter logged');
    await expectAccessible(page);
  }, SLOW);

  it('a manager reads first contact resolution and avoidable contact', async () => {
    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/contacts/measures');
    expect(await page.locator('h1').textContent()).toBe('First contact resolution and avoidable contact');
    expect(await page.locator('caption').first().textContent()).toContain('By channel');
    await expectAccessible(page);
    await page.getByLabel('From').fill('31/2/2026');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Start date must be a real date');
    await expectAccessible(page);
  }, SLOW);

  it('an administrator adds a location', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/locations');
    expect(await page.locator('h1').textContent()).toBe('Locations');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add a location' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save location' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the location’s name');
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('North Hub');
    await page.getByLabel('Code').fill('north_hub');
    await page.getByLabel('Customer service centre').check();
    await page.getByRole('button', { name: 'Save location' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Location added');
    await page.getByRole('link', { name: 'Change North Hub' }).click();
    expect(await page.locator('h1').textContent()).toBe('Change a location');
    await expectAccessible(page);
  }, SLOW);
});
