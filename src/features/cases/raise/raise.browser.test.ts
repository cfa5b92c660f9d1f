// An advisor raises cases in Chromium: chooses the request type with the filter, fixes the form's
// mistakes, checks the case (with a possible duplicate nearby for the second), and reads the
// reference out. axe (WCAG 2.2 AA) on every step and every state.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../../test/support/browser.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

describeInBrowser('raising a case on a customer’s behalf', (use) => {
  it('an advisor takes two missed bin reports, one by phone and one by letter, with a possible duplicate', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);

    await page.goto('/staff/cases/new');
    await expectAccessible(page);
    await page.getByLabel('Filter request types').fill('bin');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/request types? match “bin”/);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the request type');
    await expectAccessible(page);
    await page.getByLabel('Report a missed bin').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Report a missed bin');
    await expectAccessible(page);

    // Everything left empty: each mistake in the summary, the form still usable.
    await page.locator('#receivedTime').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();
    const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.slice(0, 3)).toEqual(['#contactChannel', '#receivedTime', '#bin_type']);
    await expectAccessible(page);

    const yesterday = new Date(Date.now() - 86_400_000);
    const fillReport = async (latitude: string, longitude: string) => {
      await page.getByLabel('Recycling (blue bin)').check();
      await page.locator('#collection_date-day').fill(String(yesterday.getUTCDate()));
      await page.locator('#collection_date-month').fill(String(yesterday.getUTCMonth() + 1));
      await page.locator('#collection_date-year').fill(String(yesterday.getUTCFullYear()));
      await page.locator('#location-address').fill('14 Elm Road');
      await page.getByLabel('Latitude (optional)').fill(latitude);
      await page.getByLabel('Longitude (optional)').fill(longitude);
    };
    await page.getByLabel('Phone', { exact: true }).check();
    // Midnight today is never in the future, whenever the test runs.
    await page.locator('#receivedTime').fill('00:00');
    await fillReport('52.6309', '-1.1323');
    await page.getByLabel('Name (optional)').fill('Sam Jones');
    await page.getByLabel('Email address (optional)').fill('sam@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check the case before raising it');
    expect(await page.locator('main').textContent()).toContain('Sam Jones');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Raise case' }).click();
    const first = await page.locator('.app-reference').textContent();
    expect(first).toMatch(REFERENCE);
    expect(await page.locator('#reference-read-out li').count()).toBe(2);
    await expectAccessible(page);

    // A letter about the same bin, 40 metres away: the first case is offered as a possible duplicate.
    await page.goto('/staff/cases/new/missed-bin');
    await page.getByLabel('Letter', { exact: true }).check();
    await page.locator('#scannedLetter').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('#receivedTime').fill('00:00');
    await fillReport('52.6312', '-1.1320');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('#possible-duplicates').textContent()).toBe('Possible duplicates nearby');
    expect(await page.getByRole('link', { name: first ?? '' }).getAttribute('href')).toBe(`/staff/cases/${first}`);
    expect(await page.locator('main').textContent()).toContain('letter.pdf');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Raise case' }).click();
    const second = await page.locator('.app-reference').textContent();
    expect(second).toMatch(REFERENCE);
    expect(second).not.toBe(first);
    await expectAccessible(page);
  }, 240_000);
});
