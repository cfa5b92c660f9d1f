// "A caller reports a missed bin": the advisor desk's whole journey in Chromium, counting the
// advisor's steps (each a click or a submitted form). The caller is known, so nobody asks for his
// name, address, email or phone: the desk finds him from a misspelt name, the single view shows his
// reasonable adjustments, the case form arrives filled in, and the contact is logged with the case.
// axe (WCAG 2.2 AA) on every page on the way.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../support/browser.js';

const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** Counts the advisor's steps: each one is an action that loads a page. */
function stepCounter(page: Page) {
  let steps = 0;
  return {
    async step(action: () => Promise<unknown>) {
      steps += 1;
      await Promise.all([page.waitForLoadState('load'), action()]);
      await expectAccessible(page);
    },
    get count() {
      return steps;
    },
  };
}

describeInBrowser('the advisor desk', (use) => {
  it('a caller reports a missed bin: found, case raised, contact logged, in at most six steps', async () => {
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/desk');
    await expectAccessible(page);
    // Once per computer, not per call: where it is, so each contact records it.
    await page.getByLabel('Location of this computer').selectOption({ label: 'Contact centre' });
    await page.getByRole('button', { name: 'Save location' }).click();
    await expectAccessible(page);
    const journey = stepCounter(page);

    // 1. The caller gives his name; the advisor mistypes it.
    await page.getByLabel('Find a customer').fill('Tomas Novak');
    await journey.step(() => page.getByLabel('Find a customer').press('Enter'));
    const result = page.getByRole('link', { name: 'Tomasz Nowak' });
    await expect.poll(() => result.count()).toBeGreaterThan(0);

    // 2. His single view: his reasonable adjustments shown before anything else.
    await journey.step(() => result.first().click());
    expect(await page.locator('h1').textContent()).toContain('Tomasz Nowak');
    expect(await page.locator('main').textContent()).toMatch(/Large print/i);
    expect(await page.locator('main').textContent()).toMatch(/Polish/);

    // 3. Raise a case for him.
    await journey.step(() => page.getByRole('main').getByRole('button', { name: 'Raise a case' }).click());

    // 4. The request type.
    await page.getByLabel('Report a missed bin').check();
    await journey.step(() => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.locator('h1').textContent()).toBe('Report a missed bin');
    // Filled in from his record: the channel (a call), his address and his contact details.
    expect(await page.getByLabel('Phone', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#location-address').inputValue()).toContain('14 Mill Lane');
    expect(await page.getByLabel('Email address (optional)').inputValue()).toBe('tomasz.nowak@example.com');

    // 5. Only what this report needs: which bin, and when.
    const yesterday = new Date(Date.now() - 86_400_000);
    await page.getByLabel('General waste (black bin)').check();
    await page.locator('#collection_date-day').fill(String(yesterday.getUTCDate()));
    await page.locator('#collection_date-month').fill(String(yesterday.getUTCMonth() + 1));
    await page.locator('#collection_date-year').fill(String(yesterday.getUTCFullYear()));
    await page.locator('#receivedTime').fill('00:00');
    await journey.step(() => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.locator('h1').textContent()).toBe('Check the case before raising it');

    // 6. Raise it, and read him the reference.
    await journey.step(() => page.getByRole('button', { name: 'Raise case' }).click());
    const reference = (await page.locator('.app-reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE);
    expect(journey.count).toBeLessThanOrEqual(6);

    // Afterwards, his record shows the open case on top with its due date, and the call in his timeline.
    await page.getByRole('link', { name: 'Back to the customer’s record' }).click();
    await expectAccessible(page);
    const openCase = (await page.locator('#open-cases + table tbody tr').first().textContent()) ?? '';
    expect(openCase).toContain(reference);
    expect(openCase).toContain('Report a missed bin');
    expect(openCase).not.toContain('No due date');
    const timeline = (await page.locator('#timeline + div').textContent()) ?? '';
    expect(timeline).toContain('Phone from the customer: Report a missed bin');
    expect(timeline).toContain('Outcome: Case raised');
    expect(timeline).toContain('Handled by Priya Shah, Contact centre');
  });
});
