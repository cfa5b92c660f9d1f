// Headers every response relies on, over HTTP: staff pages that show personal data are never kept
// by a shared computer's browser or a proxy; no page can be framed; a malformed address gets the
// app's own 400 page with the same security headers as any other page, not a bare JSON error.
// Headers do not depend on the database engine: PGlite only.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { searchCustomers } from '../../features/customers/service.js';
import { receiveEmail } from '../../features/inbound-email/service.js';
import { raiseCase } from '../../features/cases/service.js';
import { getRequestType } from '../../features/charter/service.js';

const NOW = new Date('2026-11-26T10:00:00Z');

describe('response headers', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp('pglite', { now: () => NOW });
    admin = new Client(t.app);
    await admin.signIn('admin@brackenfield.example');
  });
  afterAll(() => t?.close());

  const db = () => t.database.db;

  async function personalPages(): Promise<string[]> {
    const [customer] = await searchCustomers(db(), 'ann@example.com');
    if (!customer) throw new Error('the demo customer is missing');
    const requestType = await getRequestType(db(), { code: 'missed-bin' });
    const raised = await raiseCase({ db: db(), actor: { type: 'resident', label: 'Sam Green' }, now: NOW, publicUrl: 'https://brackenfield.example' }, {
      requestType,
      channel: 'web',
      answers: { bin_type: 'recycling', collection_date: '2026-11-25', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: 'Left at the gate' },
      contact: { name: 'Sam Green', email: 'sam@example.com' },
      receivedAt: NOW,
    });
    const raw = 'From: Alex Reed <alex@example.com>\r\nTo: contact@brackenfield.example\r\nSubject: Sofa\r\nMessage-ID: <headers-test@example.com>\r\nContent-Type: text/plain\r\n\r\nA sofa by the gate.\r\n';
    const email = await receiveEmail({ db: db(), files: t.files, now: () => NOW, publicUrl: 'https://council.example' }, await simpleParser(raw), { to: 'contact@brackenfield.example', envelopeFrom: 'alex@example.com' });
    return [
      `/staff/customers/${customer.id}`,
      `/staff/customers/${customer.id}/edit`,
      `/staff/customers/${customer.id}/merge`,
      `/staff/cases/${raised.reference}`,
      '/staff/cases',
      '/staff/desk',
      '/staff/desk?q=Example',
      '/staff/inbox',
      `/staff/inbox/${email.contactId}`,
      '/staff/mail/new',
      '/staff/audit',
      '/staff',
    ];
  }

  it('sends Cache-Control: no-store on every staff page that shows personal data', async () => {
    for (const url of await personalPages()) {
      const page = await admin.get(url);
      expect({ url, status: page.statusCode }).toEqual({ url, status: 200 });
      expect({ url, cacheControl: page.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
    }
  });

  it('sends no-store on staff error pages and sign-in redirects too, but lets public pages be cached as before', async () => {
    expect((await admin.get('/staff/no-such-page')).headers['cache-control']).toBe('no-store');
    expect((await t.app.inject('/staff/desk')).headers['cache-control']).toBe('no-store');
    expect((await t.app.inject('/standards')).headers['cache-control']).toBeUndefined();
    // A malformed address under /staff is sent on to the 400 page under another path: still not kept.
    expect((await admin.get('/staff/cases/%c0')).headers['cache-control']).toBe('no-store');
    expect((await t.app.inject('/staff/%E0%A4%A')).headers['cache-control']).toBe('no-store');
  });

  it('forbids framing with X-Frame-Options: DENY, as the CSP says', async () => {
    for (const url of ['/', '/sign-in', '/staff/desk']) {
      const page = await admin.get(url);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it.each(['/%c0', '/staff/%', '/track/%E0%A4%A', '/request/%ZZ'])('answers the malformed address %s with the app’s own 400 page and its security headers', async (url) => {
    const page = await t.app.inject({ url, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('There is a problem with your request');
    expect(page.body).toContain('Brackenfield District Council');
    expect(page.body).not.toContain('FST_ERR_BAD_URL');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a malformed API address with a JSON 400, as the API answers other mistakes', async () => {
    const answer = await t.app.inject('/api/v1/cases/%E0%A4%A');
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'There is a problem with your request' });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
