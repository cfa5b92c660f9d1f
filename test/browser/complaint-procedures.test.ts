// An administrator in a real browser reads England's complaints code, copies it, gets two mistakes
// on the copy's form (a blank name, "ten" working days), corrects them, and chooses to use the copy;
// then corrects a bad placeholder in the Welsh text of a complaint notification template.
// Every page is checked for WCAG 2.2 AA with axe-core. With SHOTS_DIR set, each page is also saved
// at 320 and 1280 pixels wide, to look at.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, signInAs, checkPage } from '../support/browser.js';
import { getComplaintSetup, getProcedure } from '../../src/features/complaints/service.js';

const SLOW = 120_000;

describeInBrowser('complaints procedures in a browser', (use) => {
  it('an administrator copies England’s code, corrects two mistakes in the copy and uses it', async () => {
    const db = use().app.database.db;
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Complaints procedures' }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Complaints procedures');
    await checkPage(page, 'list');

    await page.getByRole('link', { name: /^England: / }).click();
    expect(await page.locator('main').textContent()).toContain('Local Government and Social Care Ombudsman');
    expect(await page.getByRole('button', { name: 'Change', exact: true }).count()).toBe(0);
    await checkPage(page, 'procedure');

    await page.getByRole('button', { name: 'Copy this procedure' }).click();
    await page.getByLabel('Name of the copy').fill('Brackenfield complaints policy');
    await page.getByLabel('Code').fill('Bad code!');
    await page.getByRole('button', { name: 'Copy procedure' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Code must use only lowercase letters');
    await checkPage(page, 'copy-error');
    await page.getByLabel('Code').fill('brackenfield');
    await page.getByRole('button', { name: 'Copy procedure' }).click();
    expect(await page.locator('h1').textContent()).toBe('Brackenfield complaints policy');
    await checkPage(page, 'copy-made');

    await page.getByRole('button', { name: 'Change', exact: true }).click();
    await checkPage(page, 'edit');
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.locator('#stages-1-standards-1-clockAmount').fill('ten');
    await page.getByRole('button', { name: 'Save procedure' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Stage 1 response: Enter the time allowed as a whole number');
    expect(await page.title()).toMatch(/^Error: /);
    await checkPage(page, 'edit-errors');
    await summary.getByRole('link', { name: /time allowed/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stages-1-standards-1-clockAmount');

    await page.getByLabel('Name', { exact: true }).fill('Brackenfield complaints policy');
    await page.locator('#stages-1-standards-1-clockAmount').fill('15');
    await page.getByRole('button', { name: 'Save procedure' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Procedure saved as version 2');
    expect(await page.locator('main').textContent()).toContain('15 working days');
    expect((await getProcedure(db, 'brackenfield')).definition.stages[1].standards[1]?.clockAmount).toBe(15);

    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Use this procedure' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The council now follows this procedure');
    await checkPage(page, 'adopted');
    expect(await getComplaintSetup(db)).toMatchObject({ procedure: { code: 'brackenfield', version: 2 }, welsh: false });
  }, SLOW);

  it('an administrator corrects the Welsh text of a complaint template beside the English', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/notifications/templates/complaint.received');
    expect(await page.getByLabel('Welsh email subject').inputValue()).toContain('Rydym wedi cael eich cwyn');
    await page.getByLabel('Welsh email message').fill('Annwyl ((name)\n\nDiolch.');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The Welsh email message has (( without a matching ))');
    await checkPage(page, 'template-welsh-error');
    await page.getByLabel('Welsh email message').fill('Annwyl ((name))\n\nDiolch. Cyfeirnod: ((reference)).');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('has been saved');
  }, SLOW);
});
