// The quarterly Customer Service Review in a real browser: a manager opens the performance
// dashboard, goes to the quarterly reviews, starts the last complete quarter's draft, is refused
// publishing until every red item has commentary (the error summary links to each box), writes it,
// publishes, downloads the PDF (its text read with pdftotext: the council's name and a page number
// on every page, and a figure), the CSV and the XLSX (read back), and a case raised afterwards does
// not change the published figures. Residents read it at /performance. Every new page is checked
// for WCAG 2.2 AA with axe-core and, with SHOTS_DIR set, saved at 320 and 1280 pixels wide.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { checkPage, describeInBrowser, signInAs } from '../support/browser.js';
import { lastCompleteQuarter } from '../../src/features/performance/reviews/model.js';
import { logContact } from '../../src/features/contacts/service.js';
import { getRequestType } from '../../src/features/charter/service.js';
import { raiseCase } from '../../src/features/cases/service.js';

const SHOTS_DIR = process.env.SHOTS_DIR;
const advisor = { type: 'staff' as const, label: 'Priya Shah' };

async function download(page: Page, linkName: string | RegExp, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).first().click()]);
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

describeInBrowser('the quarterly review in a browser', (use) => {
  it('a manager drafts, comments on, publishes and downloads the review; later data changes nothing published', { timeout: 300_000 }, async () => {
    const context = use();
    const db = context.app.database.db;
    const now = new Date();
    const quarter = lastCompleteQuarter(now);
    // First contact resolution in the quarter: 1 of 4 resolved, red against the national target.
    const day = (n: number) => new Date(quarter.from.getTime() + n * 86_400_000 + 10 * 3_600_000);
    for (const [n, outcome] of [[3, 'resolved'], [10, 'case_raised'], [40, 'signposted'], [70, 'no_action']] as const) {
      await logContact({ db, actor: advisor, now }, { channel: 'phone', direction: 'inbound', receivedAt: day(n), outcome, avoidable: false });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-browser-'));

    const manager = await context.newPage();
    await signInAs(manager, 'manager@brackenfield.example', DEMO_PASSWORD);
    await manager.goto('/staff/performance');
    await manager.getByRole('link', { name: 'Quarterly reviews' }).first().click();
    expect(await manager.locator('h1').textContent()).toBe('Quarterly Customer Service Reviews');
    expect(await manager.getByLabel('Quarter to review').inputValue()).toBe(quarter.key);
    await checkPage(manager, 'reviews');

    await manager.getByRole('button', { name: 'Start the review' }).click();
    expect(await manager.locator('h1').textContent()).toBe(`Customer Service Review: ${quarter.label}`);
    await checkPage(manager, 'review-draft');
    if (SHOTS_DIR) await manager.locator('#summary').screenshot({ path: path.join(SHOTS_DIR, 'review-draft-summary.png') });

    // Refused: each red item needs commentary, named in the error summary with a link to its box.
    await manager.getByRole('button', { name: 'Publish the review' }).click();
    const summary = manager.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter commentary on “First contact resolution”: it is red this quarter');
    const redBoxes = await manager.locator('textarea[id^="commentary-"]').count();
    expect(await summary.getByRole('link').count()).toBe(redBoxes);
    await checkPage(manager, 'review-draft-errors');
    await summary.getByRole('link', { name: /First contact resolution/ }).click();
    expect(await manager.evaluate(() => document.activeElement?.id)).toBe('commentary-contacts_fcr');

    await manager.getByLabel('Commentary on First contact resolution').fill('Three of four callers needed a back-office service.');
    for (const box of await manager.locator('textarea[id^="commentary-"]').all()) {
      if (!(await box.inputValue())) await box.fill('Below target this quarter; the service manager is reviewing it.');
    }
    await manager.getByLabel('Commentary on the summary (optional)').fill('A mixed quarter for first contact resolution.');
    await manager.getByRole('button', { name: 'Publish the review' }).click();
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Review published');
    expect(await manager.locator('textarea').count()).toBe(0);
    await checkPage(manager, 'review-published');
    const reviewUrl = manager.url().split('?')[0]!;

    // The PDF: the council's name and "Page n of m" on every page, and the figure.
    const pdfFile = await download(manager, 'PDF', dir);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p).toContain('Brackenfield District Council');
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    expect(text).toContain('25% (1 of 4)');
    expect(text).toContain('Three of four callers needed a back-office service.');
    if (SHOTS_DIR) {
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '3', pdfFile, path.join(SHOTS_DIR, 'review-pdf')]);
      fs.copyFileSync(pdfFile, path.join(SHOTS_DIR, 'review.pdf'));
    }

    // The CSV and the spreadsheet, read back.
    const csv = fs.readFileSync(await download(manager, 'CSV of every figure', dir), 'utf8');
    const fcr = csv.split('\r\n').find((line) => line.includes(',contacts.fcr,') && line.includes(`,${quarter.key},,`));
    expect(fcr).toContain(',25,1,4,');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download(manager, 'spreadsheet (XLSX)', dir));
    expect(book.worksheets[0]!.name).toBe('Summary');
    const sheet = book.getWorksheet('Contacts and channel shift')!;
    const values: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(2).value === 'contacts.fcr') values.push(row.getCell(6).value);
    });
    expect(values).toEqual([25]);

    // A case raised afterwards, and another contact, in the quarter: the published review does not change.
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    await raiseCase({ db, actor: advisor, now, publicUrl: 'http://localhost' }, {
      requestType, channel: 'phone', answers: { bin_type: 'recycling', collection_date: quarter.firstDay, location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: '' }, contact: {}, receivedAt: day(20),
    });
    await logContact({ db, actor: advisor, now }, { channel: 'phone', direction: 'inbound', receivedAt: day(21), outcome: 'resolved', avoidable: false });
    const csvAfter = fs.readFileSync(await download(manager, 'CSV of every figure', dir), 'utf8');
    expect(csvAfter).toBe(csv);
    await manager.goto(reviewUrl);
    expect(await manager.locator('.app-review').textContent()).toContain('25% (1 of 4)');

    // Editing is over: a correction is a new version with a reason.
    await manager.getByRole('button', { name: 'Issue a correction' }).click();
    await checkPage(manager, 'review-correction');

    // Residents read it on the public page.
    const resident = await context.newPage();
    await resident.goto('/performance');
    await checkPage(resident, 'performance-public');
    await resident.getByRole('link', { name: `Customer Service Review: ${quarter.label}`, exact: true }).click();
    expect(await resident.locator('.app-review').textContent()).toContain('Three of four callers needed a back-office service.');
    await checkPage(resident, 'performance-public-review');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
