// An administrator connects another system in a real browser: adds a client system after one
// mistake, copies the key shown once, and revokes it after confirming. Every page state is
// checked for WCAG 2.2 AA with axe-core.
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

// Each axe-core run takes a second or more on a busy two-core machine.
const SLOW = 90_000;

describeInBrowser('API keys in a browser', (use) => {
  it('an administrator adds a client system, sees its key once, and revokes it', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'API keys', exact: true }).first().click();
    expect(await page.locator('h1').textContent()).toBe('API keys');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add a client system' }).click();
    expect(await page.locator('h1').textContent()).toBe('Add a client system');
    await expectAccessible(page);

    // The mistake: no scope chosen.
    await page.getByLabel('Name of the client system').fill('FixMyStreet');
    await page.getByRole('button', { name: 'Add client system and make key' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Select at least one thing the key may do');
    expect(await page.title()).toMatch(/^Error: Add a client system/);
    expect(await page.getByLabel('Name of the client system').inputValue()).toBe('FixMyStreet');
    await expectAccessible(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scopes');

    // Then correctly.
    await page.getByLabel('open311').check();
    await page.getByLabel('catalogue:read').check();
    await page.getByRole('button', { name: 'Add client system and make key' }).click();
    expect(await page.locator('h1').textContent()).toBe('Copy the API key now');
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('You will not be able to see this key again');
    const key = await page.getByLabel('API key for FixMyStreet').inputValue();
    expect(key).toMatch(/^cd_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page);

    // The list shows only the key's beginning.
    await page.getByRole('link', { name: 'I have copied the key: back to API keys' }).click();
    const list = await page.locator('main').textContent();
    expect(list).toContain(key.slice(0, 11));
    expect(list).not.toContain(key.slice(11));
    expect(list).toContain('open311, catalogue:read');

    await page.getByRole('link', { name: `Revoke key ${key.slice(0, 11)} of FixMyStreet` }).click();
    expect(await page.locator('h1').textContent()).toBe(`Are you sure you want to revoke key ${key.slice(0, 11)}?`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Revoke key' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/api-keys');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(`Key ${key.slice(0, 11)} has been revoked`);
    await expectAccessible(page);

    const refused = await fetch(`${use().baseUrl}/api/v1/services`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
  }, SLOW);
});
