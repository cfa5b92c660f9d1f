// Complaints in a real browser, on the demo council (England): a resident complains on /complain
// about a missed bin; the complaints officer (Grace Okafor) finds it in the complaints queue,
// acknowledges it and, after one refused try, responds at stage 1 with an apology and a remedy; the
// resident asks for stage 2 from their complaint's page; a different officer (Sam Whitfield)
// responds at stage 2. Every complaints page is checked for WCAG 2.2 AA with axe-core. With
// SHOTS_DIR set, each page is also saved at 320 and 1280 pixels wide, to look at.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, signInAs, checkPage } from '../support/browser.js';

describeInBrowser('complaints in a browser', (use) => {
  it('a resident complains about a missed bin; stage 1 answered with an apology and a remedy; escalated; a different officer answers stage 2', async () => {
    // The resident complains.
    const resident = await use().newPage();
    await resident.goto('/complain');
    await resident.getByLabel('What went wrong?').fill('My green bin was missed on Tuesday and again the week after.');
    await resident.getByLabel('Which service is it about? (optional)').selectOption({ label: 'Missed bin collection' });
    await resident.getByLabel('Your name').fill('Jo Bloggs');
    await resident.getByLabel('Email address').fill('jo@example.com');
    await resident.getByRole('button', { name: 'Send complaint' }).click();
    const reference = ((await resident.locator('.app-reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const trackingPath = await resident.getByRole('link', { name: 'See your complaint' }).getAttribute('href');

    // The complaints officer finds it in the queue and opens it.
    const grace = await use().newPage();
    await signInAs(grace, 'complaints@brackenfield.example', DEMO_PASSWORD);
    await grace.goto('/staff/complaints');
    expect(await grace.locator('h1').textContent()).toBe('Complaints');
    await checkPage(grace, 'queue');
    await grace.getByRole('link', { name: reference }).click();
    expect(await grace.locator('h1').textContent()).toBe(reference);
    expect(await grace.locator('main').textContent()).toContain('Missed bin collection');
    await checkPage(grace, 'complaint-new');
    await grace.getByRole('button', { name: 'Acknowledge' }).click();
    expect(await grace.locator('.govuk-notification-banner').textContent()).toContain('Complaint acknowledged');

    // The response: refused without a decision, then sent with an apology and a remedy.
    await grace.getByRole('link', { name: 'Respond', exact: true }).click();
    expect(await grace.locator('h1').textContent()).toBe('Respond to the complaint');
    await checkPage(grace, 'respond');
    await grace.getByLabel('Reasons for the decision').fill('The crew missed your bin twice; the round sheet was wrong.');
    await grace.getByLabel('Payment (optional)').fill('abc');
    await grace.getByRole('button', { name: 'Send response' }).click();
    const summary = grace.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Select the decision');
    expect(await summary.textContent()).toContain('Enter the payment in pounds, like 25 or 25.50');
    await checkPage(grace, 'respond-errors');
    await summary.getByRole('link', { name: 'Select the decision' }).click();
    expect(await grace.evaluate(() => document.activeElement?.id)).toBe('decision');
    await grace.getByLabel('Partly upheld').check();
    await grace.getByRole('group', { name: 'Does the response apologise?' }).getByLabel('Yes').check();
    await grace.getByLabel('Action taken (optional)').fill('We have corrected the round sheet and collected your bin.');
    await grace.getByLabel('Payment (optional)').fill('20');
    await grace.getByRole('button', { name: 'Send response' }).click();
    expect(await grace.locator('.govuk-notification-banner').textContent()).toContain('Response sent');
    expect(await grace.locator('#responses ~ .govuk-summary-card').first().textContent()).toContain('Stage 1 response: Partly upheld');
    await grace.getByText('The letter sent:').first().click();
    expect(await grace.locator('main').textContent()).toContain('We apologise for what went wrong.');
    await checkPage(grace, 'complaint-responded');

    // The resident asks for stage 2 from their complaint's page.
    expect(trackingPath).toBeTruthy();
    await resident.goto(trackingPath!);
    await resident.getByLabel('Why are you not happy with our reply?').fill('The bin was missed again this week.');
    await resident.getByRole('button', { name: 'Ask for a stage 2 review' }).click();

    // Grace cannot take stage 2; Sam Whitfield does.
    await grace.goto(`/staff/complaints/${reference}`);
    expect(await grace.locator('main').textContent()).toContain('The procedure asks for stage 2 to be handled by someone other than stage 1 (Grace Okafor).');
    await checkPage(grace, 'complaint-stage-2');
    const sam = await use().newPage();
    await signInAs(sam, 'manager@brackenfield.example', DEMO_PASSWORD);
    await sam.goto('/staff/complaints?show=stage-2');
    await sam.getByRole('link', { name: reference }).click();
    await sam.getByLabel('Handler at stage 2').selectOption({ label: 'Sam Whitfield' });
    await sam.getByRole('button', { name: 'Assign handler' }).click();
    expect(await sam.locator('.govuk-notification-banner').textContent()).toContain('Handler assigned');
    await sam.getByRole('button', { name: 'Acknowledge' }).click();
    await sam.getByRole('link', { name: 'Respond', exact: true }).click();
    await sam.getByLabel('Upheld', { exact: true }).check();
    await sam.getByLabel('Reasons for the decision').fill('The bin was missed three times: we got this wrong.');
    await sam.getByRole('group', { name: 'Does the response apologise?' }).getByLabel('Yes').check();
    await sam.getByLabel('Action', { exact: true }).first().fill('Check the green bin round for four weeks');
    await sam.getByLabel('Owner').first().fill('Waste team leader');
    await sam.getByRole('group', { name: 'Due date of outstanding action 1' }).getByLabel('Day').fill('29');
    await sam.getByRole('group', { name: 'Due date of outstanding action 1' }).getByLabel('Month').fill('1');
    await sam.getByRole('group', { name: 'Due date of outstanding action 1' }).getByLabel('Year').fill('2027');
    await sam.getByRole('button', { name: 'Send response' }).click();
    const main = (await sam.locator('main').textContent()) ?? '';
    expect(main).toContain('Stage 2 response: Upheld');
    expect(main).toContain('Check the green bin round for four weeks (Waste team leader, by 29 January 2027)');
    await checkPage(sam, 'complaint-stage-2-responded');

    // Recording a complaint for someone, with a mistake first.
    await grace.goto('/staff/complaints/new');
    await checkPage(grace, 'record');
    await grace.getByRole('button', { name: 'Record complaint' }).click();
    expect(await grace.locator('.govuk-error-summary').textContent()).toContain('Enter what went wrong');
    await checkPage(grace, 'record-errors');
  });
});
