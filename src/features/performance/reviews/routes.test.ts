// The quarterly review over HTTP, with the app's own KPIs: a manager starts the last complete
// quarter's draft (a bad quarter is a field error), is refused publishing until the red item has
// commentary (an error summary linking to its box), is refused a stale form, publishes; the PDF
// (read with pdftotext), the CSV (parsed) and the XLSX (read back with exceljs) carry the figures;
// the public pages show the frozen review (a bad or unpublished quarter is a clear 404); a contact
// logged later changes nothing published; editing the published review is refused with the way to
// correct it; without Chromium the PDF link answers with how to install it, not a 500.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { logContact } from '../../contacts/service.js';
import { ChromiumUnavailable, createPdfRenderer } from './pdf.js';

// Friday 15 January 2027: October to December 2026 is the last complete quarter.
const NOW = new Date('2027-01-15T10:00:00Z');
const advisor: Actor = { type: 'staff', label: 'Priya Shah' };

/** A CSV as rows of cells (RFC 4180 quoting), without the byte order mark. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    }
    else if (c !== '\r') cell += c;
  }
  return rows;
}

describe('the quarterly review pages [pglite]', () => {
  let t: TestApp;
  let manager: Client;
  let reviewId = '';
  beforeAll(async () => {
    t = await startTestApp('pglite', { now: () => NOW });
    // First contact resolution in the quarter: 1 of 4, 25%, red against the national 75%.
    const ctx = { db: t.database.db, actor: advisor, now: NOW };
    for (const [day, outcome] of [['2026-10-05', 'resolved'], ['2026-10-06', 'case_raised'], ['2026-11-10', 'signposted'], ['2026-12-01', 'no_action']] as const) {
      await logContact(ctx, { channel: 'phone', direction: 'inbound', receivedAt: new Date(`${day}T10:00:00Z`), outcome, avoidable: false });
    }
    manager = new Client(t.app);
    await manager.signIn('manager@brackenfield.example');
  }, 120_000);
  afterAll(() => t?.close());

  it('lists the reviews, offers the last complete quarter, and refuses a bad one with a field error', async () => {
    const list = await manager.get('/staff/performance/reviews');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Quarterly Customer Service Reviews');
    expect(list.body).toMatch(/<option value="2026-Q4" selected>October to December 2026<\/option>/);
    const bad = await manager.post('/staff/performance/reviews', { period: '2026-Q9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#period"');
    const notEnded = await manager.post('/staff/performance/reviews', { period: '2027-Q1' });
    expect(notEnded.statusCode).toBe(400);
    expect(notEnded.body).toContain('January to March 2027 has not ended yet');
  });

  it('drafts, refuses to publish without commentary on the red item, then publishes', async () => {
    const started = await manager.post('/staff/performance/reviews', { period: '2026-Q4' });
    expect(started.statusCode).toBe(303);
    reviewId = String(started.headers.location).split('/').pop()!;
    const draft = await manager.get(`/staff/performance/reviews/${reviewId}`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('Customer Service Review: October to December 2026');
    expect(draft.body).toContain('id="commentary-contacts_fcr"');
    expect(draft.body).toContain('25% (1 of 4)');

    const refused = await manager.post(`/staff/performance/reviews/${reviewId}`, { intent: 'publish', editVersion: '1', summaryCommentary: 'Contacts fell.' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('href="#commentary-contacts_fcr"');
    expect(refused.body).toContain('Enter commentary on “First contact resolution”: it is red this quarter');
    expect(refused.body).toContain('Contacts fell.');

    const stale = await manager.post(`/staff/performance/reviews/${reviewId}`, { intent: 'save', editVersion: '1', 'commentary-contacts_fcr': 'Late' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this review since you opened it');

    const published = await manager.post(`/staff/performance/reviews/${reviewId}`, {
      intent: 'publish', editVersion: '2', summaryCommentary: 'Contacts fell.', 'commentary-contacts_fcr': 'Three of four callers needed a back-office service.',
    });
    expect(published.statusCode).toBe(303);
    const page = await manager.get(String(published.headers.location));
    expect(page.body).toContain('Review published');
    expect(page.body).toContain('Three of four callers needed a back-office service.');
    expect(page.body).not.toContain('<textarea');
  });

  const fcrRow = (rows: string[][]) => rows.find((r) => r[2] === 'contacts.fcr' && r[3] === '2026-Q4' && r[4] === '');

  it('downloads every figure as CSV and as a spreadsheet, numbers as numbers', async () => {
    const csv = await manager.get(`/staff/performance/reviews/${reviewId}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('customer-service-review-2026-Q4-v1.csv');
    const rows = parseCsv(csv.body);
    expect(rows[0]).toEqual(['Section', 'KPI', 'KPI code', 'Period', 'Breakdown', 'Value', 'Numerator', 'Denominator', 'Target', 'Red threshold', 'RAG', 'Unit']);
    expect(fcrRow(rows)).toEqual(['Contacts and channel shift', 'First contact resolution', 'contacts.fcr', '2026-Q4', '', '25', '1', '4', '75', expect.any(String), 'red', 'percent']);
    // Each quarter of each KPI is there.
    expect(rows.filter((r) => r[2] === 'contacts.fcr' && r[4] === '').map((r) => r[3])).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);

    const xlsx = await manager.get(`/staff/performance/reviews/${reviewId}.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Summary');
    expect(names).toContain('Contacts and channel shift');
    const sheet = book.getWorksheet('Contacts and channel shift')!;
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === 'contacts.fcr') found = row;
    });
    expect(found?.getCell(6).value).toBe(25);
    expect(typeof found?.getCell(6).value).toBe('number');
    expect(found?.getCell(9).value).toBe('red');
  });

  it('prints the PDF with the council’s name and page numbers on every page', async () => {
    const pdf = await manager.get(`/staff/performance/reviews/${reviewId}.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-pdf-'));
    try {
      fs.writeFileSync(path.join(dir, 'review.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'review.pdf'), '-'], { encoding: 'utf8' });
      const pages = text.split('\f').filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(1);
      for (const [i, page] of pages.entries()) {
        expect(page).toContain('Brackenfield District Council');
        expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      }
      expect(text).toContain('Contents');
      expect(text).toContain('25% (1 of 4)');
      expect(text).toContain('Three of four callers needed a back-office service.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('shows the published review to the public, frozen, and says clearly when a quarter is wrong or unpublished', async () => {
    const resident = new Client(t.app);
    const list = await resident.get('/performance');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/performance/2026-Q4"');
    const review = await resident.get('/performance/2026-Q4');
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Three of four callers needed a back-office service.');
    expect((await resident.get('/performance/2026-Q7')).statusCode).toBe(404);
    expect((await resident.get('/performance/nonsense.pdf')).body).toContain('There is no quarter called');
    const unpublished = await resident.get('/performance/2026-Q3');
    expect(unpublished.statusCode).toBe(404);
    expect(unpublished.body).toContain('No review published for July to September 2026');
    // Staff pages are not for residents.
    expect((await resident.get(`/staff/performance/reviews/${reviewId}.csv`)).statusCode).not.toBe(200);
  });

  it('keeps the published figures when a contact is logged later, and refuses edits with the way to correct', async () => {
    const before = (await manager.get(`/staff/performance/reviews/${reviewId}.csv`)).body;
    const html = (await new Client(t.app).get('/performance/2026-Q4')).body;
    await logContact({ db: t.database.db, actor: advisor, now: NOW }, { channel: 'phone', direction: 'inbound', receivedAt: new Date('2026-12-02T10:00:00Z'), outcome: 'resolved', avoidable: false });
    expect((await manager.get(`/staff/performance/reviews/${reviewId}.csv`)).body).toBe(before);
    expect((await new Client(t.app).get('/performance/2026-Q4')).body).toBe(html);

    const edit = await manager.post(`/staff/performance/reviews/${reviewId}`, { intent: 'save', editVersion: '3', summaryCommentary: 'Changed' });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toMatch(/This review was published on 15 January 2027\. To change it, issue a correction/);
    expect(edit.body).toContain(`href="/staff/performance/reviews/${reviewId}/correction"`);

    // A correction needs a reason; with one, a new draft of version 2 from the fresh figures (2 of 5 now).
    const noReason = await manager.post(`/staff/performance/reviews/${reviewId}/correction`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#reason"');
    const correction = await manager.post(`/staff/performance/reviews/${reviewId}/correction`, { reason: 'A December contact was logged late.' });
    expect(correction.statusCode).toBe(303);
    const draft = await manager.get(String(correction.headers.location));
    expect(draft.body).toContain('40% (2 of 5)');
    expect(draft.body).toContain('A December contact was logged late.');
  });

  it('is refused to staff without the permission', async () => {
    const advisorClient = new Client(t.app);
    await advisorClient.signIn('advisor@brackenfield.example');
    expect((await advisorClient.get('/staff/performance/reviews')).statusCode).toBe(403);
  });
});

describe('the PDF edition without Chromium', () => {
  it('says how to install it instead of failing', async () => {
    const renderer = createPdfRenderer({ executablePath: '/nonexistent/chromium' });
    await expect(renderer.pdf('<p>x</p>', { councilName: 'C', title: 'T' })).rejects.toThrow(ChromiumUnavailable);
    await renderer.close();
  });

  it('answers the PDF link with a page naming apt-get install chromium and CHROMIUM_PATH', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const t = await startTestApp('pglite', { now: () => NOW });
    try {
      const manager = new Client(t.app);
      await manager.signIn('manager@brackenfield.example');
      const started = await manager.post('/staff/performance/reviews', { period: '2026-Q4' });
      const pdf = await manager.get(`${String(started.headers.location)}.pdf`);
      expect(pdf.statusCode).toBe(503);
      expect(pdf.body).toContain('apt-get install chromium');
      expect(pdf.body).toContain('CHROMIUM_PATH');
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
      await t.close();
    }
  }, 120_000);
});
