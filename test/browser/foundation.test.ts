// A resident and a member of staff using the foundation pages in a real browser, each page checked
// for WCAG 2.2 AA with axe-core.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

describeInBrowser('foundation pages in a browser', (use) => {
  it('a resident sees the council’s home page, contact details and accessibility statement', async () => {
    const page = await use().newPage();
    await page.goto('/');
    expect(await page.locator('h1').textContent()).toContain('Brackenfield District Council customer services');
    expect(await page.locator('.govuk-generic-header').textContent()).toContain('Brackenfield District Council');
    expect(await page.locator('.govuk-phase-banner').textContent()).toContain('CharterDesk');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toContain('GDS Transport');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    expect(await page.locator('h1').textContent()).toContain('Accessibility statement');
    await expectAccessible(page);

    await page.goto('/contact');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('01632 960 001');
    await expectAccessible(page);
  });

  it('the accessibility check itself catches a violation (so a clean result means something)', async () => {
    const page = await use().newPage();
    await page.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#ccc;background:#fff">faint text</p></main></body></html>');
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt[\s\S]*color-contrast|color-contrast[\s\S]*image-alt/);
  });

  it('the skip link moves focus to the main content', async () => {
    const page = await use().newPage();
    await page.goto('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main-content$/);
  });

  it('a wrong password shows an error summary linked to the field', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', 'not the right one');
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('The email address or password is not right');
    expect(await page.title()).toMatch(/^Error: Sign in/);
    expect(await page.getByLabel('Email address').inputValue()).toBe('advisor@brackenfield.example');
    await expectAccessible(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
  });

  it('staff sign in, see who is signed in, and sign out', async () => {
    const page = await use().newPage();
    await page.goto('/sign-in');
    await expectAccessible(page);
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/staff');
    expect(await page.locator('.app-signed-in').textContent()).toMatch(/Signed in as\s+Alex Morgan\s+\(Administrator\)/);
    await expectAccessible(page);

    for (const [link, heading] of [['Council settings', 'Council settings'], ['Staff users', 'Staff users'], ['Audit trail', 'Audit trail']] as const) {
      await page.getByRole('link', { name: link, exact: true }).first().click();
      expect(await page.locator('h1').textContent()).toBe(heading);
      await expectAccessible(page);
    }

    await page.goto('/staff/users/new');
    await page.getByRole('button', { name: 'Add staff user' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the person’s name');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.locator('h1').textContent()).toBe('You have signed out');
    await expectAccessible(page);
    await page.goto('/staff');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('council settings errors are shown in a summary and beside each field', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/council');
    await page.getByLabel('Population').fill('about ten thousand');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Population must be a whole number');
    expect(await page.locator('#population-error').textContent()).toContain('Population must be a whole number');
    await expectAccessible(page);
    await page.getByLabel('Population').fill('98,600');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('saved');
    expect(await page.getByLabel('Population').inputValue()).toBe('98,600');
  });
});
