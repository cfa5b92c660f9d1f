// Customer Insight in a real browser: a resident reports a failed standard from the Customer
// Charter (after one mistake), pays a compliment and makes a comment; a manager finds the report in
// the insight queue, tags a theme, raises an action from it, completes it with its public wording
// (after being refused without it), and residents read it on "You said, we did". Every new page is
// checked for WCAG 2.2 AA with axe-core. With SHOTS_DIR set, each page is also saved at 320 and
// 1280 pixels wide, to look at.
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, signInAs, checkPage } from '../support/browser.js';

const SLOW = 120_000;
const SHOTS_DIR = process.env.SHOTS_DIR;

describeInBrowser('customer insight in a browser', (use) => {
  it('a resident reports a failed standard; a manager acts on it; residents read what was done', async () => {
    const resident = await use().newPage();
    await resident.goto('/standards');
    await checkPage(resident, 'charter');
    if (SHOTS_DIR) await resident.locator('table.app-standards').first().screenshot({ path: path.join(SHOTS_DIR, 'charter-table.png') });
    const report = resident.getByRole('link', { name: /^Tell us if we did not meet this standard/ }).first();
    await report.click();
    expect(await resident.locator('h1').textContent()).toBe('Tell us we did not meet this standard');
    await checkPage(resident, 'not-met-form');

    // The mistake: no date, and the complaint question not answered.
    await resident.getByLabel('What happened?').fill('My missed bin was not collected for a week');
    await resident.getByRole('button', { name: 'Send' }).click();
    const summary = resident.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter the date it happened');
    expect(await summary.textContent()).toContain('Select yes if you want us to treat this as a complaint');
    expect(await resident.getByLabel('What happened?').inputValue()).toBe('My missed bin was not collected for a week');
    await checkPage(resident, 'not-met-errors');
    await summary.getByRole('link').first().click();
    expect(await resident.evaluate(() => document.activeElement?.id)).toBe('happenedOn-day');

    await resident.getByLabel('Day').fill('2');
    await resident.getByLabel('Month').fill('11');
    await resident.getByLabel('Year').fill('2026');
    await resident.getByLabel('No, just let you know').check();
    await resident.getByRole('button', { name: 'Send' }).click();
    expect(await resident.locator('h1').textContent()).toContain('Report sent');
    expect(await resident.getByRole('link', { name: 'make a complaint' }).getAttribute('href')).toMatch(/^\/complain\?standard=/);
    await checkPage(resident, 'not-met-sent');

    // The other two forms, from the home page.
    await resident.goto('/');
    await resident.getByRole('link', { name: 'Pay a compliment' }).click();
    await checkPage(resident, 'compliment-form');
    await resident.getByRole('button', { name: 'Send' }).click();
    expect(await resident.locator('.govuk-error-summary').textContent()).toContain('Enter what you want to tell us');
    await checkPage(resident, 'compliment-errors');
    await resident.getByLabel('What do you want to tell us?').fill('The library staff found the book I needed');
    await resident.getByRole('button', { name: 'Send' }).click();
    expect(await resident.locator('h1').textContent()).toContain('Compliment sent');
    await checkPage(resident, 'compliment-sent');
    await resident.goto('/comment');
    await checkPage(resident, 'comment-form');

    // A manager finds the report in the insight queue.
    const manager = await use().newPage();
    await signInAs(manager, 'manager@brackenfield.example', DEMO_PASSWORD);
    await manager.goto('/staff/insight');
    expect(await manager.locator('h1').textContent()).toBe('Customer insight');
    await checkPage(manager, 'queue');
    await manager.getByLabel('Kind').selectOption({ label: 'Standard not met' });
    await manager.getByRole('button', { name: 'Apply filters' }).click();
    await manager.locator('table.app-insight-queue a').first().click();
    expect(await manager.locator('.govuk-inset-text').textContent()).toContain('My missed bin was not collected for a week');
    await checkPage(manager, 'feedback');

    await manager.getByLabel('Missed collections').check();
    await manager.getByRole('button', { name: 'Save themes' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Themes saved');
    await manager.getByRole('button', { name: 'Mark as reviewed' }).click();
    await manager.getByRole('link', { name: 'Raise a new action from this feedback' }).click();
    await checkPage(manager, 'action-new');

    await manager.getByLabel('Title').fill('Collect missed bins within two working days');
    await manager.getByLabel('Owner').selectOption({ label: 'Tom Evans' });
    await manager.getByLabel('Day').fill('1');
    await manager.getByLabel('Month').fill('1');
    await manager.getByLabel('Year').fill('2020');
    await manager.getByRole('button', { name: 'Raise action' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Action raised');
    expect(await manager.locator('.govuk-tag', { hasText: 'Overdue' }).count()).toBeGreaterThan(0);
    await checkPage(manager, 'action');

    // Done is refused without the outcome and the public wording.
    await manager.getByLabel('Done').check();
    await manager.getByRole('button', { name: 'Save action' }).click();
    expect(await manager.locator('.govuk-error-summary').textContent()).toContain('Enter the outcome before marking the action done');
    await checkPage(manager, 'action-errors');
    await manager.getByLabel('Outcome').fill('Crews now report missed bins from the cab the same day');
    await manager.getByLabel('You said').fill('Missed bins were left for a week before we collected them.');
    await manager.getByLabel('We did').fill('Crews now report a missed bin the same day, and we collect it within two working days.');
    await manager.getByRole('button', { name: 'Save action' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Action saved');

    await manager.goto('/staff/insight/actions');
    await checkPage(manager, 'actions');
    await manager.goto('/staff/insight/themes');
    await checkPage(manager, 'themes');

    await resident.goto('/');
    await resident.getByRole('link', { name: 'You said, we did' }).click();
    expect(await resident.locator('main').textContent()).toContain('Crews now report a missed bin the same day');
    await checkPage(resident, 'you-said-we-did');
  }, SLOW * 2);
});
