// An administrator keeps the council's working calendar in a real browser: a closure day added
// after one mistake, another removed with confirmation, and a due date checked with the calculator.
// Every page state is checked for WCAG 2.2 AA with axe-core.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

// Each axe-core run takes a second or more on a busy two-core machine.
const SLOW = 90_000;

describeInBrowser('the working calendar in a browser', (use) => {
  it('an administrator adds a closure day, fixing a mistake first', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Working calendar', exact: true }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Working calendar');
    expect(await page.locator('body').textContent()).toContain('Council offices closed between Christmas and New Year');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add a closure day or extra holiday' }).click();
    expect(await page.locator('h1').textContent()).toBe('Add a closure day or extra holiday');
    await expectAccessible(page);

    // The mistake: a month that does not exist.
    await page.getByLabel('Day', { exact: true }).fill('3');
    await page.getByLabel('Month', { exact: true }).fill('14');
    await page.getByLabel('Year', { exact: true }).fill('2031');
    await page.getByLabel('The council is closed').check();
    await page.getByLabel('Reason').fill('Office move');
    await page.getByRole('button', { name: 'Add day' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Date must be a real date');
    expect(await page.title()).toMatch(/^Error: Add a closure day/);
    expect(await page.locator('#date-error').textContent()).toContain('Date must be a real date');
    expect(await page.getByLabel('Reason').inputValue()).toBe('Office move');
    expect(await page.getByLabel('The council is closed').isChecked()).toBe(true);
    await expectAccessible(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('date-month');

    // Then correctly: Monday 3 March 2031.
    await page.getByLabel('Month', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Add day' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/calendar');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Monday 3 March 2031 has been added');
    expect(await page.locator('body').textContent()).toContain('Added closure day Monday 3 March 2031: Office move');
    expect(await page.getByRole('link', { name: 'Remove Monday 3 March 2031' }).getAttribute('href')).toBe('/staff/calendar/days/2031-03-03/remove');
    await expectAccessible(page);
  }, SLOW);

  it('an administrator removes a closure day only after confirming why', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    // A demo closure day; the page lists only this year's and later days, so go to it directly.
    await page.goto('/staff/calendar/days/2027-12-31/remove');
    expect(await page.locator('h1').textContent()).toContain('Are you sure you want to remove Friday 31 December 2027?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Remove day' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter why the day is being removed');
    await expectAccessible(page);
    await page.getByLabel('Why is it being removed?').fill('Offices open that day this year');
    await page.getByRole('button', { name: 'Remove day' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Friday 31 December 2027 has been removed');
    await expectAccessible(page);
  }, SLOW);

  it('an administrator changes the opening hours; staff check a due date with the calculator', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/calendar/hours');
    await expectAccessible(page);
    await page.getByLabel('Closes on Friday').fill('4pm');
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Friday’s closing time must be a time like 17:00');
    await expectAccessible(page);
    await page.getByLabel('Closes on Friday').fill('16:00');
    await page.getByLabel('Reason for the change').fill('Winter hours');
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('opening hours have been saved');

    const advisor = await use().newPage();
    await signInAs(advisor, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await advisor.goto('/staff/calendar');
    await expectAccessible(advisor);
    await advisor.getByRole('link', { name: 'Check a due date with the working-day calculator' }).click();
    await expectAccessible(advisor);
    await advisor.getByLabel('Day', { exact: true }).fill('24');
    await advisor.getByLabel('Month', { exact: true }).fill('12');
    await advisor.getByLabel('Year', { exact: true }).fill('2026');
    await advisor.getByLabel('Number of working days').fill('1');
    await advisor.getByRole('button', { name: 'Work out the due date' }).click();
    expect(await advisor.locator('#result').textContent()).toContain('Due Monday 4 January 2027');
    await expectAccessible(advisor);
  }, SLOW);
});
