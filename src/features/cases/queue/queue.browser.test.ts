// An officer works their queue in a real browser: finds it by its count in the navigation, makes one
// mistake assigning cases, assigns one, filters; an administrator adds a member to a team after one
// mistake. axe (WCAG 2.2 AA) on every state of every page.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../../test/support/browser.js';
import { loadDemoTeamMembers } from '../../../demo/team-members.js';
import { systemActor } from '../../../platform/audit/audit.js';
import * as charter from '../../charter/service.js';
import { raiseCase } from '../service.js';

// Each axe-core run takes a second or more on a busy two-core machine.
const SLOW = 120_000;
const DAY = 86_400_000;

describeInBrowser('the work queue and teams in a browser', (use) => {
  it('an officer assigns a case from their queue after one mistake, then filters it', async () => {
    const { db } = use().app.database;
    await loadDemoTeamMembers(db, systemActor);
    const requestType = await charter.getRequestType(db, { code: 'missed-bin' });
    const references: string[] = [];
    for (const daysAgo of [10, 1]) {
      const receivedAt = new Date(Date.now() - daysAgo * DAY);
      references.push((await raiseCase({ db, actor: systemActor, now: receivedAt, publicUrl: use().baseUrl }, { requestType, channel: 'web', answers: {}, contact: {}, receivedAt })).reference);
    }

    const page = await use().newPage();
    await signInAs(page, 'officer@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Cases (2)' }).click();
    expect(await page.locator('h1').textContent()).toBe('Cases');
    expect(await page.locator('caption').textContent()).toContain('My teams: 2 open cases');
    expect(await page.locator('tbody tr').first().textContent()).toContain('Overdue');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Assign selected cases' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Select at least one case');
    expect(await page.title()).toMatch(/^Error: My teams: open cases/);
    await expectAccessible(page);
    await summary.getByRole('link', { name: 'Select at least one case' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('references');

    await page.getByLabel(`Select case ${references[0]}`).check();
    await page.getByLabel('Person').selectOption({ label: 'Tom Evans' });
    await page.getByRole('button', { name: 'Assign selected cases' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('1 case assigned');
    expect(await page.locator('tbody tr').first().textContent()).toContain('Tom Evans');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'My cases' }).click();
    expect(await page.locator('caption').textContent()).toContain('My cases: 1 open case');
    await page.getByLabel('Channel').selectOption({ label: 'Phone' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).search).toBe('?view=mine&service=&status=&team=&ward=&channel=phone');
    expect(await page.locator('main').textContent()).toContain('No open cases match the filters');
    await expectAccessible(page);
  }, SLOW);

  it('an administrator adds a member to a team after one mistake', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/teams');
    expect(await page.locator('h1').textContent()).toBe('Teams');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Change members of Council Tax' }).click();
    expect(await page.locator('h1').textContent()).toBe('Council Tax');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add to team' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose a person to add to the team');
    await expectAccessible(page);

    await page.getByLabel('Person').selectOption({ label: 'Priya Shah' });
    await page.getByLabel('Make them a team lead').check();
    await page.getByRole('button', { name: 'Add to team' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Priya Shah added to Council Tax');
    expect(await page.locator('#members').textContent()).toContain('Team lead');
    await expectAccessible(page);
  }, SLOW);
});
