// The staff pages over HTTP: who may see notifications and try a failed one again, and how an
// administrator's template change is checked, saved and audited. Never a 500 for a mistake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { queueNotification } from './outbox.js';

const personalisation = {
  name: 'Jo Bloggs',
  reference: '7KQM-3XW9',
  service: 'Waste and recycling',
  request_type: 'Missed bin collection',
  due_date: 'Wednesday 4 March 2026',
  tracking_url: 'https://brackenfield.example/track/abc',
  rating_url: 'https://brackenfield.example/rate/abc',
  message: '',
  status: '',
};

describe('Notification pages over HTTP', () => {
  let t: TestApp;
  let failedId = '';
  beforeAll(async () => {
    t = await startTestApp('pglite');
    const db = t.database.db;
    failedId = await queueNotification(db, { template: 'case.resolved', to: { email: 'jo@example.com' }, personalisation });
    await db.updateTable('notification').set({ status: 'failed', attempts: 6, failed_at: new Date(), last_error: '550 Mailbox unavailable' }).where('id', '=', failedId).execute();
    await queueNotification(db, { template: 'case.received', to: { phone: '07700 900123' }, personalisation });
  });
  afterAll(() => t.close());

  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };

  it('shows an officer the notifications, failed first with the error, but no Try again', async () => {
    const officer = await signedIn('officer@brackenfield.example');
    const page = await officer.get('/staff/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/staff/notifications"');
    const failedAt = page.body.indexOf('550 Mailbox unavailable');
    expect(failedAt).toBeGreaterThan(0);
    expect(failedAt).toBeLessThan(page.body.indexOf('Text message to 07700 900123'));
    expect(page.body).not.toContain('Try again');
    expect(page.body).not.toContain('/staff/notifications/templates');
    expect((await officer.post(`/staff/notifications/${failedId}/retry`, {})).statusCode).toBe(403);
  });

  it('refuses an advisor', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    expect((await advisor.get('/staff/notifications')).statusCode).toBe(403);
  });

  it('filters by status, ignoring a status it does not know', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const pending = await admin.get('/staff/notifications?status=pending');
    expect(pending.body).toContain('Text message to 07700 900123');
    expect(pending.body).not.toContain('550 Mailbox unavailable');
    const any = await admin.get('/staff/notifications?status=%3Cscript%3E');
    expect(any.statusCode).toBe(200);
    expect(any.body).toContain('550 Mailbox unavailable');
  });

  it('lets an administrator try a failed one again, with the CSRF token only', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const page = await admin.get('/staff/notifications');
    expect(page.body).toContain(`action="/staff/notifications/${failedId}/retry"`);
    expect((await admin.post(`/staff/notifications/${failedId}/retry`, {}, { csrf: false })).statusCode).toBe(403);
    const retried = await admin.post(`/staff/notifications/${failedId}/retry`, {});
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe('/staff/notifications?retried=1');
    const row = await t.database.db.selectFrom('notification').selectAll().where('id', '=', failedId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await admin.get('/staff/notifications?retried=1')).body).toContain('The notification is back in the queue');
    expect((await admin.post('/staff/notifications/not-a-uuid/retry', {})).statusCode).toBe(404);
    expect((await admin.post('/staff/notifications/5f0c6f1e-8d44-4f5b-9a55-3f2d7f4f1a10/retry', {})).statusCode).toBe(404);
  });

  it('shows administrators the templates, and 404 for one that does not exist', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const list = await admin.get('/staff/notifications/templates');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('We need more information');
    expect((await admin.get('/staff/notifications/templates/case.nonsense')).statusCode).toBe(404);
    const officer = await signedIn('officer@brackenfield.example');
    expect((await officer.get('/staff/notifications/templates')).statusCode).toBe(403);
  });

  it('answers mistakes in a template with field errors, saving nothing', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const form = await admin.get('/staff/notifications/templates/case.acknowledged');
    expect(form.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const response = await admin.post('/staff/notifications/templates/case.acknowledged', {
      emailSubject: 'Reference ((reference',
      emailBody: '',
      smsBody: 'ok',
      notifyEmailTemplateId: 'not-an-id',
      notifySmsTemplateId: '',
      version,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('The email subject has (( without a matching )): write placeholders like ((reference))');
    expect(response.body).toContain('Enter the email message');
    expect(response.body).toContain('The GOV.UK Notify email template ID must be a template ID from GOV.UK Notify');
    expect(response.body).toContain('href="#emailSubject"');
    // What they typed is kept.
    expect(response.body).toContain('value="Reference ((reference"');
    const saved = await t.database.db.selectFrom('notification_template').select('email_subject').where('code', '=', 'case.acknowledged').executeTakeFirstOrThrow();
    expect(saved.email_subject).toBe('We are dealing with your request – reference ((reference))');
  });

  it('saves a change, audits what changed, and warns about a placeholder CharterDesk does not send', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const form = await admin.get('/staff/notifications/templates/case.acknowledged');
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const db = t.database.db;
    const before = await db.selectFrom('notification_template').selectAll().where('code', '=', 'case.acknowledged').executeTakeFirstOrThrow();
    const values = {
      emailSubject: 'We are on it: ((reference)) for ((ward))',
      emailBody: before.email_body,
      smsBody: before.sms_body,
      notifyEmailTemplateId: '8B8A2B4C-3D1E-4F5A-9B6C-7D8E9F0A1B2C',
      notifySmsTemplateId: '',
      version,
    };
    const saved = await admin.post('/staff/notifications/templates/case.acknowledged', values);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/staff/notifications/templates?saved=case.acknowledged');
    const list = await admin.get(saved.headers.location as string);
    expect(list.body).toContain('Template “Request acknowledged” has been saved');
    expect(list.body).toContain('uses ((ward)), which CharterDesk does not send with this message');
    const after = await db.selectFrom('notification_template').selectAll().where('code', '=', 'case.acknowledged').executeTakeFirstOrThrow();
    expect(after).toMatchObject({ email_subject: values.emailSubject, notify_email_template_id: '8b8a2b4c-3d1e-4f5a-9b6c-7d8e9f0a1b2c', version: before.version + 1, updated_by_label: 'Alex Morgan' });
    const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'notification_template.changed').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_label: 'Alex Morgan', subject_id: 'case.acknowledged' });
    expect(audit.detail).toEqual({
      changed: {
        emailSubject: { from: before.email_subject, to: values.emailSubject },
        notifyEmailTemplateId: { from: null, to: '8b8a2b4c-3d1e-4f5a-9b6c-7d8e9f0a1b2c' },
      },
    });

    // Someone who opened the form before that save is told, not silently overwritten.
    const stale = await admin.post('/staff/notifications/templates/case.acknowledged', { ...values, emailSubject: 'Older edit ((reference))' });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone else changed this template since you opened it');
    expect((await db.selectFrom('notification_template').select('email_subject').where('code', '=', 'case.acknowledged').executeTakeFirstOrThrow()).email_subject).toBe(values.emailSubject);
  });
});
