// Satisfaction ratings in a real browser: a resident rates the web form on the confirmation page
// (after one mistake), rates how we dealt with the request through the link in the acknowledgement
// email and is told the link is used when opening it again; an advisor records a customer's rating
// with a contact; a manager reads net satisfaction. Every page is checked for WCAG 2.2 AA with
// axe-core. With SHOTS_DIR set, each page is also saved at 320 and 1280 pixels wide, to look at.
import { expect, it } from 'vitest';
import { changeStatus } from '../../src/features/cases/lifecycle.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, signInAs, checkPage } from '../support/browser.js';

const SLOW = 180_000;

describeInBrowser('satisfaction ratings in a browser', (use) => {
  it('a resident rates the web form and, through the email’s link, how we dealt with the request', async () => {
    const resident = await use().newPage();
    await resident.goto('/request/missed-bin');
    await resident.getByLabel('Recycling (blue bin)').check();
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    await resident.locator('#collection_date-day').fill(String(lastWeek.getUTCDate()));
    await resident.locator('#collection_date-month').fill(String(lastWeek.getUTCMonth() + 1));
    await resident.locator('#collection_date-year').fill(String(lastWeek.getUTCFullYear()));
    await resident.locator('#location-address').fill('12 Mill Lane, Brackenfield');
    await resident.locator('#contactName').fill('Sam Green');
    await resident.locator('#contactEmail').fill('sam.green@example.com');
    await resident.getByRole('button', { name: 'Continue' }).click();
    await resident.getByRole('button', { name: 'Send request' }).click();
    const reference = (await resident.locator('.app-reference').textContent()) ?? '';
    expect(await resident.locator('legend').textContent()).toContain('How was your experience of using this form?');
    await checkPage(resident, 'web-form');

    // The mistake: a reason without the rating.
    await resident.getByLabel('What is the main reason for your answer? (optional)').selectOption('easy');
    await resident.getByRole('button', { name: 'Send your rating' }).click();
    const summary = resident.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Select how you rate your experience of using this form');
    expect(await resident.title()).toMatch(/^Error: How was your experience/);
    await checkPage(resident, 'web-form-error');
    await summary.getByRole('link').click();
    expect(await resident.evaluate(() => document.activeElement?.id)).toBe('score');
    await resident.getByLabel('Good', { exact: true }).check();
    await resident.getByRole('button', { name: 'Send your rating' }).click();
    expect(await resident.locator('h1').textContent()).toContain('Thank you for your rating');
    await checkPage(resident, 'thanks');

    // An officer acknowledges it: the email carries a one-use link.
    const { db } = use().app.database;
    const kase = await db.selectFrom('cases').select(['id', 'version']).where('reference', '=', reference).executeTakeFirstOrThrow();
    const officer = await db.selectFrom('staff_user').select(['id', 'display_name']).where('email', '=', 'officer@brackenfield.example').executeTakeFirstOrThrow();
    await changeStatus({ db, actor: { type: 'staff', id: officer.id, label: officer.display_name }, now: new Date(), publicUrl: use().baseUrl }, { reference, expectedVersion: kase.version, to: 'acknowledged' });
    const email = await db.selectFrom('notification').select('body').where('case_id', '=', kase.id).where('template_code', '=', 'case.acknowledged').executeTakeFirstOrThrow();
    const link = /How did we do\? Tell us: (\S+)/.exec(email.body)?.[1] ?? '';
    expect(link).toMatch(/\/rate\/[A-Za-z0-9_-]{32}$/);

    await resident.goto(link);
    expect(await resident.locator('h1').textContent()).toContain('How did we do with your request?');
    await checkPage(resident, 'email-link');
    await resident.getByLabel('Poor', { exact: true }).check();
    await resident.getByLabel('What is the main reason for your answer? (optional)').selectOption('slow');
    await resident.getByLabel('Tell us more (optional)').fill('It took a week to get anyone to look at it.');
    await resident.getByRole('button', { name: 'Send your rating' }).click();
    expect(await resident.locator('h1').textContent()).toContain('Thank you for your rating');

    await resident.goto(link);
    expect(await resident.locator('main').textContent()).toContain('This link has already been used to rate how we dealt with request');
    await checkPage(resident, 'link-used');
    await resident.goto('/rate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(await resident.locator('h1').textContent()).toContain('This rating link does not work');
    await checkPage(resident, 'link-not-found');
  }, SLOW);

  it('an advisor records the customer’s rating with the contact', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/contacts/new');
    await page.getByLabel('Resolved at first contact').check();
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('What they said (optional)').fill('Really patient with me, thank you');
    await page.getByRole('button', { name: 'Log the contact' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select how the customer rates this contact');
    await checkPage(page, 'contact-rating-error');
    await page.getByLabel('Good', { exact: true }).check();
    await page.getByRole('button', { name: 'Log the contact' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/desk');
  }, SLOW);

  it('a manager reads net satisfaction by channel, service and month', async () => {
    const page = await use().newPage();
    await signInAs(page, 'manager@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/insight/ratings');
    expect(await page.locator('h1').textContent()).toBe('Satisfaction ratings');
    const captions = await page.locator('caption').allTextContents();
    expect(captions.map((c) => c.split(',')[0])).toEqual(['By channel', 'By service', 'By month']);
    // Web form good, email link poor (about a web request), the advisor's good by phone.
    expect(await page.locator('table').first().textContent()).toMatch(/All ratings\s*2\s*0\s*1\s*3\s*\+0\.33/);
    await checkPage(page, 'staff-ratings');
    await page.getByLabel('From').fill('31/2/2026');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Start date must be a real date');
    await checkPage(page, 'staff-ratings-error');
  }, SLOW);
});
