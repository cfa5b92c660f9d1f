// The whole journey of a service request, in a real browser: a resident reports a missed bin on the
// e-form and tracks it; an officer finds it in the team's queue and works it through to closure;
// the resident sees the officer's public update, and the emails arrive at a real SMTP server.
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOutboxDelivery } from '../../src/platform/outbox/delivery.js';
import { SmtpChannel } from '../../src/platform/outbox/channels/index.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';

describeInBrowser('a service request from the e-form to closure', (use) => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp.close());

  /** What the worker does every few seconds: send the outbox's due notifications. */
  async function deliverOutbox(): Promise<void> {
    const delivery = createOutboxDelivery({ channel: new SmtpChannel({ url: smtp.url, from: 'Brackenfield District Council <noreply@brackenfield.example>' }) });
    await delivery.run({ db: use().app.database.db, logger: pino({ level: 'silent' }), now: () => new Date() });
  }

  it('is raised and tracked by the resident, worked through the queue by an officer, and its updates reach the resident', { timeout: 240_000 }, async () => {
    // The resident reports a missed bin.
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
    await resident.getByRole('link', { name: 'Track your request', exact: true }).click();
    const trackingUrl = resident.url();
    expect(await resident.locator('main').textContent()).toMatch(/We aim to .* by \w+day \d{1,2} \w+ \d{4}/);
    await expectAccessible(resident);

    // An officer of the team finds it in the queue and works it.
    const officer = await use().newPage();
    await signInAs(officer, 'officer@brackenfield.example', DEMO_PASSWORD);
    await officer.goto('/staff/cases');
    await expectAccessible(officer);
    await officer.getByRole('link', { name: reference }).click();
    expect(await officer.locator('h1').textContent()).toBe(`Case ${reference}`);
    await officer.getByLabel('Acknowledged').check();
    await officer.getByRole('button', { name: 'Change status' }).click();
    await officer.getByLabel('Note or update').fill('Our crew will return to Mill Lane tomorrow morning.');
    await officer.getByLabel('Update for the customer').check();
    await officer.getByRole('button', { name: 'Add note or update' }).click();
    await officer.getByLabel('In progress').check();
    await officer.getByRole('button', { name: 'Change status' }).click();
    await officer.getByLabel('Resolved').check();
    await officer.getByLabel(/Message to the customer/).fill('We collected your recycling this morning. Sorry we missed it.');
    await officer.getByRole('button', { name: 'Change status' }).click();
    await officer.getByLabel('Closed').check();
    await officer.getByRole('button', { name: 'Change status' }).click();
    expect(await officer.locator('.govuk-notification-banner').textContent()).toContain('Closed');
    await expectAccessible(officer);

    // The resident sees where it got to, and what the officer said.
    await resident.goto(trackingUrl);
    const tracked = (await resident.locator('main').textContent()) ?? '';
    expect(tracked).toContain('Closed');
    expect(tracked).toContain('Our crew will return to Mill Lane tomorrow morning.');
    expect(tracked).toContain('We collected your recycling this morning.');
    await expectAccessible(resident);

    // And the emails arrive: received, acknowledged, the update, resolved, closed.
    await deliverOutbox();
    const mail = smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes('sam.green@example.com')));
    const bodies = mail.map((m) => `${m.subject ?? ''}\n${m.text ?? ''}`);
    expect(mail.length).toBeGreaterThanOrEqual(4);
    expect(bodies.every((b) => b.includes(reference))).toBe(true);
    expect(bodies.some((b) => b.includes('Our crew will return to Mill Lane tomorrow morning.'))).toBe(true);
    expect(bodies.some((b) => b.includes('We collected your recycling this morning.'))).toBe(true);
  });
});
