// The Welsh wording of a notification template, edited beside the English on the template page:
// all three parts or none, checked as the English is, saved in the same change and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Actor } from '../audit/audit.js';
import { getTemplate, updateTemplate } from './service.js';

const URL = '/staff/notifications/templates/complaint.received';
const admin: Actor = { type: 'staff', id: undefined, label: 'Alex Morgan' };

describe('Welsh wording of notification templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  const formOf = async (change: Record<string, string> = {}) => {
    const tpl = await getTemplate(t.database.db, 'complaint.received');
    return {
      version: String(tpl.version), emailSubject: tpl.emailSubject, emailBody: tpl.emailBody, smsBody: tpl.smsBody, notifyEmailTemplateId: '', notifySmsTemplateId: '',
      welshEmailSubject: tpl.welsh?.emailSubject ?? '', welshEmailBody: tpl.welsh?.emailBody ?? '', welshSmsBody: tpl.welsh?.smsBody ?? '', ...change,
    };
  };
  const signedIn = async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    await client.get(URL);
    return client;
  };

  it('shows the Welsh beside the English and saves a change to it with the English', async () => {
    const client = await signedIn();
    const page = await client.get(URL);
    expect(page.body).toContain('Welsh (Cymraeg)');
    expect(page.body).toContain('Rydym wedi cael eich cwyn – cyfeirnod ((reference))');
    const saved = await client.post(URL, await formOf({ emailSubject: 'Your complaint ((reference))', welshSmsBody: 'Mae eich cwyn gennym: ((reference)).' }));
    expect(saved.statusCode, saved.body).toBe(303);
    const tpl = await getTemplate(t.database.db, 'complaint.received');
    expect(tpl.emailSubject).toBe('Your complaint ((reference))');
    expect(tpl.welsh).toMatchObject({ emailSubject: 'Rydym wedi cael eich cwyn – cyfeirnod ((reference))', smsBody: 'Mae eich cwyn gennym: ((reference)).' });
    expect((await client.get(URL)).body).toContain('Mae eich cwyn gennym: ((reference)).');
    expect((await client.get('/staff/notifications/templates')).body).toContain('<span class="govuk-body-s" lang="cy">Rydym wedi cael eich cwyn – cyfeirnod ((reference))</span>');
    const audit = await t.database.db.selectFrom('audit_event').select('detail').where('action', '=', 'notification_template.changed').where('subject_id', '=', 'complaint.received').executeTakeFirstOrThrow();
    expect(Object.keys((audit.detail as { changed: object }).changed).sort()).toEqual(['emailSubject', 'welsh']);
  });

  it('refuses a bad placeholder in the Welsh, and some Welsh parts without the others, keeping what was typed', async () => {
    const client = await signedIn();
    const before = await getTemplate(t.database.db, 'complaint.received');
    const bad = await client.post(URL, await formOf({ welshEmailBody: 'Annwyl ((name)\n\nDiolch.' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#welshEmailBody"');
    expect(bad.body).toContain('The Welsh email message has (( without a matching ))');
    expect(bad.body).toContain('Annwyl ((name)\n\nDiolch.');
    const part = await client.post(URL, await formOf({ welshEmailSubject: '', welshEmailBody: '' }));
    expect(part.statusCode).toBe(400);
    expect(part.body).toContain('Enter the Welsh email subject, or leave all three Welsh parts empty');
    expect(part.body).toContain('href="#welshEmailBody"');
    expect((await getTemplate(t.database.db, 'complaint.received')).version).toBe(before.version);
  });

  it('warns of a placeholder the message does not send, as for the English', async () => {
    const client = await signedIn();
    const saved = await client.post(URL, await formOf({ welshSmsBody: 'Mae eich cwyn gennym: ((reference)) ((due_date))' }));
    expect(saved.statusCode).toBe(303);
    const list = await client.get(saved.headers.location as string);
    expect(list.body).toContain('((due_date)), which CharterDesk does not send with this message');
  });

  it('sends English only when all three Welsh parts are emptied, and keeps the Welsh for a caller that sends only English', async () => {
    const client = await signedIn();
    expect((await client.post(URL, await formOf({ welshEmailSubject: '', welshEmailBody: '', welshSmsBody: '' }))).statusCode).toBe(303);
    expect((await getTemplate(t.database.db, 'complaint.received')).welsh).toBeNull();
    await updateTemplate(t.database.db, admin, 'complaint.received', { ...(await formOf({ welshEmailSubject: 'Pwnc ((reference))', welshEmailBody: 'Corff', welshSmsBody: 'Neges' })) });
    const tpl = await getTemplate(t.database.db, 'complaint.received');
    await updateTemplate(t.database.db, admin, 'complaint.received', { emailSubject: 'English only ((reference))', emailBody: tpl.emailBody, smsBody: tpl.smsBody, notifyEmailTemplateId: '', notifySmsTemplateId: '', version: tpl.version });
    expect(await getTemplate(t.database.db, 'complaint.received')).toMatchObject({ emailSubject: 'English only ((reference))', welsh: { emailSubject: 'Pwnc ((reference))', emailBody: 'Corff', smsBody: 'Neges' } });
  });
});
