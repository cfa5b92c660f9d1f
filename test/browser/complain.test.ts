// The resident's side of a complaint in a real browser: "Make a complaint" from the home page, one
// try with mistakes (the error summary, its links, what was typed kept), the confirmation with the
// reference and the dates we promise, the complaint on the tracking page, our stage 1 reply, and
// the stage 2 request (refused without a reason, then made). axe-core (WCAG 2.2 AA) on every state;
// with SHOTS_DIR set, each is saved at 320 and 1280 pixels wide, to look at.
import { expect, it } from 'vitest';
import { findUserByEmail } from '../../src/platform/auth/users.js';
import { acknowledgeComplaint, respondToComplaint } from '../../src/features/complaints/service.js';
import { describeInBrowser, checkPage } from '../support/browser.js';

describeInBrowser('a resident makes a complaint and follows it', (use) => {
  it('complains after one mistake, reads the dates we promise, reads our reply and asks for a stage 2 review', async () => {
    const page = await use().newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Make a complaint' }).click();
    expect(await page.locator('h1').textContent()).toBe('Make a complaint');
    expect(await page.locator('main').textContent()).toContain('Complain within 12 months of the problem, or of finding out about it');
    await checkPage(page, 'complain-form');

    // Mistakes: nothing in what went wrong, 31 February, and no way to reply.
    await page.getByLabel('What would you like us to do to put it right? (optional)').fill('Collect my bin.');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Your name').fill('Jo Bloggs');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter what went wrong');
    expect(await summary.textContent()).toContain('Enter the date the problem happened as a real date');
    expect(await summary.textContent()).toContain('Enter an email address or a phone number, so that we can reply to your complaint');
    expect(await page.getByLabel('What would you like us to do to put it right? (optional)').inputValue()).toBe('Collect my bin.');
    expect(await page.getByLabel('Day').inputValue()).toBe('31');
    await checkPage(page, 'complain-errors');
    await summary.getByRole('link', { name: 'Enter the date the problem happened as a real date' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('problemOn-day');

    await page.getByLabel('What went wrong?').fill('My green bin was missed on Tuesday and again the week after. I rang twice and nobody called me back.');
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Which service is it about? (optional)').selectOption({ label: 'Missed bin collection' });
    await page.getByLabel('Email address').fill('jo@example.com');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    expect(await page.locator('h1').textContent()).toContain('Complaint sent');
    const reference = ((await page.locator('.app-reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(await page.locator('main').textContent()).toMatch(/We will acknowledge your complaint by \w+day \d{1,2} \w+ \d{4}/);
    await checkPage(page, 'complain-sent');

    await page.getByRole('link', { name: 'See your complaint' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Your request ${reference}`);
    expect(await page.locator('main').textContent()).toContain('Your complaint');
    expect(await page.getByRole('button', { name: 'Ask for a stage 2 review' }).count()).toBe(0);
    await checkPage(page, 'track-complaint');

    // The complaints officer acknowledges and replies.
    const { db } = use().app.database;
    const user = (await findUserByEmail(db, 'complaints@brackenfield.example'))!;
    const ctx = { db, actor: { type: 'staff' as const, id: user.id, label: user.display_name }, now: new Date(), publicUrl: use().baseUrl };
    await acknowledgeComplaint(ctx, { reference });
    await respondToComplaint(ctx, { reference, response: { decision: 'partly_upheld', reasons: 'The crew missed your bin twice; the round sheet was wrong.', apology: 'yes', actionTaken: 'We have corrected the round sheet and collected your bin.' } });
    await page.reload();
    await page.getByText('Read our stage 1 reply').click();
    expect(await page.locator('main').textContent()).toContain('We apologise for what went wrong.');
    await checkPage(page, 'track-replied');

    await page.getByRole('button', { name: 'Ask for a stage 2 review' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Tell us why you are not satisfied with our response');
    await checkPage(page, 'track-stage-2-errors');
    await page.locator('.govuk-error-summary').getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');

    await page.getByLabel('Why are you not happy with our reply?').fill('The bin was missed again this week.');
    await page.getByRole('button', { name: 'Ask for a stage 2 review' }).click();
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('We have your request for a stage 2 review');
    expect(await page.locator('main').textContent()).toMatch(/We will acknowledge your request for a stage 2 review by \w+day/);
    expect(await page.getByRole('button', { name: 'Ask for a stage 2 review' }).count()).toBe(0);
    await checkPage(page, 'track-stage-2-asked');
  });

  it('where the council replies in Welsh, asks which language to reply in', async () => {
    const { db } = use().app.database;
    await db.updateTable('complaint_setting').set({ welsh: true }).execute();
    try {
      const page = await use().newPage();
      await page.goto('/complain');
      await page.getByRole('button', { name: 'Send complaint' }).click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the language we should reply in');
      expect(await page.getByRole('group', { name: 'Which language should we reply in?' }).getByLabel('Cymraeg').count()).toBe(1);
      await checkPage(page, 'complain-welsh-errors');
    } finally {
      await db.updateTable('complaint_setting').set({ welsh: false }).execute();
    }
  });
});
