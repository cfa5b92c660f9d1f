// An administrator in a real browser: sees a failed notification with its error and tries it
// again, then changes a template after one mistake. Every page state is checked for WCAG 2.2 AA.
import { expect, it } from 'vitest';
import { queueNotification } from '../../src/platform/outbox/outbox.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

// Each axe-core run takes a second or more on a busy two-core machine.
const SLOW = 90_000;

const personalisation = {
  name: 'Jo Bloggs',
  reference: '7KQM-3XW9',
  service: 'Waste and recycling',
  request_type: 'Missed bin collection',
  due_date: 'Wednesday 4 March 2026',
  tracking_url: 'https://brackenfield.example/track/abc',
  rating_url: 'https://brackenfield.example/rate/abc',
  message: '',
  status: '',
};

describeInBrowser('Notifications in a browser', (use) => {
  it('an administrator tries a failed notification again', async () => {
    const db = use().app.database.db;
    const id = await queueNotification(db, { template: 'case.resolved', to: { email: 'jo@example.com' }, personalisation });
    await db.updateTable('notification').set({ status: 'failed', attempts: 6, failed_at: new Date(), last_error: '550 5.1.1 Mailbox unavailable' }).where('id', '=', id).execute();
    await queueNotification(db, { template: 'case.received', to: { phone: '07700 900123' }, personalisation });

    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Notifications', exact: true }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Notifications');
    expect(await page.locator('tbody tr').first().textContent()).toContain('550 5.1.1 Mailbox unavailable');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Try again sending Request resolved to jo@example.com' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The notification is back in the queue');
    expect(await page.locator('main').textContent()).not.toContain('550 5.1.1 Mailbox unavailable: ');
    await expectAccessible(page);

    await page.getByLabel('Show notifications that are').selectOption('pending');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(new URL(page.url()).search).toBe('?status=pending');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page);
  }, SLOW);

  it('an administrator changes a template after one mistake', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/notifications');
    await page.getByRole('link', { name: 'Change the wording of notifications' }).click();
    expect(await page.locator('h1').textContent()).toBe('Notification templates');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Change We need more information' }).click();
    expect(await page.locator('h1').textContent()).toBe('We need more information');
    await expectAccessible(page);

    await page.getByLabel('Email subject', { exact: true }).fill('More information needed – ((reference)');
    await page.getByRole('button', { name: 'Save template' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('The email subject has (( without a matching ))');
    expect(await page.title()).toMatch(/^Error: Change template: We need more information/);
    await expectAccessible(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('emailSubject');

    await page.getByLabel('Email subject', { exact: true }).fill('More information needed – ((reference))');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/notifications/templates');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Template “We need more information” has been saved');
    expect(await page.locator('main').textContent()).toContain('More information needed – ((reference))');
    await expectAccessible(page);
  }, SLOW);
});
