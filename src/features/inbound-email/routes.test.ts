// The inbox over HTTP on both engines, and in a browser: an advisor reads the emails waiting for
// someone (the sender's text shown as text, never as markup), downloads a photo that came with one,
// and marks it as handled; each view and change is audited; a second advisor is told who handled it
// first; staff without the permission, a forged post and an unknown email get nothing.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../test/support/browser.js';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import { systemActor } from '../../platform/audit/audit.js';
import { createCustomer } from '../customers/service.js';
import { receiveEmail } from './service.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const at = new Date('2026-04-07T10:00:00Z');

/** A raw message as it arrives, optionally with a PNG attached. */
function rawEmail(subject: string, text: string, options: { photo?: boolean } = {}): string {
  const headers = `From: Alex Reed <alex@example.com>\r\nTo: contact@brackenfield.example\r\nSubject: ${subject}\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@example.com>\r\nMIME-Version: 1.0\r\n`;
  if (!options.photo) return `${headers}Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  return `${headers}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n--b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename="sofa.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${PNG.toString('base64')}\r\n--b1--\r\n`;
}

async function deliver(db: Db, files: FileStore, raw: string): Promise<string> {
  const received = await receiveEmail({ db, files, now: () => at, publicUrl: 'https://council.example' }, await simpleParser(raw), { to: 'contact@brackenfield.example', envelopeFrom: 'alex@example.com' });
  return received.contactId;
}

forEachEngine('the inbox', (_use, engine) => {
  let t: TestApp;
  let id = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => at });
    id = await deliver(t.database.db, t.files, rawEmail('Sofa <script>alert(1)</script> dumped', 'There is a sofa by the gate.\nIt has been there a week.\n\n<b>Please</b> collect it.', { photo: true }));
  });
  afterAll(() => t?.close());

  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  const audited = async (action: string) => (await t.database.db.selectFrom('audit_event').select(['actor_label', 'subject_id']).where('action', '=', action).execute());

  it('lists the emails waiting for someone, with the sender, subject and time, escaping what the sender wrote', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const page = await advisor.get('/staff/inbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/staff/inbox"');
    expect(page.body).toContain('To handle (1)');
    expect(page.body).toContain('Alex Reed');
    expect(page.body).toContain('7 April 2026 at 11:00am');
    expect(page.body).toContain('Sofa &lt;script&gt;alert(1)&lt;/script&gt; dumped');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('shows an email as text, line by line, with its photo and what to do next, and audits the view', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const page = await advisor.get(`/staff/inbox/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There is a sofa by the gate.<br />\nIt has been there a week.');
    expect(page.body).toContain('&lt;b&gt;Please&lt;/b&gt; collect it.');
    expect(page.body).toContain(`href="/staff/cases/new?contact=${id}"`);
    expect(page.body).toContain('Mark as handled');
    expect((await audited('contact.viewed'))[0]).toEqual({ actor_label: 'Priya Shah', subject_id: id });
    // The sender has no customer record yet; once one holds the address, the email links to it.
    expect(page.body).not.toContain('Customer record');
    const alex = await createCustomer({ db: t.database.db, actor: systemActor, now: at }, { kind: 'person', givenName: 'Alex', familyName: 'Reed', emails: ['alex@example.com'] });
    expect((await advisor.get(`/staff/inbox/${id}`)).body).toContain(`<a class="govuk-link" href="/staff/customers/${alex.id}">Alex Reed</a>`);

    const attachmentId = /\/attachments\/([0-9a-f-]{36})/.exec(page.body)?.[1] ?? '';
    const file = await advisor.get(`/staff/inbox/${id}/attachments/${attachmentId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toContain('attachment; filename="sofa.png"');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(await audited('contact.attachment_downloaded')).toHaveLength(1);
  });

  it('refuses staff without the permission, a post without its CSRF token, and an unknown email', async () => {
    const complaints = await signedIn('complaints@brackenfield.example');
    expect((await complaints.get('/staff/inbox')).statusCode).toBe(403);
    const advisor = await signedIn('advisor@brackenfield.example');
    await advisor.get(`/staff/inbox/${id}`);
    expect((await advisor.post(`/staff/inbox/${id}/handled`, {}, { csrf: false })).statusCode).toBe(403);
    expect((await advisor.get('/staff/inbox/not-an-id')).statusCode).toBe(404);
    expect((await advisor.get('/staff/inbox/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await advisor.get(`/staff/inbox/${id}/attachments/00000000-0000-0000-0000-000000000000`)).statusCode).toBe(404);
    const row = await t.database.db.selectFrom('contact').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
  });

  it('marks an email as handled, audited, and tells a second advisor who handled it first', async () => {
    const first = await signedIn('advisor@brackenfield.example');
    const second = await signedIn('manager@brackenfield.example');
    await first.get(`/staff/inbox/${id}`);
    await second.get(`/staff/inbox/${id}`);
    const done = await first.post(`/staff/inbox/${id}/handled`, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/staff/inbox?handled=${id}`);
    expect((await first.get(done.headers.location as string)).body).toContain('The email was marked as handled.');
    const late = await second.post(`/staff/inbox/${id}/handled`, {});
    expect(late.headers.location).toBe(`/staff/inbox/${id}?already=1`);
    expect((await second.get(late.headers.location as string)).body).toContain('This email was already marked as handled by Priya Shah.');
    expect(await audited('contact.handled')).toEqual([{ actor_label: 'Priya Shah', subject_id: id }]);
    const handled = await first.get('/staff/inbox?show=handled');
    expect(handled.body).toContain('Handled (1)');
    expect(handled.body).toContain(`href="/staff/inbox/${id}"`);
  });
});

describeInBrowser('the inbox in a browser', (use) => {
  it('is accessible: the list, an email, and the list after marking it as handled', async () => {
    const { app } = use();
    await deliver(app.database.db, app.files, rawEmail('Overgrown hedge on Elm Road', 'The hedge blocks the pavement.\n\nAlex', { photo: true }));
    const page = await use().newPage();
    await signInAs(page, 'advisor@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/inbox');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Overgrown hedge on Elm Road' }).click();
    expect(await page.locator('h1').textContent()).toContain('Overgrown hedge on Elm Road');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Mark as handled' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The email was marked as handled.');
    await expectAccessible(page);
    await page.getByRole('link', { name: /^Handled/ }).click();
    expect(await page.getByRole('link', { name: 'Overgrown hedge on Elm Road' }).count()).toBe(1);
  }, 120_000);
});
