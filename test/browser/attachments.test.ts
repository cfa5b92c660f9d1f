// A resident reports fly-tipping with a photo: a disguised file is refused on its field, a good
// photo is kept while another answer is fixed, named on "check your answers", and reaches the case.
// axe on every state of every page.
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible } from '../support/browser.js';

// A real 1x1 pixel PNG, and a Windows program's first bytes under a .png name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const NOT_AN_IMAGE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);

describeInBrowser('attachments on the resident e-form', (use) => {
  it('a resident uploads a photo of fly-tipping, fixes the form and gets a reference', async () => {
    const page = await use().newPage();
    await page.goto('/request/report-fly-tipping');
    await expectAccessible(page);

    await page.getByLabel('Black bags or household rubbish').check();
    await page.getByLabel('A single item or bag').check();
    await page.locator('#location-address').fill('Layby on Thornby Road, opposite the garage');
    await page.locator('#photo').setInputFiles({ name: 'tip.png', mimeType: 'image/png', buffer: NOT_AN_IMAGE });
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('The selected file must be a JPG, PNG or PDF');
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#blocking', '#photo']);
    await expectAccessible(page);

    // A good photo is kept even though "blocking" is still unanswered.
    await page.locator('#photo').setInputFiles({ name: 'fly-tipping.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#blocking']);
    expect(await page.locator('#photo-hint').textContent()).toContain('You have uploaded fly-tipping.png');
    await expectAccessible(page);

    await page.locator('input[name="blocking"][value="no"]').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check your answers before sending your request');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('fly-tipping.png');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Send request' }).click();
    const reference = await page.locator('.app-reference').textContent();
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await expectAccessible(page);

    const { db } = use().app.database;
    const attachment = await db
      .selectFrom('case_attachment')
      .innerJoin('cases', 'cases.id', 'case_attachment.case_id')
      .select(['case_attachment.file_key', 'case_attachment.filename', 'case_attachment.content_type'])
      .where('cases.reference', '=', reference ?? '')
      .executeTakeFirstOrThrow();
    expect(attachment).toMatchObject({ filename: 'fly-tipping.png', content_type: 'image/png' });
    expect((await buffer(await use().app.files.get(attachment.file_key))).equals(PNG)).toBe(true);
  });
});
